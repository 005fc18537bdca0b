"""Placeholders, search and suggestions."""

from __future__ import annotations

import pytest

from tandem.questionbank import services
from tandem.questionbank.models import ModelStage, Question
from tandem.questionbank.placeholders import fill
from tandem.questionbank.selectors import (
    question_search,
    questions_suggested,
    questions_suggested_by_stage,
)


def test_fill_uses_context_and_leaves_readable_blanks():
    text = "How will you know {learner} has reached {goal} with {skill}?"
    assert fill(text, {"goal": "  safer   visits ", "learner": "Dana"}) == (
        "How will you know Dana has reached safer visits with this skill?"
    )
    assert fill("What about {something_new}?") == "What about this?"
    assert fill("Keep {this as it is} and {}", {}) == "Keep {this as it is} and {}"
    assert fill("", None) == ""
    assert fill("Rate {goal}", {"goal": ""}) == "Rate this goal"


@pytest.fixture
def stage(db) -> ModelStage:
    return ModelStage.objects.get(model__code="clear", code="action")


def test_stage_questions_come_first_then_focus_matches(org, stage):
    suggested = questions_suggested(stage=stage, focus="safety", limit=50)
    tied = set(stage.questions.values_list("pk", flat=True))
    flags = [s.question_id in tied for s in suggested]
    assert flags[0] and not flags[-1]
    assert flags == sorted(flags, reverse=True)  # all tied ones before any untied one
    untied = [s for s in suggested if s.question_id not in tied]
    assert untied and all(
        "safety" in s.text.lower() or any("safety" in t for t in s.tags) for s in untied
    )
    # The model's own stage questions lead.
    assert suggested[0].category == "model_stage"
    assert questions_suggested(stage=stage, focus="safety", limit=50) == suggested


def test_focus_matching_stage_questions_rank_higher(org, stage):
    suggested = questions_suggested(stage=stage, focus="first step", limit=3)
    assert "first step" in suggested[0].text


def test_suggestions_fill_placeholders_and_never_offer_retired(org):
    stage = ModelStage.objects.get(model__code="grow", code="reality")
    scale = Question.objects.get(builtin_key="grow-scale-goal")
    texts = [s.text for s in questions_suggested(stage=stage, context={"goal": "family finding"})]
    assert "On a scale of 1 to 10, where are you now in relation to family finding?" in texts
    services.question_retire(by=org["lead"], agency=None, question=scale)
    ids = [s.question_id for s in questions_suggested(stage=stage, limit=50)]
    assert scale.pk not in ids


def test_nothing_to_go_on_suggests_nothing(db):
    assert questions_suggested(stage=None, focus="") == []
    assert questions_suggested(stage=None, focus="of the and") == []


def test_agency_questions_reach_their_agency_only(org):
    north, south = org["tree"]["north"], org["tree"]["south"]
    stage = ModelStage.objects.get(model__code="flow", code="openings")
    own = services.question_create(
        by=org["lead"], agency=north, text="Which zebra topic?", category="purpose", stages=[stage]
    )
    assert own.pk in [s.question_id for s in questions_suggested(stage=stage, agency=north)]
    assert own.pk not in [
        s.question_id for s in questions_suggested(stage=stage, agency=south, limit=100)
    ]
    assert own.pk not in [s.question_id for s in questions_suggested(stage=stage, limit=100)]


def test_search_matches_words_in_text_and_tags(db):
    by_text = question_search(agency=None, query="unusual option")
    assert [q.builtin_key for q in by_text] == ["clear-wildest"]
    by_tag = question_search(agency=None, query="child-voice")
    assert by_tag.count() == 3
    assert question_search(agency=None, query="zzz-nothing").count() == 0


def test_search_filters(db):
    stage = ModelStage.objects.get(model__code="regrow", code="review")
    at_stage = question_search(agency=None, stage=stage)
    assert {q.builtin_key for q in at_stage} >= {"regrow-since-last", "grow-progress"}
    assert all(stage in q.stages.all() for q in at_stage)
    assert set(
        question_search(agency=None, category="resilience").values_list("category", flat=True)
    ) == {"resilience"}
    tagged = question_search(agency=None, tag="feedback-ladder")
    assert tagged.count() == 11
    grow = stage.model
    by_model = question_search(agency=None, model=grow)
    assert by_model.count() > at_stage.count()


def test_retired_questions_are_hidden_unless_asked_for(org):
    question = Question.objects.get(builtin_key="clear-wildest")
    copy = services.question_retire(by=org["lead"], agency=org["tree"]["north"], question=question)
    north = org["tree"]["north"]
    assert question_search(agency=north, query="unusual").count() == 0
    shown = list(question_search(agency=north, query="unusual", include_retired=True))
    assert shown == [copy] and copy.retired and copy.retired_at is not None
    # Other agencies still have the shared question.
    assert list(question_search(agency=org["tree"]["south"], query="unusual")) == [question]


def test_suggestions_for_every_stage_at_once_match_one_at_a_time(db, django_assert_max_num_queries):
    stages = list(ModelStage.objects.filter(model__code="clear"))
    with django_assert_max_num_queries(3):
        by_stage = questions_suggested_by_stage(stages=stages, focus="plan", limit=3)
    for stage in stages:
        assert by_stage[stage.pk] == questions_suggested(stage=stage, focus="plan", limit=3)
