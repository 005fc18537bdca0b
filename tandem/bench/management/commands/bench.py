"""Measure the key pages at state scale and write docs/BENCHMARKS.md: `manage.py bench`."""

from __future__ import annotations

import json
import subprocess
import tempfile
from argparse import ArgumentParser
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tandem.bench.cache import ENGINES, bench_dir, cached_database, manage
from tandem.bench.harness import pages_measure, server_version
from tandem.bench.report import ScaleRun, render
from tandem.demo.generator import BENCH_DOMAIN, SCALES

DESCRIPTIONS = {
    scale: f"{size.agencies} agencies, {size.staff:,} staff, {size.coaches:,} coaches"
    for scale, size in SCALES.items()
}


class Command(BaseCommand):
    help = "Build (and cache) seeded databases, time the key pages, write docs/BENCHMARKS.md."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--repeat", type=int, default=20, help="Timed requests per page.")
        parser.add_argument(
            "--scales", default="state,state10", help="Comma-separated: state, state10, county."
        )
        parser.add_argument(
            "--engines",
            default="postgres,sqlite",
            help="Comma-separated: postgres (production), sqlite (embedded default).",
        )
        parser.add_argument("--rebuild", action="store_true", help="Re-seed cached databases.")
        parser.add_argument(
            "--only",
            default="",
            help="Comma-separated engine:scale pairs to measure again (e.g. postgres:state10);"
            " the others come from their last measurement, when there is one.",
        )
        parser.add_argument(
            "--url-of",
            metavar="SCALE",
            help="Only print the DATABASE_URL of the cached SCALE database (building it if need"
            " be) on the first engine, for the other bench commands.",
        )
        parser.add_argument(
            "--output", default=str(Path(settings.BASE_DIR) / "docs" / "BENCHMARKS.md")
        )
        # Internal: measure the current database and write the rows as JSON to this file.
        parser.add_argument("--measure-into", help="(internal)")
        parser.add_argument("--domain", default=BENCH_DOMAIN, help="(internal)")

    def handle(self, *args: Any, **options: Any) -> None:
        repeat: int = options["repeat"]
        if repeat < 1:
            raise CommandError("--repeat must be at least 1.")
        if options["measure_into"]:
            rows = pages_measure(domain=options["domain"], repeat=repeat)
            measured = {"server": server_version(), "rows": [r.as_dict() for r in rows]}
            Path(options["measure_into"]).write_text(json.dumps(measured))
            return
        engines = _listed(options["engines"], ENGINES, "engine")
        if options["url_of"]:
            _listed(options["url_of"], tuple(SCALES), "scale")
            database, _ = cached_database(options["url_of"], engine=engines[0])
            self.stdout.write(database.url)
            return
        scales = _listed(options["scales"], tuple(s for s in SCALES if s != "demo"), "scale")
        only = {pair.strip() for pair in options["only"].split(",") if pair.strip()}
        runs = []
        for engine in engines:
            for scale in scales:
                saved = _saved(engine, scale)
                if only and f"{engine}:{scale}" not in only and saved is not None:
                    runs.append(saved)  # measured by an earlier run, kept as it was
                    continue
                run = self._run(scale, engine=engine, repeat=repeat, rebuild=options["rebuild"])
                _save(run)
                runs.append(run)
        command = (
            f"manage.py bench --repeat {repeat} --engines {','.join(engines)}"
            f" --scales {','.join(scales)}"
        )
        Path(options["output"]).write_text(
            render(runs=runs, repeat=repeat, command=command, today=date.today())
        )
        self.stdout.write(f"Wrote {options['output']}.")

    def _run(self, scale: str, *, engine: str, repeat: int, rebuild: bool) -> ScaleRun:
        self.stdout.write(f"{scale} on {engine}: preparing the database (seeding if not cached)…")
        try:
            database, seconds = cached_database(scale, engine=engine, rebuild=rebuild)
        except subprocess.CalledProcessError as error:
            raise CommandError(f"Building the {scale} database failed:\n{error.stderr}") from error
        if seconds is not None:
            self.stdout.write(f"{scale}: seed took {seconds:.1f} s.")
        self.stdout.write(f"{scale}: measuring {database.name} ({repeat} requests per page)…")
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "rows.json"
            try:
                manage(
                    "bench", "--measure-into", str(out), "--repeat", str(repeat), database=database
                )
            except subprocess.CalledProcessError as error:
                raise CommandError(f"Measuring {scale} failed:\n{error.stderr}") from error
            measured = json.loads(out.read_text())
        rows = measured["rows"]
        for row in rows:
            self.stdout.write(
                f"  {row['label']:<32} {row['p50_ms']:>8.1f} ms p50 {row['p95_ms']:>8.1f} ms p95"
                f" {row['queries']:>4} queries  {row['status']}"
            )
        return ScaleRun(
            scale=scale,
            engine=engine,
            description=DESCRIPTIONS[scale],
            seed_seconds=seconds,
            rows=rows,
            server=measured["server"],
        )


def _result_file(engine: str, scale: str) -> Path:
    return bench_dir() / f"last-{engine}-{scale}.json"


def _save(run: ScaleRun) -> None:
    data = {**asdict(run), "measured_on": date.today().isoformat()}
    _result_file(run.engine, run.scale).write_text(json.dumps(data))


def _saved(engine: str, scale: str) -> ScaleRun | None:
    path = _result_file(engine, scale)
    if not path.exists():
        return None
    data = json.loads(path.read_text())
    measured_on = data.pop("measured_on")
    run = ScaleRun(**data)
    run.note = f"measured on {measured_on} by an earlier run (not measured again this time)."
    return run


def _listed(text: str, allowed: tuple[str, ...], what: str) -> list[str]:
    """The comma-separated names in `text`, each one of `allowed`."""
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in allowed]
    if unknown or not names:
        given = ", ".join(unknown) or "(none given)"
        raise CommandError(f"Unknown {what}(s): {given}; one of {', '.join(allowed)}.")
    return names
