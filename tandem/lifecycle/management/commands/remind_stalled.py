"""`manage.py remind_stalled`: remind coach and learner of coaching that has stalled.

Run it daily (cron, or enqueue tandem.lifecycle.tasks.remind_stalled). Each stall is reminded
once; running it again the same day sends nothing new."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tandem.lifecycle.services import stall_reminders_send


class Command(BaseCommand):
    help = "Remind coach and learner of active coaching with no recent session (once per stall)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = stall_reminders_send()
        self.stdout.write(f"Reminded {sent} stalled engagement{'s' if sent != 1 else ''}.")
