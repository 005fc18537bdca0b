"""Outcome figures: change from before to after, fidelity, and learners' reaction to coaching.

Scores only (`Response.scores`, computed when a response is submitted), never answers or free
text, and every figure about people goes through the same suppression as figures.py. Each
section reads its records in a fixed number of queries, whatever the number of rows.
Definitions: docs/EVALUATION.md ("Before and after", "Fidelity", "Reaction").
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime, time
from statistics import fmean
from typing import Any

from django.db.models import Count, F, Min, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from tandem.coaching.models import CoachingSession, Engagement
from tandem.conversation.models import LearnerSessionFeedback
from tandem.evaluation.figures import (
    TOO_FEW,
    Cell,
    Table,
    _statistic,
    _suppressed_column,
    label,
    number,
)
from tandem.evaluation.filters import Filters
from tandem.evaluation.stats import EFFECT_SIZE_NAME, T_TEST, WILCOXON, paired_change
from tandem.instruments.definition import Definition, ScoreRule
from tandem.instruments.models import Administration, InstrumentVersion, Response
from tandem.instruments.selectors import version_definition
from tandem.people.models import CoachProfile, OrgUnit
from tandem.privacy.aggregates import engagements_evaluated
from tandem.privacy.suppression import NOT_SHOWN, figure_shown, min_count, suppress_counts

Kind = Administration.Kind
SUBMITTED = Response.Status.SUBMITTED
# Item types answered on a labelled rating scale: their scores are ordinal (Wilcoxon).
RATING_TYPES = ("likert", "paired")


# --- Shared --------------------------------------------------------------------------------


def _period(filters: Filters) -> tuple[datetime, datetime]:
    return (
        timezone.make_aware(datetime.combine(filters.start, time.min)),
        timezone.make_aware(datetime.combine(filters.end, time.max)),
    )


def _narrowed(filters: Filters) -> bool:
    """Whether the cohort, coach type, model or kind filter is set."""
    return filters.campaign is not None or filters.narrows_engagements


def _matching_engagements(filters: Filters) -> QuerySet[Engagement]:
    return filters.engagements(engagements_evaluated(filters.scope))


def _definitions(version_ids: Iterable[int]) -> dict[int, Definition]:
    versions = InstrumentVersion.objects.select_related("instrument").filter(pk__in=version_ids)
    return {version.pk: version_definition(version) for version in versions}


def _count(n: int) -> Cell:
    """A count of people shown on its own: 1 to threshold − 1 reads "fewer than 11"."""
    cell = suppress_counts({"n": n}, total_shown=False).cell("n")
    return Cell(cell.label, cell.value, cell.suppressed)


def _withheld(n: int) -> Cell:
    """A statistic not shown: about nobody there is nothing to show, about a few it is hidden."""
    return Cell("–") if n == 0 else Cell(TOO_FEW)


def _percent(part: int, whole: int) -> Cell:
    return Cell(f"{100 * part / whole:.0f}%", 100 * part / whole)


def _p_value(p: float | None) -> Cell:
    if p is None:
        return Cell("–")
    return Cell("< 0.001" if p < 0.001 else f"{p:.3f}", p)


# --- 1. Before and after -------------------------------------------------------------------


def instrument_is_ordinal(definition: Definition) -> bool:
    """Wilcoxon or t: an instrument is ordinal when every item its scores read is answered on
    a labelled rating scale (likert or paired items, e.g. "strongly disagree" to "strongly
    agree"); scores that read numbers or count yes/no answers are treated as interval data."""
    items = [item for rule in definition.scoring for item in definition.selected_items(rule)]
    return bool(items) and all(item.type in RATING_TYPES for item in items)


def before_after(filters: Filters) -> list[Table]:
    start, end = _period(filters)
    # The person measured: the respondent of a self-assessment, the person an observer rates.
    about = (Q(subject__isnull=True) & filters.scope.people_q("respondent__org_unit__path")) | (
        Q(subject__isnull=False) & filters.scope.people_q("subject__org_unit__path")
    )
    posts = Administration.objects.filter(
        about,
        phase=Administration.Phase.POST,
        pre__response__status=SUBMITTED,
        response__status=SUBMITTED,
        response__submitted_at__range=(start, end),
    )
    if _narrowed(filters):
        learners = _matching_engagements(filters).values("learner_id")
        posts = posts.filter(
            Q(subject__isnull=True, respondent__in=learners) | Q(subject__in=learners)
        )
    # One pair per person and instrument: their latest, so nobody counts twice.
    pairs: dict[tuple[int, int], tuple[int, dict[str, Any], dict[str, Any]]] = {}
    rows_read = (
        posts.annotate(person=Coalesce("subject_id", "respondent_id"))
        .order_by("response__submitted_at", "pk")
        .values_list(
            "version_id",
            "version__instrument_id",
            "person",
            "pre__response__scores",
            "response__scores",
        )
    )
    for version_id, instrument_id, person_id, before, after in rows_read:
        pairs[(instrument_id, person_id)] = (version_id, before or {}, after or {})
    definitions = _definitions({version_id for version_id, _, _ in pairs.values()})
    by_instrument: dict[int, list[tuple[int, dict[str, Any], dict[str, Any]]]] = defaultdict(list)
    for (instrument_id, _), pair in pairs.items():
        by_instrument[instrument_id].append(pair)
    rows = []
    for pairs_of in sorted(
        by_instrument.values(), key=lambda p: _latest(definitions, p).title.lower()
    ):
        definition = _latest(definitions, pairs_of)
        ordinal = instrument_is_ordinal(definition)
        for rule in definition.scoring:
            rows.append(_change_row(definition, rule, pairs_of, ordinal=ordinal))
    # "Built from" counts the instruments with enough pairs only: the total less the rows
    # shown would tell how many pairs a hidden instrument had.
    counted = sum(len(p) for p in by_instrument.values() if figure_shown(len(p)))
    notes: tuple[str, ...] = ()
    if not rows:
        notes = ("No instrument was given before and after in the period.",)
    elif counted < len(pairs):
        notes = (
            f"Instruments with fewer than {min_count()} pairs show no figure and are not counted "
            "in the pairs this table is built from.",
        )
    return [
        Table(
            slug="before-after",
            title="Change from before to after",
            counts="People who filled in an instrument before and after (or were rated before "
            "and after), whose 'after' was submitted in the period, one pair per person: the "
            "mean score before and after, the mean change with its 95% confidence interval, "
            "and the effect size (the mean change divided by how much the changes vary: about "
            "0.2 is small, 0.5 medium, 0.8 large). The test says how likely a change this size "
            "would be by chance (p-value).",
            columns=(
                "Instrument: score",
                "Pairs",
                "Mean before",
                "Mean after",
                "Mean change",
                "95% confidence interval of the change",
                f"Effect size: {EFFECT_SIZE_NAME}",
                "Test",
                "p-value",
            ),
            rows=tuple(rows),
            behind=counted,
            behind_label="before-and-after pairs",
            people=len({person for _, person in pairs}),
            notes=(
                *notes,
                f"The {WILCOXON} is used for instruments answered on rating scales, the "
                "paired t-test for the others. Pairs with no score before or after are left "
                "out.",
            ),
            chart_column=6,
        )
    ]


def _latest(
    definitions: dict[int, Definition], pairs: Sequence[tuple[int, Any, Any]]
) -> Definition:
    """The newest version's definition among these pairs: its score labels name the rows."""
    return max((definitions[version_id] for version_id, _, _ in pairs), key=lambda d: d.version)


def _change_row(
    definition: Definition,
    rule: ScoreRule,
    pairs: Sequence[tuple[int, dict[str, Any], dict[str, Any]]],
    *,
    ordinal: bool,
) -> tuple[Cell, ...]:
    before = [scores.get(rule.key) for _, scores, _ in pairs]
    after = [scores.get(rule.key) for _, _, scores in pairs]
    name = label(f"{definition.title}: {rule.label}")
    n = sum(1 for b, a in zip(before, after, strict=True) if b is not None and a is not None)
    if not figure_shown(n):  # not even computed: nothing of it is shown
        hidden = _withheld(n)
        return (name, _count(n), *(hidden,) * 5, Cell(WILCOXON if ordinal else T_TEST), hidden)
    change = paired_change(before, after, ordinal=ordinal)
    interval = (
        Cell(f"{change.ci[0]:.2f} to {change.ci[1]:.2f}") if change.ci is not None else Cell("–")
    )
    return (
        name,
        number(change.n),
        number(change.mean_before, places=2),
        number(change.mean_after, places=2),
        number(change.mean_difference, places=2),
        interval,
        number(change.effect_size, places=2),
        Cell(change.test),
        _p_value(change.p_value),
    )


# --- 2. Fidelity ---------------------------------------------------------------------------

PRACTICE_RATING = "coaching-practices-rating"
PRACTICE_SCORE = "average"  # the rating's mean over the practices observed, 1 to 5
RATED = "Rated at least once in the period"
FIDELITY_BANDS = (
    ("Rated, latest score 4 or more: most or all of the time", 4.0, None),
    ("Rated, latest score 3 to under 4: about half to most of the time", 3.0, 4.0),
    ("Rated, latest score 2 to under 3: some of the time", 2.0, 3.0),
    ("Rated, latest score under 2: practices used rarely", None, 2.0),
)
NO_SCORE = "Rated, no score (no practice could be observed)"
NOT_RATED = "Not rated in the period"


def _coaches(filters: Filters) -> QuerySet[CoachProfile]:
    """Coaches in scope: active people with a coach profile whose own unit is in scope; with
    the cohort, coach type, model or kind filter, those coaching a matching engagement of a
    learner in scope at some time in the period."""
    coaches = CoachProfile.objects.filter(
        filters.scope.people_q("person__org_unit__path"), person__is_active=True
    )
    if _narrowed(filters):
        coaching = _matching_engagements(filters).filter(filters.active_in_period())
        coaches = coaches.filter(person__in=coaching.values("coach_id"))
    return coaches


def _quarter(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3


def _quarters(start: date, end: date) -> list[tuple[int, int]]:
    quarters, (year, q) = [], _quarter(start)
    while (year, q) <= _quarter(end):
        quarters.append((year, q))
        year, q = (year + 1, 0) if q == 3 else (year, q + 1)
    return quarters


def _quarter_label(year: int, q: int) -> str:
    return f"{calendar.month_abbr[3 * q + 1]}–{calendar.month_abbr[3 * q + 3]} {year}"


def fidelity(filters: Filters) -> list[Table]:
    start, end = _period(filters)
    coaches = _coaches(filters)
    coach_ids = set(coaches.values_list("person_id", flat=True))
    ratings = (
        Administration.objects.filter(
            kind=Kind.PRACTICE_RATING,
            version__instrument__slug=PRACTICE_RATING,
            subject__in=coaches.values("person_id"),
            response__status=SUBMITTED,
            response__submitted_at__range=(start, end),
        )
        .exclude(respondent=F("subject"))  # a coach rating themselves is not an observation
        .order_by("response__submitted_at", "pk")
        .values_list("subject_id", "response__submitted_at", "response__scores")
    )
    per_quarter: dict[tuple[int, int], dict[int, list[float]]] = defaultdict(
        lambda: defaultdict(list)
    )
    latest: dict[int, float] = {}
    rated: set[int] = set()
    for coach_id, submitted_at, scores in ratings:
        rated.add(coach_id)
        value = (scores or {}).get(PRACTICE_SCORE)
        if value is not None:
            per_quarter[_quarter(timezone.localdate(submitted_at))][coach_id].append(value)
            latest[coach_id] = value
    forms = dict(
        Administration.objects.filter(
            kind=Kind.OBSERVATION,
            respondent__in=coaches.values("person_id"),
            response__status=SUBMITTED,
            response__submitted_at__range=(start, end),
        )
        .order_by()
        .values_list("respondent_id")
        .annotate(n=Count("pk"))
        .values_list("respondent_id", "n")
    )
    return [
        _coaches_rated(len(coach_ids), rated, latest),
        _by_quarter(filters, per_quarter, len(latest)),
        _observations([forms.get(coach, 0) for coach in coach_ids]),
    ]


def _share(count: Cell, part: int, whole: int) -> Cell:
    """A share of coaches beside its count: hidden when the count is."""
    if count.suppressed:
        return Cell(count.text)
    return _percent(part, whole) if whole else Cell("–")


def _coaches_rated(total: int, rated: set[int], latest: dict[int, float]) -> Table:
    """One partition of the coaches in scope (not rated, or rated with their latest score in
    a band), suppressed as one, so the number rated and its breakdown cannot give away each
    other's hidden counts; "rated at least once" is shown only where it follows from shown
    figures (total − not rated)."""
    counts = {
        name: sum(1 for s in latest.values() if (lo is None or s >= lo) and (hi is None or s < hi))
        for name, lo, hi in FIDELITY_BANDS
    }
    counts[NO_SCORE] = len(rated) - len(latest)
    counts[NOT_RATED] = total - len(rated)
    names = {key: key for key in counts}
    cells = dict(zip(names, _suppressed_column(counts, names), strict=True))
    not_rated = cells[NOT_RATED]
    rated_cell = not_rated if not_rated.suppressed else number(len(rated))
    rows = [(label(RATED), rated_cell, _share(rated_cell, len(rated), total))]
    rows += [(label(k), c, _share(c, counts[k], total)) for k, c in cells.items()]
    return Table(
        slug="fidelity-coaches",
        title="Coaches rated for fidelity, by their latest score",
        counts="Coaches in scope (active coaches whose own unit is in scope): how many an "
        "observer rated with the Coaching Practices Rating Scale in the period, and the "
        "average of their latest rating there, which says how often they used the coaching "
        "practices the scale describes (1 = none of the time, 5 = all of the time).",
        columns=("Coaches", "Number", "Share of coaches in scope"),
        rows=tuple(rows),
        behind=total,
        behind_label="coaches in scope",
        notes=("Coaches rating themselves are not counted: a rating here is an observation.",),
        chart_column=1,
    )


def _by_quarter(
    filters: Filters, per_quarter: dict[tuple[int, int], dict[int, list[float]]], coaches: int
) -> Table:
    rows, counted = [], 0
    for year, q in _quarters(filters.start, filters.end):
        scores = per_quarter.get((year, q), {})
        # No count of coaches per quarter: a quarter in which every coach rated was rated
        # would give away the number rated, which the table above may hide.
        if figure_shown(len(scores)):
            counted += sum(len(v) for v in scores.values())
            ratings = number(sum(len(v) for v in scores.values()))
            mean = number(fmean(fmean(v) for v in scores.values()), places=2)
        elif scores:
            ratings = mean = Cell(TOO_FEW)
        else:
            ratings, mean = number(0), Cell("–")
        rows.append((label(_quarter_label(year, q)), ratings, mean))
    return Table(
        slug="fidelity-quarters",
        title="Fidelity score by quarter",
        counts="Ratings with the Coaching Practices Rating Scale in each quarter of the period: "
        "each rating's average over the practices observed (1 = none of the time, 5 = all of "
        "the time), averaged per coach, then over the coaches rated in that quarter.",
        columns=("Quarter", "Ratings", "Mean score (1 to 5)"),
        rows=tuple(rows),
        # Only the quarters shown: with all of them, the total less the shown ratings would
        # tell how many ratings, and so at most how many coaches, a hidden quarter had.
        behind=counted,
        behind_label="ratings in the quarters shown",
        people=coaches,
        notes=(
            "The first and last quarters may be partly outside the period. A quarter with "
            f"fewer than {min_count()} coaches rated shows no figure.",
        ),
        chart_column=2,
    )


def _observations(per_coach: list[int]) -> Table:
    observing = sum(1 for n in per_coach if n)
    observed = suppress_counts({"yes": observing, "no": len(per_coach) - observing}).cell("yes")
    n, median, p90 = _statistic(per_coach)
    # A handful of forms would tell how few coaches filled them in.
    forms = Cell(TOO_FEW) if observed.suppressed else number(sum(per_coach))
    return Table(
        slug="observations",
        title="Observations of learners' practice",
        counts="Observation forms (formal or informal) that coaches in scope filled in about "
        "their learners in the period, and how many each coach filled in.",
        columns=("Measure", "Value"),
        rows=(
            (label("Observation forms filled in"), forms),
            (
                label("Coaches who filled in at least one"),
                Cell(observed.label, observed.value, observed.suppressed),
            ),
            (label("Coaches in scope"), n),
            (label("Median forms per coach"), median),
            (label("90th percentile of forms per coach"), p90),
        ),
        # Built from the coaches: the number of forms is hidden with the coaches who filled
        # them in, so it cannot be the "built from" figure either.
        behind=len(per_coach),
        behind_label="coaches",
    )


# --- 3. Reaction ---------------------------------------------------------------------------

CLOSING_SURVEY = "closing-survey"
SESSION_FEEDBACK = "session-feedback"
SATISFACTION_SCORE = "satisfaction-mean"  # the closing survey's average satisfaction, 1 to 5
SATISFIED_FROM = 4  # on a 1-to-5 agreement scale: "agree" or "strongly agree" on average
AGE_BUCKETS = ("First year", "Second year", "Third year and later")
# version, instrument slug, respondent, respondent's unit path, submitted at, scores
SurveyRow = tuple[int, str, int, str, datetime | None, Any]
_ANSWERS = ("Measure", "Answers", "Learners", "Mean", f"Satisfied ({SATISFIED_FROM} or more)")


def _one_to_five(definition: Definition, rule: ScoreRule) -> bool:
    """Whether "satisfied" applies: a mean of items all answered on a 1-to-5 scale."""
    items = definition.selected_items(rule)
    return (
        rule.method == "mean"
        and bool(items)
        and all(i.scale is not None and i.scale.values == (1, 2, 3, 4, 5) for i in items)
    )


def _answers_row(
    name: str, answers: Sequence[tuple[int, float]], *, satisfied: bool
) -> tuple[Cell, ...]:
    """(learner, value) answers: their number, learners, mean and share satisfied."""
    learners = len({learner for learner, _ in answers})
    if not figure_shown(learners):
        hidden = _withheld(learners)
        return (label(name), hidden, _count(learners), hidden, hidden)
    values = [value for _, value in answers]
    share = sum(1 for v in values if v >= SATISFIED_FROM)
    return (
        label(name),
        number(len(values)),
        number(learners),
        number(fmean(values), places=2),
        _percent(share, len(values)) if satisfied else Cell("–"),
    )


def _survey_responses(filters: Filters) -> list[SurveyRow]:
    start, end = _period(filters)
    responses = Response.objects.filter(
        filters.scope.people_q("respondent__org_unit__path"),
        version__instrument__slug__in=(CLOSING_SURVEY, SESSION_FEEDBACK),
        status=SUBMITTED,
        submitted_at__range=(start, end),
    )
    if _narrowed(filters):
        responses = responses.filter(
            administration__engagement__in=_matching_engagements(filters).values("pk")
        )
    return list(
        responses.order_by("submitted_at", "pk").values_list(
            "version_id",
            "version__instrument__slug",
            "respondent_id",
            "respondent__org_unit__path",
            "submitted_at",
            "scores",
        )
    )


def reaction(filters: Filters) -> list[Table]:
    responses = _survey_responses(filters)
    definitions = _definitions({row[0] for row in responses})
    tables = []
    for slug, table_slug, what, title, counts in (
        (
            CLOSING_SURVEY,
            "closing-survey",
            "closing surveys",
            "Closing survey: how satisfied learners were",
            "Closing surveys learners in scope submitted in the period (one at the end of each "
            "round of coaching): the mean of each score and the share satisfied (a score of "
            f"{SATISFIED_FROM} or more on the 1-to-5 scale: on average they agreed).",
        ),
        (
            SESSION_FEEDBACK,
            "session-feedback",
            "feedback forms",
            "Feedback form after sessions",
            "Feedback forms on a session that learners in scope submitted in the period: the "
            "mean of each score and, for the 1-to-5 ratings, the share satisfied (a score of "
            f"{SATISFIED_FROM} or more).",
        ),
    ):
        mine = [row for row in responses if row[1] == slug]
        table = Table(
            slug=table_slug,
            title=title,
            counts=counts,
            columns=_ANSWERS,
            rows=(),
            behind=len(mine),
            behind_label=what,
        )
        tables.append(_with_scores(table, mine, definitions))
    return [*tables, _usefulness(filters), _by_program_age(filters, responses)]


def _with_scores(
    table: Table, responses: Sequence[SurveyRow], definitions: dict[int, Definition]
) -> Table:
    """`table` with one row per score of the instrument these responses answer."""
    rows = []
    if responses:
        newest = max((definitions[row[0]] for row in responses), key=lambda d: d.version)
        for rule in newest.scoring:
            answers = [
                (learner, value)
                for _, _, learner, _, _, scores in responses
                if (value := (scores or {}).get(rule.key)) is not None
            ]
            rows.append(_answers_row(rule.label, answers, satisfied=_one_to_five(newest, rule)))
    return replace(
        table,
        rows=tuple(rows),
        people=len({row[2] for row in responses}),
        notes=() if rows else ("None was submitted in the period.",),
    )


def _usefulness(filters: Filters) -> Table:
    start, end = _period(filters)
    engagements = _matching_engagements(filters)
    answers = list(
        LearnerSessionFeedback.objects.filter(
            session__engagement__in=engagements.values("pk"),
            session__starts_at__range=(start, end),
        )
        .exclude(session__role=CoachingSession.Role.SUPERVISION)
        .values_list("learner_id", "usefulness")
    )
    return Table(
        slug="session-usefulness",
        title="How useful sessions were",
        counts="Learners' answers, on the session's page, to \"How useful was this session "
        'for you?" (1 = not useful, 5 = extremely useful) for sessions in the period. '
        f"Satisfied: {SATISFIED_FROM} (very useful) or more.",
        columns=_ANSWERS,
        rows=(_answers_row("How useful the session was (1 to 5)", answers, satisfied=True),),
        behind=len(answers),
        behind_label="answers",
        people=len({learner for learner, _ in answers}),
    )


def _agency_of(path: str, agencies: set[str], lengths: Sequence[int]) -> str | None:
    return next((path[:n] for n in lengths if path[:n] in agencies), None)


def _by_program_age(filters: Filters, responses: Sequence[SurveyRow]) -> Table:
    """Closing-survey satisfaction by how long coaching had been running in the learner's
    county (agency) when they filled the survey in."""
    agencies = set(OrgUnit.objects.filter(kind=OrgUnit.Kind.AGENCY).values_list("path", flat=True))
    lengths = sorted({len(p) for p in agencies})
    # When coaching began in each county: its first engagement in the viewer's whole scope
    # (not narrowed by the filters: the program's age is the county's, not the selection's).
    first: dict[str, date] = {}
    for path, started in (
        engagements_evaluated(filters.scope.narrowed(None))
        .filter(started_on__isnull=False)
        .order_by()
        .values_list("learner__org_unit__path")
        .annotate(first=Min("started_on"))
        .values_list("learner__org_unit__path", "first")
    ):
        agency = _agency_of(path, agencies, lengths)
        if agency is not None and (agency not in first or started < first[agency]):
            first[agency] = started
    buckets: dict[str, list[tuple[int, float]]] = {name: [] for name in AGE_BUCKETS}
    counties: dict[str, set[str]] = {name: set() for name in AGE_BUCKETS}
    for _, slug, learner, path, submitted_at, scores in responses:
        value = (scores or {}).get(SATISFACTION_SCORE)
        agency = _agency_of(path, agencies, lengths)
        if slug != CLOSING_SURVEY or value is None or agency not in first or not submitted_at:
            continue
        years = (timezone.localdate(submitted_at) - first[agency]).days // 365
        bucket = AGE_BUCKETS[min(max(years, 0), len(AGE_BUCKETS) - 1)]
        buckets[bucket].append((learner, value))
        counties[bucket].add(agency)
    learners = {name: len({learner for learner, _ in buckets[name]}) for name in AGE_BUCKETS}
    names = {name: name for name in AGE_BUCKETS}
    rows = []
    for name, cell in zip(names, _suppressed_column(learners, names), strict=True):
        values = [value for _, value in buckets[name]]
        # A bucket whose count is hidden (even to protect another) hides its mean too: with
        # the overall mean in the closing-survey table it would give the hidden one away.
        if cell.suppressed:
            mean = satisfied = Cell(TOO_FEW if learners[name] < min_count() else NOT_SHOWN)
        elif figure_shown(learners[name]):
            share = sum(1 for v in values if v >= SATISFIED_FROM)
            mean, satisfied = number(fmean(values), places=2), _percent(share, len(values))
        else:
            mean = satisfied = _withheld(learners[name])
        rows.append((label(name), number(len(counties[name])), cell, mean, satisfied))
    return Table(
        slug="satisfaction-by-program-age",
        title="Satisfaction by how long coaching had been running in the county",
        counts="A California training academy that coaches county staff found that counties new "
        "to coaching (under two years) were enthusiastic about it, but that satisfaction fell "
        "after two years, once coaching had become an ongoing service and no longer felt "
        "special. This table checks whether the same happens here: closing surveys submitted "
        "in the period, by how long coaching had been running in the learner's county (since "
        "its first engagement began) when the survey was filled in, with the mean "
        f"satisfaction (1 to 5) and the share satisfied ({SATISFIED_FROM} or more).",
        columns=(
            "Coaching in the county was in its",
            "Counties",
            "Learners",
            "Mean satisfaction (1 to 5)",
            f"Satisfied ({SATISFIED_FROM} or more)",
        ),
        rows=tuple(rows),
        behind=sum(len(v) for v in buckets.values()),
        behind_label="closing surveys",
        people=len({learner for v in buckets.values() for learner, _ in v}),
        notes=(
            "A county's coaching began with the first engagement of a learner there that your "
            "role covers. Years are counted in 365 days.",
        ),
        chart_column=3,
    )
