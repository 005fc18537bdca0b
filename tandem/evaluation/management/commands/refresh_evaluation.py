"""Keep evaluation figures fresh: `manage.py refresh_evaluation` (from cron, e.g. hourly)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tandem.evaluation.snapshots import snapshots_maintain


class Command(BaseCommand):
    help = (
        "Compute afresh the evaluation figures people looked at this week, compute each "
        "program-level scope's default view ahead of its first visit, and drop figures nobody "
        "looked at for a month."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        done = snapshots_maintain()
        self.stdout.write(
            f"Evaluation figures: {done.refreshed} refreshed, {done.ahead} computed ahead, "
            f"{done.forgotten} dropped."
        )
