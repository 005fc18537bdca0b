"""Reading an HR export: the CSV format, and the checks one row can pass or fail on its own.

Pure functions, no database. Cross-row and database checks (duplicates, supervisors, loops)
are in `validation.py`. Row numbers are spreadsheet rows: the header is row 1.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from tandem.people.models import Person

Progress = Callable[[int, int], None]

REQUIRED_COLUMNS = ("work_email", "first_name", "last_name", "agency")
OPTIONAL_COLUMNS = (
    "employee_id",
    "job_title",
    "office",
    "unit",
    "supervisor_email",
    "hire_date",
    "separation_date",
    "separation_reason",
    "active",
)
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS

# What each column means, shown on the upload page (docs/STAFF_IMPORT.md says the same).
COLUMN_GUIDE = (
    ("work_email", True, "Work email. Identifies the person; upper or lower case does not matter."),
    ("first_name", True, "First name."),
    ("last_name", True, "Last name."),
    ("employee_id", False, "HR employee number."),
    ("job_title", False, "Job title."),
    ("agency", True, "Agency or county. Created if Tandem does not have it yet."),
    ("office", False, "Office or region within the agency. Leave empty for agency staff."),
    ("unit", False, "Unit within the office. Needs an office. Leave empty for office staff."),
    ("supervisor_email", False, "Line supervisor's work email: in this file or already in Tandem."),
    ("hire_date", False, "Date hired: YYYY-MM-DD or MM/DD/YYYY."),
    ("separation_date", False, "Date the person left, if they have: YYYY-MM-DD or MM/DD/YYYY."),
    (
        "separation_reason",
        False,
        "Why they left: resigned, retired, dismissed, transferred out or other. Empty if unknown.",
    ),
    ("active", False, "yes or no. If empty: active unless separation_date has passed."),
)

# Longest value each text column may hold (the database column sizes).
MAX_LENGTHS = {
    "work_email": 254,
    "supervisor_email": 254,
    "first_name": 100,
    "last_name": 100,
    "employee_id": 50,
    "job_title": 200,
    "agency": 200,
    "office": 200,
    "unit": 200,
}
DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y")
# Separation reasons by their code or their label, in any case, "_" or "-" read as a space.
REASONS = {
    " ".join(text.lower().replace("_", " ").replace("-", " ").split()): code
    for code, label in Person.SeparationReason.choices
    for text in (code, label)
}
TRUE_WORDS = {"yes", "y", "true", "1", "active"}
FALSE_WORDS = {"no", "n", "false", "0", "inactive"}
PROGRESS_EVERY = 1000
_NO_HEADER = "Row 1 is empty. The first row must hold the column names (see the template)."


@dataclass(frozen=True)
class RowProblem:
    """One thing to fix: row 0 means the whole file, column "" means the whole row."""

    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, int | str]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass(frozen=True)
class StaffRow:
    """One valid row. Only the columns present in the file are written (see `ParsedFile`)."""

    row: int
    work_email: str
    first_name: str
    last_name: str
    org_path: tuple[str, ...]
    employee_id: str
    job_title: str
    supervisor_email: str | None
    hire_date: date | None
    separation_date: date | None
    separation_reason: str
    is_active: bool

    @property
    def email_key(self) -> str:
        return self.work_email.lower()

    @property
    def supervisor_key(self) -> str | None:
        return self.supervisor_email.lower() if self.supervisor_email else None


@dataclass
class ParsedFile:
    rows: list[StaffRow]
    problems: list[RowProblem]
    columns: tuple[str, ...]
    total_rows: int
    # (row, work_email) of every row, valid or not: duplicate and supervisor checks need them all.
    row_emails: list[tuple[int, str]] = field(default_factory=list)


def _decode(data: bytes) -> tuple[str | None, RowProblem | None]:
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        line_start = data.rfind(b"\n", 0, error.start) + 1
        position = error.start - line_start + 1
        return None, RowProblem(
            row=line,
            column="",
            message=(
                f"The file is not saved as UTF-8 text: line {line}, character {position} "
                f"has an unreadable byte (0x{data[error.start]:02X}). In Excel, use "
                "Save As and choose “CSV UTF-8 (Comma delimited)”, then upload it again."
            ),
        )


def _normalize_header(name: str) -> str:
    return "_".join(name.strip().lower().replace("-", " ").split())


def _check_header(raw: list[str]) -> tuple[tuple[str, ...], list[RowProblem]]:
    header = tuple(_normalize_header(name) for name in raw)
    problems: list[RowProblem] = []
    if len(header) == 1 and (";" in raw[0] or "\t" in raw[0]):
        return header, [
            RowProblem(1, "", "Columns must be separated by commas, not semicolons or tabs.")
        ]
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.append(RowProblem(1, name, f"The column “{name}” appears twice."))
        seen.add(name)
        if name and name not in COLUMNS:
            problems.append(
                RowProblem(
                    1,
                    name,
                    f"Unknown column “{name}”. Rename it to one of the columns in the "
                    "template, or remove it.",
                )
            )
    for name in REQUIRED_COLUMNS:
        if name not in header:
            problems.append(
                RowProblem(1, name, f"The required column “{name}” is missing from row 1.")
            )
    return header, problems


def parse_date(text: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    return None


def _reason(text: str) -> str | None:
    """The reason's code; "" for an empty value, None for one that is not a reason."""
    if not text:
        return ""
    return REASONS.get(" ".join(text.lower().replace("_", " ").replace("-", " ").split()))


