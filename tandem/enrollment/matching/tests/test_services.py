"""Writes: offers, answers, reassignment with history, cohorts, weights, conflicts."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tandem.coaching.models import Engagement
from tandem.enrollment.matching import selectors, services
from tandem.enrollment.matching.tests.helpers import coach, offer, request_in_matching
from tandem.enrollment.models import CoachingRequest, ConflictOfInterest, Match, MatchingWeights
from tandem.notifications.models import Notification
from tandem.people.tests.factories import PersonFactory


def _top(scene) -> int:
    suggestions, _, _ = selectors.suggestions_for(request=scene.request, today=timezone.localdate())
    return suggestions[0].coach_id


def test_propose_top_suggestion_needs_no_reason(scene):
    top = _top(scene)
    match = services.match_propose(request=scene.request, coach_id=top, by=scene.lead)
    assert (match.status, match.suggested_rank, match.override_reason) == ("proposed", 1, "")
    assert {f["name"] for f in match.factors} >= {"practice_area", "load"}
    assert Notification.objects.filter(recipient_id=top).count() == 1
    assert Notification.objects.filter(recipient=scene.learner).count() == 1


def test_propose_other_coach_needs_a_reason(scene):
    other = next(c.pk for c in scene.coaches if c.pk != _top(scene))
    with pytest.raises(ValidationError):
        services.match_propose(request=scene.request, coach_id=other, by=scene.lead)
    match = services.match_propose(
        request=scene.request, coach_id=other, by=scene.lead, override_reason="Knows the unit"
    )
    assert match.override_reason == "Knows the unit"


def test_propose_refuses_the_chain_of_command(scene):
    for boss, reason in (
        (scene.supervisor, "Line supervisor of the learner."),
        (scene.director, "Above the learner in the chain of command."),
    ):
        with pytest.raises(ValidationError) as raised:
            services.match_propose(
                request=scene.request, coach_id=boss.pk, by=scene.lead, override_reason="x"
            )
        name = f"{boss.first_name} {boss.last_name}"
        assert raised.value.messages == [f"{name} cannot coach this learner: {reason}"]
    assert Match.objects.count() == 0


def test_supervisor_as_coach_may_be_offered_the_supervisor(scene):
    scene.request.wants_supervisor_as_coach = True
    scene.request.save()
    match = services.match_propose(
        request=scene.request, coach_id=scene.supervisor.pk, by=scene.lead, override_reason="x"
    )
    engagement = services.match_accept(match=match, coach=scene.supervisor)
    assert engagement.kind == Engagement.Kind.SUPERVISOR_AS_COACH


def test_reassignment_supersedes_and_keeps_history(scene):
    first = services.match_propose(request=scene.request, coach_id=_top(scene), by=scene.lead)
    second_coach = next(c.pk for c in scene.coaches if c.pk != first.coach_id)
    services.match_propose(
        request=scene.request, coach_id=second_coach, by=scene.lead, override_reason="Closer"
    )
    history = list(selectors.match_history(request=scene.request))
    assert [(m.coach_id, m.status) for m in history] == [
        (second_coach, "proposed"),
        (first.coach_id, "superseded"),
    ]


def test_accept_creates_planned_engagement_and_moves_request(scene):
    match = services.match_propose(request=scene.request, coach_id=_top(scene), by=scene.lead)
    engagement = services.match_accept(match=match, coach=match.coach)
    scene.request.refresh_from_db()
    assert (engagement.status, engagement.kind) == ("planned", "individual")
    assert scene.request.engagement == engagement
    assert scene.request.status == CoachingRequest.Status.AGREEMENT
    match.refresh_from_db()
    assert match.status == "accepted"


def test_accept_refused_after_a_conflict_is_declared(scene):
    match = offer(scene.request, scene.coaches[0], scene.lead)
    ConflictOfInterest.objects.create(
        coach=scene.coaches[0], person=scene.learner, declared_by=scene.lead
    )
    with pytest.raises(ValidationError):
        services.match_accept(match=match, coach=scene.coaches[0])
    assert Engagement.objects.filter(coach=scene.coaches[0]).count() == 0


def test_accept_refused_when_the_coach_has_no_free_place(scene):
    # Two offers made while the coach had room for both; their capacity is one learner now.
    small = coach(scene.tree["ongoing"], capacity=1)
    other = request_in_matching(PersonFactory(org_unit=scene.tree["intake"]))
    first, second = offer(scene.request, small, scene.lead), offer(other, small, scene.lead)
    services.match_accept(match=first, coach=small)  # the offer answered is not counted twice
    with pytest.raises(ValidationError) as refused:
        services.match_accept(match=second, coach=small)
    assert refused.value.messages == [
        "You are at capacity (1 of 1 learners): decline this offer, or ask your program lead "
        "to raise your capacity first."
    ]
    assert Engagement.objects.filter(coach=small).count() == 1


def test_accept_of_an_offer_reassigned_meanwhile_is_refused(scene):
    first = offer(scene.request, scene.coaches[0], scene.lead)
    page = Match.objects.get(pk=first.pk)  # the coach's offers page, opened before
    services.match_propose(
        request=scene.request, coach_id=scene.coaches[1].pk, by=scene.lead, override_reason="x"
    )
    with pytest.raises(ValidationError) as refused:
        services.match_accept(match=page, coach=scene.coaches[0])
    assert refused.value.messages == ["This offer is no longer open."]
    assert Engagement.objects.count() == 0


def test_propose_from_a_page_opened_before_the_coach_accepted_is_refused(scene):
    page = CoachingRequest.objects.get(pk=scene.request.pk)  # the lead's page, opened before
    match = offer(scene.request, scene.coaches[0], scene.lead)
    services.match_accept(match=match, coach=scene.coaches[0])
    with pytest.raises(ValidationError) as refused:
        services.match_propose(
            request=page, coach_id=scene.coaches[1].pk, by=scene.lead, override_reason="x"
        )
    assert refused.value.messages == ["Only a request in matching can be offered to a coach."]
    match.refresh_from_db()
    assert match.status == Match.Status.ACCEPTED


def test_database_refuses_a_second_live_match_for_a_request(scene):
    offer(scene.request, scene.coaches[0], scene.lead)
    for status in (Match.Status.PROPOSED, Match.Status.CHEMISTRY, Match.Status.ACCEPTED):
        with pytest.raises(IntegrityError), transaction.atomic():
            offer(scene.request, scene.coaches[1], scene.lead, status=status)
    # Declined and reassigned offers are history, as many as there were.
    offer(scene.request, scene.coaches[1], scene.lead, status=Match.Status.DECLINED)
    offer(scene.request, scene.coaches[2], scene.lead, status=Match.Status.SUPERSEDED)


def test_decline_needs_reason_and_tells_the_lead(scene):
    match = services.match_propose(request=scene.request, coach_id=_top(scene), by=scene.lead)
    with pytest.raises(ValidationError):
        services.match_decline(match=match, coach=match.coach, reason="  ")
    services.match_decline(match=match, coach=match.coach, reason="Full this month")
    scene.request.refresh_from_db()
    assert scene.request.status == CoachingRequest.Status.MATCHING
    assert Notification.objects.filter(recipient=scene.lead).count() == 1
    # The coach who declined now ranks with the learner's history against them.
    need = selectors.needs_for(requests=[scene.request])[0]
    assert need.avoided_coach_ids == {match.coach_id}


def test_conflict_declaration_withdraws_open_offers(scene):
    match = offer(scene.request, scene.coaches[0], scene.lead)
    services.conflict_declare(coach=scene.coaches[0], person=scene.learner, by=scene.coaches[0])
    match.refresh_from_db()
    assert (match.status, match.decline_reason) == ("declined", "Conflict of interest declared.")


def test_conflict_only_for_self_or_led_coaches(scene):
    with pytest.raises(ValidationError):
        services.conflict_declare(coach=scene.coaches[0], person=scene.learner, by=scene.coaches[1])
    services.conflict_declare(coach=scene.coaches[0], person=scene.learner, by=scene.lead)
    assert ConflictOfInterest.objects.count() == 1


def test_cohort_confirm_rechecks_exclusions_and_capacity(scene):
    small = coach(scene.tree["ongoing"], capacity=1)
    other = request_in_matching(PersonFactory(org_unit=scene.tree["intake"]))
    made, refused = services.cohort_confirm(
        lead=scene.lead,
        pairs=[(scene.request.pk, scene.supervisor.pk), (other.pk, small.pk)],
    )
    assert [(m.request_id, m.coach_id) for m in made] == [(other.pk, small.pk)]
    assert len(refused) == 1 and "supervisor" in refused[0]


def test_cohort_confirm_counts_its_own_offers_against_capacity(scene):
    small = coach(scene.tree["ongoing"], capacity=1)
    other = request_in_matching(PersonFactory(org_unit=scene.tree["intake"]))
    made, refused = services.cohort_confirm(
        lead=scene.lead, pairs=[(scene.request.pk, small.pk), (other.pk, small.pk)]
    )
    assert len(made) == 1 and len(refused) == 1


def test_weights_update_in_scope_only(scene):
    services.weights_update(
        scope=scene.tree["north"], by=scene.lead, data={n: 2 for n in selectors.FACTOR_NAMES}
    )
    assert MatchingWeights.objects.get(scope=scene.tree["north"]).language == 2
    with pytest.raises(ValidationError):
        services.weights_update(
            scope=scene.tree["south"], by=scene.lead, data={n: 2 for n in selectors.FACTOR_NAMES}
        )


def test_reopen_after_acceptance_reassigns_with_history(scene):
    first = services.match_propose(request=scene.request, coach_id=_top(scene), by=scene.lead)
    engagement = services.match_accept(match=first, coach=first.coach)
    scene.request.refresh_from_db()
    services.match_reopen(request=scene.request, by=scene.lead)
    scene.request.refresh_from_db()
    engagement.refresh_from_db()
    first.refresh_from_db()
    assert scene.request.status == CoachingRequest.Status.MATCHING
    assert scene.request.engagement is None
    assert engagement.status == Engagement.Status.WITHDRAWN
    assert first.status == Match.Status.SUPERSEDED
    second = next(c.pk for c in scene.coaches if c.pk != first.coach_id)
    services.match_propose(request=scene.request, coach_id=second, by=scene.lead)
    assert [m.status for m in selectors.match_history(request=scene.request)] == [
        "proposed",
        "superseded",
    ]


def test_reopen_refused_once_coaching_started(scene):
    first = services.match_propose(request=scene.request, coach_id=_top(scene), by=scene.lead)
    engagement = services.match_accept(match=first, coach=first.coach)
    Engagement.objects.filter(pk=engagement.pk).update(status=Engagement.Status.ACTIVE)
    scene.request.refresh_from_db()
    with pytest.raises(ValidationError):
        services.match_reopen(request=scene.request, by=scene.lead)
    first.refresh_from_db()
    assert first.status == Match.Status.ACCEPTED


def test_accept_tells_the_supervisor_when_the_learner_agreed(scene):
    scene.request.supervisor_informed = True
    scene.request.save()
    match = services.match_propose(request=scene.request, coach_id=_top(scene), by=scene.lead)
    services.match_accept(match=match, coach=match.coach)
    subjects = list(
        Notification.objects.filter(recipient=scene.supervisor).values_list("subject", flat=True)
    )
    assert len(subjects) == 2  # the proposal, then the agreement step
    bodies = "".join(Notification.objects.values_list("body", flat=True))
    assert "FOCUS-Lerner" not in bodies  # never the learner's words
