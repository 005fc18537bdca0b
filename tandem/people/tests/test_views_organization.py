"""The organization pages: agencies with head counts, and one unit's children and staff."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.people.models import OrgUnit
from tandem.people.services import orgunit_create
from tandem.people.tests.factories import PersonFactory
from tandem.people.tests.html import parse, row_names

pytestmark = pytest.mark.django_db

LIST_URL = reverse("people:orgunit_list")


def _table_rows(content):
    rows = []
    for table in parse(content).find_all("table"):
        for tr in table.find("tbody").find_all("tr"):
            rows.append(tuple(tr.texts("th") + tr.texts("td")))
    return rows


@pytest.fixture
def staffed(tree, viewer):
    """Viewer in Intake, plus two more in North (one separated), three in South."""
    PersonFactory(first_name="Olu", last_name="Ongoing", org_unit=tree["ongoing"])
    PersonFactory(first_name="Mia", last_name="Office", org_unit=tree["north_office"])
    PersonFactory(org_unit=tree["intake"], is_active=False)
    for _ in range(3):
        PersonFactory(org_unit=tree["permanency"])
    return tree


def test_orgunit_list_shows_agencies_with_active_head_counts(viewer_client, staffed):
    response = viewer_client.get(LIST_URL)
    assert _table_rows(response.content) == [
        ("North County", "Agency / county", "1", "3"),
        ("South County", "Agency / county", "1", "3"),
    ]
    page = parse(response.content)
    assert page.texts("h2") == ["State of Example"]
    assert page.find("section").find("p").text == "6 staff in all."


def test_orgunit_detail_shows_breadcrumb_children_and_subtree_link(viewer_client, staffed):
    response = viewer_client.get(
        reverse("people:orgunit_detail", args=[staffed["north_office"].pk])
    )
    page = parse(response.content)
    crumbs = page.find("ol", class_="usa-breadcrumb__list").texts("li")
    assert crumbs == ["Organization", "State of Example", "North County", "North Main Office"]
    assert page.find_all("caption")[0].text == "Units under North Main Office"
    children = _table_rows(response.content)[:2]
    assert children == [("Intake", "Unit", "0", "1"), ("Ongoing Services", "Unit", "0", "1")]
    link = page.find("a", href=f"{reverse('people:person_list')}?unit={staffed['north_office'].pk}")
    assert link.text == "See everyone in North Main Office and the units under it"


def test_orgunit_detail_lists_active_people_directly_in_the_unit(viewer_client, staffed):
    PersonFactory(first_name="Zed", last_name="Zulu", org_unit=staffed["north"])
    response = viewer_client.get(reverse("people:orgunit_detail", args=[staffed["north"].pk]))
    # The first table is the child units; the staff table comes after it.
    staff_table = parse(response.content).find_all("table")[1]
    assert [th.text for th in staff_table.find("tbody").find_all("th")] == ["Zed Zulu"]


def test_orgunit_detail_subtree_link_lists_everyone_under_the_unit(viewer_client, staffed):
    PersonFactory(org_unit=staffed["south_office"])
    response = viewer_client.get(
        reverse("people:person_list"), {"unit": staffed["north_office"].pk}
    )
    assert row_names(response.content) == ["Mia Office", "Olu Ongoing", "Vera Viewer"]


def test_orgunit_detail_paginates_the_people_in_the_unit(viewer_client, tree):
    for n in range(27):
        PersonFactory(first_name="Unit", last_name=f"Member{n:02d}", org_unit=tree["permanency"])
    url = reverse("people:orgunit_detail", args=[tree["permanency"].pk])
    second = viewer_client.get(url, {"page": 2})
    assert row_names(second.content) == ["Unit Member25", "Unit Member26"]
    nav = parse(second.content).find("nav", class_="usa-pagination")
    assert nav.find("a", aria_current="page").text == "2"


def test_orgunit_detail_escapes_unit_names(viewer_client, tree):
    unit = orgunit_create(parent=tree["intake"], name="<script>alert(1)</script>", kind="unit")
    response = viewer_client.get(reverse("people:orgunit_detail", args=[tree["intake"].pk]))
    assert b"<script>alert(1)</script>" not in response.content
    response = viewer_client.get(reverse("people:orgunit_detail", args=[unit.pk]))
    assert b"<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>" in response.content


def test_orgunit_list_query_count_does_not_grow_with_agencies(viewer_client, tree, page_queries):
    one = page_queries(LIST_URL)
    for n in range(30):
        agency = orgunit_create(parent=tree["state"], name=f"County {n}", kind=OrgUnit.Kind.AGENCY)
        PersonFactory(org_unit=agency)
    many = page_queries(LIST_URL)
    assert one == many


def test_orgunit_detail_query_count_does_not_grow_with_children_or_staff(
    viewer_client, tree, page_queries
):
    url = reverse("people:orgunit_detail", args=[tree["south_office"].pk])
    PersonFactory(org_unit=tree["south_office"])
    one = page_queries(url)
    office = OrgUnit.objects.get(pk=tree["south_office"].pk)
    for n in range(30):
        unit = orgunit_create(parent=office, name=f"Unit {n}", kind=OrgUnit.Kind.UNIT)
        office.refresh_from_db()
        PersonFactory(org_unit=unit)
        PersonFactory(org_unit=office)
    many = page_queries(url)
    assert one == many
