"""Writes for enrollment: requests, their status changes, suggestions, campaigns, readiness.

Coaching is voluntary (DOMAIN.md §3.1; seed 001): only the learner creates a request for
themselves, by asking, by accepting a supervisor's suggestion or a campaign invitation. The one
exception is agency-directed participation, which a program lead records as "mandated".

Notifications name the step, never the learner's words (docs/ENROLLMENT.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tandem.agreements.services import agreement_end_on_withdrawal
from tandem.coaching.models import Engagement
from tandem.enrollment.models import (
    Campaign,
    Coachability,
    CoachingRequest,
    Invitation,
    Match,
    StatusChange,
    Suggestion,
)
from tandem.enrollment.readiness import readiness_administration_create
from tandem.notifications.services import notification_send
from tandem.people.models import Person, Role
from tandem.people.selectors import is_above, role_grants

S = CoachingRequest.Status

ALLOWED: dict[str, frozenset[str]] = {
    S.REQUESTED: frozenset({S.READINESS, S.MATCHING, S.WITHDRAWN}),
    S.READINESS: frozenset({S.MATCHING, S.WITHDRAWN}),
    S.MATCHING: frozenset({S.AGREEMENT, S.WITHDRAWN}),
    S.AGREEMENT: frozenset({S.ACTIVE, S.MATCHING, S.WITHDRAWN}),
    S.ACTIVE: frozenset({S.PAUSED, S.CLOSED, S.WITHDRAWN}),
    S.PAUSED: frozenset({S.ACTIVE, S.CLOSED, S.WITHDRAWN}),
    S.CLOSED: frozenset(),
    S.WITHDRAWN: frozenset(),
}

# What each party is told at each step: the step only, never anything the learner wrote.
_STEP_TEXT: dict[str, str] = {
    S.REQUESTED: "A coaching request was made.",
    S.READINESS: "The coaching request is at the readiness step.",
    S.MATCHING: "The coaching request is being matched with a coach.",
    S.AGREEMENT: "A coach was matched; the coaching agreement is next.",
    S.ACTIVE: "Coaching has started.",
    S.PAUSED: "Coaching is paused.",
    S.CLOSED: "Coaching has closed.",
    S.WITHDRAWN: "The coaching request was withdrawn.",
}


def request_status_url(request: CoachingRequest) -> str:
    return reverse("enrollment:request_detail", args=[request.pk])


def _coach_of(request: CoachingRequest) -> Person | None:
    if request.engagement_id is not None:
        engagement = Engagement.objects.select_related("coach").get(pk=request.engagement_id)
        return engagement.coach
    match = (
        Match.objects.filter(
            request=request,
            status__in=[Match.Status.PROPOSED, Match.Status.CHEMISTRY, Match.Status.ACCEPTED],
        )
        .select_related("coach")
        .first()
    )
    return match.coach if match is not None else None


def _notify_step(request: CoachingRequest, status: str, *, skip: Person | None = None) -> None:
    """Tell the learner, the coach (once there is one) and, if the learner agreed, the
    supervisor that the request reached a step. The text names the step only."""
    text = _STEP_TEXT.get(status, "The coaching request changed.")
    learner = request.learner
    if skip is None or skip.pk != learner.pk:
        notification_send(
            recipient=learner,
            subject=f"Your coaching request: {S(status).label}",
            body=text,
            url=request_status_url(request),
        )
    coach = _coach_of(request)
    if coach is not None and (skip is None or skip.pk != coach.pk):
        notification_send(
            recipient=coach,
            subject=f"Coaching request for {learner}: {S(status).label}",
            body=text,
        )
    supervisor = learner.supervisor if request.supervisor_informed else None
    if supervisor is not None and (skip is None or skip.pk != supervisor.pk):
        notification_send(
            recipient=supervisor,
            subject=f"Coaching for {learner}: {S(status).label}",
            body=text,
        )


@transaction.atomic
def request_transition(
    *, request: CoachingRequest, to: str, by: Person | None, note: str = ""
) -> CoachingRequest:
    """Move a request to `to` if the status graph allows it; record the change and notify.

    `note` is accepted for callers' records but never stored with the learner's words or sent."""
    current = request.status
    if to not in ALLOWED.get(current, frozenset()):
        raise ValidationError(
            f"A request that is {S(current).label.lower()} cannot become "
            f"{S(to).label.lower() if to in S.values else to!r}.",
            code="transition",
        )
    now = timezone.now()
    request.status = to
    request.status_changed_at = now
    fields = ["status", "status_changed_at"]
    if current == S.MATCHING and to != S.MATCHING and request.waitlisted_at is not None:
        request.waitlisted_at = None
        fields.append("waitlisted_at")
    request.save(update_fields=fields)
    StatusChange.objects.create(request=request, from_status=current, to_status=to, at=now, by=by)
    _notify_step(request, to)
    return request


def request_waitlist_set(*, request: CoachingRequest, waiting: bool) -> None:
    """Put a request in matching on the waitlist (no coach has room) or take it off."""
    if request.status != S.MATCHING:
        raise ValidationError("Only a request in matching can wait for a coach.")
    if waiting and request.waitlisted_at is None:
        request.waitlisted_at = timezone.now()
        request.save(update_fields=["waitlisted_at"])
        notification_send(
            recipient=request.learner,
            subject="Your coaching request is on the waitlist",
            body="No suitable coach has room right now. You keep your place in line.",
            url=request_status_url(request),
        )
    elif not waiting and request.waitlisted_at is not None:
        request.waitlisted_at = None
        request.save(update_fields=["waitlisted_at"])


# --- Engagement hooks -------------------------------------------------------------------------


def request_engagement_started(engagement: Engagement) -> None:
    """The engagement's agreement came into force: its request becomes active."""
    request = CoachingRequest.objects.filter(engagement=engagement).first()
    if request is None:
        return
    if request.status == S.MATCHING:
        request_transition(request=request, to=S.AGREEMENT, by=None)
    if request.status in (S.AGREEMENT, S.PAUSED):
        request_transition(request=request, to=S.ACTIVE, by=None)


