"""Goal URLs in the authorization matrix (collected by tandem/privacy/tests/test_matrix.py).

E1 shares attendance and progress summaries with the supervisor, not goals; E3 (same learner
and coach) shares goals and goal ratings with the supervisor; E2 shares nothing. Each has a
goal whose words, scale and rating notes carry a marker, so a leak to anyone shows."""

from __future__ import annotations

from datetime import date

from tandem.coaching.models import Engagement
from tandem.goals.tests.helpers import make_goal, rate, share
from tandem.privacy.categories import Category, Party
from tandem.privacy.tests.authz import DENY, HIDDEN, LOGIN, OK, REDIRECT, Rule, only

WRITERS_E1 = {"learner": OK, "coach": OK, "supervisor": DENY, "program_lead": DENY}
WRITERS_E1 |= {"coach_supervisor": DENY}


def _writers(outcome: str) -> dict[str, str]:
    return only({**WRITERS_E1, "learner": outcome, "coach": outcome}, otherwise=HIDDEN)


RATING = {"rated_on": "2026-11-20", "level": "1", "note": "Used it twice"}

RULES = {
    "goals:coach_overview": [Rule(only({"coach": OK, "other_coach": OK}))],
    "goals:supervisor_view": [Rule(only({"supervisor": OK, "other_supervisor": OK}))],
    "goals:progress": [
        Rule(only(WRITERS_E1, otherwise=HIDDEN), args=("e1",)),
        Rule(only({**WRITERS_E1, "supervisor": OK}, otherwise=HIDDEN), args=("e3",)),
        Rule(only({"other_learner": OK, "other_coach": OK}, otherwise=HIDDEN), args=("e2",)),
    ],
    "goals:goal_new": [
        Rule(only(WRITERS_E1, otherwise=HIDDEN), args=("e1",)),
        # Sharing goals with the supervisor lets them read, never write.
        Rule(only(WRITERS_E1, otherwise=HIDDEN), args=("e3",)),
        Rule(
            only({"other_learner": REDIRECT, "other_coach": REDIRECT}, otherwise=HIDDEN),
            args=("e2",),
            method="post",
            data={"behavior": "Open each visit with a strength", "reporting_frequency": "monthly"},
        ),
    ],
    "goals:smart_check": [
        Rule(_writers(OK), args=("e1",), method="post", data={"behavior": "Learn MI"}),
    ],
    "goals:goal_edit": [Rule(_writers(OK), args=("e1", "g1_unrated"))],
    "goals:scale_edit": [
        Rule(_writers(OK), args=("e1", "g1_unrated")),
        Rule(
            # A rated goal's scale is revised, not edited: its writers are sent back.
            only({**WRITERS_E1, "learner": REDIRECT, "coach": REDIRECT}, otherwise=HIDDEN),
            args=("e3", "g3"),
            method="post",
            data={"anchor_0": "x"},
        ),
    ],
    "goals:rating_add": [
        Rule(_writers(REDIRECT), args=("e1", "g1"), method="post", data=RATING),
        Rule(
            only({"other_learner": REDIRECT, "other_coach": REDIRECT}, otherwise=HIDDEN),
            args=("e2", "g2"),
            method="post",
            data=RATING,
        ),
    ],
    "goals:goal_status": [
        Rule(_writers(REDIRECT), args=("e1", "g1"), method="post", data={"status": "achieved"})
    ],
    "goals:goal_revise": [Rule(_writers(REDIRECT), args=("e1", "g1"), method="post")],
}
for _rules in RULES.values():
    for _rule in _rules:
        assert _rule.expect["anonymous"] == LOGIN


def objects(world) -> dict[str, int]:
    e3 = Engagement.objects.create(
        learner=world.people["learner"],
        coach=world.people["coach"],
        status=Engagement.Status.ACTIVE,
        started_on=date(2026, 9, 1),
    )
    share(e3, {Party.SUPERVISOR: [Category.GOALS, Category.GOAL_RATINGS]})
    goals = {}
    for label, engagement in (("E1", world.e1), ("E2", world.e2), ("E3", e3)):
        goal = make_goal(engagement, label)
        rate(goal, date(2026, 10, 1), "-1.5", f"RATING-{label} baseline", baseline=True)
        rate(goal, date(2026, 11, 1), 0, f"RATING-{label} on track")
        goals[label] = goal
    unrated = make_goal(world.e1, "E1", behavior="GOAL-E1 write harm statements")
    return {
        "e3": e3.pk,
        "g1": goals["E1"].pk,
        "g2": goals["E2"].pk,
        "g3": goals["E3"].pk,
        "g1_unrated": unrated.pk,
    }


def needles(world) -> dict[str, set[str]]:
    e1 = {"learner", "coach"}
    e2 = {"other_learner", "other_coach"}
    e3 = e1 | {"supervisor"}
    found: dict[str, set[str]] = {}
    for label, allowed in (("E1", e1), ("E2", e2), ("E3", e3)):
        for kind in ("GOAL", "SCALE", "RATING"):
            found[f"{kind}-{label}"] = allowed
    return found
