"""Made-up goals, scales and ratings for the seeded engagements. Deterministic for a seed;
bulk inserts only (a few queries whatever the number of engagements)."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cache

from django.utils import timezone

from tandem.coaching.models import Engagement
from tandem.goals.models import CHECKLIST, Goal, GoalRating
from tandem.rows import own_timestamps

# (behavior, context, target, measure, anchors +2 … −2), in plain words; no case identifiers.
GOALS: tuple[tuple[str, str, str, str, tuple[str, str, str, str, str]], ...] = (
    (
        "Use solution-focused questions",
        "in formal case staffings with my staff",
        "in 75% of staffings",
        "After each staffing, note in my calendar which question I used",
        (
            "In every staffing, and staff start asking them too",
            "In 90% of staffings",
            "In 75% of staffings",
            "In half of staffings",
            "In a quarter of staffings",
        ),
    ),
    (
        "Write harm and danger statements with families",
        "on my caseload, in the family's own words",
        "for at least half of my cases",
        "Count statements written with families each month",
        (
            "With parents, child and extended family, and the supervisor agrees with next steps",
            "With family members, though extended family may be missing",
            "With the family for half of my cases, child's voice included",
            "With some family members; the child's voice is missing",
            "Written without the family; their words barely used",
        ),
    ),
    (
        "Open each home visit with a strength I have noticed",
        "in home visits",
        "in 4 of every 5 visits",
        "Tick a box on my visit notes when I did",
        (
            "Every visit, and I ask the family what strengths they see",
            "Every visit",
            "4 of every 5 visits",
            "Half of my visits",
            "One visit in four",
        ),
    ),
    (
        "Ask one scaling question about safety",
        "in each safety planning conversation",
        "in 3 of every 4 conversations",
        "Log the question and the answer after each conversation",
        (
            "Every conversation, with follow-up questions each time",
            "Every conversation",
            "3 of every 4 conversations",
            "Half of the conversations",
            "One conversation in four",
        ),
    ),
    (
        "End each supervision with one next step I chose",
        "in my supervision meetings",
        "in 3 of every 4 meetings",
        "Write the step at the top of my supervision notes",
        (
            "Every meeting, and I review last month's steps with my supervisor",
            "Every meeting",
            "3 of every 4 meetings",
            "Half of my meetings",
            "One meeting in four",
        ),
    ),
    (
        "Invite fathers to family meetings",
        "before each family meeting on my caseload",
        "for 4 of every 5 meetings",
        "Tick the invitation on the meeting checklist",
        (
            "Every meeting, and fathers take part in most of them",
            "Every meeting",
            "4 of every 5 meetings",
            "Half of the meetings",
            "One meeting in four",
        ),
    ),
)
FREQUENCIES = (Goal.Frequency.MONTHLY, Goal.Frequency.EVERY_TWO_WEEKS, Goal.Frequency.WEEKLY)
BASELINES = (Decimal("-2"), Decimal("-1.5"), Decimal("-1"))


def _goal(rng: random.Random, engagement: Engagement, today: date, index: int) -> Goal:
    behavior, context, target, measure, anchors = GOALS[index]
    started = engagement.started_on or today
    # Written together in the first weeks; the scale was finished at day 14.
    written = timezone.make_aware(datetime.combine(started + timedelta(days=10), time(15)))
    return Goal(
        engagement=engagement,
        created_by=engagement.learner,
        agency_predetermined=rng.random() < 0.1,
        behavior=behavior,
        context=context,
        target=target,
        measure=measure,
        reporting_frequency=rng.choice(FREQUENCIES),
        due_on=started + timedelta(days=rng.choice((90, 120, 180))),
        why="It matters to the families I work with and fits what our unit is working on.",
        weight=Decimal(rng.choice((1, 2))) if rng.random() < 0.2 else None,
        anchor_plus2=anchors[0],
        anchor_plus1=anchors[1],
        anchor_0=anchors[2],
        anchor_minus1=anchors[3],
        anchor_minus2=anchors[4],
        checklist={key: True for key, _ in CHECKLIST},
        scale_finalized_on=started + timedelta(days=14),
        created_at=written,
        updated_at=written,
    )


@cache
def _evening(day: date) -> datetime:
    """5 pm on `day` (cached: thousands of ratings share a few hundred days)."""
    return timezone.make_aware(datetime.combine(day, time(17)))


def goals_seed(*, seed: int, today: date | None = None) -> int:
    """Goals with finished scales and ratings for every engagement that has started; returns
    how many goals. Closed engagements' goals end achieved or dropped."""
    rng = random.Random(seed)
    today = today or date(2026, 11, 1)  # tandem.demo.notes.SEED_DAY (demo sits above goals)
    engagements = list(
        Engagement.objects.exclude(status=Engagement.Status.PLANNED)
        .exclude(goals__isnull=False)
        .select_related("learner")
        .order_by("pk")
    )
    # A learner never has the same goal twice, in one engagement or across two.
    taken: dict[int, set[str]] = {}
    for learner_id, behavior in Goal.objects.values_list("engagement__learner_id", "behavior"):
        taken.setdefault(learner_id, set()).add(behavior)
    goals = []
    for engagement in engagements:
        held = taken.setdefault(engagement.learner_id, set())
        free = [i for i, goal in enumerate(GOALS) if goal[0] not in held]
        for index in rng.sample(free, min(rng.randint(1, 3), len(free))):
            goals.append(_goal(rng, engagement, today, index))
            held.add(GOALS[index][0])
    for goal in goals:
        if goal.engagement.status == Engagement.Status.CLOSED:
            goal.status = Goal.Status.ACHIEVED if rng.random() < 0.8 else Goal.Status.DROPPED
    with own_timestamps(Goal):
        Goal.objects.bulk_create(goals, batch_size=1000)
    ratings: list[GoalRating] = []
    for goal in goals:
        first = goal.engagement.started_on or today
        ratings.append(
            GoalRating(
                goal=goal,
                rated_on=first + timedelta(days=14),
                level=rng.choice(BASELINES),
                is_baseline=True,
                note="Starting point, agreed together.",
                recorded_by=goal.engagement.learner,
                created_at=_evening(first + timedelta(days=14)),
            )
        )
        level = -1
        day = first + timedelta(days=42)
        while day < today and day < first + timedelta(days=200):
            level = max(-2, min(2, level + rng.choice((0, 0, 1, 1, -1))))
            ratings.append(
                GoalRating(
                    goal=goal,
                    rated_on=day,
                    level=Decimal(level),
                    note=rng.choice(("Steady.", "A good month.", "Harder weeks; busy caseload.")),
                    recorded_by=goal.engagement.learner,
                    created_at=_evening(day),
                )
            )
            day += timedelta(days=28)
    with own_timestamps(GoalRating):
        GoalRating.objects.bulk_create(ratings, batch_size=2000)
    return len(goals)
