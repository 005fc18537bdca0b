"""Matching pages: one request, a whole cohort, weights, conflicts, and the coach's offers.

Program leads work from structured fields only; the learner's words are read through the
privacy policy and reach only the coach a request was offered to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from tandem.enrollment.forms import IntakeForm
from tandem.enrollment.intake import NOT_FITTING, OPEN_FOR_INTAKE, intake_latest, intake_record
from tandem.enrollment.matching import selectors, services
from tandem.enrollment.matching.engine import FACTOR_LABELS, FACTOR_NAMES, Exclusion
from tandem.enrollment.matching.forms import (
    CohortForm,
    ConflictForm,
    DeclineForm,
    ProposeForm,
    WeightsForm,
)
from tandem.enrollment.models import CoachingRequest, Intake, Match, MatchingWeights
from tandem.enrollment.selectors import campaigns_in_scope
from tandem.people.access import person_for, request_roles, role_required
from tandem.people.models import Person, Role
from tandem.privacy.requests import intake_note_read, request_words_read_audit
from tandem.ui.forms import add_service_errors

SHOWN_IN_DETAIL = 10


def _errors(error: ValidationError) -> list[str]:
    return list(error.messages)


# --- One request ------------------------------------------------------------------------------


# Exclusions that concern this learner in particular are listed one by one; the rest (full or
# inactive coaches, the same for every request) are grouped so the page stays light.
PERSONAL = (selectors.SUPERVISOR_REASON, selectors.ABOVE_REASON, selectors.CONFLICT_REASON)


@dataclass(frozen=True)
class ExclusionGroup:
    reason: str
    names: str
    count: int


def _group_of(reason: str) -> str:
    for prefix in ("At capacity", "Contract ended", "Contract starts"):
        if reason.startswith(prefix):
            return prefix
    return reason


def _exclusions_shown(
    exclusions: list[Exclusion],
) -> tuple[list[Exclusion], list[ExclusionGroup]]:
    personal = [e for e in exclusions if set(e.reasons) & set(PERSONAL)]
    groups: dict[str, list[str]] = {}
    for e in exclusions:
        if not set(e.reasons) & set(PERSONAL):
            groups.setdefault(_group_of(e.reasons[0]), []).append(e.name)
    return personal, [
        ExclusionGroup(reason, ", ".join(names), len(names)) for reason, names in groups.items()
    ]


def _request_page(
    request: HttpRequest,
    lead: Person,
    coaching_request: CoachingRequest,
    form: Any = None,
    intake_form: IntakeForm | None = None,
) -> HttpResponse:
    suggestions, exclusions, weights = selectors.suggestions_for(
        request=coaching_request, today=timezone.localdate()
    )
    intake = intake_latest(request=coaching_request)
    fits = intake is not None and intake.decision == Intake.Decision.FITS
    show_all = request.GET.get("all") == "1" or form is not None
    if form is None:
        form = ProposeForm(suggestions=suggestions if show_all else suggestions[:SHOWN_IN_DETAIL])
    personal, groups = _exclusions_shown(exclusions)
    live = selectors.live_match(request=coaching_request)
    return render(
        request,
        "matching/request.html",
        {
            "coaching_request": coaching_request,
            "modalities": list(coaching_request.modalities.all()),
            "suggestions": suggestions[:SHOWN_IN_DETAIL],
            "more_suggestions": suggestions[SHOWN_IN_DETAIL:] if show_all else [],
            "hidden_count": 0 if show_all else max(0, len(suggestions) - SHOWN_IN_DETAIL),
            "allowed_count": len(suggestions),
            "personal_exclusions": personal,
            "exclusion_groups": groups,
            "excluded_count": len(exclusions),
            "weights": [(FACTOR_LABELS[name], weights[name]) for name in FACTOR_NAMES],
            "live": live,
            "history": list(selectors.match_history(request=coaching_request)),
            "form": form,
            "intake": intake,
            "intake_note": intake_note_read(
                viewer=lead, request=coaching_request, intake=intake, via=f"GET {request.path}"
            ),
            "intake_form": intake_form or IntakeForm(initial={"held_on": timezone.localdate()}),
            "intake_open": coaching_request.status in OPEN_FOR_INTAKE,
            "intake_missing": coaching_request.status == CoachingRequest.Status.MATCHING
            and not fits,
            "not_fitting": NOT_FITTING,
            "can_propose": coaching_request.status == CoachingRequest.Status.MATCHING and fits,
            "can_reopen": coaching_request.status == CoachingRequest.Status.AGREEMENT,
        },
        status=400 if form.is_bound or (intake_form is not None and intake_form.is_bound) else 200,
    )


@role_required(Role.PROGRAM_LEAD)
def request_matching(request: HttpRequest, pk: int) -> HttpResponse:
    lead = person_for(request)
    coaching_request = selectors.request_for_lead(lead=lead, request_id=pk)
    return _request_page(request, lead, coaching_request)


@role_required(Role.PROGRAM_LEAD)
@require_POST
def propose(request: HttpRequest, pk: int) -> HttpResponse:
    lead = person_for(request)
    coaching_request = selectors.request_for_lead(lead=lead, request_id=pk)
    suggestions, _, _ = selectors.suggestions_for(
        request=coaching_request, today=timezone.localdate()
    )
    form = ProposeForm(request.POST, suggestions=suggestions)
    if form.is_valid():
        try:
            services.match_propose(
                request=coaching_request,
                coach_id=form.cleaned_data["coach"],
                by=lead,
                override_reason=form.cleaned_data["override_reason"],
                chemistry=form.cleaned_data["chemistry"],
            )
        except ValidationError as error:
            for message in _errors(error):
                form.add_error(None, message)
        else:
            messages.success(request, "The request was offered to the coach.")
            return redirect("matching:request", pk=pk)
    return _request_page(request, lead, coaching_request, form)


@role_required(Role.PROGRAM_LEAD)
@require_POST
def intake(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the intake conversation held with the learner (seed 001)."""
    lead = person_for(request)
    coaching_request = selectors.request_for_lead(lead=lead, request_id=pk)
    form = IntakeForm(request.POST)
    if form.is_valid():
        try:
            intake_record(request=coaching_request, by=lead, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The intake conversation is recorded.")
            return redirect(f"{reverse('matching:request', args=[pk])}#intake")
    return _request_page(request, lead, coaching_request, intake_form=form)


@role_required(Role.PROGRAM_LEAD)
@require_POST
def chemistry(request: HttpRequest, pk: int) -> HttpResponse:
    lead = person_for(request)
    match = Match.objects.filter(pk=pk).only("request_id").first()
    coaching_request = selectors.request_for_lead(
        lead=lead, request_id=match.request_id if match else 0
    )
    match = Match.objects.select_related("request__learner", "coach").get(pk=pk)
    try:
        services.match_chemistry_ask(match=match, by=lead)
    except ValidationError as error:
        messages.error(request, " ".join(_errors(error)))
    else:
        messages.success(request, "A chemistry meeting comes first; the coach was told.")
    return redirect("matching:request", pk=coaching_request.pk)


@role_required(Role.PROGRAM_LEAD)
@require_POST
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    lead = person_for(request)
    coaching_request = selectors.request_for_lead(lead=lead, request_id=pk)
    try:
        services.match_reopen(request=coaching_request, by=lead)
    except ValidationError as error:
        messages.error(request, " ".join(_errors(error)))
    else:
        messages.success(request, "The request is back in matching; offer it to another coach.")
    return redirect("matching:request", pk=pk)


# --- A cohort ---------------------------------------------------------------------------------


@role_required(Role.PROGRAM_LEAD)
def cohort(request: HttpRequest) -> HttpResponse:
    lead = person_for(request)
    paths = selectors.lead_paths(person=lead)
    campaigns = campaigns_in_scope(scope_paths=paths).order_by("-opens_on", "name")
    form = CohortForm(request.GET or None, campaigns=campaigns)
    campaign = form.cleaned_data.get("campaign") if form.is_valid() else None
    requests = selectors.cohort_requests(paths=paths, campaign_id=campaign.pk if campaign else None)
    rows: list[selectors.CohortRow] | None = None
    if request.GET.get("run") and requests:
        scope_path = campaign.scope.path if campaign else paths[0]
        rows = selectors.cohort_run(
            requests=requests,
            weights=selectors.weights_for(unit_path=scope_path),
            today=timezone.localdate(),
        )
    return render(
        request,
        "matching/cohort.html",
        {
            "form": form,
            "requests": requests,
            "rows": rows,
            "assigned": [r for r in rows or [] if r.coach is not None],
            "unassigned": [r for r in rows or [] if r.coach is None],
        },
    )


@role_required(Role.PROGRAM_LEAD)
@require_POST
def cohort_confirm(request: HttpRequest) -> HttpResponse:
    lead = person_for(request)
    pairs: list[tuple[int, int]] = []
    for value in request.POST.getlist("pair"):
        request_id, _, coach_id = value.partition(":")
        if request_id.isdigit() and coach_id.isdigit():
            pairs.append((int(request_id), int(coach_id)))
    waitlist = [int(v) for v in request.POST.getlist("waitlist") if v.isdigit()]
    made, refused = services.cohort_confirm(lead=lead, pairs=pairs)
    waiting = services.waitlist_unassigned(lead=lead, request_ids=waitlist)
    if made:
        messages.success(request, f"{len(made)} request(s) offered to coaches.")
    if waiting:
        messages.info(request, f"{waiting} request(s) put on the waitlist.")
    for problem in refused:
        messages.warning(request, problem)
    return redirect("matching:cohort")


# --- Weights ----------------------------------------------------------------------------------


@role_required(Role.PROGRAM_LEAD)
def weights(request: HttpRequest) -> HttpResponse:
    lead = person_for(request)
    paths = selectors.lead_paths(person=lead)
    scopes = selectors.units_for(paths=paths)
    if request.method == "POST":
        form = WeightsForm(request.POST, scopes=scopes)
        if form.is_valid():
            try:
                services.weights_update(
                    scope=form.cleaned_data["scope"], by=lead, data=form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, _errors(error))
            else:
                messages.success(request, "Matching weights saved.")
                return redirect("matching:weights")
        status = 400
    else:
        first = scopes.first()
        current = selectors.weights_for(unit_path=first.path) if first else {}
        form = WeightsForm(scopes=scopes, initial={"scope": first, **current})
        status = 200
    rows = MatchingWeights.objects.filter(scope__in=scopes).select_related("scope", "updated_by")
    return render(
        request,
        "matching/weights.html",
        {"form": form, "rows": rows, "factor_names": FACTOR_NAMES},
        status=status,
    )


# --- Conflicts of interest --------------------------------------------------------------------


@role_required(Role.COACH, Role.PROGRAM_LEAD)
def conflicts(request: HttpRequest) -> HttpResponse:
    viewer = person_for(request)
    paths = selectors.lead_paths(person=viewer)
    coach_ids = set(selectors.coaches_in_scope(paths=paths).values_list("pk", flat=True))
    if hasattr(viewer, "coach_profile") and Role.COACH in request_roles(request):
        coach_ids.add(viewer.pk)
    if not coach_ids:
        raise PermissionDenied("Conflicts are declared by coaches and program leads.")
    coaches = Person.objects.filter(pk__in=coach_ids).order_by("last_name", "first_name", "pk")
    status = 200
    if request.method == "POST":
        form = ConflictForm(request.POST, coaches=coaches)
        if form.is_valid():
            try:
                services.conflict_declare(
                    coach=form.cleaned_data["coach"],
                    person=form.cleaned_data["person_email"],
                    by=viewer,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                form.add_error(None, _errors(error))
            else:
                messages.success(request, "The conflict is recorded; they will never be matched.")
                return redirect("matching:conflicts")
        status = 400
    else:
        form = ConflictForm(
            coaches=coaches, initial={"coach": viewer.pk} if viewer.pk in coach_ids else {}
        )
    return render(
        request,
        "matching/conflicts.html",
        {"form": form, "conflicts": list(selectors.conflicts_visible_to(viewer=viewer))},
        status=status,
    )


# --- The coach's offers -----------------------------------------------------------------------


@dataclass(frozen=True)
class Offer:
    match: Match
    words: dict[str, str] | None  # None: the policy does not let this coach read them
    form: DeclineForm


def _incoming_page(
    request: HttpRequest, coach: Person, decline: tuple[int, DeclineForm] | None = None
) -> HttpResponse:
    matches = list(selectors.incoming_for(coach=coach))
    words = selectors.request_words_for(viewer=coach, request_ids=[m.request_id for m in matches])
    offers = [
        Offer(
            match=m,
            # Words show only on a live offer, even when an older one is kept in the list.
            words=words.get(m.request_id) if m.status in selectors.LIVE_MATCH else None,
            form=decline[1] if decline and decline[0] == m.pk else DeclineForm(prefix=f"m{m.pk}"),
        )
        for m in matches
    ]
    shown = [o.match.request for o in offers if o.words is not None]
    if shown:
        request_words_read_audit(viewer=coach, requests=shown, via=f"GET {request.path}")
    return render(
        request,
        "matching/incoming.html",
        {
            "open": [o for o in offers if o.match.status in selectors.OFFERED],
            "answered": [o for o in offers if o.match.status not in selectors.OFFERED],
        },
        status=400 if decline else 200,
    )


@role_required(Role.COACH)
def incoming(request: HttpRequest) -> HttpResponse:
    return _incoming_page(request, person_for(request))


@role_required(Role.COACH)
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    coach = person_for(request)
    match = selectors.match_for_coach(coach=coach, match_id=pk)
    try:
        services.match_accept(match=match, coach=coach)
    except ValidationError as error:
        messages.error(request, " ".join(_errors(error)))
    else:
        messages.success(request, "You took on the request. The coaching agreement is next.")
    return redirect("matching:incoming")


@role_required(Role.COACH)
@require_POST
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    coach = person_for(request)
    match = selectors.match_for_coach(coach=coach, match_id=pk)
    form = DeclineForm(request.POST, prefix=f"m{match.pk}")
    if form.is_valid():
        try:
            services.match_decline(match=match, coach=coach, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, "You declined. The program lead will find another coach.")
            return redirect("matching:incoming")
    return _incoming_page(request, coach, decline=(match.pk, form))
