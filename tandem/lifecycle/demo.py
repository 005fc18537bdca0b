"""Made-up closing conversations and development plans for seeded coaching. Deterministic for
a seed; bulk inserts only (a few queries whatever the number of engagements)."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from tandem.coaching.models import Engagement
from tandem.lifecycle.models import (
    ClosingRecord,
    DevelopmentPlan,
    DevelopmentPlanAcknowledgment,
    DevelopmentPlanVersion,
)
from tandem.rows import own_timestamps

# Plain words, no case identifiers.
WENT_WELL = (
    "Practising a question in the session and then trying it at the next home visit.",
    "Short check-ins between sessions kept the momentum going.",
    "Looking at strengths first made feedback easier to hear.",
)
WAS_HARD = (
    "Protecting the time when the caseload spiked.",
    "Rescheduling after court dates moved.",
    "Trying new questions with families who were angry at the agency.",
)
AREAS = (
    ("Leading case staffings", "Lead two staffings a month using solution-focused questions"),
    ("Safety planning with families", "Write the safety plan with each family in their words"),
    ("Engaging fathers", "Invite and call fathers before every family meeting"),
)
PLAN_LIMIT = 200


def lifecycle_seed(*, seed: int) -> int:
    """A closing conversation for every closed engagement, and a development plan (agreed by
    learner and supervisor) for up to PLAN_LIMIT of their learners. Returns closings made."""
    rng = random.Random(seed)
    closed = list(
        Engagement.objects.filter(status=Engagement.Status.CLOSED, closing_record__isnull=True)
        .order_by("pk")
        .values_list("pk", "coach_id", "learner_id", "learner__supervisor_id", "ended_on")
    )
    # Each record is dated when it was written: the closing conversation on the last day, the
    # development plan the day after, agreed by learner and supervisor the day after that.
    with own_timestamps(
        ClosingRecord, DevelopmentPlan, DevelopmentPlanVersion, DevelopmentPlanAcknowledgment
    ):
        ClosingRecord.objects.bulk_create(
            ClosingRecord(
                engagement_id=pk,
                author_id=coach_id,
                went_well=rng.choice(WENT_WELL),
                was_hard=rng.choice(WAS_HARD),
                coach_contribution="Kept sessions focused on the learner's own goals.",
                learner_contribution="Tried each new skill at least once before the next session.",
                goals_met=rng.choice(ClosingRecord.GoalsMet.values),
                created_at=_day_after(ended, 0),
            )
            for pk, coach_id, _, _, ended in closed
        )
        learners: dict[int, tuple[int, date | None]] = {}
        for _, _, learner_id, supervisor_id, ended in closed:
            if supervisor_id is not None and len(learners) < PLAN_LIMIT:
                learners.setdefault(learner_id, (supervisor_id, ended))
        plans = DevelopmentPlan.objects.bulk_create(
            DevelopmentPlan(
                learner_id=learner_id,
                started_by_id=learner_id,
                created_at=_day_after(ended, 1),
            )
            for learner_id, (_, ended) in learners.items()
        )
        versions = DevelopmentPlanVersion.objects.bulk_create(
            DevelopmentPlanVersion(
                plan=plan,
                number=1,
                items=[
                    {
                        "area": area,
                        "actions": actions,
                        "supports": "",
                        "timeline": "Within 6 months",
                    }
                    for area, actions in [rng.choice(AREAS)]
                ],
                supervisor_support="Fifteen minutes of each supervision on this plan.",
                edited_by_id=plan.learner_id,
                created_at=plan.created_at,
            )
            for plan in plans
        )
        Role = DevelopmentPlanAcknowledgment.Role
        DevelopmentPlanAcknowledgment.objects.bulk_create(
            DevelopmentPlanAcknowledgment(
                version=version,
                role=role,
                person_id=person_id,
                at=_day_after(learners[version.plan.learner_id][1], 2),
            )
            for version in versions
            for role, person_id in (
                (Role.LEARNER, version.plan.learner_id),
                (Role.SUPERVISOR, learners[version.plan.learner_id][0]),
            )
        )
    return len(closed)


def _day_after(day: date | None, days: int) -> datetime:
    """3 pm `days` after `day` (now, for coaching closed without an end date)."""
    if day is None:
        return timezone.now()
    return timezone.make_aware(datetime.combine(day + timedelta(days=days), time(15)))