def request_engagement_ended(engagement: Engagement, status: str) -> None:
    """The engagement closed or was withdrawn (or paused/resumed): its request follows."""
    request = CoachingRequest.objects.filter(engagement=engagement).first()
    if request is None or request.status == status:
        return
    if status in ALLOWED.get(request.status, frozenset()):
        request_transition(request=request, to=status, by=None)


# --- Requests -------------------------------------------------------------------------------

_WORD_FIELDS = ("focus", "goals", "preferred_times", "for_coach")


def _open_request_of(learner: Person) -> CoachingRequest | None:
    return CoachingRequest.objects.filter(
        learner=learner, status__in=CoachingRequest.OPEN_STATUSES
    ).first()


@transaction.atomic
def request_create(
    *,
    learner: Person,
    data: Mapping[str, Any],
    source: str = CoachingRequest.Source.SELF,
    campaign: Campaign | None = None,
) -> CoachingRequest:
    """The learner asks for coaching for themselves. There is no way to pass another person:
    the learner is always the signed-in person (views) or the person who accepted."""
    if _open_request_of(learner) is not None:
        raise ValidationError(
            "You already have an open coaching request. Withdraw it first to start another."
        )
    now = timezone.now()
    request = CoachingRequest.objects.create(
        learner=learner,
        source=source,
        campaign=campaign,
        practice_area=data.get("practice_area"),
        language=data.get("language"),
        focus=data.get("focus", ""),
        goals=data.get("goals", ""),
        preferred_times=data.get("preferred_times", ""),
        for_coach=data.get("for_coach", ""),
        supervisor_informed=bool(data.get("supervisor_informed")),
        wants_supervisor_as_coach=bool(data.get("wants_supervisor_as_coach")),
        status=S.REQUESTED,
        status_changed_at=now,
    )
    modalities = data.get("modalities")
    if modalities:
        request.modalities.set(modalities)
    StatusChange.objects.create(
        request=request, from_status="", to_status=S.REQUESTED, at=now, by=learner
    )
    _notify_step(request, S.REQUESTED)
    return request


@transaction.atomic
def request_withdraw(*, request: CoachingRequest, by: Person, reason: str = "") -> None:
    """The learner withdraws at any step. The reason stays theirs alone. An engagement that
    came from the request is withdrawn too."""
    if by.pk != request.learner_id:
        raise PermissionDenied("Only the learner can withdraw their request.")
    # A coach may be taking the request on at this moment: wait for them, then read again.
    request.status, request.engagement_id = (
        CoachingRequest.objects.select_for_update()
        .filter(pk=request.pk)
        .values_list("status", "engagement_id")
        .get()
    )
    if request.status in (S.CLOSED, S.WITHDRAWN):
        raise ValidationError("This request has already ended.")
    request.withdrawal_reason = reason.strip()
    request.save(update_fields=["withdrawal_reason"])
    Match.objects.filter(
        request=request, status__in=[Match.Status.PROPOSED, Match.Status.CHEMISTRY]
    ).update(status=Match.Status.SUPERSEDED, decided_at=timezone.now())
    request_transition(request=request, to=S.WITHDRAWN, by=by)
    if request.engagement_id is not None:
        Engagement.objects.filter(
            pk=request.engagement_id,
            status__in=[
                Engagement.Status.PLANNED,
                Engagement.Status.ACTIVE,
                Engagement.Status.PAUSED,
            ],
        ).update(status=Engagement.Status.WITHDRAWN, ended_on=timezone.localdate())
        agreement_end_on_withdrawal(engagement_id=request.engagement_id)


