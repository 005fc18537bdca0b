"""The research export's files: a zip of CSV files, or one XLSX workbook, each with the data
dictionary and a statement of what was left out.

Both are written row by row into a SpooledTemporaryFile (memory up to SPOOL_BYTES, then a
temporary file on disk): the zip through `zipfile` entries opened for writing, the workbook in
openpyxl's write-only mode. Neither holds a table in memory.
"""

from __future__ import annotations

import csv
import io
import itertools
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from tempfile import SpooledTemporaryFile
from typing import IO, Any

from django.utils import timezone
from openpyxl import Workbook

from tandem.evaluation.export import selection_build
from tandem.evaluation.export_tables import ExportTable, export_tables
from tandem.evaluation.filters import Filters
from tandem.people.models import Person
from tandem.privacy.research import left_out_label, research_export_audit
from tandem.privacy.suppression import min_count
from tandem.ui.spreadsheet import safe_row

SPOOL_BYTES = 8 * 1024 * 1024
CONTENT_TYPES = {
    "csv": "application/zip",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
EXTENSIONS = {"csv": "zip", "xlsx": "xlsx"}


@dataclass(frozen=True)
class About:
    """What the export covers and what it leaves out, stated inside the file."""

    scope: str
    filters: Mapping[str, str]  # label -> value as applied
    declined_left_out: int
    small_groups_left_out: int
    exported_on: date


@dataclass
class ExportFile:
    file: IO[bytes]  # positioned at its start
    filename: str
    content_type: str
    rows: dict[str, int]  # rows written per table


def rules() -> list[str]:
    threshold = min_count()
    return [
        "Every id is a pseudonym: a keyed hash (HMAC-SHA256) of the record's id under a random "
        "key made for this export and then thrown away. Ids match across the tables of this "
        "export, and cannot be matched with another export or traced back to a person.",
        "No names, emails, exact dates or free text: dates are given as ISO weeks, hire dates "
        "as tenure bands, goals without their text, instruments as scores without answers.",
        "Learners who declined research use are left out entirely: their engagements (a group "
        "when any member declined), sessions, goals, ratings and scores, and their staff row. "
        "A coach who declined keeps no coach_id.",
        f"An agency with fewer than {threshold} learners in the export is left out entirely, "
        "with everything about its learners.",
        f'A number of learners left out from 1 to {threshold - 1} reads "fewer than {threshold}".',
        "Engagements: those going on at some time in the period (started on or before its "
        "end, not ended before its start). Sessions, ratings and instrument scores: those "
        "dated in the period. Goals: all goals of those engagements.",
    ]


def about_rows(about: About, rows: Mapping[str, int]) -> list[tuple[str, str]]:
    return [
        ("Export", "Tandem research export (de-identified)"),
        ("Exported on", about.exported_on.isoformat()),
        ("Scope", about.scope),
        *about.filters.items(),
        ("Learners left out: declined research use", left_out_label(about.declined_left_out)),
        (
            f"Learners left out: agency with fewer than {min_count()} learners",
            left_out_label(about.small_groups_left_out),
        ),
        *((f"Rows in {name}", f"{n}") for name, n in rows.items()),
    ]


def dictionary_markdown(
    tables: Sequence[ExportTable], about: About, rows: Mapping[str, int]
) -> str:
    lines = ["# Tandem research export: data dictionary", "", "## About this export", ""]
    lines += ["| | |", "|---|---|"]
    lines += [f"| {label} | {value} |" for label, value in about_rows(about, rows)]
    lines += ["", "## Rules", ""] + [f"- {rule}" for rule in rules()]
    for table in tables:
        lines += ["", f"## {table.name}.csv", "", f"One row: {table.one_row}", ""]
        lines += ["| column | meaning |", "|---|---|"]
        lines += [f"| {c.name} | {c.description} |" for c in table.columns]
    return "\n".join(lines) + "\n"


def dictionary_rows(tables: Sequence[ExportTable]) -> Iterable[tuple[str, str, str]]:
    yield ("table", "column", "meaning")
    for table in tables:
        yield (table.name, "", f"One row: {table.one_row}")
        yield from ((table.name, c.name, c.description) for c in table.columns)


def _write_csv(
    archive: zipfile.ZipFile,
    name: str,
    header: Sequence[str],
    rows: Iterable[Any],
    *,
    plain: bool = False,
) -> int:
    counted = itertools.count()
    with io.TextIOWrapper(archive.open(name, "w"), encoding="utf-8", newline="") as text:
        writer = csv.writer(text)
        writer.writerow(header)
        # One call for the whole table (the csv module loops in C); `counted` ticks per row.
        # csv writes None as an empty cell, as safe_row does.
        ticking = (row for row, _ in zip(rows, counted, strict=False))
        writer.writerows(ticking if plain else map(safe_row, ticking))
    return next(counted)


def _zip(tables: Sequence[ExportTable], about: About, out: IO[bytes]) -> dict[str, int]:
    rows: dict[str, int] = {}
    # Fast compression: CSV of codes and pseudonyms shrinks almost as much at level 1.
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for table in tables:
            header = [c.name for c in table.columns]
            rows[table.name] = _write_csv(
                archive, f"{table.name}.csv", header, table.rows(), plain=table.plain
            )
        archive.writestr("DATA_DICTIONARY.md", dictionary_markdown(tables, about, rows))
        dictionary = list(dictionary_rows(tables))
        _write_csv(archive, "data_dictionary.csv", dictionary[0], dictionary[1:])
    return rows


def _xlsx(tables: Sequence[ExportTable], about: About, out: IO[bytes]) -> dict[str, int]:
    book = Workbook(write_only=True)
    about_sheet = book.create_sheet("About")  # filled last, once the row counts are known
    dictionary = book.create_sheet("Data dictionary")
    for row in dictionary_rows(tables):
        dictionary.append(list(row))
    rows: dict[str, int] = {}
    for table in tables:
        sheet = book.create_sheet(table.name[:31])
        sheet.append([c.name for c in table.columns])
        count = 0
        for row in table.rows():
            sheet.append(safe_row(row))
            count += 1
        rows[table.name] = count
    for label, value in about_rows(about, rows):
        about_sheet.append(safe_row([label, value]))
    about_sheet.append([])
    for rule in rules():
        about_sheet.append([rule])
    book.save(out)
    return rows


def export_write(*, tables: Sequence[ExportTable], about: About, file_format: str) -> ExportFile:
    """Write the whole export (a ValueError for an unknown format)."""
    writers = {"csv": _zip, "xlsx": _xlsx}
    if file_format not in writers:
        raise ValueError(f"unknown export format {file_format!r}")
    out: IO[bytes] = SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (returned open)
    rows = writers[file_format](tables, about, out)
    out.seek(0)
    name = f"tandem-research-export-{about.exported_on.isoformat()}.{EXTENSIONS[file_format]}"
    return ExportFile(out, name, CONTENT_TYPES[file_format], rows)


def research_export_create(
    *, viewer: Person, filters: Filters, file_format: str, via: str
) -> ExportFile:
    """Build the export for an evaluator (`filters` over their research scope) and audit it:
    no file leaves without its audit row (who, when, filters, rows, how many left out)."""
    selection = selection_build(filters)
    today = timezone.localdate()
    about = About(
        scope=filters.scope.label,
        filters=filters.labels(),
        declined_left_out=selection.declined_left_out,
        small_groups_left_out=selection.small_groups_left_out,
        exported_on=today,
    )
    tables = export_tables(selection, today=today)
    written = export_write(tables=tables, about=about, file_format=file_format)
    try:
        research_export_audit(
            viewer=viewer,
            scope=filters.scope,
            filters=about.filters,
            file_format=file_format,
            rows=written.rows,
            declined_left_out=selection.declined_left_out,
            small_groups_left_out=selection.small_groups_left_out,
            via=via,
        )
    except BaseException:
        written.file.close()
        raise
    return written
