"""`manage.py remind_sessions`: remind coach and learners of sessions in the next 24 hours.

Run it hourly (the scheduler enqueues tandem.coaching.tasks.remind_sessions, docs/OPERATIONS.md).
Each session is reminded once for the time it is booked at; running it again sends nothing new
unless a session was moved."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tandem.coaching.reminders import session_reminders_send


class Command(BaseCommand):
    help = "Remind the participants of coaching sessions starting within 24 hours (once each)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = session_reminders_send()
        self.stdout.write(f"Reminded {sent} session{'s' if sent != 1 else ''}.")
