"""Enrollment pages: the learner's request and status, suggestions and invitations, the
supervisor's "suggest coaching", the program lead's board and campaigns.

Who may read the learner's words is decided in tandem.privacy.policy; the program lead's pages
use selectors that load structured fields only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tandem.enrollment import selectors, services
from tandem.enrollment.forms import (
    BoardFilterForm,
    CampaignForm,
    CoachabilityForm,
    RequestForm,
    SuggestForm,
    WithdrawForm,
)
from tandem.enrollment.intake import intake_latest
from tandem.enrollment.models import Coachability, CoachingRequest, Invitation, Suggestion
from tandem.enrollment.readiness import readiness_result
from tandem.people.access import person_for, request_via, role_required
from tandem.people.models import OrgUnit, Person, Role
from tandem.people.selectors import all_reports_ids
from tandem.privacy.requests import (
    intake_note_visible_to,
    request_withdrawal_reason_visible_to,
    request_words_read_audit,
    requests_with_words_visible_to,
)
from tandem.ui.forms import add_service_errors

S = CoachingRequest.Status


def _own_request(request: HttpRequest, pk: int) -> tuple[Person, CoachingRequest]:
    """The learner's own request, or 404 (a guessed id reveals nothing)."""
    viewer = person_for(request)
    found = selectors.requests_of_learner(learner=viewer).filter(pk=pk).first()
    if found is None:
        raise Http404("No such request.")
    return viewer, found


# --- Learner ----------------------------------------------------------------------------------


@login_required
def my_requests(request: HttpRequest) -> HttpResponse:
    viewer = person_for(request)
    requests = list(selectors.requests_of_learner(learner=viewer))
    context = {
        "requests": requests,
        "open_request": next(
            (r for r in requests if r.status in CoachingRequest.OPEN_STATUSES), None
        ),
        "suggestion_count": selectors.suggestions_for(learner=viewer).count(),
        "invitation_count": selectors.invitations_for(person=viewer).count(),
    }
    return render(request, "enrollment/my_requests.html", context)


def _answering(request: HttpRequest, viewer: Person) -> Suggestion | Invitation | None:
    """The suggestion or invitation the request form answers, if any (the learner's own)."""
    source = request.POST if request.method == "POST" else request.GET
    if source.get("suggestion"):
        found = selectors.suggestions_for(learner=viewer).filter(pk=source["suggestion"]).first()
        if found is None:
            raise Http404("No such suggestion.")
        return found
    if source.get("invitation"):
        invitation = (
            selectors.invitations_for(person=viewer).filter(pk=source["invitation"]).first()
        )
        if invitation is None:
            raise Http404("No such invitation.")
        return invitation
    return None


