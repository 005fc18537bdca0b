"""Authorization matrix rules for observations (merged into authz_rules.py).

E1 gets an observation of the learner whose notes carry a needle; only E1's coach and learner
may ever see it. E1's supervisor and program lead know the engagement exists (403 on its
observation list), everyone else gets 404.
"""

from __future__ import annotations

from datetime import date

from tandem.instruments.observation_services import observation_record
from tandem.privacy.policy import engagement_access
from tandem.privacy.tests.authz import DENY, HIDDEN, OK, REDIRECT, Rule, only

NOTES = "NEEDLE-observation-notes"

E1_OTHERS_DENIED = {"supervisor": DENY, "program_lead": DENY, "coach_supervisor": DENY}
PARTICIPANTS_OK = {"learner": OK, "coach": OK}

RULES: dict[str, list[Rule]] = {
    "instruments:observation_list": [
        Rule(only(PARTICIPANTS_OK | E1_OTHERS_DENIED, otherwise=HIDDEN), args=("e1",)),
        Rule(only({"other_learner": OK, "other_coach": OK}, otherwise=HIDDEN), args=("e2",)),
    ],
    "instruments:observation_new": [
        Rule(only(PARTICIPANTS_OK | E1_OTHERS_DENIED, otherwise=HIDDEN), args=("e1",)),
        Rule(
            only({"learner": REDIRECT, "coach": REDIRECT} | E1_OTHERS_DENIED, otherwise=HIDDEN),
            args=("e1",),
            method="post",
            data={
                "direction": "learner_observes_demonstration",
                "setting": "role_play",
                "observed_on": "2026-11-20",
                "notes": "Watched the opening of a role play",
            },
        ),
    ],
    "instruments:observation_detail": [
        Rule(only(PARTICIPANTS_OK, otherwise=HIDDEN), args=("observation",)),
    ],
}


def objects(world) -> dict[str, int]:  # type: ignore[no-untyped-def]
    coach = world.people["coach"]
    observation = observation_record(
        author=coach,
        access=engagement_access(viewer=coach, engagement_id=world.e1.pk),
        direction="coach_observes_learner",
        setting="family_meeting",
        observed_on=date(2026, 10, 5),
        notes=f"{NOTES}: opened with the family's strengths",
        families_present=True,
        consent_given_by="Both parents",
        consent_method="verbal",
        consent_at=world.e1.created_at,
        via="test",
    )
    return {"observation": observation.pk}


def needles(world) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    return {NOTES: {"coach", "learner"}}
