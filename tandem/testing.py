"""Helpers for tests that are not fixtures (fixtures live in tandem/conftest.py)."""

from __future__ import annotations

import copy
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteWrapper

T = TypeVar("T")


def fresh(built: T) -> T:
    """A private copy of objects built once per module: a test may change them without the next
    test seeing it (the rows behind them roll back with the test's savepoint)."""
    return copy.deepcopy(built)


# --- Several requests at the same moment ------------------------------------------------------


@dataclass
class Outcome:
    """What one of the calls made at once returned, or the exception it raised."""

    value: Any = None
    error: BaseException | None = None


class SharedDatabase:
    """The test database as several threads reach it at once (the `threads_db` fixture).

    On PostgreSQL every thread opens its own connection to the test database. On SQLite the
    test database lives in memory, inside one connection no other thread can use (a second
    connection to a shared-cache in-memory database fails with "database table is locked"
    instead of waiting), so the test runs on a file copy of it, opened with the project's own
    options (WAL, BEGIN IMMEDIATE, 20 s busy timeout): how Tandem itself runs on SQLite."""

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        self.settings = settings

    def bind(self) -> None:
        """Point this thread's default connection at the shared database."""
        if self.settings is not None:
            connections[DEFAULT_DB_ALIAS] = SQLiteWrapper(dict(self.settings), DEFAULT_DB_ALIAS)

    def at_once(self, *calls: Callable[[], Any], timeout: float = 60) -> list[Outcome]:
        """Run every call in its own thread, each with its own connection, released together
        by a barrier once every connection is open. Returns their outcomes in order."""
        barrier = threading.Barrier(len(calls))
        outcomes = [Outcome() for _ in calls]

        def run(outcome: Outcome, call: Callable[[], Any]) -> None:
            try:
                self.bind()
                connections[DEFAULT_DB_ALIAS].ensure_connection()
                barrier.wait(timeout=timeout)
                outcome.value = call()
            except BaseException as error:  # reported to the test, which decides
                outcome.error = error
            finally:
                connections.close_all()

        threads = [
            threading.Thread(target=run, args=pair) for pair in zip(outcomes, calls, strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout)
        if any(thread.is_alive() for thread in threads):
            raise TimeoutError(f"Calls made at once still running after {timeout} s.")
        return outcomes


@contextmanager
def shared_database(path: Path) -> Iterator[SharedDatabase]:
    """The test database, made reachable from many threads; on in-memory SQLite a file copy
    at `path` that the test itself uses too until the block ends (see SharedDatabase)."""
    main = connections[DEFAULT_DB_ALIAS]
    if not isinstance(main, SQLiteWrapper) or not main.is_in_memory_db():
        yield SharedDatabase()
        return
    main.ensure_connection()
    with closing(sqlite3.connect(path)) as target:
        main.connection.backup(target)
    shared = SharedDatabase({**main.settings_dict, "NAME": str(path)})
    shared.bind()
    try:
        yield shared
    finally:
        connections[DEFAULT_DB_ALIAS].close()
        connections[DEFAULT_DB_ALIAS] = main
