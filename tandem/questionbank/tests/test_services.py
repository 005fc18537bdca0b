"""Agencies add, edit (copy-on-edit), retire and restore questions; add models and stages."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tandem.questionbank import services
from tandem.questionbank.models import CoachingModel, ModelStage, Question
from tandem.questionbank.selectors import question_search


def test_editing_a_builtin_question_keeps_the_original(org):
    north = org["tree"]["north"]
    original = Question.objects.get(builtin_key="clear-focus")
    text = original.text
    saved = services.question_update(
        by=org["lead"],
        agency=north,
        question=original,
        base_version=0,  # no agency copy yet
        text="Which part of {focus} should we start with?",
        category=original.category,
        tags=["focus", "Start Here"],
        stages=list(original.stages.all()),
    )
    original.refresh_from_db()
    assert saved.pk != original.pk and original.text == text
    assert saved.replaces == original and saved.agency == north and not saved.is_builtin
    assert sorted(saved.tags.values_list("slug", flat=True)) == ["focus", "start-here"]
    # North sees its version in place of the original; South still sees the original.
    north_texts = [q.text for q in question_search(agency=north, query="focus")]
    assert saved.text in north_texts and text not in north_texts
    assert text in [q.text for q in question_search(agency=org["tree"]["south"], query="focus")]
    # A second edit changes the same copy.
    again = services.question_update(
        by=org["lead"],
        agency=north,
        question=original,
        base_version=saved.version,
        text="Changed",
        category="purpose",
    )
    assert again.pk == saved.pk
    assert Question.objects.filter(replaces=original).count() == 1


def test_own_questions_are_edited_in_place_and_can_be_restored(org):
    north = org["tree"]["north"]
    own = services.question_create(
        by=org["lead"], agency=north, text="What went well?", category="purpose", tags="a, b"
    )
    edited = services.question_update(
        by=org["lead"],
        agency=north,
        question=own,
        base_version=own.version,
        text="What went best?",
        category="purpose",
    )
    assert edited.pk == own.pk and edited.updated_by == org["lead"]
    services.question_retire(by=org["lead"], agency=north, question=own)
    own.refresh_from_db()
    assert own.retired
    services.question_unretire(by=org["lead"], agency=north, question=own)
    own.refresh_from_db()
    assert not own.retired and own.retired_at is None


def test_an_empty_question_is_refused(org):
    with pytest.raises(ValidationError):
        services.question_create(by=org["lead"], agency=None, text="  ", category="purpose")


def test_shared_questions_cannot_be_unretired_in_place(org):
    builtin = Question.objects.get(builtin_key="clear-focus")
    with pytest.raises(ValidationError):
        services.question_unretire(by=org["lead"], agency=org["tree"]["north"], question=builtin)


def test_agencies_add_models_with_ordered_stages(org):
    north = org["tree"]["north"]
    model = services.model_create(by=org["lead"], agency=north, name="GROW")
    assert model.code == "grow-2" and not model.is_builtin
    first = services.stage_create(agency=north, model=model, name="Check in")
    second = services.stage_create(agency=north, model=model, name="Check in")
    assert (first.order, second.order) == (1, 2)
    assert (first.code, second.code) == ("check-in", "check-in-2")
    services.stage_update(
        agency=north, stage=first, base_version=1, name="Arrive", guidance="Settle in."
    )
    first.refresh_from_db()
    assert first.name == "Arrive"


def test_builtin_and_other_agencies_models_are_read_only(org):
    grow = CoachingModel.objects.get(code="grow")
    with pytest.raises(ValidationError):
        services.model_update(
            agency=org["tree"]["north"], model=grow, base_version=1, name="Mine now"
        )
    with pytest.raises(ValidationError):
        services.stage_update(
            agency=None,
            stage=ModelStage.objects.filter(model=grow).first(),
            base_version=1,
            name="x",
        )
    south_model = services.model_create(by=org["south_lead"], agency=org["tree"]["south"], name="S")
    with pytest.raises(ValidationError):
        services.stage_create(agency=org["tree"]["north"], model=south_model, name="x")
