"""Authorization matrix rules for the caseload and fidelity pages (merged by authz_rules.py).

The coach's caseload and practice ratings: the coach, their coach supervisor (assigned by the
supervision area, which runs first; made here if it has not) and the program lead whose scope
covers the coach. Everyone else is told the coach's pages do not exist; the pages for one's
own caseload and the program's workload are refused to those they are not for."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from tandem.development.models import CoachSupervisorAssignment
from tandem.privacy.tests.authz import DENY, HIDDEN, OK, REFUSED, Rule, only

COACHES = {"coach": OK, "other_coach": OK}
FACTS = {"coach": OK, "coach_supervisor": OK, "program_lead": OK}

RULES: dict[str, list[Rule]] = {
    "development:caseload_mine": [Rule(only(COACHES))],
    "development:fidelity_mine": [Rule(only(COACHES))],
    "development:caseload_supervised": [Rule(only({"coach_supervisor": OK}))],
    "development:workload": [
        Rule(only({"program_lead": OK})),
        Rule(only({"program_lead": OK}), data={"sort": "learners"}),
    ],
    "development:caseload_coach": [
        Rule(only(FACTS, otherwise=HIDDEN), args=("caseload_coach",)),
    ],
    "development:fidelity_coach": [
        Rule(only(FACTS, otherwise=HIDDEN), args=("caseload_coach",)),
    ],
    "development:fidelity_observe": [
        # The coach sees their own facts but does not ask for their own observation.
        Rule(
            only({**FACTS, "coach": DENY}, otherwise=HIDDEN),
            args=("caseload_coach",),
        ),
        # Nothing chosen: the form says what is missing and nothing is made.
        Rule(
            only(
                {"coach": DENY, "coach_supervisor": REFUSED, "program_lead": REFUSED},
                otherwise=HIDDEN,
            ),
            args=("caseload_coach",),
            method="post",
            data={"learner_agreed": "on"},
        ),
    ],
}


def objects(world: Any) -> dict[str, int | str]:
    coach, supervisor = world.people["coach"], world.people["coach_supervisor"]
    if not CoachSupervisorAssignment.objects.filter(coach=coach, ended_on__isnull=True).exists():
        CoachSupervisorAssignment.objects.create(
            coach=coach, supervisor=supervisor, started_on=timezone.localdate()
        )
    return {"caseload_coach": coach.pk}
