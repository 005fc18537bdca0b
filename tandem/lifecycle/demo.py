"""Made-up closing conversations and development plans for seeded coaching. Deterministic for
a seed; bulk inserts only (a few queries whatever the number of engagements)."""

from __future__ import annotations

import random

from tandem.coaching.models import Engagement
from tandem.lifecycle.models import (
    ClosingRecord,
    DevelopmentPlan,
    DevelopmentPlanAcknowledgment,
    DevelopmentPlanVersion,
)

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
        .values_list("pk", "coach_id", "learner_id", "learner__supervisor_id")
    )
    ClosingRecord.objects.bulk_create(
        ClosingRecord(
            engagement_id=pk,
            author_id=coach_id,
            went_well=rng.choice(WENT_WELL),
            was_hard=rng.choice(WAS_HARD),
            coach_contribution="Kept sessions focused on the learner's own goals.",
            learner_contribution="Tried each new skill at least once before the next session.",
            goals_met=rng.choice(ClosingRecord.GoalsMet.values),
        )
        for pk, coach_id, _, _ in closed
    )
    learners: dict[int, int] = {}
    for _, _, learner_id, supervisor_id in closed:
        if supervisor_id is not None and len(learners) < PLAN_LIMIT:
            learners.setdefault(learner_id, supervisor_id)
    plans = DevelopmentPlan.objects.bulk_create(
        DevelopmentPlan(learner_id=learner_id, started_by_id=learner_id) for learner_id in learners
    )
    versions = DevelopmentPlanVersion.objects.bulk_create(
        DevelopmentPlanVersion(
            plan=plan,
            number=1,
            items=[
                {"area": area, "actions": actions, "supports": "", "timeline": "Within 6 months"}
                for area, actions in [rng.choice(AREAS)]
            ],
            supervisor_support="Fifteen minutes of each supervision on this plan.",
            edited_by_id=plan.learner_id,
        )
        for plan in plans
    )
    Role = DevelopmentPlanAcknowledgment.Role
    DevelopmentPlanAcknowledgment.objects.bulk_create(
        DevelopmentPlanAcknowledgment(version=version, role=role, person_id=person_id)
        for version in versions
        for role, person_id in (
            (Role.LEARNER, version.plan.learner_id),
            (Role.SUPERVISOR, learners[version.plan.learner_id]),
        )
    )
    return len(closed)
