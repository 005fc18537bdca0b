"""What a backup's manifest says about the database, and how to tell whether a database matches it.

A backup is only worth something if a restore gives back the same data, so each backup records
a summary of what it holds (applied migrations, the row count of every table and a checksum of
the audit trail) and a restore, or `backup --verify`, recomputes the summary on the restored
database and names every difference.

The audit checksum covers the append-only privacy records (the access log, exception
disclosures, research consent changes and research exports). Those are the records the agency
must be able to show were never altered, so one flipped value must change the checksum. The
rows are read through the ORM and every value is written out canonically in Python (datetimes
in UTC with microseconds, JSON with sorted keys), so SQLite and PostgreSQL give the same
checksum for the same rows; they are streamed with `.iterator()` in primary-key order, because
at state scale the access log holds millions of rows.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from django.db import connections
from django.db.models import Model

from tandem.privacy.models import (
    AccessEvent,
    ExceptionDisclosure,
    ResearchConsentChange,
    ResearchExport,
)

# The append-only models, in the order they are hashed. A new append-only model goes here.
AUDIT_MODELS: tuple[type[Model], ...] = (
    AccessEvent,
    ExceptionDisclosure,
    ResearchConsentChange,
    ResearchExport,
)
CHUNK = 5000


@dataclass(frozen=True)
class AuditChecksum:
    """SHA-256 over the audit trail, the rows hashed per table and the fields hashed per table
    (kept in the manifest, so a later version of Tandem with more fields hashes the same ones)."""

    sha256: str
    rows: dict[str, int]
    fields: dict[str, list[str]]


@dataclass(frozen=True)
class DatabaseSummary:
    migrations: dict[str, str]
    row_counts: dict[str, int]
    audit: AuditChecksum
    tables: list[str] = field(default_factory=list)


def _canonical(value: Any) -> Any:
    """JSON for the values json cannot write itself; the same text on every engine."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.strftime("%Y-%m-%dT%H:%M:%S.%f") + ("Z" if value.tzinfo else "")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    raise TypeError(f"No canonical form for {type(value).__name__}")


def _row_text(row: tuple[Any, ...]) -> bytes:
    return (
        json.dumps(
            row, default=_canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )
        + "\n"
    ).encode()


def audit_fields(*, using: str = "default") -> dict[str, list[str]]:
    """The fields of each audit model that exist in this database's tables, primary key first.

    Taken from the table as it is, not only the model: verifying a backup made before a field
    was added must not ask the restored tables for a column they do not have."""
    connection = connections[using]
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        result: dict[str, list[str]] = {}
        for model in AUDIT_MODELS:
            table = model._meta.db_table
            if table not in tables:
                continue
            columns = {
                column.name
                for column in connection.introspection.get_table_description(cursor, table)
            }
            pk = model._meta.pk
            assert pk is not None
            names = [pk.attname] + sorted(
                f.attname
                for f in model._meta.concrete_fields
                if f.column in columns and f.attname != pk.attname
            )
            result[table] = names
    return result


def audit_checksum(
    *, using: str = "default", fields: dict[str, list[str]] | None = None
) -> AuditChecksum:
    """SHA-256 over every audit row in primary-key order, the same on SQLite and PostgreSQL.

    `fields` (table → field names, as a manifest stores them) fixes what is hashed; by default
    every field the table has. A table named there that this version of Tandem no longer knows,
    or a field it no longer has, raises ValueError: that checksum cannot be recomputed here."""
    fields = audit_fields(using=using) if fields is None else fields
    by_table = {model._meta.db_table: model for model in AUDIT_MODELS}
    digest = hashlib.sha256()
    rows: dict[str, int] = {}
    for table, names in fields.items():
        model = by_table.get(table)
        if model is None:
            raise ValueError(f"The audit table {table} is not known to this version of Tandem.")
        known = {f.attname for f in model._meta.concrete_fields}
        unknown = [name for name in names if name not in known]
        if unknown:
            raise ValueError(
                f"The audit table {table} has no field {', '.join(unknown)} in this version of "
                "Tandem."
            )
        digest.update(_row_text((table, names)))
        count = 0
        queryset = (
            model._base_manager.using(using).order_by("pk").values_list(*names).iterator(CHUNK)
        )
        for row in queryset:
            digest.update(_row_text(row))
            count += 1
        rows[table] = count
    return AuditChecksum(sha256=digest.hexdigest(), rows=rows, fields=fields)


def row_counts(*, using: str = "default") -> dict[str, int]:
    """Rows in every table of the database (not only Tandem's models: everything a restore
    must bring back, django_migrations and the task queue included)."""
    connection = connections[using]
    counts: dict[str, int] = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = int(cursor.fetchone()[0])
    return counts


def applied_migrations(*, using: str = "default") -> dict[str, str]:
    """The latest applied migration of each app (migration names start with their number)."""
    latest: dict[str, str] = {}
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations")
        for app, name in cursor.fetchall():
            if name > latest.get(app, ""):
                latest[app] = name
    return dict(sorted(latest.items()))


def database_summary(
    *, using: str = "default", audit_fields_used: dict[str, list[str]] | None = None
) -> DatabaseSummary:
    """Everything a manifest records about a database, read in one go.

    On PostgreSQL the caller runs this inside a REPEATABLE READ transaction, so every count
    and the checksum describe one moment (the moment pg_dump copies)."""
    counts = row_counts(using=using)
    return DatabaseSummary(
        migrations=applied_migrations(using=using),
        row_counts=counts,
        audit=audit_checksum(using=using, fields=audit_fields_used),
        tables=sorted(counts),
    )


def summary_differences(
    *, manifest: dict[str, Any], summary: DatabaseSummary, where: str
) -> list[str]:
    """Each way `summary` differs from what `manifest` recorded, one sentence each, naming the
    table, the migration or the checksum. `where` names the checked database ("the restored
    backup", "the database")."""
    problems: list[str] = []
    expected_counts: dict[str, int] = manifest["row_counts"]
    for table in sorted(set(expected_counts) | set(summary.row_counts)):
        if table not in summary.row_counts:
            problems.append(f"Table {table} is in the manifest but not in {where}.")
        elif table not in expected_counts:
            problems.append(f"Table {table} is in {where} but not in the manifest.")
        elif expected_counts[table] != summary.row_counts[table]:
            problems.append(
                f"Table {table}: {expected_counts[table]:,} rows in the manifest, "
                f"{summary.row_counts[table]:,} in {where}."
            )
    expected_migrations: dict[str, str] = manifest["migrations"]
    for app in sorted(set(expected_migrations) | set(summary.migrations)):
        wanted, found = expected_migrations.get(app, "none"), summary.migrations.get(app, "none")
        if wanted != found:
            problems.append(f"Migrations of {app}: {wanted} in the manifest, {found} in {where}.")
    audit = manifest["audit"]
    if audit["sha256"] != summary.audit.sha256:
        problems.append(
            f"Audit trail checksum differs: {audit['sha256']} in the manifest, "
            f"{summary.audit.sha256} in {where} (rows hashed: "
            + ", ".join(f"{table} {count:,}" for table, count in summary.audit.rows.items())
            + "). An audit row was changed, added or removed."
        )
    return problems
