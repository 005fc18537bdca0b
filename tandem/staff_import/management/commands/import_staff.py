"""`manage.py import_staff FILE.csv`: create and update units, people and supervisors from HR."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.staff_import.services import (
    ImportSummary,
    StaffImportInvalid,
    staff_import_file,
)

SUMMARY_LINES = (
    ("units_created", "org units created"),
    ("people_created", "people created"),
    ("people_updated", "people updated"),
    ("people_unchanged", "people unchanged"),
    ("supervisor_links_changed", "supervisor links changed"),
    ("roles_added", "learner/supervisor roles added"),
)


class Command(BaseCommand):
    help = (
        "Import staff from an HR export (CSV, see docs/STAFF_IMPORT.md). Every row is checked "
        "first; if any row has a problem, nothing is imported."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV file (UTF-8).")
        parser.add_argument(
            "--state",
            default="",
            help="Name of the state at the top of the organization. Needed only when "
            "Tandem has no organization yet.",
        )

    def handle(self, *args: Any, file: Path, state: str, **options: Any) -> None:
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        started = time.monotonic()

        def progress(done: int, total: int) -> None:
            if done:
                self.stderr.write(f"checked {done:,} / {total:,} rows")

        def step(message: str) -> None:
            self.stderr.write(f"{message}…")

        try:
            summary = staff_import_file(data=data, state_name=state, progress=progress, step=step)
        except StaffImportInvalid as invalid:
            for problem in invalid.problems:
                where = f"Row {problem.row}" if problem.row else "File"
                column = f", column {problem.column}" if problem.column else ""
                self.stderr.write(f"{where}{column}: {problem.message}")
            count = len(invalid.problems)
            raise CommandError(
                f"Nothing was imported: {count} problem{'s' if count != 1 else ''} to fix "
                "in the file."
            ) from None
        self._report(summary, time.monotonic() - started)

    def _report(self, summary: ImportSummary, seconds: float) -> None:
        values = summary.as_dict()
        for key, label in SUMMARY_LINES:
            self.stdout.write(f"{values[key]:>7,} {label}")
        self.stdout.write(self.style.SUCCESS(f"Import finished in {seconds:.1f} s."))
