"""`manage.py db_worker`: django-tasks-db's worker, which first marks failed the staff imports
of a worker that stopped (see reap_stale_jobs). It replaces django-tasks-db's own command
because tandem.staff_import comes before django_tasks_db in INSTALLED_APPS."""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from tandem.staff_import.reaper import staff_imports_reap


class Command(DatabaseWorkerCommand):
    help = f"{DatabaseWorkerCommand.help}, after marking failed the imports of a stopped worker"

    def handle(self, *args: Any, **options: Any) -> None:
        for pk in staff_imports_reap():
            self.stderr.write(f"Staff import {pk}: its worker stopped; marked failed.")
        super().handle(*args, **options)
