"""Fidelity: practice ratings of coaches and observations (docs/EVALUATION.md).

Scores only (`Response.scores`, computed when a response is submitted), never answers or free
text; every figure about people goes through the same suppression as every table."""

from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date
from statistics import fmean

from django.db.models import Count, F, QuerySet
from django.utils import timezone

from tandem.evaluation.filters import Filters
from tandem.evaluation.tables import (
    TOO_FEW,
    Cell,
    Table,
    label,
    matching_engagements,
    narrowed,
    number,
    percent,
    period_bounds,
    statistic,
    suppressed_column,
)
from tandem.instruments.models import Administration, Response
from tandem.people.models import CoachProfile
from tandem.privacy.suppression import figure_shown, min_count, suppress_counts

Kind = Administration.Kind
SUBMITTED = Response.Status.SUBMITTED
# Item types answered on a labelled rating scale: their scores are ordinal (Wilcoxon).
RATING_TYPES = ("likert", "paired")


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
    if narrowed(filters):
        coaching = matching_engagements(filters).filter(filters.active_in_period())
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
    start, end = period_bounds(filters)
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
    return percent(part, whole) if whole else Cell("–")


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
    cells = dict(zip(names, suppressed_column(counts, names), strict=True))
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
    n, median, p90 = statistic(per_coach)
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
