"""Giving instruments, saving drafts, stale saves, submitting with bad input, scoring, sharing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from tandem.coaching.models import Engagement
from tandem.instruments.administration_services import (
    AssignError,
    administration_assign,
    response_save_draft,
    response_share_with_coach,
    response_submit,
)
from tandem.instruments.models import Administration, Response
from tandem.instruments.selectors import version_definition, version_is_locked
from tandem.instruments.tests.answering import answer_and_submit, complete_answers, load
from tandem.privacy.models import AccessEvent
from tandem.privacy.responses import response_get


@pytest.fixture
def skills(db):
    return load("supervisory-coaching-skills")


def _access(person, administration):
    return response_get(viewer=person, administration_id=administration.pk)


def test_administration_assign_own_self_assessment_creates_empty_draft(world, skills):
    learner = world.people["learner"]
    administration = administration_assign(assigned_by=learner, version=skills, respondent=learner)
    response = administration.response
    assert (administration.kind, response.status, response.answers, response.revision) == (
        Administration.Kind.SELF,
        Response.Status.DRAFT,
        {},
        0,
    )
    assert version_is_locked(skills) is True


def test_administration_assign_coach_gives_self_assessment_to_own_learner(world, skills):
    p = world.people
    administration = administration_assign(
        assigned_by=p["coach"], version=skills, respondent=p["learner"], engagement=world.e1
    )
    assert administration.respondent == p["learner"]


def test_administration_assign_coach_of_inactive_engagement_is_refused(world, skills):
    p = world.people
    Engagement.objects.filter(pk=world.e1.pk).update(status=Engagement.Status.CLOSED)
    world.e1.refresh_from_db()
    with pytest.raises(PermissionDenied):
        administration_assign(
            assigned_by=p["coach"], version=skills, respondent=p["learner"], engagement=world.e1
        )


def test_administration_assign_to_someone_else_without_relation_is_refused(world, skills):
    p = world.people
    with pytest.raises(PermissionDenied):
        administration_assign(assigned_by=p["supervisor"], version=skills, respondent=p["learner"])


def test_administration_assign_program_lead_in_scope_may_give_self_assessment(world, skills):
    p = world.people
    administration = administration_assign(
        assigned_by=p["program_lead"], version=skills, respondent=p["learner"]
    )
    assert administration.assigned_by == p["program_lead"]
    with pytest.raises(PermissionDenied):  # other_learner's unit is outside North County
        administration_assign(
            assigned_by=p["program_lead"], version=skills, respondent=p["other_learner"]
        )


def test_administration_assign_practice_rating_needs_overseer_of_the_coach(world):
    p = world.people
    rating = load("coaching-practices-rating")
    made = administration_assign(
        assigned_by=p["coach_supervisor"],
        version=rating,
        respondent=p["coach_supervisor"],
        subject=p["coach"],
    )
    assert made.kind == Administration.Kind.PRACTICE_RATING
    with pytest.raises(PermissionDenied):  # other_coach is in South County, outside the scope
        administration_assign(
            assigned_by=p["coach_supervisor"],
            version=rating,
            respondent=p["coach_supervisor"],
            subject=p["other_coach"],
        )
    with pytest.raises(AssignError, match="must be a coach"):
        administration_assign(
            assigned_by=p["coach_supervisor"],
            version=rating,
            respondent=p["coach_supervisor"],
            subject=p["learner"],
        )


def test_administration_assign_observation_needs_the_engagement_coach(world):
    p = world.people
    observation = load("formal-observation-fe-sf")
    with pytest.raises(AssignError, match="Choose the coaching"):
        administration_assign(assigned_by=p["coach"], version=observation, respondent=p["coach"])
    with pytest.raises(AssignError, match="coach of this coaching"):
        administration_assign(
            assigned_by=p["program_lead"],
            version=observation,
            respondent=p["program_lead"],
            engagement=world.e1,
        )
    made = administration_assign(
        assigned_by=p["coach"], version=observation, respondent=p["coach"], engagement=world.e1
    )
    assert (made.kind, made.subject) == (Administration.Kind.OBSERVATION, p["learner"])


def test_administration_assign_post_must_follow_matching_pre(world, skills):
    learner, coach = world.people["learner"], world.people["coach"]
    pre = administration_assign(
        assigned_by=learner, version=skills, respondent=learner, phase=Administration.Phase.PRE
    )
    with pytest.raises(AssignError, match="first of a pair"):
        administration_assign(
            assigned_by=coach,
            version=skills,
            respondent=coach,
            phase=Administration.Phase.POST,
            pre=pre,
        )
    post = administration_assign(
        assigned_by=learner,
        version=skills,
        respondent=learner,
        phase=Administration.Phase.POST,
        pre=pre,
    )
    assert post.pre == pre
    with pytest.raises(AssignError, match="already has"):
        administration_assign(
            assigned_by=learner,
            version=skills,
            respondent=learner,
            phase=Administration.Phase.POST,
            pre=pre,
        )


def test_response_save_draft_keeps_partial_answers_and_raises_revision(world, skills):
    learner = world.people["learner"]
    administration = administration_assign(assigned_by=learner, version=skills, respondent=learner)
    result = response_save_draft(
        access=_access(learner, administration), answers={"trusted": 3}, revision=0
    )
    assert (result.saved, result.problems, result.response.answers) == (True, {}, {"trusted": 3})
    assert Response.objects.get().revision == 1


def test_response_save_draft_out_of_range_is_not_saved_and_the_draft_stays(world, skills):
    learner = world.people["learner"]
    administration = administration_assign(assigned_by=learner, version=skills, respondent=learner)
    response_save_draft(access=_access(learner, administration), answers={"trusted": 3}, revision=0)
    result = response_save_draft(
        access=_access(learner, administration),
        answers={"trusted": 9, "delegation": 2},
        revision=1,
    )
    assert result.problems == {"trusted": "Choose a number from 1 to 4."}
    assert Response.objects.get().answers == {"trusted": 3, "delegation": 2}


def test_response_save_draft_from_an_older_page_is_stale_and_saves_nothing(world, skills):
    learner = world.people["learner"]
    administration = administration_assign(assigned_by=learner, version=skills, respondent=learner)
    response_save_draft(access=_access(learner, administration), answers={"trusted": 3}, revision=0)
    result = response_save_draft(
        access=_access(learner, administration), answers={"trusted": 1}, revision=0
    )
    assert result.stale is True
    assert (Response.objects.get().answers, Response.objects.get().revision) == ({"trusted": 3}, 1)


def test_response_save_draft_same_answers_from_an_older_page_is_not_a_conflict(world, skills):
    learner = world.people["learner"]
    administration = administration_assign(assigned_by=learner, version=skills, respondent=learner)
    response_save_draft(access=_access(learner, administration), answers={"trusted": 3}, revision=0)
    result = response_save_draft(
        access=_access(learner, administration), answers={"trusted": 3}, revision=0
    )
    assert (result.stale, result.response.revision) == (False, 1)


def test_response_save_draft_by_someone_else_is_refused(world, skills):
    p = world.people
    administration = administration_assign(
        assigned_by=p["coach"], version=skills, respondent=p["coach"]
    )
    access = _access(p["coach"], administration)
    forged = type(access)(access.response, p["learner"], True, False, "", access.category)
    with pytest.raises(PermissionDenied):
        response_save_draft(access=forged, answers={"trusted": 3}, revision=0)


def test_response_submit_missing_required_items_lists_each_and_keeps_draft(world, skills):
    learner = world.people["learner"]
    administration = administration_assign(assigned_by=learner, version=skills, respondent=learner)
    response_save_draft(access=_access(learner, administration), answers={"trusted": 3}, revision=0)
    result = response_submit(access=_access(learner, administration), revision=1, via="test")
    assert len(result.problems) == 11
    assert result.problems["delegation"] == "Choose a number from 1 to 4."
    assert Response.objects.get().status == Response.Status.DRAFT


def test_response_submit_scores_and_stores_them(world, skills):
    learner = world.people["learner"]
    administration = administration_assign(assigned_by=learner, version=skills, respondent=learner)
    answer_and_submit(administration, value=2)  # every statement "Agree" (3)
    response = Response.objects.get()
    assert (response.status, response.scores["average"], response.scores["trusted"]) == (
        Response.Status.SUBMITTED,
        3.0,
        3,
    )
    events = AccessEvent.objects.filter(record_type="instrument_response")
    assert list(events.values_list("action", "subject", "engagement")) == [
        ("create", learner.pk, None)
    ]


def test_response_submit_stale_revision_is_refused(world, skills):
    learner = world.people["learner"]
    administration = administration_assign(assigned_by=learner, version=skills, respondent=learner)
    answers = complete_answers(version_definition(skills))
    response_save_draft(access=_access(learner, administration), answers=answers, revision=0)
    result = response_submit(access=_access(learner, administration), revision=0, via="test")
    assert (result.stale, Response.objects.get().status) == (True, Response.Status.DRAFT)


def test_response_share_with_coach_needs_linked_engagement(world, skills):
    learner = world.people["learner"]
    unlinked = administration_assign(assigned_by=learner, version=skills, respondent=learner)
    answer_and_submit(unlinked)
    with pytest.raises(PermissionDenied):
        response_share_with_coach(access=_access(learner, unlinked), via="test")
    linked = administration_assign(
        assigned_by=learner, version=skills, respondent=learner, engagement=world.e1
    )
    answer_and_submit(linked, share=True)
    assert linked.response.__class__.objects.get(pk=linked.response.pk).shared_with_coach_at
