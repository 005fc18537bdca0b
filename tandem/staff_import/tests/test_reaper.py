"""Imports whose worker stopped: marked failed after the timeout, offered again, and started
again from the stored file. (The worker really killed: test_worker_killed.py.)"""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tandem.people.models import Person, Role
from tandem.people.tests.factories import person_with_account
from tandem.staff_import.models import StaffImport
from tandem.staff_import.reaper import staff_imports_reap
from tandem.staff_import.services import staff_import_create
from tandem.staff_import.tasks import run_staff_import
from tandem.staff_import.tests.conftest import generated_rows, staff_csv

pytestmark = pytest.mark.django_db

STOPPED = (
    "The import stopped part-way (the worker was stopped). Nothing was changed. Start it again."
)


@pytest.fixture
def admin(tree):
    return person_with_account(roles=(Role.ADMINISTRATOR,), org_unit=tree["intake"])


def _running(*, silent_for: timedelta, status: str = StaffImport.Status.IMPORTING, rows: int = 10):
    """An import its worker left `silent_for` ago, in the middle of `status`."""
    staff_import = staff_import_create(
        uploaded_by=None, file_name="hr.csv", content=staff_csv(generated_rows(rows))
    )
    seen = timezone.now() - silent_for
    StaffImport.objects.filter(pk=staff_import.pk).update(
        status=status, started_at=seen, heartbeat_at=seen, total_rows=rows, processed_rows=rows
    )
    staff_import.refresh_from_db()
    return staff_import


def test_stale_import_is_marked_failed_with_the_message_and_start_again(client, admin):
    staff_import = _running(silent_for=timedelta(minutes=31))
    client.force_login(admin.user)
    html = client.get(reverse("staff_import:detail", args=[staff_import.pk])).content.decode()
    staff_import.refresh_from_db()
    assert (staff_import.status, staff_import.error) == (StaffImport.Status.FAILED, STOPPED)
    assert staff_import.finished_at is not None
    assert STOPPED in html
    assert f'action="{reverse("staff_import:restart", args=[staff_import.pk])}"' in html
    assert ">Start again</button>" in html
    assert "hx-trigger" not in html  # the page stops polling


def test_status_poll_reaps_a_stale_import_too(client, admin):
    staff_import = _running(silent_for=timedelta(minutes=31), status=StaffImport.Status.VALIDATING)
    client.force_login(admin.user)
    html = client.get(reverse("staff_import:status", args=[staff_import.pk])).content.decode()
    assert STOPPED in html
    assert StaffImport.objects.get(pk=staff_import.pk).status == StaffImport.Status.FAILED


def test_fresh_running_import_is_left_alone(client, admin):
    staff_import = _running(silent_for=timedelta(minutes=1))
    assert staff_imports_reap() == []
    client.force_login(admin.user)
    html = client.get(reverse("staff_import:detail", args=[staff_import.pk])).content.decode()
    assert StaffImport.objects.get(pk=staff_import.pk).status == StaffImport.Status.IMPORTING
    assert "Saving the changes" in html
    assert "after 30 minutes this page says so" in html
    assert "Start again" not in html


def test_finished_and_queued_imports_are_never_reaped(admin):
    long_ago = timedelta(days=2)
    done = _running(silent_for=long_ago, status=StaffImport.Status.DONE)
    queued = _running(silent_for=long_ago, status=StaffImport.Status.QUEUED)
    assert staff_imports_reap() == []
    assert StaffImport.objects.get(pk=done.pk).status == StaffImport.Status.DONE
    assert StaffImport.objects.get(pk=queued.pk).status == StaffImport.Status.QUEUED


def test_timeout_comes_from_the_setting(settings, admin):
    settings.STAFF_IMPORT_STALE_MINUTES = 5
    stale = _running(silent_for=timedelta(minutes=6))
    fresh = _running(silent_for=timedelta(minutes=4))
    assert staff_imports_reap() == [stale.pk]
    assert StaffImport.objects.get(pk=fresh.pk).status == StaffImport.Status.IMPORTING


def test_import_from_before_heartbeats_is_judged_by_its_start(admin):
    staff_import = _running(silent_for=timedelta(hours=1))
    StaffImport.objects.filter(pk=staff_import.pk).update(heartbeat_at=None)
    assert staff_imports_reap() == [staff_import.pk]


def test_worker_records_a_heartbeat_as_it_goes(tree):
    staff_import = staff_import_create(
        uploaded_by=None, file_name="hr.csv", content=staff_csv(generated_rows(10))
    )
    before = timezone.now()
    run_staff_import.enqueue(staff_import.pk)
    staff_import.refresh_from_db()
    assert before <= staff_import.started_at <= staff_import.heartbeat_at


def test_start_again_runs_the_stored_file_to_the_end(client, admin):
    staff_import = _running(silent_for=timedelta(minutes=31), rows=12)
    staff_imports_reap()
    client.force_login(admin.user)
    response = client.post(reverse("staff_import:restart", args=[staff_import.pk]))
    assert response["Location"] == reverse("staff_import:detail", args=[staff_import.pk])
    staff_import.refresh_from_db()
    assert (staff_import.status, staff_import.error) == (StaffImport.Status.DONE, "")
    assert staff_import.summary["people_created"] == 12
    assert Person.objects.filter(work_email__endswith="@example.gov").count() == 12
    assert staff_import.task_id != ""


def test_start_again_of_an_import_not_failed_changes_nothing(client, admin):
    staff_import = _running(silent_for=timedelta(minutes=1))
    client.force_login(admin.user)
    response = client.post(reverse("staff_import:restart", args=[staff_import.pk]), follow=True)
    assert StaffImport.objects.get(pk=staff_import.pk).status == StaffImport.Status.IMPORTING
    assert "so it was not started again" in response.content.decode()


def test_start_again_is_a_post_for_administrators_only(client, admin, tree):
    staff_import = _running(silent_for=timedelta(minutes=31))
    staff_imports_reap()
    url = reverse("staff_import:restart", args=[staff_import.pk])
    client.force_login(admin.user)
    assert client.get(url).status_code == 405
    coach = person_with_account(roles=(Role.COACH,), org_unit=tree["intake"])
    client.force_login(coach.user)
    assert client.post(url).status_code == 403
    assert StaffImport.objects.get(pk=staff_import.pk).status == StaffImport.Status.FAILED


def test_reaper_marks_the_background_task_failed_too(settings, admin):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    staff_import = _running(silent_for=timedelta(minutes=31))
    result = run_staff_import.enqueue(staff_import.pk)
    StaffImport.objects.filter(pk=staff_import.pk).update(task_id=result.id)
    DBTaskResult.objects.filter(id=result.id).update(status=TaskResultStatus.RUNNING)
    assert staff_imports_reap() == [staff_import.pk]
    task = DBTaskResult.objects.get(id=result.id)
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == "tandem.staff_import.reaper.WorkerStopped"
    assert STOPPED in task.traceback


def test_reap_stale_jobs_command_reports_what_it_marked(admin):
    stale = _running(silent_for=timedelta(minutes=31))
    fresh = _running(silent_for=timedelta(minutes=2))
    out = StringIO()
    call_command("reap_stale_jobs", stdout=out)
    assert out.getvalue().splitlines() == [
        f"Staff import {stale.pk}: its worker stopped; marked failed.",
        "1 stopped import(s) marked failed.",
    ]
    call_command("reap_stale_jobs", "--minutes", "0", stdout=StringIO())
    assert StaffImport.objects.get(pk=fresh.pk).status == StaffImport.Status.FAILED
