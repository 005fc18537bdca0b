"""Background tasks (django-tasks). Run by `manage.py db_worker` with the database backend."""

from __future__ import annotations

from django_tasks import task

from tandem.staff_import.services import staff_import_run


@task()
def run_staff_import(staff_import_id: int) -> str:
    """Check and apply one uploaded file; returns its final status."""
    return staff_import_run(staff_import_id=staff_import_id).status
