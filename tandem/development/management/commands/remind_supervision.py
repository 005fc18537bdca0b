"""`manage.py remind_supervision`: remind each coach and their coach supervisor when
supervision is due soon or overdue and nothing is booked.

Run it daily (cron, or enqueue tandem.development.tasks_supervision.remind_supervision). Each
due date is reminded once; running it again the same day sends nothing new."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tandem.development.services_supervision import supervision_reminders_send


class Command(BaseCommand):
    help = "Remind coaches and coach supervisors of supervision due or overdue (once per due date)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = supervision_reminders_send()
        self.stdout.write(
            f"Reminded {sent} coach{'es' if sent != 1 else ''} and their supervisors."
        )
