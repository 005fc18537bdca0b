"""Cells Tandem writes to CSV and XLSX files, made safe to open in a spreadsheet.

A cell that starts with =, +, -, @, a tab or a carriage return is read by spreadsheet programs
as a formula, so text someone typed (a name, a note, a file's row) could run as one when an
administrator opens the file ("CSV injection", OWASP). Such text gets a leading apostrophe, which
spreadsheets show as plain text. Numbers, including negative ones, are left as they are."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?(\d[\d,]*)?(\.\d+)?%?")


def safe_cell(value: Any) -> Any:
    """`value` as it may be written to a spreadsheet cell."""
    if not isinstance(value, str) or not value.startswith(_FORMULA_START):
        return value
    if any(ch.isdigit() for ch in value) and _NUMBER.fullmatch(value):
        return value  # a signed number, e.g. a change of -1.5
    return "'" + value


_FORMULA_CHARS = frozenset(_FORMULA_START)


def safe_row(row: Iterable[Any]) -> list[Any]:
    """`row` as it may be written: every cell through `safe_cell`, None as an empty cell.
    The same rule, with the common case (not text, or text that cannot be a formula) decided
    inline: an export writes millions of cells."""
    return [
        ""
        if value is None
        else safe_cell(value)
        if value.__class__ is str and value[:1] in _FORMULA_CHARS
        else value
        for value in row
    ]


class SafeWriter:
    """`csv.writer` whose every cell goes through `safe_cell`."""

    def __init__(self, stream: Any, **options: Any) -> None:
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([safe_cell(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)
