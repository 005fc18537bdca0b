"""The administrator's staff pages: roles and coach profiles of the staff they administer.

Who may do what, and the record of every change, are in `tandem/privacy/staffing.py`; these
views only call it. Nothing here reads coaching records.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tandem.people.access import person_for, role_required
from tandem.people.models import CoachProfile, Person, Role, RoleAssignment
from tandem.people.selectors import Status, org_path, person_directory
from tandem.privacy.staffing import (
    administered_paths,
    coach_profile_save,
    coach_profile_stop_taking_learners,
    person_for_administrator,
    role_end,
    role_grant,
    staff_administered,
    staff_changes,
    units_administered,
)
from tandem.ui.forms import add_service_errors
from tandem.ui.locking import Conflict, conflict_shown, rebased
from tandem.ui.pagination import page_links, paginate
from tandem.web.staffing_forms import CoachProfileForm, RoleGrantForm, StaffSearchForm

administrator_only = role_required(Role.ADMINISTRATOR)

_ROLES = Prefetch(
    "role_assignments",
    queryset=RoleAssignment.objects.select_related("scope").order_by("role", "scope__path"),
)


@administrator_only
def staff_list(request: HttpRequest) -> HttpResponse:
    actor = person_for(request)
    form = StaffSearchForm(request.GET)
    filters = form.filters()
    people = person_directory(
        query=filters["query"], role=filters["role"], status=Status.ACTIVE
    ).filter(pk__in=staff_administered(actor=actor).values("pk"))
    if filters["coach"] is not None:
        people = people.filter(coach_profile__isnull=not filters["coach"])
    people = people.select_related("coach_profile").prefetch_related(_ROLES)
    page = paginate(request, people)
    context = {"form": form, "page": page, "page_links": page_links(page)}
    return render(request, "web/staffing/staff_list.html", context)


def _detail(
    request: HttpRequest, actor: Person, person: Person, grant_form: RoleGrantForm | None = None
) -> dict[str, Any]:
    paths = administered_paths(actor=actor)
    roles = list(
        RoleAssignment.objects.filter(person=person)
        .select_related("scope")
        .order_by("role", "scope__path")
    )
    return {
        "person": person,
        "org_path": org_path(unit=person.org_unit),
        "is_self": person.pk == actor.pk,
        "roles": [(r, any(r.scope.path.startswith(path) for path in paths)) for r in roles],
        "grant_form": grant_form or RoleGrantForm(units=units_administered(actor=actor)),
        "profile": CoachProfile.objects.filter(person=person)
        .select_related("office")
        .prefetch_related("practice_areas", "languages", "modalities")
        .first(),
        "changes": staff_changes(person=person),
    }


@administrator_only
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = person_for(request)
    person = person_for_administrator(actor=actor, person_id=pk)
    return render(request, "web/staffing/staff_detail.html", _detail(request, actor, person))


@administrator_only
@require_POST
def role_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = person_for(request)
    person = person_for_administrator(actor=actor, person_id=pk)
    form = RoleGrantForm(request.POST, units=units_administered(actor=actor))
    if form.is_valid():
        try:
            assignment = role_grant(
                actor=actor,
                person=person,
                role=form.cleaned_data["role"],
                scope=form.cleaned_data["scope"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{person.full_name} is now {assignment.get_role_display().lower()} over "
                f"{assignment.scope.name}.",
            )
            return redirect("staffing:staff_detail", pk=pk)
    context = _detail(request, actor, person, grant_form=form)
    return render(request, "web/staffing/staff_detail.html", context, status=400)


@administrator_only
@require_POST
def role_remove(request: HttpRequest, pk: int, role_pk: int) -> HttpResponse:
    actor = person_for(request)
    person = person_for_administrator(actor=actor, person_id=pk)
    try:
        role_end(actor=actor, person=person, assignment_id=role_pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The role has ended. {person.full_name} has been told.")
    return redirect("staffing:staff_detail", pk=pk)


@administrator_only
def coach_profile(request: HttpRequest, pk: int) -> HttpResponse:
    """Create the person's coach profile, or change it."""
    actor = person_for(request)
    person = person_for_administrator(actor=actor, person_id=pk)
    offices = units_administered(actor=actor)
    profile = CoachProfile.objects.filter(person=person).first()
    status, conflict = 200, None
    if request.method == "POST":
        with transaction.atomic():
            # The form checks the version under a row lock held until the save (as the admin).
            form = CoachProfileForm(request.POST, instance=profile, offices=offices)
            if form.is_valid():
                try:
                    saved, created = coach_profile_save(
                        actor=actor,
                        person=person,
                        data=form.profile_data(),
                        base_version=form.opened_version if profile is not None else None,
                    )
                except Conflict as stale:
                    form = CoachProfileForm(
                        rebased(request.POST, stale), instance=stale.current, offices=offices
                    )
                    form.conflict = stale
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(
                        request,
                        f"{person.full_name}'s coach profile is "
                        f"{'created' if created else 'saved'}."
                        + (" They are offered in matching." if saved.accepting_learners else ""),
                    )
                    return redirect("staffing:staff_detail", pk=pk)
        found: Conflict | None = getattr(form, "conflict", None)
        if found is not None:
            current = CoachProfile.objects.get(pk=found.current.pk)
            saved_form = CoachProfileForm(instance=current, offices=offices)
            conflict = conflict_shown(found, saved=saved_form, yours=form)
        status = 409 if conflict else 400
    else:
        form = CoachProfileForm(instance=profile, offices=offices)
    context = {"person": person, "profile": profile, "form": form, "conflict": conflict}
    return render(request, "web/staffing/coach_profile.html", context, status=status)


@administrator_only
@require_POST
def coach_stop(request: HttpRequest, pk: int) -> HttpResponse:
    actor = person_for(request)
    person = person_for_administrator(actor=actor, person_id=pk)
    if coach_profile_stop_taking_learners(actor=actor, person=person):
        messages.success(
            request,
            f"{person.full_name} no longer takes new learners: matching stops offering them. "
            "Their current learners keep them as coach.",
        )
    else:
        messages.info(request, f"{person.full_name} was not taking new learners.")
    return redirect("staffing:staff_detail", pk=pk)
