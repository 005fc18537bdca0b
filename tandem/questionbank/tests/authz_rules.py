"""Question bank URLs in the authorization matrix (collected by tandem/privacy/tests/test_matrix.py).

The bank holds practice material, not coaching content: coaches, supervisors (who coach as
supervisors), coach supervisors and program leads use it; program leads (North County here)
edit it. Agency scope is checked with needles: North's own question must reach North's staff
only, South's own question South's staff only."""

from __future__ import annotations

from tandem.privacy.tests.authz import HIDDEN, OK, REDIRECT, Rule, only
from tandem.questionbank.models import Category, CoachingModel, ModelStage, Question

NORTH_TEXT = "QB-NORTH-ONLY how did the Tuesday visit plan work?"
SOUTH_TEXT = "QB-SOUTH-ONLY what would the caregiver say on Wednesday?"

BANK = {
    "coach": OK,
    "other_coach": OK,
    "supervisor": OK,
    "other_supervisor": OK,
    "coach_supervisor": OK,
    "program_lead": OK,
}
LEAD_OK = only({"program_lead": OK})
LEAD_REDIRECT = only({"program_lead": REDIRECT})

RULES = {
    "questionbank:search": [
        Rule(only(BANK)),
        # The words are not the markers: a search box echoes what was typed.
        Rule(only(BANK), data={"q": "Tuesday"}),
        Rule(only(BANK), data={"q": "Wednesday", "category": "agreement"}),
    ],
    "questionbank:suggest": [
        Rule(only(BANK), data={"focus": "Tuesday visit"}),
        Rule(only(BANK), method="post", data={"focus": "Wednesday", "skill": "engagement"}),
    ],
    "questionbank:question_new": [
        Rule(LEAD_OK),
        Rule(LEAD_REDIRECT, method="post", data={"text": "What went well?", "category": "purpose"}),
    ],
    "questionbank:question_edit": [
        Rule(LEAD_OK, args=("builtin_question",)),
        Rule(LEAD_OK, args=("north_question",)),
        Rule(only({"program_lead": HIDDEN}), args=("south_question",)),
    ],
    "questionbank:question_retire": [
        Rule(LEAD_REDIRECT, args=("north_question",), method="post"),
        Rule(LEAD_REDIRECT, args=("builtin_question",), method="post"),
        Rule(only({"program_lead": HIDDEN}), args=("south_question",), method="post"),
    ],
    "questionbank:question_unretire": [
        Rule(LEAD_REDIRECT, args=("north_retired",), method="post"),
        # A shared question is retired through the agency's copy, never in place.
        Rule(only({"program_lead": HIDDEN}), args=("builtin_question",), method="post"),
    ],
    "questionbank:model_list": [Rule(only(BANK))],
    "questionbank:model_new": [Rule(LEAD_OK)],
    "questionbank:model_edit": [
        Rule(LEAD_OK, args=("north_model",)),
        Rule(only({}), args=("builtin_model",)),  # built-in models are read-only
        Rule(only({"program_lead": HIDDEN}), args=("south_model",)),
    ],
    "questionbank:stage_new": [Rule(LEAD_OK, args=("north_model",))],
    "questionbank:stage_edit": [
        Rule(LEAD_OK, args=("north_stage",)),
        Rule(only({"program_lead": HIDDEN}), args=("south_stage",)),
    ],
}


def objects(world) -> dict[str, int]:
    north, south = world.tree["north"], world.tree["south"]
    agreement = Category.AGREEMENT
    north_q = Question.objects.create(text=NORTH_TEXT, category=agreement, agency=north)
    south_q = Question.objects.create(text=SOUTH_TEXT, category=agreement, agency=south)
    retired = Question.objects.create(
        text="QB retired question", category=agreement, agency=north, retired=True
    )
    north_model = CoachingModel.objects.create(code="qb-north", name="North way", agency=north)
    south_model = CoachingModel.objects.create(code="qb-south", name="South way", agency=south)
    north_stage = ModelStage.objects.create(model=north_model, code="start", name="Start", order=1)
    south_stage = ModelStage.objects.create(model=south_model, code="start", name="Start", order=1)
    grow_goal = ModelStage.objects.get(model__code="grow", code="goal")
    return {
        "builtin_question": Question.objects.get(builtin_key="clear-focus").pk,
        "north_question": north_q.pk,
        "south_question": south_q.pk,
        "north_retired": retired.pk,
        "builtin_model": grow_goal.model_id,
        "north_model": north_model.pk,
        "south_model": south_model.pk,
        "north_stage": north_stage.pk,
        "south_stage": south_stage.pk,
        "grow_goal": grow_goal.pk,
    }


def needles(world) -> dict[str, set[str]]:
    return {
        "QB-NORTH-ONLY": {"coach", "supervisor", "coach_supervisor", "program_lead"},
        "QB-SOUTH-ONLY": {"other_coach", "other_supervisor"},
    }
