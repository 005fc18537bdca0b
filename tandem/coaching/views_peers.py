"""Peer coaching pairs: the peers' page (ask a colleague, answer, see the pairs) and the
program lead's page to set one up (tandem/coaching/peers.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from tandem.coaching.forms import PeerPairForm, PeerProposalForm
from tandem.coaching.peers import (
    pairs_in_scope,
    pairs_of,
    peer_by_email,
    peer_pair_set_up,
    peer_proposal_answer,
    peer_proposal_create,
    proposals_of,
)
from tandem.people.access import person_for, request_roles, role_required
from tandem.people.models import Role
from tandem.ui.forms import add_service_errors

ANSWERS = {
    "agree": "You agreed: the two of you now coach each other. Start your agreements from "
    "each side's page.",
    "decline": "You declined. Nothing is set up.",
    "withdraw": "Your request is withdrawn.",
}


@login_required
@require_http_methods(["GET", "POST"])
def peer_pairs(request: HttpRequest) -> HttpResponse:
    viewer = person_for(request)
    form = PeerProposalForm()
    status = 200
    if request.method == "POST":
        answer = request.POST.get("answer", "")
        if answer in ANSWERS:
            try:
                proposal_id = int(request.POST.get("proposal", ""))
            except ValueError:
                proposal_id = 0
            try:
                peer_proposal_answer(person=viewer, proposal_id=proposal_id, answer=answer)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, ANSWERS[answer])
            return redirect("coaching:peer_pairs")
        form = PeerProposalForm(request.POST)
        if form.is_valid():
            try:
                partner = peer_by_email(email=form.cleaned_data["email"])
                peer_proposal_create(
                    proposer=viewer,
                    partner=partner,
                    focus=form.cleaned_data["focus"],
                    peer_feedback=form.cleaned_data["peer_feedback"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    f"{partner.full_name} is asked. The pair is set up once they agree.",
                )
                return redirect("coaching:peer_pairs")
        status = 400
    is_lead = Role.PROGRAM_LEAD in request_roles(request)
    context = {
        "viewer": viewer,
        "pairs": pairs_of(person=viewer),
        "proposals": list(proposals_of(person=viewer)),
        "form": form,
        "is_lead": is_lead,
        "scope_pairs": list(pairs_in_scope(lead=viewer)) if is_lead else [],
    }
    return render(request, "coaching/peer_pairs.html", context, status=status)


@role_required(Role.PROGRAM_LEAD)
@require_http_methods(["GET", "POST"])
def peer_pair_new(request: HttpRequest) -> HttpResponse:
    """A program lead sets up a pair of two people in their scope."""
    lead = person_for(request)
    if request.method == "POST":
        form = PeerPairForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                first = peer_by_email(email=data["first_email"], field="first_email")
                second = peer_by_email(email=data["second_email"], field="second_email")
                peer_pair_set_up(
                    lead=lead,
                    first=first,
                    second=second,
                    purpose=data["purpose"],
                    focus=data["focus"],
                    peer_feedback=data["peer_feedback"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    f"{first.full_name} and {second.full_name} now coach each other. Both are "
                    "told.",
                )
                return redirect("coaching:peer_pairs")
        status = 400
    else:
        form, status = PeerPairForm(), 200
    return render(request, "coaching/peer_pair_new.html", {"form": form}, status=status)
