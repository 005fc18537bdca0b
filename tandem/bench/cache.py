"""Seeded benchmark databases, built once and kept until the generator version changes.

Two engines: a SQLite file under data/bench/ (the embedded default) and a PostgreSQL database
`tandem_bench_<scale>_v<N>` on the server of `BENCH_POSTGRES_URL` (the production engine).
Either way a database is built under a temporary name and takes its real name only once
seeding has finished, so a stale or half-built database is never measured.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
from django.conf import settings
from psycopg import sql

from tandem.demo.generator import GENERATOR_VERSION

ENGINES = ("sqlite", "postgres")
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def bench_dir() -> Path:
    return Path(settings.DATA_DIR) / "bench"


@dataclass(frozen=True)
class BenchDatabase:
    engine: str
    name: str  # file stem (SQLite) or database name (PostgreSQL)

    @property
    def url(self) -> str:
        if self.engine == "sqlite":
            return f"sqlite:///{(bench_dir() / f'{self.name}.sqlite3').resolve()}"
        server = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL)
        return f"{server.rsplit('/', 1)[0]}/{self.name}"

    @property
    def sidecar(self) -> Path:
        """Where the seed time is kept (the database itself is measured, so not in it)."""
        return bench_dir() / f"{self.name}.json"


def manage(*args: str, database: BenchDatabase) -> subprocess.CompletedProcess[str]:
    """Run `manage.py <args>` in a fresh interpreter against `database`."""
    env = {**os.environ, "DATABASE_URL": database.url}
    command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args]
    return subprocess.run(command, env=env, check=True, text=True, capture_output=True)  # noqa: S603


def cached_database(
    scale: str, *, engine: str = "sqlite", rebuild: bool = False
) -> tuple[BenchDatabase, float | None]:
    """The seeded database for `scale` and the seconds its seed took (None if never recorded)."""
    if engine not in ENGINES:
        raise ValueError(f"Unknown engine {engine!r}: one of {', '.join(ENGINES)}.")
    bench_dir().mkdir(parents=True, exist_ok=True)
    stem = f"{scale}-v{GENERATOR_VERSION}"
    name = stem if engine == "sqlite" else "tandem_bench_" + stem.replace("-", "_")
    database = BenchDatabase(engine, name)
    if _exists(database) and not rebuild:
        # Bring the schema up to date: other apps may have added migrations since.
        manage("migrate", "--noinput", database=database)
        sidecar = database.sidecar
        seconds = json.loads(sidecar.read_text()).get("seed_seconds") if sidecar.exists() else None
        return database, seconds
    building = BenchDatabase(engine, f"{name}_building")
    _drop(building)
    _create(building)
    manage("migrate", "--noinput", database=building)
    started = time.perf_counter()
    manage("seed", "--scale", scale, database=building)
    seconds = time.perf_counter() - started
    _finish(building, database)
    database.sidecar.write_text(
        json.dumps({"seed_seconds": round(seconds, 1), "scale": scale, "engine": engine})
    )
    return database, seconds


def _file(database: BenchDatabase) -> Path:
    return bench_dir() / f"{database.name}.sqlite3"


def _admin() -> psycopg.Connection:
    """A connection to the PostgreSQL server's maintenance database (autocommit: CREATE
    DATABASE cannot run in a transaction)."""
    url = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    return psycopg.connect(url, autocommit=True)


def _exists(database: BenchDatabase) -> bool:
    if database.engine == "sqlite":
        return _file(database).exists()
    with _admin() as connection:
        found = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database.name]
        ).fetchone()
    return found is not None


def _drop(database: BenchDatabase) -> None:
    if database.engine == "sqlite":
        path = _file(database)
        for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            stale.unlink(missing_ok=True)
        return
    with _admin() as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database.name))
        )


def _create(database: BenchDatabase) -> None:
    if database.engine == "postgres":
        with _admin() as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database.name)))


def _finish(building: BenchDatabase, database: BenchDatabase) -> None:
    """Give the built database its real name, with its statistics up to date."""
    if building.engine == "sqlite":
        lite = sqlite3.connect(_file(building))
        try:
            # Fold the write-ahead log into the file so the file alone is the whole database.
            lite.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            lite.execute("PRAGMA journal_mode=DELETE")
        finally:
            lite.close()
        _file(building).replace(_file(database))
        return
    with psycopg.connect(building.url, autocommit=True) as built:
        # What autovacuum would do soon after a bulk load, so plans use real row counts.
        built.execute("VACUUM ANALYZE")
    _drop(database)
    with _admin() as admin:
        admin.execute(
            sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                sql.Identifier(building.name), sql.Identifier(database.name)
            )
        )
