"""The built-in coaching models and questions that migrations load."""

from __future__ import annotations

import re

import pytest
from django.apps import apps

from tandem.questionbank.builtin_models import MODELS
from tandem.questionbank.builtin_questions import all_questions
from tandem.questionbank.models import Category, CoachingModel, ModelStage, Question
from tandem.questionbank.placeholders import KNOWN, placeholders_in
from tandem.questionbank.reference import load_reference_data

pytestmark = pytest.mark.django_db

CODES = {"skills-based", "grow", "regrow", "clear", "flow", "solution-focused"}
CODES |= {"appreciative-inquiry", "quality-contacts"}


def test_every_named_model_is_loaded_with_ordered_stages():
    models = {m.code: m for m in CoachingModel.objects.filter(is_builtin=True)}
    assert set(models) == CODES
    clear = [s.code for s in ModelStage.objects.filter(model=models["clear"])]
    assert clear == ["contracting", "listening", "exploring", "action", "review"]
    regrow = [s.code for s in models["regrow"].stages.all()]
    assert regrow == ["review", "goal", "reality", "options", "wrap-up"]
    assert models["skills-based"].stages.count() == 7
    quality = [s.code for s in models["quality-contacts"].stages.all()]
    assert quality == [
        "clarify-focus-roles",
        "set-expectations",
        "identify-next-steps",
        "ask-questions",
        "other-techniques",
        "monitor-progress",
    ]
    for stage in ModelStage.objects.filter(model__is_builtin=True):
        assert stage.guidance, stage
        assert re.fullmatch(r"[a-z0-9-]+", stage.code)
    for model in models.values():
        assert "l." in model.source, model


def test_the_bank_covers_every_category_with_cited_questions():
    builtin = Question.objects.filter(is_builtin=True)
    assert builtin.count() >= 150
    assert set(builtin.values_list("category", flat=True)) == set(Category.values)
    assert not builtin.filter(source="").exists()
    # Table 4.5's five purposes keep at least its 47 questions between them.
    table_45 = ["purpose", "experience", "meaning", "principles", "future"]
    assert builtin.filter(category__in=table_45).count() >= 47


def test_every_stage_has_questions_to_suggest():
    for stage in ModelStage.objects.filter(model__is_builtin=True):
        assert stage.questions.exists(), stage


def test_placeholders_are_ones_the_filler_knows():
    for _group, question in all_questions():
        assert set(placeholders_in(question.text)) <= set(KNOWN), question.key


def test_reloading_changes_nothing():
    before = (Question.objects.count(), ModelStage.objects.count())
    load_reference_data(apps, None)
    load_reference_data(apps, None)
    assert (Question.objects.count(), ModelStage.objects.count()) == before
    assert len(MODELS) == CoachingModel.objects.filter(is_builtin=True).count()


def test_quality_contact_questions_prompt_the_quality_contacts_steps():
    stage = ModelStage.objects.get(model__code="quality-contacts", code="monitor-progress")
    keys = set(stage.questions.values_list("builtin_key", flat=True))
    assert keys == {
        "qc-assess-progress",
        "qc-helped-barriers",
        "qc-insights",
        "qc-confidence",
        "qc-new-goals",
    }


def test_stage_roles_name_the_steps_the_session_record_checks():
    roles = {
        (s.model.code, s.code): s.role
        for s in ModelStage.objects.select_related("model").exclude(role="")
    }
    assert roles == {
        ("skills-based", "demonstration-observation-action"): ModelStage.Role.OBSERVATION,
        ("skills-based", "self-reflection"): ModelStage.Role.REFLECTION,
        ("skills-based", "facilitated-reflection"): ModelStage.Role.FEEDBACK,
        ("flow", "assessment-observation"): ModelStage.Role.OBSERVATION,
        ("quality-contacts", "other-techniques"): ModelStage.Role.OBSERVATION,
    }
