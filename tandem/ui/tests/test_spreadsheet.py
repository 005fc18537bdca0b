"""Nothing Tandem writes to a CSV runs as a formula when a spreadsheet opens it."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tandem.ui.spreadsheet import SafeWriter, safe_cell, safe_row


@pytest.mark.parametrize(
    "typed",
    [
        '=HYPERLINK("http://x","y")',
        "+1+1",
        "-2+3",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        "-cmd|' /C calc'!A0",
    ],
)
def test_text_that_a_spreadsheet_would_run_is_kept_as_text(typed):
    out = io.StringIO()
    SafeWriter(out).writerow(["Name", typed])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == ["Name", "'" + typed]


@pytest.mark.parametrize("number", ["-1.5", "+2", "-12%", "-1,234.5", 3, -4.25, None])
def test_numbers_stay_numbers(number):
    assert safe_cell(number) == number


@pytest.mark.parametrize("plain", ["Smith", "fewer than 11", "", "Mean change (after - before)"])
def test_ordinary_text_is_untouched(plain):
    assert safe_cell(plain) == plain


@given(
    st.lists(
        st.one_of(
            st.none(),
            st.integers(),
            st.floats(allow_nan=False),
            st.booleans(),
            st.text(),
            st.sampled_from(["=1+1", "+2", "-3", "@x", "\t=1", "\r=1", "-1.5", "a=b"]),
        )
    )
)
def test_a_row_is_made_safe_cell_by_cell_with_none_empty(row):
    assert safe_row(row) == ["" if value is None else safe_cell(value) for value in row]
