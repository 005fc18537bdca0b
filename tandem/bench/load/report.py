"""A load run's results as markdown: locust's CSV statistics per request kind, what the
locustfile counted (conflicts, checks of stored data) and what the server log shows.

Standard library only (the orchestrator in `run` imports it without Django)."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LOCKED = "database is locked"


@dataclass(frozen=True)
class Row:
    kind: str
    count: int
    failures: int
    p50: float | None
    p95: float | None
    p99: float | None
    rps: float

    @property
    def is_total(self) -> bool:
        return self.kind == "Aggregated"


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None  # "N/A": no request of this kind


def stats_read(path: Path) -> list[Row]:
    """Rows of locust's `<prefix>_stats.csv`, the total (named "Aggregated") last."""
    with path.open(newline="") as handle:
        rows = [
            Row(
                kind=line["Name"],
                count=int(line["Request Count"]),
                failures=int(line["Failure Count"]),
                p50=_number(line["50%"]),
                p95=_number(line["95%"]),
                p99=_number(line["99%"]),
                rps=float(line["Requests/s"]),
            )
            for line in csv.DictReader(handle)
        ]
    return sorted(rows, key=lambda r: (r.is_total, r.kind))


def failures_read(path: Path) -> list[tuple[str, str, int]]:
    """(kind, error, occurrences) from locust's `<prefix>_failures.csv`, most frequent first."""
    if not path.exists():
        return []
    with path.open(newline="") as handle:
        found = [
            (line["Name"], line["Error"], int(line["Occurrences"]))
            for line in csv.DictReader(handle)
        ]
    return sorted(found, key=lambda f: -f[2])


def exceptions_read(path: Path) -> int:
    """How many exceptions the users' code raised (locust's `<prefix>_exceptions.csv`)."""
    if not path.exists():
        return 0
    with path.open(newline="") as handle:
        return sum(int(line["Count"]) for line in csv.DictReader(handle))


@dataclass
class ServerLog:
    """What the app server's log says about the run."""

    locked: int = 0  # lines saying "database is locked"
    errors: int = 0  # lines logged at ERROR or above (a traceback counts once)
    server_errors: int = 0  # requests answered 5xx (the request log)
    requests: int = 0  # requests in the request log
    samples: list[str] = field(default_factory=list)


def server_log_read(path: Path) -> ServerLog:
    found = ServerLog()
    if not path.exists():
        return found
    for line in path.read_text(errors="replace").splitlines():
        if LOCKED in line:
            found.locked += 1
        record: dict[str, Any] | None = None
        if line.startswith("{"):
            try:
                record = json.loads(line)
            except ValueError:
                record = None
        if record is not None:
            level = str(record.get("level") or record.get("levelname") or "").upper()
            if record.get("logger") == "tandem.request" and "status" in record:
                found.requests += 1
                if int(record["status"]) >= 500:
                    found.server_errors += 1
            if level in {"ERROR", "CRITICAL"}:
                found.errors += 1
                if len(found.samples) < 5:
                    found.samples.append(line[:400])
        elif re.search(r"\b(ERROR|CRITICAL)\b", line):
            found.errors += 1
            if len(found.samples) < 5:
                found.samples.append(line[:400])
    return found


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def table(rows: list[Row]) -> str:
    lines = [
        "| Request kind | Requests | Failures | p50 ms | p95 ms | p99 ms | req/s |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        kind = "**All**" if r.is_total else r.kind
        lines.append(
            f"| {kind} | {r.count:,} | {r.failures:,} | {_ms(r.p50)} | {_ms(r.p95)} | "
            f"{_ms(r.p99)} | {r.rps:.2f} |"
        )
    return "\n".join(lines)


def render(
    *,
    title: str,
    setup: list[str],
    rows: list[Row],
    failures: list[tuple[str, str, int]],
    summary: dict[str, Any],
    server: ServerLog,
    problems: list[str],
) -> str:
    total = next((r for r in rows if r.is_total), None)
    out = [f"## {title}", "", *[f"- {line}" for line in setup], "", table(rows), ""]
    conflicts = sum(summary.get("conflicts", {}).values())
    verified = sum(summary.get("verified", {}).values())
    unverified = sum(summary.get("unverified", {}).values())
    users = ", ".join(f"{role} {n}" for role, n in sorted(summary.get("users", {}).items()))
    people = ", ".join(f"{role} {n}" for role, n in sorted(summary.get("people", {}).items()))
    out += [
        f"- Simulated users by role: {users or 'none'} (different people: {people or 'none'}).",
        f"- Failed requests: {total.failures if total else 'no statistics'}; "
        f"409 conflicts among them: {conflicts}.",
        f"- Saves checked on the page opened after them: {verified} found, {unverified} missing.",
        f"- Server log: {server.requests:,} requests logged, {server.server_errors} answered 5xx, "
        f'{server.errors} error lines, {server.locked} "{LOCKED}".',
    ]
    if failures:
        out += ["", "Failures:", ""]
        out += [f"- {n} × {kind}: {error}" for kind, error, n in failures[:10]]
    if server.samples:
        out += ["", "Server errors (first lines):", ""]
        out += [f"    {sample}" for sample in server.samples]
    out += ["", "**Result: " + ("FAILED** — " + "; ".join(problems) if problems else "passed**")]
    return "\n".join(out) + "\n"
