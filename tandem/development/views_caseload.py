"""Caseload and fidelity pages (issue #17 items 3 and 4): thin views; who sees what is decided
in tandem/privacy/development.py and tandem/privacy/responses.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from tandem.development.forms_caseload import PracticeObservationForm, WorkloadFilterForm
from tandem.development.selectors_caseload import (
    caseload_of,
    caseloads,
    coaches_queryset,
    in_office,
    offices_under,
    sorted_by,
    with_load,
)
from tandem.development.selectors_fidelity import fidelity_chart, practice_ratings_read
from tandem.development.services_fidelity import practice_observation_request
from tandem.instruments.administration_services import AssignError
from tandem.people.access import person_for, request_via, role_required
from tandem.people.models import Person, Role
from tandem.privacy.development import (
    can_request_practice_rating,
    can_see_coach_facts,
    can_see_coach_fidelity,
    can_see_workload,
    coach_for_facts,
    is_coach,
    program_lead_paths,
    supervised_coach_ids,
    workload_coaches_for,
)
from tandem.ui.pagination import page_links, paginate


def _caseload_page(request: HttpRequest, viewer: Person, coach: Person) -> HttpResponse:
    context = {
        "coach": coach,
        "is_self": viewer.pk == coach.pk,
        "caseload": caseload_of(coach=coach),
        "can_request": can_request_practice_rating(viewer=viewer, coach=coach),
    }
    return render(request, "development/caseload_detail.html", context)


@login_required
def caseload_mine(request: HttpRequest) -> HttpResponse:
    viewer = person_for(request)
    if not is_coach(viewer):
        raise PermissionDenied("This page is for coaches.")
    return _caseload_page(request, viewer, viewer)


@login_required
def caseload_coach(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = person_for(request)
    return _caseload_page(request, viewer, coach_for_facts(viewer=viewer, coach_id=pk))


def _table_context(request: HttpRequest, coaches: object, label: str) -> dict[str, object]:
    page = paginate(request, coaches)
    return {
        "page": page,
        "page_links": page_links(page),
        "pagination_label": label,
        "rows": caseloads(coaches=list(page.object_list)),
    }


@role_required(Role.COACH_SUPERVISOR)
def caseload_supervised(request: HttpRequest) -> HttpResponse:
    viewer = person_for(request)
    coaches = with_load(
        Person.objects.filter(pk__in=supervised_coach_ids(supervisor=viewer))
    ).select_related("org_unit")
    context = _table_context(request, sorted_by(coaches, "name"), "Pages of coaches")
    return render(request, "development/caseload_supervised.html", context)


@login_required
def workload(request: HttpRequest) -> HttpResponse:
    viewer = person_for(request)
    if not can_see_workload(viewer=viewer):
        raise PermissionDenied("The program's workload view is for program leads.")
    form = WorkloadFilterForm(
        request.GET or None, offices=offices_under(paths=program_lead_paths(viewer))
    )
    office, sort = None, "load"
    if form.is_valid():
        office = form.cleaned_data["office"]
        sort = form.cleaned_data["sort"] or "load"
    coaches = in_office(coaches_queryset().filter(workload_coaches_for(viewer=viewer)), office)
    ordered = sorted_by(with_load(coaches).select_related("org_unit"), sort)
    context = _table_context(request, ordered, "Pages of coaches") | {"form": form}
    return render(request, "development/caseload_workload.html", context)


def _fidelity_page(request: HttpRequest, viewer: Person, coach: Person) -> HttpResponse:
    ratings = practice_ratings_read(viewer=viewer, coach=coach, via=request_via(request))
    context = {
        "coach": coach,
        "is_self": viewer.pk == coach.pk,
        "ratings": ratings,
        "chart": fidelity_chart(coach=coach, ratings=ratings),
        "can_request": can_request_practice_rating(viewer=viewer, coach=coach),
    }
    return render(request, "development/caseload_fidelity.html", context)


@login_required
def fidelity_mine(request: HttpRequest) -> HttpResponse:
    viewer = person_for(request)
    if not is_coach(viewer):
        raise PermissionDenied("This page is for coaches.")
    return _fidelity_page(request, viewer, viewer)


def _coach(viewer: Person, pk: int) -> Person:
    coach = Person.objects.select_related("org_unit").filter(pk=pk).first()
    if coach is None or not can_see_coach_fidelity(viewer=viewer, coach=coach):
        raise Http404("No such coach.")
    return coach


@login_required
def fidelity_coach(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = person_for(request)
    return _fidelity_page(request, viewer, _coach(viewer, pk))


@login_required
def fidelity_observe(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = person_for(request)
    coach = Person.objects.select_related("org_unit").filter(pk=pk).first()
    if coach is None or not (
        can_see_coach_facts(viewer=viewer, coach=coach)
        or can_request_practice_rating(viewer=viewer, coach=coach)
    ):
        raise Http404("No such coach.")
    if not can_request_practice_rating(viewer=viewer, coach=coach):
        raise PermissionDenied("You cannot ask for observations of this coach's practice.")
    form = PracticeObservationForm(request.POST or None, coach=coach, assigner=viewer)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            administration = practice_observation_request(
                assigned_by=viewer,
                coach=coach,
                session=data["session"],
                observer=data["observer"],
                learner_agreed=data["learner_agreed"],
                due_on=data["due_on"],
                via=request_via(request),
            )
        except AssignError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, str(error))
        else:
            if administration.respondent_id == viewer.pk:
                messages.success(request, "The observation is set up. Fill in the rating scale.")
                return redirect("instruments:fill", pk=administration.pk)
            messages.success(
                request, f"{administration.respondent.full_name} is asked to observe the session."
            )
            return redirect("development:fidelity_coach", pk=coach.pk)
    status = 400 if form.errors else 200
    context = {"coach": coach, "form": form}
    return render(request, "development/caseload_observe.html", context, status=status)