# --- Readiness and coachability --------------------------------------------------------------


@transaction.atomic
def readiness_assign(*, request: CoachingRequest, by: Person) -> CoachingRequest:
    """Give the learner the readiness instrument and move the request to the readiness step."""
    if request.readiness_administration_id is None:
        request.readiness_administration = readiness_administration_create(
            learner=request.learner, by=by, engagement=request.engagement
        )
        request.save(update_fields=["readiness_administration"])
    if request.status == S.REQUESTED:
        request_transition(request=request, to=S.READINESS, by=by)
    return request


@transaction.atomic
def readiness_with_coach_assign(*, request: CoachingRequest, coach: Person) -> CoachingRequest:
    """A few weeks in, the coach gives the readiness check again, to complete together with
    the learner (seed 001 l.25). The answers stay the learner's until they share them."""
    engagement = request.engagement
    if engagement is None or engagement.coach_id != coach.pk:
        raise PermissionDenied("Only the learner's coach gives the readiness check together.")
    if engagement.status != Engagement.Status.ACTIVE:
        raise ValidationError("The readiness check together comes once coaching has started.")
    if request.readiness_with_coach_id is None:
        request.readiness_with_coach = readiness_administration_create(
            learner=request.learner, by=coach, engagement=engagement
        )
        request.save(update_fields=["readiness_with_coach"])
        notification_send(
            recipient=request.learner,
            subject="Your coach asks you to do the readiness check together",
            body="Fill it in together at your next session. Your answers stay yours unless "
            "you share them.",
            url=reverse("instruments:fill", args=[request.readiness_with_coach_id]),
        )
    return request


@transaction.atomic
def readiness_done(*, request: CoachingRequest, by: Person) -> CoachingRequest:
    """The learner finished (or skipped) readiness: the request goes on to matching."""
    if by.pk != request.learner_id:
        raise PermissionDenied("Only the learner moves their request on.")
    if request.status in (S.REQUESTED, S.READINESS):
        request_transition(request=request, to=S.MATCHING, by=by)
    return request


COACHABILITY_FIELDS = (
    "starting_point",
    "value_of_coaching",
    "expected_outcomes",
    "fears",
    "competing_commitments",
)


@transaction.atomic
def coachability_save(
    *, request: CoachingRequest, by: Person, data: Mapping[str, Any], with_coach: bool
) -> Coachability:
    baseline, _ = Coachability.objects.get_or_create(request=request)
    for name in COACHABILITY_FIELDS:
        setattr(baseline, name, str(data.get(name, "")).strip())
    baseline.with_coach = with_coach or baseline.with_coach
    baseline.save()
    return baseline


# --- Suggestions -----------------------------------------------------------------------------


def may_suggest_to(*, supervisor: Person, learner: Person) -> bool:
    return (
        learner.is_active
        and learner.pk != supervisor.pk
        and is_above(superior=supervisor, person=learner)
    )


@transaction.atomic
def suggestion_create(*, supervisor: Person, learner: Person, message: str = "") -> Suggestion:
    """A supervisor suggests coaching to someone in their chain below them. It is only a
    suggestion: nothing is requested until the team member accepts."""
    if not may_suggest_to(supervisor=supervisor, learner=learner):
        raise PermissionDenied("You can suggest coaching only to people who report to you.")
    if Suggestion.objects.filter(learner=learner, status=Suggestion.Status.OPEN).exists():
        raise ValidationError(f"{learner} already has a suggestion waiting for an answer.")
    suggestion = Suggestion.objects.create(
        supervisor=supervisor, learner=learner, message=message.strip()
    )
    notification_send(
        recipient=learner,
        subject="Your supervisor suggests coaching",
        body="You can accept or decline. Coaching is voluntary.",
        url=reverse("enrollment:suggestions"),
    )
    return suggestion


