"""Request statuses, withdrawal, suggestions, campaigns and the engagement hooks."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from tandem.coaching.models import Engagement
from tandem.enrollment import services
from tandem.enrollment.models import (
    CoachingRequest,
    Invitation,
    Match,
    StatusChange,
    Suggestion,
)
from tandem.enrollment.selectors import requests_awaiting_match, waitlist_position
from tandem.enrollment.tests.helpers import WORDS, make_request, walk
from tandem.notifications.models import Notification
from tandem.people.tests.factories import person_with_account

S = CoachingRequest.Status
PATHS = {
    S.REQUESTED: (),
    S.READINESS: (S.READINESS,),
    S.MATCHING: (S.MATCHING,),
    S.AGREEMENT: (S.MATCHING, S.AGREEMENT),
    S.ACTIVE: (S.MATCHING, S.AGREEMENT, S.ACTIVE),
    S.PAUSED: (S.MATCHING, S.AGREEMENT, S.ACTIVE, S.PAUSED),
}


def test_every_transition_is_dated_and_notifies_without_the_learners_words(world):
    learner = world.people["learner"]
    request = make_request(learner, supervisor_informed=True)
    walk(request, S.READINESS, S.MATCHING)
    history = list(StatusChange.objects.filter(request=request))
    assert [(c.from_status, c.to_status) for c in history] == [
        ("", S.REQUESTED),
        (S.REQUESTED, S.READINESS),
        (S.READINESS, S.MATCHING),
    ]
    assert all(c.at is not None for c in history)
    told = Notification.objects.filter(recipient=world.people["supervisor"])
    assert told.count() == 3
    texts = [n.subject + n.body for n in Notification.objects.all()]
    texts += [m.subject + m.body for m in mail.outbox]
    assert not [t for t in texts if "WORDS-" in t]


def test_supervisor_is_not_told_unless_the_learner_agrees(world):
    request = make_request(world.people["learner"])
    walk(request, S.MATCHING)
    assert not Notification.objects.filter(recipient=world.people["supervisor"]).exists()
    assert Notification.objects.filter(recipient=world.people["learner"]).count() == 2


@pytest.mark.parametrize(
    "current,to",
    [
        (S.REQUESTED, S.ACTIVE),
        (S.REQUESTED, S.AGREEMENT),
        (S.READINESS, S.REQUESTED),
        (S.MATCHING, S.ACTIVE),
        (S.ACTIVE, S.MATCHING),
    ],
)
def test_transitions_outside_the_graph_are_refused_with_a_clear_message(world, current, to):
    request = walk(make_request(world.people["learner"]), *PATHS[current])
    with pytest.raises(ValidationError, match="cannot become"):
        services.request_transition(request=request, to=to, by=None)
    request.refresh_from_db()
    assert request.status == current


def test_reassignment_goes_back_from_agreement_to_matching(world):
    request = walk(make_request(world.people["learner"]), S.MATCHING, S.AGREEMENT, S.MATCHING)
    assert request.status == S.MATCHING


@pytest.mark.parametrize("status", list(PATHS))
def test_learner_can_withdraw_at_each_status_and_the_reason_is_kept(world, status):
    learner = world.people["learner"]
    request = walk(make_request(learner), *PATHS[status])
    services.request_withdraw(request=request, by=learner, reason="REASON-private")
    request.refresh_from_db()
    assert request.status == S.WITHDRAWN
    assert request.withdrawal_reason == "REASON-private"
    assert StatusChange.objects.filter(request=request).last().to_status == S.WITHDRAWN
    assert not [n for n in Notification.objects.all() if "REASON" in n.subject + n.body]


@pytest.mark.parametrize("status", [S.AGREEMENT, S.ACTIVE, S.PAUSED])
def test_withdrawing_after_an_engagement_exists_withdraws_the_engagement(world, status):
    learner, coach = world.people["learner"], world.people["coach"]
    engagement = Engagement.objects.create(learner=learner, coach=coach, status="active")
    request = walk(make_request(learner), *PATHS[status])
    request.engagement = engagement
    request.save()
    services.request_withdraw(request=request, by=learner)
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.WITHDRAWN
    assert engagement.ended_on is not None


def test_only_the_learner_withdraws_and_only_once(world):
    request = make_request(world.people["learner"])
    with pytest.raises(PermissionDenied):
        services.request_withdraw(request=request, by=world.people["supervisor"])
    services.request_withdraw(request=request, by=world.people["learner"])
    with pytest.raises(ValidationError):
        services.request_withdraw(request=request, by=world.people["learner"])


def test_one_open_request_at_a_time(world):
    make_request(world.people["learner"])
    with pytest.raises(ValidationError, match="already have an open"):
        make_request(world.people["learner"])


def test_request_create_has_no_way_to_name_someone_else():
    import inspect

    # The learner is the only person a request can be for: no "created_by"/"for_person".
    params = set(inspect.signature(services.request_create).parameters)
    assert params == {"learner", "data", "source", "campaign"}


def test_supervisor_suggestion_is_not_a_request_until_accepted(world):
    supervisor, learner = world.people["supervisor"], world.people["learner"]
    suggestion = services.suggestion_create(supervisor=supervisor, learner=learner)
    assert not CoachingRequest.objects.filter(learner=learner).exists()
    request = services.suggestion_respond(
        suggestion=suggestion, learner=learner, accept=True, data=WORDS
    )
    assert request is not None and request.source == CoachingRequest.Source.SUPERVISOR
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.request_id) == (Suggestion.Status.ACCEPTED, request.pk)
    # The supervisor hears the answer, not the words.
    note = Notification.objects.filter(recipient=supervisor).last()
    assert "WORDS-" not in note.subject + note.body


def test_declining_a_suggestion_creates_nothing(world):
    supervisor, learner = world.people["supervisor"], world.people["learner"]
    suggestion = services.suggestion_create(supervisor=supervisor, learner=learner)
    assert services.suggestion_respond(suggestion=suggestion, learner=learner, accept=False) is None
    assert not CoachingRequest.objects.exists()


@pytest.mark.parametrize("who", ["other_supervisor", "learner", "program_lead", "coach"])
def test_only_supervisors_above_someone_may_suggest(world, who):
    with pytest.raises(PermissionDenied):
        services.suggestion_create(supervisor=world.people[who], learner=world.people["learner"])


def test_suggestion_to_someone_further_down_the_chain(world):
    deeper = person_with_account(
        org_unit=world.tree["intake"], supervisor=world.people["learner"], last_name="Deeper"
    )
    suggestion = services.suggestion_create(supervisor=world.people["supervisor"], learner=deeper)
    assert suggestion.learner == deeper


def test_outreach_campaign_invites_people_in_scope_and_hire_range(world):
    lead = world.people["program_lead"]
    learner = world.people["learner"]
    learner.hire_date = date(2026, 8, 1)
    learner.save()
    world.people["coach"].hire_date = date(2025, 1, 1)
    world.people["coach"].save()
    campaign, count = services.campaign_create(
        lead=lead,
        data={
            "name": "Q3 hires",
            "scope": world.tree["north"],
            "hired_from": date(2026, 7, 1),
            "hired_to": date(2026, 9, 30),
        },
    )
    assert count == 1
    invitation = Invitation.objects.get(campaign=campaign)
    assert invitation.person == learner
    request = services.invitation_respond(
        invitation=invitation, person=learner, accept=True, data=WORDS
    )
    assert request is not None
    assert (request.source, request.campaign) == (CoachingRequest.Source.OUTREACH, campaign)


def test_mandated_campaign_creates_flagged_requests(world):
    lead = world.people["program_lead"]
    campaign, count = services.campaign_create(
        lead=lead, data={"name": "Directed", "scope": world.tree["intake"], "mandated": True}
    )
    requests = CoachingRequest.objects.filter(campaign=campaign)
    assert count == requests.count() > 0
    assert all(r.mandated and r.status == S.REQUESTED for r in requests)
    assert StatusChange.objects.filter(request__campaign=campaign).count() == count


def test_campaign_outside_the_leads_scope_is_refused(world):
    with pytest.raises(PermissionDenied):
        services.campaign_create(
            lead=world.people["program_lead"],
            data={"name": "South", "scope": world.tree["south"]},
        )


def test_waitlist_position_and_awaiting_match(world):
    first = walk(make_request(world.people["learner"]), S.MATCHING)
    second = walk(make_request(world.people["other_learner"]), S.MATCHING)
    services.request_waitlist_set(request=first, waiting=True)
    services.request_waitlist_set(request=second, waiting=True)
    assert (waitlist_position(first), waitlist_position(second)) == (1, 2)
    services.request_transition(request=first, to=S.AGREEMENT, by=None)
    first.refresh_from_db()
    assert first.waitlisted_at is None and waitlist_position(first) is None
    assert waitlist_position(second) == 1
    north = world.tree["north"].path
    assert list(requests_awaiting_match(scope_paths=[north])) == []
    assert list(requests_awaiting_match(scope_paths=[world.tree["state"].path])) == [second]


def test_waitlist_only_in_matching(world):
    request = make_request(world.people["learner"])
    with pytest.raises(ValidationError):
        services.request_waitlist_set(request=request, waiting=True)


def test_engagement_hooks_move_the_request(world):
    learner, coach = world.people["learner"], world.people["coach"]
    engagement = Engagement.objects.create(learner=learner, coach=coach, status="planned")
    request = walk(make_request(learner), S.MATCHING, S.AGREEMENT)
    request.engagement = engagement
    request.save()
    Match.objects.create(request=request, coach=coach, proposed_by=world.people["program_lead"])
    services.request_engagement_started(engagement)
    request.refresh_from_db()
    assert request.status == S.ACTIVE
    services.request_engagement_ended(engagement, S.CLOSED)
    request.refresh_from_db()
    assert request.status == S.CLOSED
    # The coach heard of each step, without the learner's words.
    coach_notes = Notification.objects.filter(recipient=coach)
    assert coach_notes.count() >= 2
    assert not [n for n in coach_notes if "WORDS-" in n.subject + n.body]


def test_agreement_in_force_makes_the_request_active(world):
    from tandem.agreements import services as agreements
    from tandem.agreements.tests.helpers import access_of, ack_all, draft

    learner, coach = world.people["learner"], world.people["other_coach"]
    engagement = Engagement.objects.create(learner=learner, coach=coach)
    request = walk(make_request(learner), S.MATCHING, S.AGREEMENT)
    request.engagement = engagement
    request.save()
    agreements.templates_ensure_builtin()
    agreement = draft(engagement, world.people["leadership"])
    agreements.agreement_send(
        sender=coach, access=access_of(coach, engagement), agreement=agreement
    )
    ack_all(agreement)
    request.refresh_from_db()
    assert request.status == S.ACTIVE
