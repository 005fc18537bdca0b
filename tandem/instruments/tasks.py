"""Background tasks (django-tasks). Run by `manage.py db_worker` with the database backend."""

from __future__ import annotations

from django_tasks import task

from tandem.instruments.reminders import instrument_reminders_send


@task()
def remind_instruments() -> int:
    """Remind respondents of instruments falling due or overdue, each reminder once; returns
    how many were sent. Run daily (docs/OPERATIONS.md)."""
    return instrument_reminders_send()
