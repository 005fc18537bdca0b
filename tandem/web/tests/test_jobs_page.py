"""The administrator's scheduled-jobs page: what ran, when it runs next, what failed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tandem.ops.models import Heartbeat, ScheduledRun
from tandem.people.models import Role
from tandem.people.tests.factories import make_tree, person_with_account

URL = "/administration/jobs/"


@pytest.fixture
def admin(db):
    tree = make_tree()
    return person_with_account(roles=(Role.ADMINISTRATOR,), org_unit=tree["intake"]), tree


def _run(job: str, path: str, status: str, hours_ago: float, error: str = "") -> None:
    now = timezone.now()
    result = DBTaskResult.objects.create(
        task_path=path,
        status=status,
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        run_after=now,
        finished_at=now - timedelta(hours=hours_ago),
        exception_class_path=error,
        traceback="Traceback: SECRET-TRACEBACK-DETAIL" if error else "",
    )
    ScheduledRun.objects.create(
        job=job, due_at=now - timedelta(hours=hours_ago), task_result_id=str(result.id)
    )


def test_the_administrator_sees_each_jobs_last_run_next_run_and_failures(client, admin):
    person, _ = admin
    _run(
        "remind_stalled",
        "tandem.lifecycle.tasks.remind_stalled",
        "FAILED",
        26,
        "django.db.utils.OperationalError",
    )
    _run("remind_stalled", "tandem.lifecycle.tasks.remind_stalled", "SUCCESSFUL", 2)
    Heartbeat.objects.create(source="worker", beat_at=timezone.now(), host="app-1")
    client.force_login(person.user)
    page = client.get(URL).content.decode()
    row = page[page.index("<code>remind_stalled</code>") :].split("</tr>")[0]
    assert "Successful" in row  # the latest run
    assert "<strong>1</strong>" in row and "OperationalError" in row  # the failure before it
    assert "SECRET-TRACEBACK-DETAIL" not in page  # tracebacks stay in the database
    assert "<code>0 7 * * *</code>" in row
    assert "running</span> last seen" in page and "app-1" in page  # the worker
    assert "never seen" in page  # the scheduler has not run here


def test_people_who_are_not_administrators_are_refused(client, admin):
    _, tree = admin
    for role in (Role.PROGRAM_LEAD, Role.COACH, Role.LEARNER):
        other = person_with_account(roles=(role,), org_unit=tree["intake"])
        client.force_login(other.user)
        assert client.get(URL).status_code == 403


def test_the_page_runs_the_same_queries_for_one_and_three_runs(client, admin, page_queries):
    person, _ = admin
    client.force_login(person.user)
    _run("remind_stalled", "tandem.lifecycle.tasks.remind_stalled", "FAILED", 5, "x.Error")
    one = page_queries(URL)
    _run("remind_sessions", "tandem.coaching.tasks.remind_sessions", "FAILED", 3, "x.Error")
    _run("heartbeat", "tandem.ops.tasks.heartbeat", "SUCCESSFUL", 1)
    assert page_queries(URL) == one
