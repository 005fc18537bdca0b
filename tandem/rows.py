"""Plain bulk INSERTs for seeding at scale (the demo agency and the benchmarks).

It imports no Tandem app, so every app's seeding code may use it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

from django.db import connection


def db_value(value: object) -> object:
    """A date or an aware datetime in the form the database stores (UTC, naive on SQLite)."""
    if connection.vendor != "sqlite":
        return value
    if isinstance(value, datetime):
        return str(value.astimezone(UTC).replace(tzinfo=None))
    if isinstance(value, date):
        return value.isoformat()
    return value


def rows_insert(table: str, columns: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Plain INSERTs for the big tables: Django's bulk_create spends most of its time preparing
    each value; these rows are made here, already in database form."""
    quote = connection.ops.quote_name
    # Table and column names come from the models here, never from input.
    names = ", ".join(quote(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])  # type: ignore[arg-type]
