"""`manage.py remind_instruments`: remind respondents of instruments due soon or overdue.

Run it daily (the scheduler enqueues tandem.instruments.tasks.remind_instruments,
docs/OPERATIONS.md). Each administration is reminded at most once as due soon and once as
overdue; running it again the same day sends nothing new."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tandem.instruments.reminders import instrument_reminders_send


class Command(BaseCommand):
    help = "Remind respondents of instruments due within 3 days or overdue (each reminder once)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = instrument_reminders_send()
        self.stdout.write(f"Sent {sent} instrument reminder{'s' if sent != 1 else ''}.")
