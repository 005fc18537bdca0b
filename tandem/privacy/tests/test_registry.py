"""The domain apps hand privacy their models at start-up; privacy imports none of them."""

from __future__ import annotations

import pytest

from tandem.coaching.models import Engagement, Note
from tandem.privacy import registry as domain
from tandem.privacy.categories import Category
from tandem.privacy.registry import models_register, record_sources


def test_every_app_registered_what_the_rules_read():
    assert domain.Engagement is Engagement
    assert domain.Note is Note
    for name in (
        "EngagementMember",
        "CoachingSession",
        "Agreement",
        "AgreementParty",
        "AgreementDisclosure",
        "CoachingRequest",
        "Administration",
        "Response",
        "DevelopmentPlan",
        "DevelopmentPlanVersion",
    ):
        assert getattr(domain, name)._meta.model_name == name.lower()


def test_a_model_nobody_registered_fails_with_a_message_naming_the_fix():
    with pytest.raises(AttributeError, match=r"models_register\(Meeting=\.\.\.\).*ready"):
        domain.Meeting  # noqa: B018


def test_one_name_cannot_be_taken_by_a_second_model():
    with pytest.raises(ValueError, match="already registered"):
        models_register(Engagement=Note)
    models_register(Engagement=Engagement)  # the same model again is harmless
    assert domain.Engagement is Engagement


def test_each_app_registered_where_its_confidential_records_live():
    types = {c: {s.record_type for s in record_sources(c)} for c in Category}
    assert {"note", "session_record", "action_step", "closing_record"} <= types[
        Category.COACH_LEARNER
    ]
    assert types[Category.GOALS] >= {"goal", "note"}
    assert types[Category.ATTENDANCE] >= {"session"}
    private = record_sources(Category.PRIVATE)
    assert [(s.record_type, s.author_field) for s in private] == [("note", "author")]
