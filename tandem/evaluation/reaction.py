"""Learners' reaction: closing survey, session feedback, satisfaction by program age
(docs/EVALUATION.md).

Scores only (`Response.scores`, computed when a response is submitted), never answers or free
text; every figure about people goes through the same suppression as every table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from statistics import fmean
from typing import Any

from django.db.models import Min
from django.utils import timezone

from tandem.coaching.models import CoachingSession
from tandem.conversation.models import LearnerSessionFeedback
from tandem.evaluation.filters import Filters
from tandem.evaluation.tables import (
    TOO_FEW,
    Cell,
    Table,
    count_cell,
    instrument_definitions,
    label,
    matching_engagements,
    narrowed,
    number,
    percent,
    period_bounds,
    suppressed_column,
    withheld,
)
from tandem.instruments.definition import Definition, ScoreRule
from tandem.instruments.models import Administration, Response
from tandem.people.models import OrgUnit
from tandem.privacy.aggregates import engagements_evaluated
from tandem.privacy.suppression import (
    NOT_SHOWN,
    figure_shown,
    min_count,
)

Kind = Administration.Kind
SUBMITTED = Response.Status.SUBMITTED
# Item types answered on a labelled rating scale: their scores are ordinal (Wilcoxon).
RATING_TYPES = ("likert", "paired")


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
        hidden = withheld(learners)
        return (label(name), hidden, count_cell(learners), hidden, hidden)
    values = [value for _, value in answers]
    share = sum(1 for v in values if v >= SATISFIED_FROM)
    return (
        label(name),
        number(len(values)),
        number(learners),
        number(fmean(values), places=2),
        percent(share, len(values)) if satisfied else Cell("–"),
    )


def _survey_responses(filters: Filters) -> list[SurveyRow]:
    start, end = period_bounds(filters)
    responses = Response.objects.filter(
        filters.scope.people_q("respondent__org_unit__path"),
        version__instrument__slug__in=(CLOSING_SURVEY, SESSION_FEEDBACK),
        status=SUBMITTED,
        submitted_at__range=(start, end),
    )
    if narrowed(filters):
        responses = responses.filter(
            administration__engagement__in=matching_engagements(filters).values("pk")
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
    definitions = instrument_definitions({row[0] for row in responses})
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
    start, end = period_bounds(filters)
    engagements = matching_engagements(filters)
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
    for name, cell in zip(names, suppressed_column(learners, names), strict=True):
        values = [value for _, value in buckets[name]]
        # A bucket whose count is hidden (even to protect another) hides its mean too: with
        # the overall mean in the closing-survey table it would give the hidden one away.
        if cell.suppressed:
            mean = satisfied = Cell(TOO_FEW if learners[name] < min_count() else NOT_SHOWN)
        elif figure_shown(learners[name]):
            share = sum(1 for v in values if v >= SATISFIED_FROM)
            mean, satisfied = number(fmean(values), places=2), percent(share, len(values))
        else:
            mean = satisfied = withheld(learners[name])
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
