"""The background task that runs an uploaded file, and what it records for the status page."""

from __future__ import annotations

import pytest

from tandem.people.models import Person
from tandem.staff_import.models import StaffImport
from tandem.staff_import.services import staff_import_create
from tandem.staff_import.tasks import run_staff_import
from tandem.staff_import.tests.conftest import generated_rows, staff_csv

pytestmark = pytest.mark.django_db


def test_task_records_rows_checked_and_summary(tree):
    staff_import = staff_import_create(
        uploaded_by=None, file_name="hr.csv", content=staff_csv(generated_rows(1500))
    )
    result = run_staff_import.enqueue(staff_import.pk)
    assert result.return_value == StaffImport.Status.DONE
    staff_import.refresh_from_db()
    assert (staff_import.processed_rows, staff_import.total_rows, staff_import.percent) == (
        1500,
        1500,
        100,
    )
    assert staff_import.summary["people_created"] == 1500
    assert staff_import.started_at <= staff_import.finished_at


def test_task_delivered_twice_imports_once(tree):
    staff_import = staff_import_create(
        uploaded_by=None, file_name="hr.csv", content=staff_csv(generated_rows(10))
    )
    run_staff_import.enqueue(staff_import.pk)
    Person.objects.filter(work_email="director0@example.gov").update(job_title="Changed here")
    assert run_staff_import.enqueue(staff_import.pk).return_value == StaffImport.Status.DONE
    assert Person.objects.get(work_email="director0@example.gov").job_title == "Changed here"


def test_task_records_problems_of_an_unreadable_file(tree):
    staff_import = staff_import_create(uploaded_by=None, file_name="hr.csv", content=b"\xff\xfe")
    assert run_staff_import.enqueue(staff_import.pk).return_value == StaffImport.Status.INVALID
    staff_import.refresh_from_db()
    assert staff_import.problem_count == 1
    assert [(p["row"], p["column"]) for p in staff_import.problems] == [(1, "")]
    assert staff_import.finished_at is not None
