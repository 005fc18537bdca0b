"""Background tasks (django-tasks). Run by `manage.py db_worker` with the database backend."""

from __future__ import annotations

from django_tasks import task

from tandem.coaching.reminders import session_reminders_send


@task()
def remind_sessions() -> int:
    """Remind the participants of each session in the next 24 hours, once per session and start
    time; returns how many sessions were reminded. Run hourly (docs/OPERATIONS.md)."""
    return session_reminders_send()
