"""The onboarding checklist on a small world: each step flips when its record appears, and
only the record that counts flips it (issue #17 item 6)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.coaching.models import CoachingSession
from tandem.development.models import ProgramSettings, SupervisionSession
from tandem.development.selectors_onboarding import checklist_for, checklists_for
from tandem.development.tests.onboarding_helpers import (
    Onboarding,
    build,
    rated,
    shadowed,
    supervised,
    trained,
)
from tandem.people.models import Role
from tandem.people.tests.factories import CoachProfileFactory, person_with_account
from tandem.testing import fresh


@pytest.fixture(scope="module")
def built(module_db):  # type: ignore[no-untyped-def]
    return module_db(build)


@pytest.fixture
def o(built, db) -> Onboarding:  # type: ignore[no-untyped-def]
    return fresh(built)


def _done(o: Onboarding) -> dict[str, bool]:
    return {s.key: s.done for s in checklist_for(coach=o.person("coach")).steps}


def test_new_coach_has_every_step_to_do(o):
    checklist = checklist_for(coach=o.person("coach"))
    assert [(s.key, s.done) for s in checklist.steps] == [
        ("training", False),
        ("shadowing", False),
        ("observed", False),
        ("supervision", False),
    ]
    assert checklist.ready is False
    assert checklist.step("training").detail == f"Missing: {o.clear.name}, {o.grow.name}."


def test_training_is_done_once_every_required_model_is_trained(o):
    coach = o.person("coach")
    trained(coach, o.grow)
    assert checklist_for(coach=coach).step("training").detail == f"Missing: {o.clear.name}."
    trained(coach, o.clear, on=date(2026, 5, 20))
    step = checklist_for(coach=coach).step("training")
    assert (step.done, step.done_on) == (True, date(2026, 5, 20))


def test_nearest_program_settings_decide_the_models(o):
    """State settings require GROW; North County's own settings (nearer) require CLEAR only."""
    state = ProgramSettings.objects.create(scope=o.world.tree["state"])
    state.required_models.set([o.grow])
    o.settings.required_models.set([o.clear])
    trained(o.person("coach"), o.clear)
    assert _done(o)["training"] is True
    o.settings.delete()
    assert _done(o)["training"] is False  # now the state's GROW applies


def test_without_required_models_one_training_is_enough(o):
    o.settings.required_models.clear()
    assert _done(o)["training"] is False
    trained(o.person("coach"), o.grow)
    step = checklist_for(coach=o.person("coach")).step("training")
    assert (step.done, step.detail) == (
        True,
        f"The program names no required model; trained in {o.grow.name}.",
    )


def test_shadowing_flips_when_confirmed(o):
    shadowed(o.person("coach"), o.person("coach_supervisor"))
    step = checklist_for(coach=o.person("coach")).step("shadowing")
    assert (step.done, step.done_on, step.detail) == (
        True,
        date(2026, 4, 2),
        f"Confirmed by {o.person('coach_supervisor').full_name}.",
    )


def test_observed_session_counts_only_a_submitted_rating_by_someone_else(o):
    coach = o.person("coach")
    rated(o, coach, o.person("coach_supervisor"), submitted=False)
    rated(o, coach, coach)  # the coach rating themself is not an observation
    assert _done(o)["observed"] is False
    rated(o, coach, o.person("coach_supervisor"))
    assert _done(o)["observed"] is True


def test_observed_session_names_the_session_it_rated(o):
    coach = o.person("coach")
    session = CoachingSession.objects.filter(engagement=o.world.e1).first()
    administration = rated(o, coach, o.person("coach_supervisor"))
    administration.session = session
    administration.save()
    detail = checklist_for(coach=coach).step("observed").detail
    # The session is named, never its date (the learner's attendance is theirs to share).
    assert detail == "Rating submitted. Tied to the coaching session observed."


def test_supervision_counts_only_an_attended_held_session(o):
    coach, by = o.person("coach"), o.person("coach_supervisor")
    supervised(coach, by, status=SupervisionSession.Status.SCHEDULED)
    supervised(coach, by, attended=False)
    supervised(coach, by, attended=None)
    assert _done(o)["supervision"] is False
    session = supervised(coach, by)
    step = checklist_for(coach=coach).step("supervision")
    assert (step.done, step.record_id) == (True, session.pk)


def test_ready_once_all_four_steps_are_done(o):
    coach, by = o.person("coach"), o.person("coach_supervisor")
    trained(coach, o.grow)
    trained(coach, o.clear)
    shadowed(coach, by)
    rated(o, coach, by)
    assert checklist_for(coach=coach).ready is False
    assert checklist_for(coach=coach).next_step.key == "supervision"
    supervised(coach, by)
    assert checklist_for(coach=coach).ready is True


def test_checklists_take_the_same_queries_for_one_and_three_coaches(o):
    def everything_for(coach):  # type: ignore[no-untyped-def]
        by = o.person("coach_supervisor")
        trained(coach, o.grow)
        shadowed(coach, by)
        rated(o, coach, by)
        supervised(coach, by)

    coaches = [o.person("coach")]
    everything_for(coaches[0])
    with CaptureQueriesContext(connection) as one:
        checklists_for(coaches=coaches)
    for _ in range(2):
        extra = person_with_account(roles=(Role.COACH,), org_unit=o.world.tree["intake"])
        CoachProfileFactory(person=extra)
        everything_for(extra)
        coaches.append(extra)
    with CaptureQueriesContext(connection) as three:
        result = checklists_for(coaches=coaches)
    assert len(three) == len(one)
    assert [result[c.pk].done_count for c in coaches] == [3, 3, 3]
