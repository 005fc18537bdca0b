"""Fixtures for the staff import tests: CSV files built from dicts, and tasks run at once."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable

import pytest

from tandem.staff_import.parsing import COLUMNS


@pytest.fixture(autouse=True)
def _tasks_run_immediately(settings: pytest.FixtureRequest) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def staff_csv(rows: Iterable[dict[str, str]], columns: Iterable[str] = COLUMNS) -> bytes:
    """A UTF-8 CSV with `columns` as header; missing values are empty."""
    columns = list(columns)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({name: row.get(name, "") for name in columns})
    return out.getvalue().encode("utf-8")


def person_row(email: str, **values: str) -> dict[str, str]:
    """A valid row for someone in North County / North Main Office / Intake."""
    first, _, last = email.partition("@")[0].partition(".")
    return {
        "work_email": email,
        "first_name": first.title(),
        "last_name": (last or "Person").title(),
        "job_title": "Caseworker",
        "agency": "North County",
        "office": "North Main Office",
        "unit": "Intake",
        "hire_date": "2020-01-06",
        **values,
    }


def generated_rows(count: int, *, agencies: int = 3) -> list[dict[str, str]]:
    """`count` people: a director per agency, everyone else reporting to their director."""
    rows = []
    for index in range(count):
        agency = index % agencies
        director = f"director{agency}@example.gov"
        if index < agencies:
            rows.append(person_row(director, agency=f"Agency {agency}", office="", unit=""))
        else:
            rows.append(
                person_row(
                    f"worker{index}@example.gov",
                    agency=f"Agency {agency}",
                    office=f"Office {index % 2}",
                    unit=f"Unit {index % 4}",
                    supervisor_email=director,
                )
            )
    return rows


@pytest.fixture
def write_csv(tmp_path) -> Callable[..., object]:
    def write(content: bytes, name: str = "staff.csv"):
        path = tmp_path / name
        path.write_bytes(content)
        return path

    return write