@transaction.atomic
def suggestion_respond(
    *, suggestion: Suggestion, learner: Person, accept: bool, data: Mapping[str, Any] | None = None
) -> CoachingRequest | None:
    if suggestion.learner_id != learner.pk:
        raise PermissionDenied("This suggestion is for someone else.")
    if suggestion.status != Suggestion.Status.OPEN:
        raise ValidationError("You already answered this suggestion.")
    suggestion.status = Suggestion.Status.ACCEPTED if accept else Suggestion.Status.DECLINED
    suggestion.responded_at = timezone.now()
    request = None
    if accept:
        request = request_create(
            learner=learner, data=data or {}, source=CoachingRequest.Source.SUPERVISOR
        )
        suggestion.request = request
    suggestion.save(update_fields=["status", "responded_at", "request"])
    notification_send(
        recipient=suggestion.supervisor,
        subject=f"{learner} answered your coaching suggestion",
        body="Accepted." if accept else "Declined. Coaching is voluntary.",
    )
    return request


# --- Campaigns -------------------------------------------------------------------------------


def lead_covers(*, lead: Person, path: str) -> bool:
    return any(
        g.role == Role.PROGRAM_LEAD and path.startswith(g.scope_path)
        for g in role_grants(person=lead)
    )


def campaign_people(*, campaign: Campaign) -> Iterable[Person]:
    people = Person.objects.filter(
        is_active=True, org_unit__path__startswith=campaign.scope.path
    ).only("pk", "work_email", "first_name", "last_name")
    if campaign.hired_from is not None:
        people = people.filter(hire_date__gte=campaign.hired_from)
    if campaign.hired_to is not None:
        people = people.filter(hire_date__lte=campaign.hired_to)
    return people


@transaction.atomic
def campaign_create(*, lead: Person, data: Mapping[str, Any]) -> tuple[Campaign, int]:
    """Open a campaign and invite everyone in scope (and hire-date range). A mandated campaign
    creates the requests directly, flagged "mandated" so coaches plan enrollment work."""
    scope = data["scope"]
    if not lead_covers(lead=lead, path=scope.path):
        raise PermissionDenied("That unit is outside your program scope.")
    campaign = Campaign.objects.create(
        name=data["name"],
        kind=data.get("kind", Campaign.Kind.COHORT),
        description=data.get("description", ""),
        scope=scope,
        hired_from=data.get("hired_from"),
        hired_to=data.get("hired_to"),
        opens_on=data.get("opens_on") or timezone.localdate(),
        closes_on=data.get("closes_on"),
        mandated=bool(data.get("mandated")),
        created_by=lead,
    )
    people = list(campaign_people(campaign=campaign))
    busy = set(
        CoachingRequest.objects.filter(
            learner__in=people, status__in=CoachingRequest.OPEN_STATUSES
        ).values_list("learner_id", flat=True)
    )
    now = timezone.now()
    if campaign.mandated:
        created = CoachingRequest.objects.bulk_create(
            CoachingRequest(
                learner=person,
                source=CoachingRequest.Source.MANDATED,
                campaign=campaign,
                status=S.REQUESTED,
                status_changed_at=now,
            )
            for person in people
            if person.pk not in busy
        )
        StatusChange.objects.bulk_create(
            StatusChange(request=r, from_status="", to_status=S.REQUESTED, at=now, by=lead)
            for r in created
        )
        invited = [r.learner for r in created]
        subject, body = (
            "Your agency asks you to take part in coaching",
            "Your agency has enrolled you in a coaching program. A coach will explain what "
            "it means and what stays private.",
        )
        url = reverse("enrollment:my_requests")
    else:
        invitations = Invitation.objects.bulk_create(
            Invitation(campaign=campaign, person=person)
            for person in people
            if person.pk not in busy
        )
        invited = [i.person for i in invitations]
        subject, body = (
            "You are invited to coaching",
            "Your program is offering coaching. You can accept or decline; it is voluntary.",
        )
        url = reverse("enrollment:suggestions")
    for person in invited:
        notification_send(recipient=person, subject=subject, body=body, url=url)
    return campaign, len(invited)


@transaction.atomic
def invitation_respond(
    *, invitation: Invitation, person: Person, accept: bool, data: Mapping[str, Any] | None = None
) -> CoachingRequest | None:
    if invitation.person_id != person.pk:
        raise PermissionDenied("This invitation is for someone else.")
    if invitation.status != Invitation.Status.OPEN:
        raise ValidationError("You already answered this invitation.")
    invitation.status = Invitation.Status.ACCEPTED if accept else Invitation.Status.DECLINED
    invitation.responded_at = timezone.now()
    request = None
    if accept:
        request = request_create(
            learner=person,
            data=data or {},
            source=CoachingRequest.Source.OUTREACH,
            campaign=invitation.campaign,
        )
        invitation.request = request
    invitation.save(update_fields=["status", "responded_at", "request"])
    return request


def today() -> date:
    return timezone.localdate()
