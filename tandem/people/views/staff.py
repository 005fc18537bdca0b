"""The people list (staff directory search) and one person's page."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from tandem.people.forms import PersonFilterForm
from tandem.people.models import OrgUnit, Person, Role
from tandem.people.selectors import (
    agencies_of,
    chain_of_command,
    org_path,
    person_directory,
    role_grants,
)
from tandem.people.views._common import directory_view, render_results
from tandem.ui.pagination import page_links, paginate


@dataclass(frozen=True)
class PersonRow:
    person: Person
    agency: OrgUnit | None


@directory_view
def person_list(request: HttpRequest) -> HttpResponse:
    form = PersonFilterForm(request.GET)
    page = paginate(request, person_directory(**form.filters()))
    agencies = agencies_of(units=[person.org_unit for person in page])
    rows = [PersonRow(person, agencies.get(person.org_unit_id)) for person in page]
    context = {"form": form, "page": page, "page_links": page_links(page), "rows": rows}
    return render_results(
        request, "people/person_list.html", "people/_person_results.html", context
    )


@dataclass(frozen=True)
class RoleRow:
    label: str
    scope_id: int
    scope_name: str


@directory_view
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(
        Person.objects.select_related("org_unit", "supervisor", "coach_profile"), pk=pk
    )
    reports = (
        Person.objects.filter(supervisor=person)
        .select_related("org_unit")
        .order_by("-is_active", "last_name", "first_name", "pk")
    )
    roles = sorted(
        (RoleRow(Role(g.role).label, g.scope_id, g.scope_name) for g in role_grants(person=person)),
        key=lambda row: (row.label, row.scope_name),
    )
    context = {
        "person": person,
        "org_path": org_path(unit=person.org_unit),
        "chain": chain_of_command(person=person),
        "reports": list(reports),
        "roles": roles,
        # A reverse one-to-one raises when missing; getattr turns that into None.
        "coach_profile": getattr(person, "coach_profile", None),
    }
    return render(request, "people/person_detail.html", context)
