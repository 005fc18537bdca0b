"""Time the research export on a seeded database: `manage.py bench_export`.

As the statewide evaluator account, builds the whole export (every table, the data dictionary
and the audit row) over the last `--years` years, as a zip of CSV files and as an XLSX
workbook, and reports rows, rows per second, file size and the peak of Python memory
allocated while building it (tracemalloc; measured in a second run, since tracing slows
Python down). Everything runs in a transaction that is rolled back: the audit rows go too.
Run it against the bench database, e.g.
`DATABASE_URL=sqlite:///data/bench/state-v<N>.sqlite3 manage.py bench_export`.
"""

from __future__ import annotations

import statistics
import time
import tracemalloc
from argparse import ArgumentParser
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from tandem.demo.generator import BENCH_DOMAIN
from tandem.evaluation.export_files import research_export_create
from tandem.evaluation.filters import EvaluationFilterForm, Filters, filters_from
from tandem.people.models import Person
from tandem.privacy.research import research_export_scope

RUNS = 3


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time the research export (CSV zip and XLSX) as the evaluator; changes nothing."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--years", type=int, default=5, help="The period: the last N years.")
        parser.add_argument("--formats", default="csv,xlsx")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with transaction.atomic():
                self._measure(options["years"], options["formats"].split(","))
                raise _Rollback
        except _Rollback:
            pass

    def _filters(self, years: int) -> tuple[Person, Filters]:
        try:
            evaluator = Person.objects.get(user__email=f"evaluator@{BENCH_DOMAIN}")
        except Person.DoesNotExist:
            raise CommandError(f"No evaluator@{BENCH_DOMAIN}: seed the bench database.") from None
        scope = research_export_scope(viewer=evaluator)
        today = timezone.localdate()
        period = {"start": today - timedelta(days=365 * years), "end": today}
        return evaluator, filters_from(EvaluationFilterForm(period, scope=scope), scope)

    def _measure(self, years: int, formats: list[str]) -> None:
        evaluator, filters = self._filters(years)
        for file_format in formats:
            # The median of three runs: one run of a few seconds moves by a third with
            # whatever else the machine does.
            timings = []
            for _ in range(RUNS):
                started = time.perf_counter()
                written = research_export_create(
                    viewer=evaluator, filters=filters, file_format=file_format, via="bench"
                )
                timings.append(time.perf_counter() - started)
                size = written.file.seek(0, 2)
                written.file.close()
            seconds = statistics.median(timings)
            tracemalloc.start()
            research_export_create(
                viewer=evaluator, filters=filters, file_format=file_format, via="bench"
            ).file.close()
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            rows = sum(written.rows.values())
            self.stdout.write(
                f"{file_format.upper()}: {rows:,} rows in {seconds:.1f} s (median of {RUNS}) "
                f"({rows / seconds:,.0f} rows/s), {size / 1e6:.1f} MB file, "
                f"peak Python memory {peak / 1e6:.1f} MB "
                f"({', '.join(f'{name} {n:,}' for name, n in written.rows.items())})"
            )
