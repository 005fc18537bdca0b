"""`manage.py reap_stale_jobs`: mark failed the staff imports whose worker stopped.

Safe to run at any time and as often as wanted (schedule it every few minutes); `db_worker`
runs it when it starts, and an import's page checks that import whenever it is viewed."""

from __future__ import annotations

from argparse import ArgumentTypeError
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tandem.staff_import.reaper import staff_imports_reap, stale_after


def _minutes(value: str) -> int:
    if not value.isdigit():
        raise ArgumentTypeError("a whole number of minutes, 0 or more")
    return int(value)


class Command(BaseCommand):
    help = (
        "Mark failed (so they can be started again) the staff imports still running with no "
        "sign of life from their worker for STAFF_IMPORT_STALE_MINUTES."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--minutes",
            type=_minutes,
            default=None,
            help="Silent for this many minutes instead of STAFF_IMPORT_STALE_MINUTES. "
            "0 when you know every worker is stopped: every running import is marked failed.",
        )

    def handle(self, *args: Any, minutes: int | None, **options: Any) -> None:
        stale_for = stale_after() if minutes is None else timedelta(minutes=minutes)
        reaped = staff_imports_reap(stale_for=stale_for)
        for pk in reaped:
            self.stdout.write(f"Staff import {pk}: its worker stopped; marked failed.")
        if options["verbosity"] >= 1:
            self.stdout.write(f"{len(reaped)} stopped import(s) marked failed.")
