"""Authorization matrix rules for the onboarding and training pages (merged by
authz_rules.py). A coach's onboarding and training are administrative facts: the coach, their
coach supervisor, and program leads or coach supervisors whose scope covers the coach (North
County here) read them; anyone else is told the coach's pages do not exist."""

from __future__ import annotations

from datetime import date
from typing import Any

from tandem.people.models import ModelTraining
from tandem.privacy.tests.authz import DENY, HIDDEN, OK, REDIRECT, REFUSED, Rule, only
from tandem.questionbank.models import CoachingModel

PROVIDER = "ONBOARDING-PROVIDER-NEEDLE"
FACTS = {"coach": OK, "program_lead": OK, "coach_supervisor": OK}
CONFIRMERS = {"program_lead": OK, "coach_supervisor": OK, "coach": DENY}


def _as(outcome: str, who: dict[str, str]) -> dict[str, str]:
    return {actor: (outcome if seen == OK else seen) for actor, seen in who.items()}


RULES: dict[str, list[Rule]] = {
    "development:onboarding_mine": [Rule(only({"coach": OK, "other_coach": OK}))],
    "development:onboarding_readiness": [Rule(only({"program_lead": OK, "coach_supervisor": OK}))],
    "development:onboarding_coach": [Rule(only(FACTS, otherwise=HIDDEN), args=("coach_pk",))],
    "development:onboarding_shadowing": [
        Rule(only(CONFIRMERS, otherwise=HIDDEN), args=("coach_pk",)),
        Rule(
            only(_as(REDIRECT, CONFIRMERS), otherwise=HIDDEN),
            args=("coach_pk",),
            method="post",
            data={"completed_on": "2024-05-01", "note": "Shadowed on two visits"},
        ),
    ],
    "development:training_coach": [
        Rule(only(FACTS, otherwise=HIDDEN), args=("coach_pk",)),
        # No model chosen: those who may record are told what is missing; others learn nothing.
        Rule(
            only(_as(REFUSED, FACTS), otherwise=HIDDEN),
            args=("coach_pk",),
            method="post",
            data={"completed_on": "2024-05-02"},
        ),
    ],
}


def objects(world: Any) -> dict[str, int | str]:
    coach = world.people["coach"]
    ModelTraining.objects.create(
        coach=coach,
        model=CoachingModel.objects.get(code="grow"),
        completed_on=date(2024, 3, 12),
        provider=PROVIDER,
        recorded_by=world.people["program_lead"],
    )
    return {}


def needles(world: Any) -> dict[str, set[str]]:
    return {PROVIDER: {"coach", "program_lead", "coach_supervisor"}}
