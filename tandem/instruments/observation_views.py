"""Observation pages: the list for one engagement, recording one, and reading one. Only the
engagement's coach and learner open them; reads and writes are audited (observation_selectors,
observation_services)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from tandem.instruments.models import Response
from tandem.instruments.observation_forms import ObservationForm
from tandem.instruments.observation_selectors import observation_get, observations_for
from tandem.instruments.observation_services import ObservationError, observation_record
from tandem.people.access import person_for, request_via
from tandem.privacy.categories import Category
from tandem.privacy.policy import engagement_access


@login_required
def observation_list(request: HttpRequest, pk: int) -> HttpResponse:
    access = engagement_access(viewer=person_for(request), engagement_id=pk)
    observations = observations_for(access=access, via=request_via(request))
    context = {"engagement": access.engagement, "access": access, "observations": observations}
    return render(request, "instruments/observation_list.html", context)


@login_required
def observation_new(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for(request)
    access = engagement_access(viewer=person, engagement_id=pk)
    if not (access.is_participant and access.sees(Category.COACH_LEARNER)):
        raise PermissionDenied("Only the coach and the learner record observations.")
    form = ObservationForm(request.POST or None, access=access)
    if request.method == "POST" and form.is_valid():
        try:
            observation = observation_record(
                author=person, access=access, via=request_via(request), **form.cleaned_data
            )
        except ObservationError as error:
            for name, problem in error.problems.items():
                form.add_error(name if name in form.fields else None, problem)
        else:
            administration = observation.administration
            if administration is not None and administration.respondent_id == person.pk:
                messages.success(request, "The observation is saved. Now fill in the form.")
                return redirect("instruments:fill", pk=administration.pk)
            messages.success(request, "The observation is saved.")
            return redirect("instruments:observation_detail", pk=observation.pk)
    status = 400 if form.errors else 200
    context = {"engagement": access.engagement, "form": form}
    return render(request, "instruments/observation_form.html", context, status=status)


@login_required
def observation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = person_for(request)
    observation, access = observation_get(
        viewer=viewer, observation_id=pk, via=request_via(request)
    )
    administration = observation.administration
    rubric = ""
    if administration is not None:
        submitted = administration.response.status == Response.Status.SUBMITTED
        if submitted:
            rubric = "results"
        elif administration.respondent_id == viewer.pk:
            rubric = "fill"
        else:
            rubric = "waiting"
    context = {
        "observation": observation,
        "engagement": access.engagement,
        "access": access,
        "rubric": rubric,
    }
    return render(request, "instruments/observation_detail.html", context)
