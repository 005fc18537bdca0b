"""Plain bulk INSERTs for seeding at scale (the demo agency and the benchmarks).

It imports no Tandem app, so every app's seeding code may use it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime

from django.db import connection
from django.db.models import Model


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


@contextmanager
def own_timestamps(*models: type[Model]) -> Iterator[None]:
    """Inside, `bulk_create` and `save` keep the `created_at`/`updated_at` values a seed gives
    (the models' auto_now and auto_now_add are off), so seeded records carry the moment they
    would have been written, not the moment of seeding. Seeding only: it changes the field
    objects for the whole process while it lasts, and every object must bring its own values."""
    fields = [
        field
        for model in models
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    saved = [(field, field.auto_now, field.auto_now_add) for field in fields]  # type: ignore[attr-defined]
    for field in fields:
        field.auto_now = field.auto_now_add = False  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for field, now, add in saved:
            field.auto_now, field.auto_now_add = now, add  # type: ignore[attr-defined]