def _parse_row(
    number: int, values: dict[str, str], today: date
) -> tuple[StaffRow | None, list[RowProblem]]:
    problems: list[RowProblem] = []

    def problem(column: str, message: str) -> None:
        problems.append(RowProblem(number, column, message))

    for column in REQUIRED_COLUMNS:
        if not values.get(column):
            problem(column, f"{column} is empty. Every row needs one.")
    for column, limit in MAX_LENGTHS.items():
        if len(values.get(column) or "") > limit:
            problem(column, f"{column} is longer than {limit} characters.")
    for column in ("work_email", "supervisor_email"):
        text = values.get(column)
        if text:
            try:
                validate_email(text)
            except ValidationError:
                problem(column, f"“{text}” is not a valid email address.")
    if (
        values.get("supervisor_email")
        and values["supervisor_email"].lower() == values["work_email"].lower()
    ):
        problem("supervisor_email", "A person cannot be their own supervisor.")
    if values.get("unit") and not values.get("office"):
        problem("office", "office is empty but unit is filled in. A unit must sit in an office.")

    dates: dict[str, date | None] = {}
    for column in ("hire_date", "separation_date"):
        text = values.get(column)
        dates[column] = parse_date(text) if text else None
        if text and dates[column] is None:
            problem(
                column,
                f"“{text}” is not a date. Use YYYY-MM-DD (2024-03-31) or MM/DD/YYYY (03/31/2024).",
            )
    hired, separated = dates["hire_date"], dates["separation_date"]
    if hired and separated and separated < hired:
        problem("separation_date", "separation_date is before hire_date.")

    reason = _reason(values.get("separation_reason") or "")
    if reason is None:
        problem(
            "separation_reason",
            f"“{values['separation_reason']}” is not a separation reason. Use resigned, retired, "
            "dismissed, transferred out or other, or leave it empty.",
        )

    active_text = (values.get("active") or "").lower()
    is_active: bool
    if active_text in TRUE_WORDS:
        is_active = True
    elif active_text in FALSE_WORDS:
        is_active = False
    elif active_text:
        is_active = True
        problem(
            "active",
            f"“{values['active']}” is not yes or no. Leave it empty to go by separation_date.",
        )
    else:
        # Default: active unless the separation date has passed.
        is_active = not (separated is not None and separated < today)

    if problems:
        return None, problems
    path = tuple(values[c] for c in ("agency", "office", "unit") if values.get(c))
    return (
        StaffRow(
            row=number,
            work_email=values["work_email"],
            first_name=values["first_name"],
            last_name=values["last_name"],
            org_path=path,
            employee_id=values.get("employee_id", ""),
            job_title=values.get("job_title", ""),
            supervisor_email=values.get("supervisor_email") or None,
            hire_date=hired,
            separation_date=separated,
            separation_reason=reason or "",
            is_active=is_active,
        ),
        [],
    )


def _records(text: str) -> Iterator[list[str]]:
    yield from csv.reader(io.StringIO(text, newline=""))


def parse_staff_csv(data: bytes, *, today: date, progress: Progress | None = None) -> ParsedFile:
    """Every row of the file checked on its own; problems for all rows, not just the first."""
    text, encoding_problem = _decode(data)
    if text is None:
        assert encoding_problem is not None
        return ParsedFile([], [encoding_problem], (), 0)
    try:
        records = list(_records(text))
    except csv.Error as error:
        problem = RowProblem(0, "", f"The file could not be read as CSV: {error}.")
        return ParsedFile([], [problem], (), 0)
    if not records or not any(v.strip() for v in records[0]):
        return ParsedFile([], [RowProblem(1, "", _NO_HEADER)], (), 0)
    header, problems = _check_header(records[0])
    numbered = [(i + 2, r) for i, r in enumerate(records[1:]) if any(v.strip() for v in r)]
    total = len(numbered)
    if problems:
        return ParsedFile([], problems, header, total)
    if not numbered:
        return ParsedFile([], [RowProblem(2, "", "The file has no staff rows.")], header, 0)

    rows: list[StaffRow] = []
    row_emails: list[tuple[int, str]] = []
    if progress is not None:
        progress(0, total)
    for done, (number, record) in enumerate(numbered, start=1):
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, total)
        if len(record) > len(header) and any(v.strip() for v in record[len(header) :]):
            message = (
                f"This row has {len(record)} values but the header has {len(header)} "
                "columns. Check for a comma inside a value that is not in quotes."
            )
            problems.append(RowProblem(number, "", message))
            continue
        values = {
            name: (record[i].strip() if i < len(record) else "")
            for i, name in enumerate(header)
            if name
        }
        if values.get("work_email"):
            row_emails.append((number, values["work_email"]))
        row, row_problems = _parse_row(number, values, today)
        problems.extend(row_problems)
        if row is not None:
            rows.append(row)
    if progress is not None:
        progress(total, total)
    return ParsedFile(rows, problems, header, total, row_emails)
