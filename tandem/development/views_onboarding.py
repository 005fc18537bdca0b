"""Coach onboarding and training pages (issue #17 items 2 and 6). Thin: who may read or write
comes from tandem/privacy/development.py (`coach_for_facts`, `can_record_training`,
`can_confirm_onboarding`, `can_see_onboarding_readiness`), writes from services_onboarding.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from tandem.development import services_onboarding as services
from tandem.development.forms_onboarding import ShadowingForm, TrainingForm
from tandem.development.selectors_onboarding import (
    checklist_for,
    readiness_for,
    trainings_of,
)
from tandem.people.access import person_for, role_required
from tandem.people.models import Person, Role
from tandem.privacy.development import (
    can_confirm_onboarding,
    can_record_training,
    can_see_onboarding_readiness,
    coach_for_facts,
)
from tandem.ui.pagination import page_links, paginate


def _checklist_page(request: HttpRequest, viewer: Person, coach: Person) -> HttpResponse:
    checklist = checklist_for(coach=coach)
    return render(
        request,
        "development/onboarding_checklist.html",
        {
            "coach": coach,
            "checklist": checklist,
            "own": viewer.pk == coach.pk,
            "can_confirm": can_confirm_onboarding(viewer=viewer, coach=coach),
        },
    )


@role_required(Role.COACH)
def onboarding_mine(request: HttpRequest) -> HttpResponse:
    viewer = person_for(request)
    return _checklist_page(request, viewer, coach_for_facts(viewer=viewer, coach_id=viewer.pk))


@login_required
def onboarding_coach(request: HttpRequest, coach_pk: int) -> HttpResponse:
    viewer = person_for(request)
    return _checklist_page(request, viewer, coach_for_facts(viewer=viewer, coach_id=coach_pk))


@login_required
def shadowing_confirm(request: HttpRequest, coach_pk: int) -> HttpResponse:
    viewer = person_for(request)
    coach = coach_for_facts(viewer=viewer, coach_id=coach_pk)
    if not can_confirm_onboarding(viewer=viewer, coach=coach):
        raise PermissionDenied("The coach supervisor or a program lead confirms shadowing.")
    form = ShadowingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.shadowing_confirm(
                viewer=viewer,
                coach=coach,
                completed_on=form.cleaned_data["completed_on"],
                note=form.cleaned_data["note"],
                via=request.path,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Shadowing confirmed for {coach.full_name}.")
            return redirect("development:onboarding_coach", coach_pk=coach.pk)
    return render(
        request,
        "development/onboarding_shadowing.html",
        {"coach": coach, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def onboarding_readiness(request: HttpRequest) -> HttpResponse:
    viewer = person_for(request)
    if not can_see_onboarding_readiness(viewer=viewer):
        raise PermissionDenied("This page is for program leads and coach supervisors.")
    rows = readiness_for(viewer=viewer)
    page = paginate(request, rows)
    return render(
        request,
        "development/onboarding_readiness.html",
        {
            "page": page,
            "page_links": page_links(page),
            "total": len(rows),
            "ready": sum(1 for row in rows if row.ready),
        },
    )


@login_required
def training_coach(request: HttpRequest, coach_pk: int) -> HttpResponse:
    """The coach's training records, and the form to add one for those who may."""
    viewer = person_for(request)
    coach = coach_for_facts(viewer=viewer, coach_id=coach_pk)
    may_record = can_record_training(viewer=viewer, coach=coach)
    form = TrainingForm(request.POST or None) if may_record else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("You cannot record training for this coach.")
        if form.is_valid():
            try:
                services.model_training_record(
                    viewer=viewer,
                    coach=coach,
                    model=form.cleaned_data["model"],
                    completed_on=form.cleaned_data["completed_on"],
                    provider=form.cleaned_data["provider"],
                    hours=form.cleaned_data["hours"],
                    via=request.path,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Training recorded.")
                return redirect("development:training_coach", coach_pk=coach.pk)
    context: dict[str, Any] = {
        "coach": coach,
        "own": viewer.pk == coach.pk,
        "trainings": list(trainings_of(coach=coach)),
        "form": form,
    }
    return render(
        request,
        "development/onboarding_training.html",
        context,
        status=400 if form is not None and form.errors else 200,
    )
