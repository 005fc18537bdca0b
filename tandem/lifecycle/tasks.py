"""Background tasks (django-tasks). Run by `manage.py db_worker` with the database backend."""

from __future__ import annotations

from django_tasks import task

from tandem.lifecycle.services import stall_reminders_send


@task()
def remind_stalled() -> int:
    """Remind coach and learner of each newly stalled engagement; returns how many."""
    return stall_reminders_send()