@login_required
def request_new(request: HttpRequest) -> HttpResponse:
    """The learner asks for coaching for themselves. The form has no field for another
    person: the learner is always the signed-in person."""
    viewer = person_for(request)
    answering = _answering(request, viewer)
    existing = selectors.open_request_of(learner=viewer)
    if existing is not None:
        messages.info(request, "You already have an open coaching request.")
        return redirect("enrollment:request_detail", pk=existing.pk)
    form = RequestForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                if isinstance(answering, Suggestion):
                    created = services.suggestion_respond(
                        suggestion=answering, learner=viewer, accept=True, data=form.cleaned_data
                    )
                elif isinstance(answering, Invitation):
                    created = services.invitation_respond(
                        invitation=answering, person=viewer, accept=True, data=form.cleaned_data
                    )
                else:
                    created = services.request_create(learner=viewer, data=form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                assert created is not None
                messages.success(
                    request, "Your request is in. Next: a short readiness check (optional)."
                )
                return redirect("enrollment:request_detail", pk=created.pk)
        status = 400
    context = {"form": form, "answering": answering}
    return render(request, "enrollment/request_form.html", context, status=status)


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The learner's status page: timeline with dates, waitlist place, readiness, withdraw."""
    viewer, found = _own_request(request, pk)
    readiness = together = None
    if found.readiness_administration_id is not None:
        readiness = readiness_result(
            viewer=viewer,
            administration_id=found.readiness_administration_id,
            via=request_via(request),
        )
    if found.readiness_with_coach_id is not None:
        together = readiness_result(
            viewer=viewer, administration_id=found.readiness_with_coach_id, via=request_via(request)
        )
    intake = intake_latest(request=found)
    context = {
        "req": found,
        "withdrawal_reason": (
            found.withdrawal_reason
            if request_withdrawal_reason_visible_to(viewer=viewer, request=found)
            else None
        ),
        "history": selectors.status_history(request=found),
        "position": selectors.waitlist_position(found),
        "readiness": readiness,
        "together": together,
        "coachability": Coachability.objects.filter(request=found).first(),
        "intake": intake,
        "intake_note": (
            intake.note if intake and intake_note_visible_to(viewer=viewer, request=found) else None
        ),
        "withdraw_form": WithdrawForm(),
        "can_withdraw": found.status not in (S.CLOSED, S.WITHDRAWN),
        "readiness_open": found.status in (S.REQUESTED, S.READINESS),
        "steps": [
            (value, label) for value, label in S.choices if value not in (S.PAUSED, S.WITHDRAWN)
        ],
    }
    return render(request, "enrollment/request_detail.html", context)


@login_required
def request_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    viewer, found = _own_request(request, pk)
    if request.method != "POST":
        return redirect("enrollment:request_detail", pk=pk)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.request_withdraw(request=found, by=viewer, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Your request is withdrawn. You can ask again at any time.")
        return redirect("enrollment:request_detail", pk=pk)
    context = {"req": found, "withdraw_form": form}
    return render(request, "enrollment/withdraw_form.html", context, status=400)


@login_required
@require_POST
def readiness_start(request: HttpRequest, pk: int) -> HttpResponse:
    viewer, found = _own_request(request, pk)
    if found.status not in (S.REQUESTED, S.READINESS):
        messages.info(request, "The readiness step is behind you for this request.")
        return redirect("enrollment:request_detail", pk=pk)
    services.readiness_assign(request=found, by=viewer)
    assert found.readiness_administration_id is not None
    return redirect("instruments:fill", pk=found.readiness_administration_id)


@login_required
@require_POST
def readiness_done(request: HttpRequest, pk: int) -> HttpResponse:
    viewer, found = _own_request(request, pk)
    services.readiness_done(request=found, by=viewer)
    messages.success(request, "Your request is now with the program for matching with a coach.")
    return redirect("enrollment:request_detail", pk=pk)


@login_required
@require_POST
def readiness_with_coach(request: HttpRequest, pk: int) -> HttpResponse:
    """The coach gives the readiness check again, to fill in together with the learner."""
    viewer = person_for(request)
    found = (
        requests_with_words_visible_to(viewer=viewer)
        .filter(pk=pk)
        .select_related("learner", "engagement")
        .first()
    )
    if found is None:
        raise Http404("No such request.")
    try:
        services.readiness_with_coach_assign(request=found, coach=viewer)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The learner has the readiness check to fill in with you.")
    return redirect("enrollment:coachability", pk=pk)


@login_required
def coachability(request: HttpRequest, pk: int) -> HttpResponse:
    """The coachability baseline, in the learner's words: the learner, or the coach who may
    read the request (filling it in together), edits it."""
    viewer = person_for(request)
    found = (
        requests_with_words_visible_to(viewer=viewer)
        .filter(pk=pk)
        .select_related("learner", "engagement")
        .first()
    )
    if found is None:
        raise Http404("No such request.")
    baseline = Coachability.objects.filter(request=found).first()
    is_learner = found.learner_id == viewer.pk
    if not is_learner:
        request_words_read_audit(viewer=viewer, requests=[found], via=request_via(request))
    if request.method == "POST":
        form = CoachabilityForm(request.POST)
        if form.is_valid():
            services.coachability_save(
                request=found, by=viewer, data=form.cleaned_data, with_coach=not is_learner
            )
            messages.success(request, "Your starting point is saved.")
            if is_learner:
                return redirect("enrollment:request_detail", pk=pk)
            return redirect("enrollment:coachability", pk=pk)
        status = 400
    else:
        initial = (
            {n: getattr(baseline, n) for n in services.COACHABILITY_FIELDS} if baseline else {}
        )
        form = CoachabilityForm(initial=initial)
        status = 200
    engagement = found.engagement
    context = {
        "req": found,
        "form": form,
        "is_learner": is_learner,
        "baseline": baseline,
        "can_give_readiness": (
            engagement is not None
            and engagement.coach_id == viewer.pk
            and engagement.status == engagement.Status.ACTIVE
            and found.readiness_with_coach_id is None
        ),
    }
    return render(request, "enrollment/coachability_form.html", context, status=status)


@login_required
def suggestions(request: HttpRequest) -> HttpResponse:
    """Suggestions from the supervisor and campaign invitations waiting for the learner."""
    viewer = person_for(request)
    context = {
        "suggestions": selectors.suggestions_for(learner=viewer),
        "invitations": selectors.invitations_for(person=viewer),
        "open_request": selectors.open_request_of(learner=viewer),
    }
    return render(request, "enrollment/suggestions.html", context)


@login_required
@require_POST
def suggestion_decline(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = person_for(request)
    suggestion = selectors.suggestions_for(learner=viewer).filter(pk=pk).first()
    if suggestion is None:
        raise Http404("No such suggestion.")
    services.suggestion_respond(suggestion=suggestion, learner=viewer, accept=False)
    messages.success(request, "You declined the suggestion. Your supervisor is told only that.")
    return redirect("enrollment:suggestions")


@login_required
@require_POST
def invitation_decline(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = person_for(request)
    invitation = selectors.invitations_for(person=viewer).filter(pk=pk).first()
    if invitation is None:
        raise Http404("No such invitation.")
    services.invitation_respond(invitation=invitation, person=viewer, accept=False)
    messages.success(request, "You declined the invitation.")
    return redirect("enrollment:suggestions")


# --- Supervisor -------------------------------------------------------------------------------


def _team(person: Person) -> Any:
    ids = all_reports_ids(person_id=person.pk)
    return Person.objects.filter(pk__in=ids, is_active=True).order_by("last_name", "first_name")


@role_required(Role.SUPERVISOR)
def suggest(request: HttpRequest) -> HttpResponse:
    """Suggest coaching to someone in one's chain below. Only a suggestion: the team member
    decides. No page lets a supervisor create a request for someone else."""
    viewer = person_for(request)
    team = _team(viewer)
    form = SuggestForm(request.POST if request.method == "POST" else None, team=team)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.suggestion_create(
                    supervisor=viewer,
                    learner=form.cleaned_data["learner"],
                    message=form.cleaned_data["message"],
                )
            except (ValidationError, PermissionDenied) as error:
                form.add_error(
                    "learner", error.messages if isinstance(error, ValidationError) else str(error)
                )
            else:
                messages.success(
                    request, "Your suggestion is sent. You will hear whether they accept."
                )
                return redirect("enrollment:suggest")
        status = 400
    context = {"form": form, "sent": selectors.suggestions_by(supervisor=viewer)[:50]}
    return render(request, "enrollment/suggest.html", context, status=status)


# --- Program lead -----------------------------------------------------------------------------


def _lead_paths(request: HttpRequest) -> tuple[Person, list[str]]:
    viewer = person_for(request)
    return viewer, selectors.lead_scope_paths(person=viewer)


@role_required(Role.PROGRAM_LEAD)
def board(request: HttpRequest) -> HttpResponse:
    """Funnel, waitlist, stalled requests and the list, from structured fields only."""
    viewer, paths = _lead_paths(request)
    form = BoardFilterForm(
        request.GET or None,
        agencies=selectors.board_units(scope_paths=paths, kind=OrgUnit.Kind.AGENCY),
        offices=selectors.board_units(scope_paths=paths, kind=OrgUnit.Kind.OFFICE),
        campaigns=selectors.campaign_choices(scope_paths=paths),
    )
    filters = selectors.BoardFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.BoardFilters(
            agency=data["agency"],
            office=data["office"],
            status=data["status"],
            source=data["source"],
            campaign=data["campaign"],
            stalled_days=data["stalled_days"] or 14,
        )
    found = selectors.enrollment_board(scope_paths=paths, filters=filters)
    context = {"form": form, "board": found, "filters": filters, "row_limit": selectors.BOARD_ROWS}
    return render(request, "enrollment/board.html", context)


@role_required(Role.PROGRAM_LEAD)
def campaigns(request: HttpRequest) -> HttpResponse:
    viewer, paths = _lead_paths(request)
    context = {"campaigns": selectors.campaigns_in_scope(scope_paths=paths)[:100]}
    return render(request, "enrollment/campaigns.html", context)


@role_required(Role.PROGRAM_LEAD)
def campaign_new(request: HttpRequest) -> HttpResponse:
    viewer, paths = _lead_paths(request)
    units = selectors.board_units_all(scope_paths=paths)
    form = CampaignForm(request.POST if request.method == "POST" else None, units=units)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                campaign, count = services.campaign_create(lead=viewer, data=form.cleaned_data)
            except (ValidationError, PermissionDenied) as error:
                form.add_error(
                    "scope", error.messages if isinstance(error, ValidationError) else str(error)
                )
            else:
                verb = "enrolled (mandated)" if campaign.mandated else "invited"
                messages.success(request, f"Campaign “{campaign.name}” opened: {count} {verb}.")
                return redirect("enrollment:campaigns")
        status = 400
    return render(request, "enrollment/campaign_form.html", {"form": form}, status=status)
