"""Goals and sharing for tests: content that could leak, with unique markers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tandem.agreements.demo import shares_set
from tandem.coaching.models import Engagement
from tandem.goals.models import Goal, GoalRating
from tandem.privacy.categories import Category, Party


def share(engagement: Engagement, shares: dict[Party, list[Category]]) -> None:
    """Make `shares` the disclosure map of the engagement's agreement in force."""
    shares_set(engagement=engagement, shares=shares)


def make_goal(engagement: Engagement, label: str, **fields) -> Goal:
    """A goal with a complete scale; behavior and anchors carry the marker `label`."""
    values = {
        "behavior": f"GOAL-{label} use solution-focused questions",
        "context": "in formal case staffings",
        "target": "in 75% of staffings",
        "measure": "log each staffing in my calendar",
        "due_on": date(2027, 7, 31),
        "why": "my staff find their own answers",
        "anchor_plus2": f"SCALE-{label} in every staffing",
        "anchor_plus1": "in 90% of staffings",
        "anchor_0": "in 75% of staffings",
        "anchor_minus1": "in half of staffings",
        "anchor_minus2": "in a quarter of staffings",
    }
    values |= fields
    return Goal.objects.create(engagement=engagement, created_by=engagement.learner, **values)


def rate(goal: Goal, on: date, level: str | int, note: str = "", baseline: bool = False):
    return GoalRating.objects.create(
        goal=goal,
        rated_on=on,
        level=Decimal(str(level)),
        is_baseline=baseline,
        note=note,
        recorded_by=goal.engagement.coach,
    )
