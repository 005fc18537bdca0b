"""Background tasks (django-tasks). Run by `manage.py db_worker` with the database backend."""

from __future__ import annotations

from django_tasks import task

from tandem.staff_import.models import StaffImport
from tandem.staff_import.services import staff_import_run


@task()
def run_staff_import(staff_import_id: int) -> str:
    """Check and apply one uploaded file; returns its final status."""
    return staff_import_run(staff_import_id=staff_import_id).status


def staff_import_enqueue(*, staff_import_id: int) -> None:
    """Queue an import, and remember its task so a stopped one can be marked failed too.
    (With the immediate backend the import runs right here, inside `enqueue`.)"""
    result = run_staff_import.enqueue(staff_import_id)
    StaffImport.objects.filter(pk=staff_import_id).update(task_id=str(result.id)[:64])
