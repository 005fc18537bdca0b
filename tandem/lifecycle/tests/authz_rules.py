"""Closing, stalled-coaching and development-plan URLs in the authorization matrix.

E4 (learner and coach of E1, closed) has a closing conversation marked CLOSING-E4 and an
agreement that shares closing summaries with the supervisor: the supervisor may know E4 exists
but never reads the closing conversation. P1 is the learner's development plan (PLAN-L1): the
learner and their line supervisor read it; the coach and the program never do."""

from __future__ import annotations

from tandem.lifecycle.tests.helpers import closed_engagement, make_plan
from tandem.privacy.tests.authz import DENY, HIDDEN, OK, REDIRECT, REFUSED, Rule, everyone, only

PARTIES = {"supervisor": DENY, "program_lead": DENY, "coach_supervisor": DENY}
PLAN_READERS = {"learner": OK, "supervisor": OK}

RULES = {
    "lifecycle:engagement": [
        Rule(only({"learner": OK, "coach": OK, **PARTIES}, otherwise=HIDDEN), args=("e1",)),
        Rule(only({"learner": OK, "coach": OK, **PARTIES}, otherwise=HIDDEN), args=("e4",)),
        Rule(only({"other_learner": OK, "other_coach": OK}, otherwise=HIDDEN), args=("e2",)),
    ],
    "lifecycle:close": [
        Rule(only({"coach": OK, "learner": DENY, **PARTIES}, otherwise=HIDDEN), args=("e1",)),
        Rule(
            only({"coach": REFUSED, "learner": DENY, **PARTIES}, otherwise=HIDDEN),
            args=("e1",),
            method="post",
            data={"went_well": "x"},
        ),
    ],
    "lifecycle:new_cycle": [
        Rule(
            only({"coach": REDIRECT, "learner": DENY, **PARTIES}, otherwise=HIDDEN),
            args=("e4",),
            method="post",
        )
    ],
    "lifecycle:stalled": [Rule(only({"coach": OK, "other_coach": OK, "program_lead": OK}))],
    "lifecycle:plans": [Rule(everyone(OK))],
    "lifecycle:plan_new": [Rule(everyone(OK))],
    "lifecycle:plan_detail": [Rule(only(PLAN_READERS, otherwise=HIDDEN), args=("p1",))],
    "lifecycle:plan_edit": [Rule(only(PLAN_READERS, otherwise=HIDDEN), args=("p1",))],
    "lifecycle:plan_acknowledge": [
        Rule(
            only({"learner": REDIRECT, "supervisor": REDIRECT}, otherwise=HIDDEN),
            args=("p1",),
            method="post",
            data={"number": "1"},
        )
    ],
}


def objects(world) -> dict[str, int]:
    p = world.people
    e4 = closed_engagement(p["learner"], p["coach"], "E4", shared=True)
    return {"e4": e4.pk, "p1": make_plan(p["learner"], "L1").pk}


def needles(world) -> dict[str, set[str]]:
    return {"CLOSING-E4": {"learner", "coach"}, "PLAN-L1": {"learner", "supervisor"}}
