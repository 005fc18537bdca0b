"""Seeded SQLite databases for benchmarks, built once and kept under data/bench/."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings

from tandem.demo.generator import GENERATOR_VERSION


def bench_dir() -> Path:
    return Path(settings.DATA_DIR) / "bench"


def database_url(path: Path) -> str:
    return f"sqlite:///{path.resolve()}"


def manage(*args: str, database: Path) -> subprocess.CompletedProcess[str]:
    """Run `manage.py <args>` in a fresh interpreter against the SQLite file `database`."""
    env = {**os.environ, "DATABASE_URL": database_url(database)}
    command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args]
    return subprocess.run(command, env=env, check=True, text=True, capture_output=True)  # noqa: S603


def cached_database(scale: str, *, rebuild: bool = False) -> tuple[Path, float | None]:
    """The seeded database for `scale` and the seconds its seed took (None if never recorded).

    A stale or half-built file is never used: the database is built under a temporary name
    and renamed only once seeding has finished.
    """
    directory = bench_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{scale}-v{GENERATOR_VERSION}.sqlite3"
    sidecar = path.with_suffix(".json")
    if path.exists() and not rebuild:
        # Bring the schema up to date: other apps may have added migrations since.
        manage("migrate", "--noinput", database=path)
        seconds = json.loads(sidecar.read_text()).get("seed_seconds") if sidecar.exists() else None
        return path, seconds
    building = path.with_suffix(".building")
    for stale in (building, *_sidecars(building)):
        stale.unlink(missing_ok=True)
    manage("migrate", "--noinput", database=building)
    started = time.perf_counter()
    manage("seed", "--scale", scale, database=building)
    seconds = time.perf_counter() - started
    _checkpoint(building)
    building.replace(path)
    sidecar.write_text(json.dumps({"seed_seconds": round(seconds, 1), "scale": scale}))
    return path, seconds


def _sidecars(path: Path) -> tuple[Path, Path]:
    return Path(f"{path}-wal"), Path(f"{path}-shm")


def _checkpoint(path: Path) -> None:
    """Fold the write-ahead log into the file so the file alone is the whole database."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode=DELETE")
    finally:
        connection.close()
