"""Applying a file: what it creates and updates, and that a bad file changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.people.models import OrgUnit, Person, Role, RoleAssignment
from tandem.people.tests.factories import PersonFactory
from tandem.staff_import.parsing import COLUMNS, RowProblem
from tandem.staff_import.services import ImportSummary, StaffImportInvalid, staff_import_file
from tandem.staff_import.tests.conftest import person_row, staff_csv

pytestmark = pytest.mark.django_db

TEAM = [
    person_row("dana.director@example.gov", office="", unit="", job_title="Director"),
    person_row(
        "sam.supervisor@example.gov",
        unit="Intake",
        job_title="Supervisor",
        supervisor_email="Dana.Director@example.gov",
    ),
    person_row("casey.worker@example.gov", supervisor_email="sam.supervisor@example.gov"),
    person_row(
        "robin.new@example.gov",
        agency="East County",
        office="East Office",
        unit="Adoption",
        supervisor_email="sam.supervisor@example.gov",
    ),
]


def _everything() -> tuple[list, list, list]:
    """Every unit, person and role as plain values, to compare before and after."""
    units = list(OrgUnit.objects.order_by("path").values_list("path", "name", "kind", "numchild"))
    people = list(Person.objects.order_by("pk").values())
    roles = list(RoleAssignment.objects.order_by("pk").values_list("person_id", "role", "scope_id"))
    return units, people, roles


def _reject(content: bytes) -> list[RowProblem]:
    before = _everything()
    with pytest.raises(StaffImportInvalid) as raised:
        staff_import_file(data=content)
    assert _everything() == before
    return raised.value.problems


def test_import_into_an_empty_tree_creates_state_units_people_and_links():
    summary = staff_import_file(data=staff_csv(TEAM), state_name="State of Example")
    assert summary == ImportSummary(
        units_created=7,
        people_created=4,
        supervisor_links_changed=3,
        roles_added=6,
    )
    assert list(OrgUnit.objects.order_by("path").values_list("depth", "name", "kind")) == [
        (1, "State of Example", "state"),
        (2, "North County", "agency"),
        (3, "North Main Office", "office"),
        (4, "Intake", "unit"),
        (2, "East County", "agency"),
        (3, "East Office", "office"),
        (4, "Adoption", "unit"),
    ]
    assert OrgUnit.objects.find_problems() == ([], [], [], [], [])
    people = {p.work_email: p for p in Person.objects.select_related("supervisor", "org_unit")}
    assert people["casey.worker@example.gov"].supervisor.work_email == "sam.supervisor@example.gov"
    assert people["sam.supervisor@example.gov"].supervisor.work_email == "dana.director@example.gov"
    assert people["dana.director@example.gov"].org_unit.name == "North County"
    assert people["robin.new@example.gov"].org_unit.name == "Adoption"
    assert people["casey.worker@example.gov"].hire_date == date(2020, 1, 6)
    supervisors = RoleAssignment.objects.filter(role=Role.SUPERVISOR)
    assert sorted(supervisors.values_list("person__work_email", "scope__name")) == [
        ("dana.director@example.gov", "North County"),
        ("sam.supervisor@example.gov", "Intake"),
    ]
    assert RoleAssignment.objects.filter(role=Role.LEARNER).count() == 4


def test_import_uses_the_existing_tree_matching_names_loosely(tree):
    rows = [person_row("a@example.gov", agency="north  county", office="NORTH MAIN OFFICE")]
    summary = staff_import_file(data=staff_csv(rows))
    assert summary.units_created == 0
    assert Person.objects.get().org_unit == tree["intake"]


def test_import_same_file_twice_changes_nothing_and_writes_nothing(tree):
    staff_import_file(data=staff_csv(TEAM))
    before = _everything()
    with CaptureQueriesContext(connection) as ctx:
        summary = staff_import_file(data=staff_csv(TEAM))
    assert summary == ImportSummary(people_unchanged=4)
    writes = [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].split()[0] in {"INSERT", "UPDATE", "DELETE"}
    ]
    assert writes == []
    assert _everything() == before


def test_import_updates_title_unit_and_supervisor_of_existing_person(tree):
    old_boss = PersonFactory(work_email="old.boss@example.gov", org_unit=tree["intake"])
    new_boss = PersonFactory(work_email="new.boss@example.gov", org_unit=tree["permanency"])
    casey = PersonFactory(
        work_email="Casey.Worker@example.gov",
        job_title="Caseworker",
        org_unit=tree["intake"],
        supervisor=old_boss,
    )
    row = person_row(
        "casey.worker@example.gov",
        job_title="Senior Caseworker",
        unit="Ongoing Services",
        supervisor_email="new.boss@example.gov",
    )
    summary = staff_import_file(data=staff_csv([row]))
    assert summary == ImportSummary(people_updated=1, supervisor_links_changed=1, roles_added=2)
    casey.refresh_from_db()
    assert (casey.job_title, casey.org_unit, casey.supervisor) == (
        "Senior Caseworker",
        tree["ongoing"],
        new_boss,
    )
    assert casey.work_email == "Casey.Worker@example.gov"
    assert list(RoleAssignment.objects.filter(person=new_boss).values_list("role", "scope")) == [
        (Role.SUPERVISOR, tree["permanency"].pk)
    ]


def test_import_leaves_fields_of_absent_columns_and_other_roles_alone(tree):
    person = PersonFactory(work_email="a@example.gov", job_title="Coach", org_unit=tree["intake"])
    admin = RoleAssignment.objects.create(
        person=person, role=Role.ADMINISTRATOR, scope=tree["state"]
    )
    columns = ["work_email", "first_name", "last_name", "agency", "office", "unit"]
    staff_import_file(data=staff_csv([person_row("a@example.gov")], columns=columns))
    person.refresh_from_db()
    assert person.job_title == "Coach"
    assert set(RoleAssignment.objects.filter(person=person).values_list("pk", flat=True)) == {
        admin.pk,
        RoleAssignment.objects.get(person=person, role=Role.LEARNER).pk,
    }


def test_import_records_the_separation_reason_and_an_absent_column_keeps_it(tree):
    left = person_row("lee.former@example.gov", separation_date="2024-05-31")
    staff_import_file(data=staff_csv([{**left, "separation_reason": "Transferred out"}]))
    person = Person.objects.get(work_email="lee.former@example.gov")
    assert (person.separation_reason, person.is_active) == ("transferred_out", False)
    without = [c for c in COLUMNS if c != "separation_reason"]
    staff_import_file(data=staff_csv([left], columns=without))
    person.refresh_from_db()
    assert person.separation_reason == "transferred_out"
    staff_import_file(data=staff_csv([left]))  # the column is there and empty: cleared
    person.refresh_from_db()
    assert person.separation_reason == ""


def test_import_supervisor_may_be_an_existing_person_not_in_the_file(tree):
    PersonFactory(work_email="boss@example.gov", org_unit=tree["north"])
    staff_import_file(
        data=staff_csv([person_row("a@example.gov", supervisor_email="BOSS@example.gov")])
    )
    assert (
        Person.objects.get(work_email="a@example.gov").supervisor.work_email == "boss@example.gov"
    )


def test_import_duplicate_email_in_file_imports_nothing(tree):
    rows = [person_row("a@example.gov"), person_row("b@example.gov"), person_row("A@Example.gov")]
    assert _reject(staff_csv(rows)) == [
        RowProblem(
            4,
            "work_email",
            "A@Example.gov also appears on row 2. Each person may appear only once; remove or "
            "merge one of the rows.",
        )
    ]


def test_import_unknown_supervisor_imports_nothing(tree):
    rows = [
        person_row("a@example.gov"),
        person_row("b@example.gov", supervisor_email="nobody@example.gov"),
    ]
    assert _reject(staff_csv(rows)) == [
        RowProblem(
            3,
            "supervisor_email",
            "The supervisor nobody@example.gov is not in this file or in Tandem. Add a row for "
            "them, or correct the email address.",
        )
    ]


def test_import_supervisor_loop_within_file_imports_nothing(tree):
    rows = [
        person_row("a@example.gov", supervisor_email="b@example.gov"),
        person_row("b@example.gov", supervisor_email="c@example.gov"),
        person_row("c@example.gov", supervisor_email="a@example.gov"),
        person_row("d@example.gov", supervisor_email="a@example.gov"),
    ]
    loop = (
        "Supervisor loop: a@example.gov → b@example.gov → c@example.gov → a@example.gov "
        "(→ means “reports to”)."
    )
    assert _reject(staff_csv(rows)) == [
        RowProblem(2, "supervisor_email", loop),
        RowProblem(3, "supervisor_email", loop),
        RowProblem(4, "supervisor_email", loop),
    ]


def test_import_supervisor_loop_through_existing_data_imports_nothing(tree):
    boss = PersonFactory(work_email="boss@example.gov", org_unit=tree["north"])
    PersonFactory(work_email="worker@example.gov", org_unit=tree["intake"], supervisor=boss)
    rows = [person_row("boss@example.gov", supervisor_email="worker@example.gov")]
    assert _reject(staff_csv(rows)) == [
        RowProblem(
            2,
            "supervisor_email",
            "Supervisor loop: boss@example.gov → worker@example.gov → boss@example.gov "
            "(→ means “reports to”).",
        )
    ]


def test_import_self_supervision_imports_nothing(tree):
    rows = [
        person_row("a@example.gov"),
        person_row("b@example.gov", supervisor_email="b@example.gov"),
    ]
    assert _reject(staff_csv(rows)) == [
        RowProblem(3, "supervisor_email", "A person cannot be their own supervisor.")
    ]


def test_import_bad_date_imports_nothing_even_valid_rows(tree):
    rows = [person_row("a@example.gov"), person_row("b@example.gov", hire_date="2020-02-30")]
    problems = _reject(staff_csv(rows))
    assert [(p.row, p.column) for p in problems] == [(3, "hire_date")]


def test_import_missing_column_imports_nothing(tree):
    content = staff_csv([person_row("a@example.gov")], columns=["work_email", "last_name"])
    assert [(p.row, p.column) for p in _reject(content)] == [(1, "first_name"), (1, "agency")]


def test_import_bad_encoding_imports_nothing(tree):
    content = "work_email,first_name,last_name,agency\na@example.gov,Zoë,B,North\n".encode("cp1252")
    assert [(p.row, p.column) for p in _reject(content)] == [(2, "")]


def test_import_into_empty_tree_without_state_name_imports_nothing(db):
    problems = _reject(staff_csv([person_row("a@example.gov")]))
    assert [(p.row, p.column) for p in problems] == [(0, "")]
