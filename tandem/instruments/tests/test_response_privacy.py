"""Who sees instrument responses: allowed and denied, the list and the single-record check
agree, reads are audited with the person the record is about."""

from __future__ import annotations

import pytest
from django.http import Http404

from tandem.instruments.models import Response
from tandem.instruments.tests import authz_administrations as fixtures
from tandem.privacy.models import AccessEvent
from tandem.privacy.responses import (
    response_get,
    response_read_audit,
    responses_access,
    responses_visible_to,
)
from tandem.privacy.selectors import access_log_for_learner
from tandem.privacy.tests.world import ACTORS, build_world
from tandem.testing import fresh

SIGNED_IN = [a for a in ACTORS if a != "anonymous"]
BY_NEEDLE = {
    "adm_self_private": fixtures.SELF_PRIVATE,
    "adm_self_shared": fixtures.SELF_SHARED,
    "adm_practice": fixtures.PRACTICE,
    "adm_observation": fixtures.OBSERVATION,
}


def _world_with_responses():
    world = build_world()
    world.objects = fixtures.objects(world)
    return world


@pytest.fixture(scope="module")
def responses_world_once(module_db):
    return module_db(_world_with_responses)


@pytest.fixture
def world(responses_world_once, db):
    return fresh(responses_world_once)


@pytest.mark.parametrize("actor", SIGNED_IN)
def test_responses_visible_to_matches_declared_needles(world, actor):
    viewer = world.people[actor]
    allowed = fixtures.needles(world)
    visible = set(responses_visible_to(viewer=viewer).values_list("administration_id", flat=True))
    expected = {
        world.objects[name] for name, needle in BY_NEEDLE.items() if actor in allowed[needle]
    }
    if actor == "learner":
        expected.add(world.objects["adm_self_draft"])
    assert visible == expected


@pytest.mark.parametrize("actor", SIGNED_IN)
def test_response_access_agrees_with_responses_visible_to(world, actor):
    viewer = world.people[actor]
    everything = list(Response.objects.select_related("administration__subject__org_unit"))
    access = responses_access(viewer=viewer, responses=everything)
    by_check = {r.pk for r in everything if access[r.pk].can_view}
    assert by_check == set(responses_visible_to(viewer=viewer).values_list("pk", flat=True))


def test_response_get_unknown_or_unauthorized_id_is_404(world):
    with pytest.raises(Http404):
        response_get(viewer=world.people["supervisor"], administration_id=999_999)
    with pytest.raises(Http404):
        response_get(
            viewer=world.people["supervisor"], administration_id=world.objects["adm_self_private"]
        )


def test_superuser_and_staff_flags_grant_nothing(world):
    administrator = world.people["administrator"]
    administrator.user.is_superuser = True
    administrator.user.save()
    assert list(responses_visible_to(viewer=administrator)) == []


def test_only_the_respondent_edits_and_only_a_draft(world):
    learner, coach = world.people["learner"], world.people["coach"]
    draft = response_get(viewer=learner, administration_id=world.objects["adm_self_draft"])
    submitted = response_get(viewer=learner, administration_id=world.objects["adm_self_shared"])
    seen_by_coach = response_get(viewer=coach, administration_id=world.objects["adm_self_shared"])
    assert (draft.can_edit, submitted.can_edit, seen_by_coach.can_edit) == (True, False, False)
    assert seen_by_coach.relation == "Coach"


def test_reading_a_shared_self_assessment_shows_in_the_learners_access_log(world):
    coach, learner = world.people["coach"], world.people["learner"]
    access = response_get(viewer=coach, administration_id=world.objects["adm_self_shared"])
    response_read_audit(accesses=[access], via="GET /instruments/1/results/")
    event = access_log_for_learner(learner=learner).get(
        record_type="instrument_response", action="view"
    )
    assert (event.viewer, event.subject, event.engagement, event.category, event.action) == (
        coach,
        learner,
        world.e1,
        "coach_learner",
        AccessEvent.Action.VIEW,
    )


def test_reading_a_practice_rating_shows_in_the_rated_coachs_access_log(world):
    lead, coach = world.people["program_lead"], world.people["coach"]
    access = response_get(viewer=lead, administration_id=world.objects["adm_practice"])
    response_read_audit(accesses=[access], via="GET /instruments/4/results/")
    event = access_log_for_learner(learner=coach).get(
        record_type="instrument_response", action="view"
    )
    assert (event.viewer, event.subject, event.engagement, event.relation) == (
        lead,
        coach,
        None,
        "Program lead",
    )
