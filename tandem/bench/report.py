"""docs/BENCHMARKS.md from measured results."""

from __future__ import annotations

import os
import platform
import sqlite3
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import django


@dataclass
class ScaleRun:
    scale: str
    description: str
    seed_seconds: float | None  # None when the cached database was reused and never timed
    rows: list[dict] = field(default_factory=list)  # PageResult.as_dict()
    note: str = ""


def _cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def machine_summary() -> str:
    return (
        f"{os.cpu_count()} cores ({_cpu_model()}), {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"SQLite {sqlite3.sqlite_version}"
    )


def render(*, runs: list[ScaleRun], repeat: int, command: str, today: date) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"Produced by `{command}` on {today.isoformat()}; machine: {machine_summary()}.",
        "",
        "How it works: `manage.py bench` builds a made-up state with `manage.py seed` into a",
        "SQLite file under `data/bench/` (kept and reused until the generator version changes),",
        "then opens each page with Django's test client, signed in as the account of the role",
        "that uses the page (the `@bench.tandem.test` accounts; see `manage.py demo_logins",
        "--domain bench.tandem.test`). Each page gets one warm-up request, one request whose",
        f"database queries are counted, then {repeat} timed requests.",
        "",
        "How to read it:",
        "",
        "- **p50 / p95 ms**: median and 95th-percentile wall time of one request inside the",
        "  server process: URL routing, middleware (sessions, sign-in, security headers), the",
        "  view, its queries and template rendering. No network, no browser, no static files.",
        "- **Baseline** renders only the base template; a page's cost is its time minus the",
        "  baseline. A page far above it at 10× scale but not at 1× grows with the data.",
        "- **Queries**: how many SQL queries one request runs. It should not grow with scale;",
        "  if it does, something queries per row.",
        "- **Status** other than 200 means the page was not measured doing its real work",
        "  (a placeholder, a permission problem or an error).",
        "- Timings are from one run on a shared two-core machine: compare rows, not runs.",
        "",
        "The accounts: *learner* is a caseworker in the largest county; *supervisor* is a deputy",
        "director there (thousands of people below them); *program lead* is that county's",
        "training & professional development coaching supervisor; *administrator* and",
        "*evaluator* are statewide.",
        "",
        "## Data",
        "",
        "| Scale | What | Seed time |",
        "| --- | --- | --- |",
    ]
    for run in runs:
        seeded = "not rebuilt (cached)" if run.seed_seconds is None else f"{run.seed_seconds:.0f} s"
        lines.append(f"| {run.scale} | {run.description} | {seeded} |")
    lines += [
        "",
        "Seed time is the wall time of `manage.py seed --scale <scale>` on an empty, migrated",
        "SQLite database (including interpreter start-up and hashing the sign-in passwords).",
        "",
        "## Pages",
        "",
        "| Page | Scale | p50 ms | p95 ms | Queries | Status | Account | URL |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for run in runs:
        for row in run.rows:
            lines.append(
                f"| {row['label']} | {run.scale} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} "
                f"| {row['queries']} | {row['status']} | {row['account']} | `{row['url']}` |"
            )
    notes = [f"- {run.scale}: {run.note}" for run in runs if run.note]
    if notes:
        lines += ["", "## Notes", "", *notes]
    return "\n".join(lines) + "\n"
