"""The file format and single-row checks. Pure: no database."""

from __future__ import annotations

from datetime import date

from tandem.staff_import.parsing import RowProblem, parse_staff_csv
from tandem.staff_import.tests.conftest import person_row, staff_csv

TODAY = date(2025, 6, 30)


def _problems(content: bytes) -> list[RowProblem]:
    return parse_staff_csv(content, today=TODAY).problems


def test_parse_valid_file_reads_every_field():
    content = staff_csv(
        [
            person_row(
                "Casey.Worker@Example.gov",
                employee_id="E7",
                supervisor_email="sam@example.gov",
                hire_date="04/02/2022",
                separation_date="2030-01-31",
            )
        ]
    )
    parsed = parse_staff_csv(content, today=TODAY)
    assert parsed.problems == []
    row = parsed.rows[0]
    assert (row.row, row.email_key, row.first_name, row.last_name) == (
        2,
        "casey.worker@example.gov",
        "Casey",
        "Worker",
    )
    assert row.org_path == ("North County", "North Main Office", "Intake")
    assert (row.hire_date, row.separation_date) == (date(2022, 4, 2), date(2030, 1, 31))
    assert (row.employee_id, row.supervisor_key, row.is_active) == ("E7", "sam@example.gov", True)


def test_parse_accepts_a_byte_order_mark_and_spreadsheet_headers():
    content = b"\xef\xbb\xbfWork Email,First Name,Last Name,Agency\r\na@example.gov,A,B,North\r\n"
    parsed = parse_staff_csv(content, today=TODAY)
    assert parsed.problems == []
    assert parsed.columns == ("work_email", "first_name", "last_name", "agency")
    assert parsed.rows[0].org_path == ("North",)


def test_parse_bad_encoding_names_the_line_and_byte():
    content = "work_email,first_name,last_name,agency\na@example.gov,José,B,North\n".encode(
        "latin-1"
    )
    assert _problems(content) == [
        RowProblem(
            2,
            "",
            "The file is not saved as UTF-8 text: line 2, character 18 has an unreadable byte "
            "(0xE9). In Excel, use Save As and choose “CSV UTF-8 (Comma delimited)”, then "
            "upload it again.",
        )
    ]


def test_parse_missing_required_column_is_reported_on_row_1():
    content = staff_csv(
        [person_row("a@example.gov")], columns=["work_email", "first_name", "agency"]
    )
    assert _problems(content) == [
        RowProblem(1, "last_name", "The required column “last_name” is missing from row 1.")
    ]


def test_parse_unknown_and_repeated_columns_are_reported():
    content = b"work_email,first_name,last_name,agency,agency,shoe_size\n"
    assert _problems(content) == [
        RowProblem(1, "agency", "The column “agency” appears twice."),
        RowProblem(
            1,
            "shoe_size",
            "Unknown column “shoe_size”. Rename it to one of the columns in the template, or "
            "remove it.",
        ),
    ]


def test_parse_bad_dates_are_reported_by_row_and_column():
    content = staff_csv(
        [
            person_row("a@example.gov"),
            person_row("b@example.gov", hire_date="31/12/2020"),
            person_row("c@example.gov", hire_date="2021-05-01", separation_date="2020-01-01"),
        ]
    )
    assert _problems(content) == [
        RowProblem(
            3,
            "hire_date",
            "“31/12/2020” is not a date. Use YYYY-MM-DD (2024-03-31) or MM/DD/YYYY (03/31/2024).",
        ),
        RowProblem(4, "separation_date", "separation_date is before hire_date."),
    ]


def test_parse_empty_required_values_and_bad_emails_are_reported():
    content = staff_csv([person_row("not-an-email", first_name="", supervisor_email="x@")])
    assert _problems(content) == [
        RowProblem(2, "first_name", "first_name is empty. Every row needs one."),
        RowProblem(2, "work_email", "“not-an-email” is not a valid email address."),
        RowProblem(2, "supervisor_email", "“x@” is not a valid email address."),
    ]


def test_parse_self_supervision_is_reported():
    content = staff_csv([person_row("a@example.gov", supervisor_email="A@example.gov")])
    assert _problems(content) == [
        RowProblem(2, "supervisor_email", "A person cannot be their own supervisor.")
    ]


def test_parse_active_defaults_to_separation_date():
    content = staff_csv(
        [
            person_row("gone@example.gov", separation_date="2025-06-29"),
            person_row("leaving@example.gov", separation_date="2025-07-01"),
            person_row("back@example.gov", separation_date="2025-06-01", active="yes"),
            person_row("off@example.gov", active="No"),
        ]
    )
    parsed = parse_staff_csv(content, today=TODAY)
    assert [(r.email_key, r.is_active) for r in parsed.rows] == [
        ("gone@example.gov", False),
        ("leaving@example.gov", True),
        ("back@example.gov", True),
        ("off@example.gov", False),
    ]


def test_parse_row_numbers_count_blank_lines_like_a_spreadsheet():
    content = (
        staff_csv([person_row("a@example.gov")])
        + b",,,,,,,,,,,\n"
        + staff_csv([person_row("b@example.gov", hire_date="soon")]).split(b"\n", 1)[1]
    )
    problems = _problems(content)
    assert [(p.row, p.column) for p in problems] == [(4, "hire_date")]


def test_parse_extra_values_in_a_row_are_reported():
    content = b"work_email,first_name,last_name,agency\na@example.gov,A,B,North,Extra\n"
    assert _problems(content) == [
        RowProblem(
            2,
            "",
            "This row has 5 values but the header has 4 columns. Check for a comma inside a "
            "value that is not in quotes.",
        )
    ]


def test_parse_reports_progress_at_start_every_thousand_rows_and_at_end():
    rows = [person_row(f"p{i}@example.gov") for i in range(2500)]
    calls: list[tuple[int, int]] = []
    parse_staff_csv(staff_csv(rows), today=TODAY, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(0, 2500), (1000, 2500), (2000, 2500), (2500, 2500)]


def test_parse_empty_file_and_header_only_file():
    assert _problems(b"") == [
        RowProblem(
            1, "", "Row 1 is empty. The first row must hold the column names (see the template)."
        )
    ]
    assert _problems(b"work_email,first_name,last_name,agency\n") == [
        RowProblem(2, "", "The file has no staff rows.")
    ]


def test_parse_separation_reason_by_code_or_label_in_any_case():
    reasons = ["Resigned", "RETIRED", "transferred out", "Transferred_Out", "transferred-out", ""]
    rows = [
        person_row(f"p{i}@example.gov", separation_date="2025-06-01", separation_reason=reason)
        for i, reason in enumerate(reasons)
    ]
    parsed = parse_staff_csv(staff_csv(rows), today=TODAY)
    assert parsed.problems == []
    assert [r.separation_reason for r in parsed.rows] == [
        "resigned",
        "retired",
        "transferred_out",
        "transferred_out",
        "transferred_out",
        "",
    ]


def test_parse_unknown_separation_reason_is_reported():
    content = staff_csv([person_row("a@example.gov", separation_reason="quit")])
    assert _problems(content) == [
        RowProblem(
            2,
            "separation_reason",
            "“quit” is not a separation reason. Use resigned, retired, dismissed, transferred "
            "out or other, or leave it empty.",
        )
    ]
