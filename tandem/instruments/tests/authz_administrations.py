"""Authorization matrix rules for giving, filling in and reading instruments.

The world gets five administrations whose free-text answers carry unique needles: a learner's
private self-assessment, the same learner's self-assessment shared with their coach, a draft,
a rating of the coach's practice by the coach supervisor, and the coach's observation of the
learner. Each needle may appear only on pages of the actors listed in `needles`.
"""

from __future__ import annotations

from tandem.instruments.administration_services import administration_assign, response_save_draft
from tandem.instruments.tests.answering import answer_and_submit, load
from tandem.privacy.responses import response_get
from tandem.privacy.tests.authz import HIDDEN, OK, REDIRECT, Rule, everyone, only

SELF_PRIVATE = "NEEDLE-self-private"
SELF_SHARED = "NEEDLE-self-shared"
SELF_DRAFT = "NEEDLE-self-draft"
PRACTICE = "NEEDLE-practice-rating"
OBSERVATION = "NEEDLE-observation"


def hidden_but(allowed: dict[str, str]) -> dict[str, str]:
    return only(allowed, otherwise=HIDDEN)


RULES: dict[str, list[Rule]] = {
    "instruments:my_instruments": [Rule(everyone(OK))],
    "instruments:assign": [Rule(everyone(OK))],
    "instruments:fill": [
        Rule(hidden_but({"learner": OK}), args=("adm_self_draft",)),
        Rule(hidden_but({"learner": REDIRECT}), args=("adm_self_private",)),
        Rule(hidden_but({"coach_supervisor": REDIRECT}), args=("adm_practice",)),
    ],
    "instruments:autosave": [
        Rule(
            hidden_but({"learner": OK}),
            args=("adm_self_draft",),
            method="post",
            data={"section": "0", "revision": "1"},
        )
    ],
    "instruments:results": [
        Rule(hidden_but({"learner": OK}), args=("adm_self_private",)),
        Rule(hidden_but({"learner": OK, "coach": OK}), args=("adm_self_shared",)),
        Rule(hidden_but({"learner": REDIRECT}), args=("adm_self_draft",)),
        Rule(
            hidden_but({"coach_supervisor": OK, "coach": OK, "program_lead": OK}),
            args=("adm_practice",),
        ),
        Rule(hidden_but({"coach": OK, "learner": OK}), args=("adm_observation",)),
    ],
    "instruments:share": [
        Rule(hidden_but({"learner": REDIRECT}), args=("adm_self_private",), method="post")
    ],
}


def objects(world) -> dict[str, int]:  # type: ignore[no-untyped-def]
    p = world.people
    self_version = load("coach-skills")
    practice_version = load("coaching-practices-rating")
    observation_version = load("formal-observation-fe-sf")

    def own(**kwargs):  # type: ignore[no-untyped-def]
        return administration_assign(
            assigned_by=p["learner"], version=self_version, respondent=p["learner"], **kwargs
        )

    private = own(engagement=world.e1)
    answer_and_submit(private, text=SELF_PRIVATE)
    shared = own(engagement=world.e1)
    answer_and_submit(shared, text=SELF_SHARED, value=3, share=True)
    draft = own(engagement=world.e1)
    access = response_get(viewer=p["learner"], administration_id=draft.pk)
    response_save_draft(access=access, answers={"room-to-grow": SELF_DRAFT}, revision=0)
    practice = administration_assign(
        assigned_by=p["coach_supervisor"],
        version=practice_version,
        respondent=p["coach_supervisor"],
        subject=p["coach"],
    )
    answer_and_submit(practice, text=PRACTICE)
    observation = administration_assign(
        assigned_by=p["coach"],
        version=observation_version,
        respondent=p["coach"],
        engagement=world.e1,
    )
    answer_and_submit(observation, text=OBSERVATION)
    return {
        "adm_self_private": private.pk,
        "adm_self_shared": shared.pk,
        "adm_self_draft": draft.pk,
        "adm_practice": practice.pk,
        "adm_observation": observation.pk,
    }


def needles(world) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    return {
        SELF_PRIVATE: {"learner"},
        SELF_SHARED: {"learner", "coach"},
        SELF_DRAFT: {"learner"},
        PRACTICE: {"coach_supervisor", "coach", "program_lead"},
        OBSERVATION: {"coach", "learner"},
    }
