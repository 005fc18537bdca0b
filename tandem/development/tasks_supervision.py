"""Background task (django-tasks), run by `manage.py db_worker` with the database backend."""

from __future__ import annotations

from django_tasks import task

from tandem.development.services_supervision import supervision_reminders_send


@task()
def remind_supervision() -> int:
    """Remind coach and coach supervisor of supervision due or overdue; returns how many."""
    return supervision_reminders_send()
