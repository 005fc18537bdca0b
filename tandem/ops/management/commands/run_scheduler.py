"""`manage.py run_scheduler`: the scheduler process. Run exactly one per installation, beside
the worker (`manage.py db_worker`); `scripts/tandem-server scheduler` starts it."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from tandem.ops.schedule import JOBS
from tandem.ops.services import Scheduler


class Command(BaseCommand):
    help = "Enqueue the scheduled jobs (reminders, summary refreshes, the job reaper) when due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval", type=float, default=5.0, help="Seconds between checks (default 5)."
        )
        parser.add_argument("--once", action="store_true", help="Check once and exit (for a test).")

    def handle(self, *args: Any, interval: float, once: bool, **options: Any) -> None:
        scheduler = Scheduler()
        scheduler.start()
        for job in JOBS:
            when = scheduler.next_due.get(job.name)
            self.stdout.write(
                f"{job.name:<20} {job.crontab or 'off':<14} "
                f"next {when.isoformat() if when else '-'}"
            )
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        while True:
            close_old_connections()
            for run in scheduler.tick():
                self.stdout.write(f"Enqueued {run.job} (due {run.due_at.isoformat()})")
            if once or stop.wait(interval):
                break
        self.stdout.write("Scheduler stopped.")
