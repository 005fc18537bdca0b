"""Fault test (issue #15): the background worker is killed (SIGKILL) while a state-sized import
is saving. The import must change nothing, be marked failed once the reaper's timeout has
passed, and run to the end when started again.

A real `manage.py db_worker` runs in a subprocess against the test database: on PostgreSQL
the test database itself; on SQLite (whose test database lives in memory, out of reach of
another process) a file copy of it that this test uses too while the block runs. Loopback
only, bounded (each wait has a deadline; about 15 s in all). Set TANDEM_NO_SUBPROCESS=1 where
a test may not start processes."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteWrapper
from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tandem.people.models import Person, Role
from tandem.people.tests.factories import person_with_account
from tandem.staff_import.models import StaffImport
from tandem.staff_import.reaper import staff_imports_reap, stale_after
from tandem.staff_import.services import staff_import_create
from tandem.staff_import.tasks import staff_import_enqueue
from tandem.staff_import.tests.conftest import generated_rows, staff_csv

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        os.environ.get("TANDEM_NO_SUBPROCESS") == "1",
        reason="TANDEM_NO_SUBPROCESS=1: this environment may not start a worker process",
    ),
    pytest.mark.skipif(
        not hasattr(signal, "SIGKILL"), reason="needs POSIX signals to kill the worker"
    ),
]

ROWS = 20_000  # the state-sized file: its saving step lasts seconds
DEADLINE_SECONDS = 45


class WorkerDatabase:
    """Where the worker subprocess finds the test database, and how to tell it is saving."""

    def __init__(self, *, url: str, sqlite_path: Path | None) -> None:
        self.url = url
        self.sqlite_path = sqlite_path

    def start_worker(self, log: Path, *extra: str) -> subprocess.Popen[bytes]:
        env = {**os.environ, "DATABASE_URL": self.url, "DEBUG": "false"}
        env.pop("TASKS_BACKEND", None)  # the database backend, as in production
        command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"]
        with log.open("ab") as out:
            return subprocess.Popen(
                [*command, "--interval", "0.1", "-v", "0", *extra],
                cwd=django_settings.BASE_DIR,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def saving(self) -> bool:
        """True while another connection holds the import's saving transaction open."""
        if self.sqlite_path is not None:
            # The worker's transaction holds SQLite's write lock (BEGIN IMMEDIATE).
            with closing(sqlite3.connect(self.sqlite_path, timeout=0, isolation_level=None)) as db:
                try:
                    db.execute("BEGIN IMMEDIATE")
                except sqlite3.OperationalError:
                    return True
                db.execute("ROLLBACK")
                return False
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND pid <> pg_backend_pid() AND state <> 'idle'"
                " AND xact_start < now() - interval '200 milliseconds'"
            )
            return bool(cursor.fetchone()[0])


@contextmanager
def worker_database(path: Path) -> Iterator[WorkerDatabase]:
    main = connections[DEFAULT_DB_ALIAS]
    if main.vendor != "sqlite":
        db = main.settings_dict
        credentials = quote(db["USER"] or "") + (
            ":" + quote(db["PASSWORD"]) if db["PASSWORD"] else ""
        )
        host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        yield WorkerDatabase(url=f"postgres://{credentials}@{host}/{db['NAME']}", sqlite_path=None)
        return
    # Copy the in-memory test database to a file, and point this thread at the copy until the
    # block ends (the in-memory one stays open, so the test's teardown still finds it).
    main.ensure_connection()
    with closing(sqlite3.connect(path)) as target:
        main.connection.backup(target)
    connections[DEFAULT_DB_ALIAS] = SQLiteWrapper(
        {**main.settings_dict, "NAME": str(path)}, DEFAULT_DB_ALIAS
    )
    try:
        yield WorkerDatabase(url=f"sqlite:///{path}", sqlite_path=path)
    finally:
        connections[DEFAULT_DB_ALIAS].close()
        connections[DEFAULT_DB_ALIAS] = main


def _wait_for(condition, what: str, worker: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + DEADLINE_SECONDS
    while not condition():
        if worker.poll() is not None and worker.returncode != 0:
            pytest.fail(f"The worker exited ({worker.returncode}):\n{log.read_text()}")
        if time.monotonic() > deadline:
            pytest.fail(
                f"Gave up waiting for {what} after {DEADLINE_SECONDS} s:\n{log.read_text()}"
            )
        time.sleep(0.02)


def _status(pk: int) -> str:
    return StaffImport.objects.values_list("status", flat=True).get(pk=pk)


def test_worker_killed_while_saving_changes_nothing_and_the_import_starts_again(
    tree, settings, tmp_path, client
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    admin = person_with_account(roles=(Role.ADMINISTRATOR,), org_unit=tree["intake"])
    content = staff_csv(generated_rows(ROWS, agencies=60))
    log = tmp_path / "worker.log"
    with worker_database(tmp_path / "worker.sqlite3") as database:
        people_before = Person.objects.count()
        staff_import = staff_import_create(
            uploaded_by=admin, file_name="state.csv", content=content
        )
        staff_import_enqueue(staff_import_id=staff_import.pk)
        pk = staff_import.pk

        worker = database.start_worker(log)
        try:
            _wait_for(lambda: _status(pk) == StaffImport.Status.IMPORTING, "saving", worker, log)
            _wait_for(database.saving, "the saving transaction", worker, log)
            time.sleep(0.3)  # well into the inserts
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=DEADLINE_SECONDS)

        # What the issue saw: stuck "Saving changes", task RUNNING; and nothing half-imported.
        staff_import.refresh_from_db()
        assert staff_import.status == StaffImport.Status.IMPORTING, "killed too late"
        assert Person.objects.count() == people_before
        task = DBTaskResult.objects.get(id=staff_import.task_id)
        assert task.status == TaskResultStatus.RUNNING

        # Within the timeout it might still be a slow worker: left alone. After it: failed.
        silent = staff_import.heartbeat_at
        assert staff_imports_reap(now=silent + stale_after() - timedelta(seconds=1)) == []
        assert staff_imports_reap(now=silent + stale_after() + timedelta(seconds=1)) == [pk]
        task.refresh_from_db()
        assert task.status == TaskResultStatus.FAILED
        client.force_login(admin.user)
        page = client.get(reverse("staff_import:detail", args=[pk])).content.decode()
        assert StaffImport.STOPPED_MESSAGE in page
        assert ">Start again</button>" in page
        assert Person.objects.count() == people_before

        # Started again: a fresh worker runs it from the stored file, to the end.
        client.post(reverse("staff_import:restart", args=[pk]))
        assert _status(pk) == StaffImport.Status.QUEUED
        retry = database.start_worker(log, "--batch")
        try:
            retry.wait(timeout=DEADLINE_SECONDS)
        finally:
            retry.kill()
        assert retry.returncode == 0, log.read_text()
        staff_import.refresh_from_db()
        assert (staff_import.status, staff_import.error) == (StaffImport.Status.DONE, "")
        assert staff_import.summary["people_created"] == ROWS
        assert Person.objects.count() == people_before + ROWS
