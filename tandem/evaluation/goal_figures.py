"""Goal attainment: GAS T-scores at closing, in figures and over time (docs/EVALUATION.md)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from statistics import fmean
from typing import Any

from django.db.models import QuerySet

from tandem.coaching.models import Engagement
from tandem.evaluation.filters import Filters
from tandem.evaluation.tables import (
    TOO_FEW,
    Cell,
    Table,
    count_rows,
    label,
    number,
    suppressed_column,
)
from tandem.goals.models import Goal, GoalRating
from tandem.goals.scoring import ScoredGoal, gas_t_score, goals_t_score
from tandem.privacy.aggregates import engagements_evaluated
from tandem.privacy.suppression import figure_shown

# --- 3. Goal attainment --------------------------------------------------------------------

T_BANDS = (
    ("Below 40: much less than expected", None, 40.0),
    ("40 to 50: somewhat less than expected", 40.0, 50.0),
    ("50 to 60: as expected to somewhat better", 50.0, 60.0),
    ("60 and above: much better than expected", 60.0, None),
)


def _t_scores(
    engagements: QuerySet[Engagement], *, until: Any
) -> tuple[dict[int, float], list[float]]:
    """Each engagement's T-score over its goals' latest ratings up to `until`, and every rated
    goal's own T-score (50 + 10 × its latest level)."""
    ratings = (
        GoalRating.objects.filter(
            goal__engagement__in=engagements.values("pk"),
            goal__status__in=(Goal.Status.ACTIVE, Goal.Status.ACHIEVED),
            is_baseline=False,
            rated_on__lte=until,
        )
        .order_by("goal_id", "rated_on", "pk")
        .values_list("goal_id", "goal__engagement_id", "goal__weight", "level")
    )
    latest: dict[int, tuple[int, Decimal | None, Decimal]] = {}
    for goal_id, engagement_id, weight, level in ratings:
        latest[goal_id] = (engagement_id, weight, level)
    goals: dict[int, list[ScoredGoal]] = defaultdict(list)
    for engagement_id, weight, level in latest.values():
        goals[engagement_id].append(ScoredGoal(latest_level=level, weight=weight))
    scores = {e: t for e, scored in goals.items() if (t := goals_t_score(scored)) is not None}
    per_goal = [gas_t_score([level]) for _, _, level in latest.values()]
    return scores, per_goal


def _in_bands(values: list[float]) -> dict[str, int]:
    return {
        name: sum(1 for t in values if (low is None or t >= low) and (high is None or t < high))
        for name, low, high in T_BANDS
    }


def goal_attainment(filters: Filters) -> list[Table]:
    closed = filters.engagements(engagements_evaluated(filters.scope)).filter(
        status=Engagement.Status.CLOSED, ended_on__range=(filters.start, filters.end)
    )
    scores, per_goal = _t_scores(closed, until=filters.end)
    met = [t >= 50 for t in per_goal]  # at or above the expected level (0)
    values = list(scores.values())
    bands = _in_bands(values)
    names = {name: name for name, _, _ in T_BANDS}
    distribution = Table(
        slug="t-scores",
        title="Goal attainment at closing (GAS T-scores)",
        counts="Engagements closed in the period with at least one goal rated after its "
        "baseline, by their Goal Attainment Scaling T-score over their goals' last ratings "
        "(50 = goals met as expected).",
        columns=("T-score", "Engagements"),
        rows=count_rows(bands, names),
        behind=len(values),
        behind_label="engagements",
        chart_column=1,
    )
    shown = figure_shown(len(values))
    met_shown = figure_shown(len(met))
    summary = Table(
        slug="attainment-summary",
        title="Goal attainment in figures",
        counts="The mean T-score of those engagements and of their rated goals one by one, and "
        "the share of those goals whose last rating was at or above the expected level (0).",
        columns=("Measure", "Value", "Built from"),
        rows=(
            (
                label("Mean T-score per engagement"),
                number(fmean(values), places=1) if shown and values else Cell(TOO_FEW),
                Cell(f"{len(values)} engagements" if shown else "fewer than the threshold"),
            ),
            (
                label("Mean T-score per goal"),
                number(fmean(per_goal), places=1) if shown and per_goal else Cell(TOO_FEW),
                Cell(f"{len(per_goal)} goals" if shown else "fewer than the threshold"),
            ),
            (
                label("Goals at or above the expected level"),
                Cell(f"{100 * sum(met) / len(met):.0f}%", 100 * sum(met) / len(met))
                if met_shown and met
                else Cell(TOO_FEW),
                Cell(f"{len(met)} goals" if met_shown else "fewer than the threshold"),
            ),
        ),
        behind=len(values),
        behind_label="engagements",
    )
    goals_banded = _in_bands(per_goal)
    per_goal_table = Table(
        slug="t-scores-per-goal",
        title="Goal attainment goal by goal",
        counts="The rated goals of the same engagements, one by one, by each goal's own T-score "
        "(50 + 10 × its last rating: 30 for −2 up to 70 for +2).",
        columns=("T-score of the goal", "Goals"),
        rows=count_rows(goals_banded, names),
        behind=len(per_goal),
        behind_label="goals",
        people=len(values),
        chart_column=1,
    )
    return [distribution, summary, per_goal_table, _t_scores_by_quarter(closed, scores)]


def _quarter(day: date) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def _t_scores_by_quarter(closed: QuerySet[Engagement], scores: Mapping[int, float]) -> Table:
    """The same T-scores by the quarter in which the coaching closed: is attainment moving?"""
    by_quarter: dict[str, list[float]] = defaultdict(list)
    for pk, ended_on in closed.order_by("ended_on").values_list("pk", "ended_on"):
        if pk in scores and ended_on is not None:
            by_quarter[_quarter(ended_on)].append(scores[pk])
    counts = {quarter: len(values) for quarter, values in by_quarter.items()}
    cells = suppressed_column(counts, {q: q for q in counts})
    rows = []
    for (quarter, values), count in zip(by_quarter.items(), cells, strict=True):
        mean = (
            number(fmean(values), places=1)
            if figure_shown(len(values)) and not count.suppressed
            else Cell(TOO_FEW)
        )
        rows.append((label(quarter), count, mean))
    return Table(
        slug="t-scores-over-time",
        title="Goal attainment over time",
        counts="The same engagements by the quarter in which their coaching closed: how many, "
        "and their mean T-score (shown for a quarter with at least the threshold of them).",
        columns=("Closed in", "Engagements", "Mean T-score"),
        rows=tuple(rows),
        behind=len(scores),
        behind_label="engagements",
        chart_column=2,
    )
