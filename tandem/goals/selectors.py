"""Reads of goals and ratings. One engagement: through `records_visible_to` (audited per
record). Many engagements (coach overview, supervisor view): through `access_to` and one query
per record type, whatever the number of engagements, with the reads audited in one insert."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tandem.goals.chart import progress_chart
from tandem.goals.models import Goal, GoalRating
from tandem.goals.scoring import ScoredGoal, gas_t_score, goals_t_score, t_score_meaning
from tandem.people.models import Person
from tandem.privacy.categories import Category
from tandem.privacy.policy import EngagementAccess, Read, record_reads_audit, records_visible_to
from tandem.ui.charts import Chart

# Goals that count toward the T-score: revised and dropped goals no longer do.
SCORED_STATUSES = (Goal.Status.ACTIVE, Goal.Status.ACHIEVED)


@dataclass
class GoalProgress:
    """One goal as a page shows it. `goal` is None when the viewer sees ratings only."""

    number: int
    goal_id: int
    status: str
    weight: Decimal | None
    goal: Goal | None
    ratings: list[GoalRating] = field(default_factory=list)

    @property
    def baseline(self) -> GoalRating | None:
        return next((r for r in self.ratings if r.is_baseline), None)

    @property
    def latest(self) -> GoalRating | None:
        """The latest rating after the baseline: what the T-score uses."""
        later = [r for r in self.ratings if not r.is_baseline]
        return later[-1] if later else None

    @property
    def t_score(self) -> float | None:
        """This goal's own T-score (50 + 10 × its latest level after baseline), as the
        evaluation counts goals one by one; None before its first rating after baseline."""
        latest = self.latest
        return None if latest is None else gas_t_score([latest.level])

    @property
    def chart(self) -> Chart:
        return progress_chart(number=self.number, goal_id=self.goal_id, ratings=self.ratings)

    @property
    def scored(self) -> bool:
        return self.status in SCORED_STATUSES


@dataclass
class EngagementGoals:
    access: EngagementAccess
    sees_goals: bool
    sees_ratings: bool
    goals: list[GoalProgress]

    @property
    def current(self) -> list[GoalProgress]:
        return [g for g in self.goals if g.status != Goal.Status.REVISED]

    @property
    def earlier_versions(self) -> list[GoalProgress]:
        return [g for g in self.goals if g.status == Goal.Status.REVISED]

    @property
    def t_score(self) -> float | None:
        if not self.sees_ratings:
            return None
        return engagement_t_score(self.goals)

    @property
    def t_score_meaning(self) -> str:
        return t_score_meaning(self.t_score)


def engagement_t_score(goals: Sequence[GoalProgress]) -> float | None:
    """The engagement's T-score over its current goals' latest ratings after baseline."""
    scored = [
        ScoredGoal(latest_level=g.latest.level if g.latest else None, weight=g.weight)
        for g in goals
        if g.scored
    ]
    return goals_t_score(scored)


def _progress(goal_rows: Sequence[Any], ratings: Sequence[GoalRating], sees_goals: bool):
    by_goal: dict[int, list[GoalRating]] = defaultdict(list)
    for rating in ratings:
        by_goal[rating.goal_id].append(rating)
    return [
        GoalProgress(
            number=i,
            goal_id=row.pk,
            status=row.status,
            weight=row.weight,
            goal=row if sees_goals else None,
            ratings=sorted(by_goal.get(row.pk, []), key=lambda r: (r.rated_on, r.pk)),
        )
        for i, row in enumerate(goal_rows, start=1)
    ]


def goals_of_engagement(*, viewer: Person, access: EngagementAccess, via: str) -> EngagementGoals:
    """The goals and ratings of one engagement the viewer may see; every read is audited."""
    sees_goals, sees_ratings = access.sees(Category.GOALS), access.sees(Category.GOAL_RATINGS)
    goals = _goals(viewer, access, via)
    ratings = [
        r
        for r in records_visible_to(
            viewer=viewer,
            access=access,
            category=Category.GOAL_RATINGS,
            via=via,
            record_types=("goal_rating",),
        )
        if isinstance(r, GoalRating)
    ]
    if not sees_goals and sees_ratings:
        # Ratings only: the goals' status and weight are part of scoring the ratings; their
        # words (behavior, scale) stay hidden.
        goals = list(
            Goal.objects.filter(engagement=access.engagement)
            .only("pk", "status", "weight", "engagement_id")
            .order_by("created_at", "pk")
        )
    return EngagementGoals(
        access=access,
        sees_goals=sees_goals,
        sees_ratings=sees_ratings,
        goals=_progress(goals, ratings, sees_goals),
    )


def goal_of_engagement(*, viewer: Person, access: EngagementAccess, goal_id: int, via: str):
    """One goal of the engagement for its writers to edit, or None. Only that goal's read is
    audited (none when the id belongs to another engagement)."""
    return next(iter(_goals(viewer, access, via, goal_id=goal_id)), None)


def _goals(
    viewer: Person, access: EngagementAccess, via: str, goal_id: int | None = None
) -> list[Goal]:
    # The GOALS category may hold other record types too (notes); keep the goals.
    found = records_visible_to(
        viewer=viewer,
        access=access,
        category=Category.GOALS,
        via=via,
        record_types=("goal",),
        record_id=goal_id,
    )
    return [record for record in found if isinstance(record, Goal)]


def goals_across(
    *, viewer: Person, accesses: Sequence[EngagementAccess], via: str
) -> dict[int, EngagementGoals]:
    """Goals of many engagements in two queries (plus one audit insert), whatever the number.

    Only engagements whose access includes goals or goal ratings appear."""
    shown = [a for a in accesses if a.sees(Category.GOALS) or a.sees(Category.GOAL_RATINGS)]
    ids = [a.engagement.pk for a in shown]
    goals_by: dict[int, list[Goal]] = defaultdict(list)
    for goal in Goal.objects.filter(engagement_id__in=ids).order_by("created_at", "pk"):
        goals_by[goal.engagement_id].append(goal)
    ratings_by: dict[int, list[GoalRating]] = defaultdict(list)
    rating_rows = GoalRating.objects.filter(goal__engagement_id__in=ids).select_related("goal")
    for rating in rating_rows.order_by("rated_on", "pk"):
        ratings_by[rating.goal.engagement_id].append(rating)
    result: dict[int, EngagementGoals] = {}
    reads: list[Read] = []
    for access in shown:
        pk = access.engagement.pk
        sees_goals = access.sees(Category.GOALS)
        sees_ratings = access.sees(Category.GOAL_RATINGS)
        ratings = ratings_by[pk] if sees_ratings else []
        result[pk] = EngagementGoals(
            access=access,
            sees_goals=sees_goals,
            sees_ratings=sees_ratings,
            goals=_progress(goals_by[pk], ratings, sees_goals),
        )
        if sees_goals:
            reads += [Read(access, Category.GOALS, "goal", goal.pk) for goal in goals_by[pk]]
        reads += [Read(access, Category.GOAL_RATINGS, "goal_rating", r.pk) for r in ratings]
    record_reads_audit(reads=reads, via=via)
    return result
