"""The organization tree: agencies under each root, and one unit with its children and staff."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from tandem.people.models import OrgUnit, Person
from tandem.people.selectors import head_counts
from tandem.people.views._common import directory_view
from tandem.ui.pagination import page_links, paginate


@dataclass(frozen=True)
class UnitRow:
    unit: OrgUnit
    head_count: int


@dataclass(frozen=True)
class RootSection:
    root: OrgUnit
    head_count: int
    agencies: list[UnitRow]


@directory_view
def orgunit_list(request: HttpRequest) -> HttpResponse:
    roots = list(OrgUnit.objects.get_root_nodes())
    # The roots' children are the agencies (counties); drilling down starts from them.
    agencies = list(OrgUnit.objects.filter(depth=2).order_by("path"))
    counts = head_counts(units=[*roots, *agencies])
    sections = [
        RootSection(
            root,
            counts[root.pk],
            [UnitRow(a, counts[a.pk]) for a in agencies if a.path.startswith(root.path)],
        )
        for root in roots
    ]
    return render(request, "people/orgunit_list.html", {"sections": sections})


@directory_view
def orgunit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(OrgUnit, pk=pk)
    ancestors = list(OrgUnit.objects.get_ancestors(unit))
    children = list(OrgUnit.objects.get_children(unit))
    counts = head_counts(units=[unit, *children])
    staff = (
        Person.objects.filter(org_unit=unit, is_active=True)
        .select_related("supervisor")
        .order_by("last_name", "first_name", "pk")
    )
    page = paginate(request, staff)
    context = {
        "unit": unit,
        "ancestors": ancestors,
        "head_count": counts[unit.pk],
        "children": [UnitRow(child, counts[child.pk]) for child in children],
        "page": page,
        "page_links": page_links(page),
    }
    return render(request, "people/orgunit_detail.html", context)
