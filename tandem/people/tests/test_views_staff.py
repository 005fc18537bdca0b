"""The people list (search, filters, pagination) and a person's page."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tandem.people.models import Role, RoleAssignment
from tandem.people.tests.factories import CoachProfileFactory, PersonFactory
from tandem.people.tests.html import parse, row_names

pytestmark = pytest.mark.django_db

LIST_URL = reverse("people:person_list")


@pytest.fixture
def staff(tree):
    """People who could show up in a search, in both counties, one of them separated."""
    return {
        "ana": PersonFactory(
            first_name="Ana",
            last_name="Lopez",
            work_email="ana.lopez@north.example.org",
            job_title="Intake caseworker",
            org_unit=tree["intake"],
        ),
        "ben": PersonFactory(
            first_name="Ben",
            last_name="Okafor",
            job_title="Permanency specialist",
            org_unit=tree["ongoing"],
        ),
        "cy": PersonFactory(
            first_name="Cy",
            last_name="Smith",
            job_title="Permanency specialist",
            org_unit=tree["permanency"],
        ),
        "dee": PersonFactory(
            first_name="Dee",
            last_name="Gone",
            job_title="Caseworker",
            org_unit=tree["intake"],
            is_active=False,
            separation_date=datetime.date(2024, 3, 1),
        ),
    }


def test_person_list_shows_active_staff_by_default(viewer_client, staff):
    response = viewer_client.get(LIST_URL)
    assert row_names(response.content) == ["Ana Lopez", "Ben Okafor", "Cy Smith", "Vera Viewer"]
    assert parse(response.content).find("h2", id="result-count").text == "4 people"


def test_person_list_row_shows_title_unit_with_agency_and_supervisor(viewer_client, tree, staff):
    PersonFactory(
        first_name="Eli",
        last_name="Ash",
        job_title="Caseworker",
        org_unit=tree["intake"],
        supervisor=staff["ana"],
    )
    response = viewer_client.get(LIST_URL, {"q": "eli"})
    cells = parse(response.content).find("tbody").texts("td")
    assert cells == ["Caseworker", "Intake, North County", "Ana Lopez"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("LOPEZ", ["Ana Lopez"]),
        ("ana lop", ["Ana Lopez"]),
        ("north.example", ["Ana Lopez"]),
        ("permanency", ["Ben Okafor", "Cy Smith"]),
        ("nobody-like-this", []),
    ],
)
def test_person_list_search_matches_name_email_and_title(viewer_client, staff, query, expected):
    response = viewer_client.get(LIST_URL, {"q": query})
    assert row_names(response.content) == expected


def test_person_list_agency_filter_includes_its_units_not_the_other_county(
    viewer_client, tree, staff
):
    response = viewer_client.get(LIST_URL, {"unit": tree["north"].pk})
    assert row_names(response.content) == ["Ana Lopez", "Ben Okafor", "Vera Viewer"]
    response = viewer_client.get(LIST_URL, {"unit": tree["south"].pk})
    assert row_names(response.content) == ["Cy Smith"]


def test_person_list_role_filter_matches_grants_at_any_scope_once(viewer_client, tree, staff):
    for scope in (tree["north"], tree["intake"]):
        RoleAssignment.objects.create(person=staff["ana"], role=Role.COACH, scope=scope)
    response = viewer_client.get(LIST_URL, {"role": Role.COACH})
    assert row_names(response.content) == ["Ana Lopez"]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("separated", ["Dee Gone Separated"]),
        ("all", ["Dee Gone Separated", "Ana Lopez", "Ben Okafor", "Cy Smith", "Vera Viewer"]),
    ],
)
def test_person_list_status_filter_shows_separated_staff_on_request(
    viewer_client, staff, status, expected
):
    response = viewer_client.get(LIST_URL, {"status": status})
    assert row_names(response.content) == expected


def test_person_list_unknown_unit_shows_an_error_and_keeps_other_filters(viewer_client, staff):
    response = viewer_client.get(LIST_URL, {"unit": "999999", "q": "smith"})
    page = parse(response.content)
    assert page.find("div", id="error-summary").find("h2").text == "Please fix 1 problem"
    assert row_names(response.content) == ["Cy Smith"]


def test_person_list_paginates_by_25_and_keeps_filters_in_page_links(viewer_client, tree):
    for n in range(30):
        PersonFactory(first_name="Pat", last_name=f"Page{n:02d}", org_unit=tree["permanency"])
    first = viewer_client.get(LIST_URL, {"unit": tree["south"].pk})
    assert row_names(first.content) == [f"Pat Page{n:02d}" for n in range(25)]
    nav = parse(first.content).find("nav", class_="usa-pagination")
    assert nav.attrs["aria-label"] == "Pages of people"
    current = nav.find("a", aria_current="page")
    assert (current.text, current.attrs["aria-label"]) == ("1", "Page 1")
    next_link = nav.find("a", aria_label="Next page")
    assert next_link.attrs["href"] == f"?unit={tree['south'].pk}&page=2"

    second = viewer_client.get(LIST_URL, {"unit": tree["south"].pk, "page": 2})
    assert row_names(second.content) == [f"Pat Page{n:02d}" for n in range(25, 30)]
    nav = parse(second.content).find("nav", class_="usa-pagination")
    current = nav.find("a", aria_current="page")
    assert current.attrs["aria-label"] == "Last page, page 2"


def test_person_list_htmx_request_gets_only_the_results(viewer_client, staff):
    response = viewer_client.get(LIST_URL, {"q": "smith"}, headers={"HX-Request": "true"})
    page = parse(response.content)
    assert page.find_all("h1") == []
    assert row_names(response.content) == ["Cy Smith"]
    assert response["Vary"].split(", ").count("HX-Request") == 1


def test_person_list_escapes_names(viewer_client, tree):
    PersonFactory(first_name="<script>alert(1)</script>", last_name="Xss", org_unit=tree["intake"])
    response = viewer_client.get(LIST_URL, {"q": "xss"})
    assert b"<script>alert(1)</script>" not in response.content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt; Xss" in response.content


def test_person_list_query_count_does_not_grow_with_rows(viewer_client, tree, page_queries):
    boss = PersonFactory(first_name="Boss", last_name="One", org_unit=tree["north_office"])
    PersonFactory(last_name="Row0", supervisor=boss, org_unit=tree["intake"])
    one = page_queries(LIST_URL, {"q": "row"})
    units = [tree["intake"], tree["ongoing"], tree["permanency"], tree["south_office"]]
    for n in range(1, 30):
        PersonFactory(last_name=f"Row{n}", supervisor=boss, org_unit=units[n % 4])
    many = page_queries(LIST_URL, {"q": "row"})
    assert one == many


# --- Person detail ---


def _ladder(tree, length):
    people = [PersonFactory(first_name="Level", last_name="0", org_unit=tree["north"])]
    for n in range(1, length):
        people.append(
            PersonFactory(
                first_name="Level",
                last_name=str(n),
                org_unit=tree["intake"],
                supervisor=people[-1],
            )
        )
    return people


def test_person_detail_shows_chain_of_command_nearest_first(viewer_client, tree):
    director, manager, supervisor, worker = _ladder(tree, 4)
    response = viewer_client.get(reverse("people:person_detail", args=[worker.pk]))
    chain = parse(response.content).find("ol", aria_labelledby="chain-heading")
    assert chain.texts("a") == ["Level 2", "Level 1", "Level 0"]
    assert chain.find_all("li")[0].find("span", class_="usa-tag").text == "Line supervisor"


def test_person_detail_shows_org_path_reports_roles_and_dates(viewer_client, tree, viewer):
    manager = PersonFactory(
        first_name="Mo",
        last_name="Boss",
        org_unit=tree["intake"],
        hire_date=datetime.date(2019, 5, 2),
    )
    viewer.supervisor = manager
    viewer.save()
    PersonFactory(first_name="Old", last_name="Report", supervisor=manager, is_active=False)
    RoleAssignment.objects.create(person=manager, role=Role.SUPERVISOR, scope=tree["intake"])
    RoleAssignment.objects.create(person=manager, role=Role.COACH, scope=tree["north"])
    profile = CoachProfileFactory(person=manager)

    response = viewer_client.get(reverse("people:person_detail", args=[manager.pk]))
    page = parse(response.content)
    crumbs = page.find("ol", class_="usa-breadcrumb__list").texts("li")
    assert crumbs == [
        "People",
        "State of Example",
        "North County",
        "North Main Office",
        "Intake",
        "Mo Boss",
    ]
    reports = page.find("ul", aria_labelledby="reports-heading").texts("li")
    assert reports == ["Vera Viewer, Caseworker", "Old Report, Caseworker Separated"]
    roles = [tr.texts("th") + tr.texts("td") for tr in page.find("tbody").find_all("tr")]
    assert roles == [
        ["Coach", "North County and the units under it"],
        ["Supervisor", "Intake and the units under it"],
    ]
    facts = dict(zip(page.texts("dt"), page.texts("dd"), strict=True))
    assert facts["Hire date"] == "May 2, 2019"
    assert facts["Status"] == "Active"
    assert facts["Coaching"] == "See Mo's coach profile"
    link = page.find("a", href=reverse("people:coach_detail", args=[profile.pk]))
    assert link.text == "See Mo's coach profile"


def test_person_detail_of_separated_person_shows_separation(viewer_client, tree):
    gone = PersonFactory(
        first_name="Dee",
        last_name="Gone",
        is_active=False,
        separation_date=datetime.date(2024, 3, 1),
        org_unit=tree["intake"],
    )
    page = parse(viewer_client.get(reverse("people:person_detail", args=[gone.pk])).content)
    facts = dict(zip(page.texts("dt"), page.texts("dd"), strict=True))
    assert facts["Status"] == "Separated — no longer on staff"
    assert facts["Separation date"] == "Mar 1, 2024"


def test_person_detail_escapes_names(viewer_client, tree):
    person = PersonFactory(first_name="<script>alert(1)</script>", org_unit=tree["intake"])
    response = viewer_client.get(reverse("people:person_detail", args=[person.pk]))
    assert b"<script>alert(1)</script>" not in response.content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in response.content


def test_person_detail_query_count_does_not_grow_with_chain_reports_or_roles(
    viewer_client, tree, page_queries
):
    solo = _ladder(tree, 2)[-1]
    PersonFactory(supervisor=solo)
    RoleAssignment.objects.create(person=solo, role=Role.COACH, scope=tree["north"])
    one = page_queries(reverse("people:person_detail", args=[solo.pk]))

    busy = _ladder(tree, 8)[-1]
    for _ in range(30):
        PersonFactory(supervisor=busy, org_unit=tree["ongoing"])
    for role in (Role.COACH, Role.SUPERVISOR, Role.OBSERVER):
        RoleAssignment.objects.create(person=busy, role=role, scope=tree["north"])
    CoachProfileFactory(person=busy)
    many = page_queries(reverse("people:person_detail", args=[busy.pk]))
    assert one == many
