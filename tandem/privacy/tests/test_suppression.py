"""Small-cell suppression against tables worked by hand, and a property over random tables:
nobody can work out a hidden count from a row or a column. Plain functions: no database."""

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tandem.privacy.suppression import (
    NOT_SHOWN,
    Cell,
    SuppressedTable,
    figure_shown,
    suppress_counts,
    suppress_table,
)

ROWS = ("A", "B", "C")
COLUMNS = ("X", "Y", "Z")


def grid(*rows):
    """{(row, column): count} from rows of numbers, for the first rows and columns of
    ROWS × COLUMNS."""
    return {
        (r, c): n
        for r, numbers in zip(ROWS, rows, strict=False)
        for c, n in zip(COLUMNS, numbers, strict=False)
    }


def hidden_cells(table: SuppressedTable) -> list[str]:
    return [f"{r}/{c}" for r in table.rows for c in table.columns if table.cell(r, c).suppressed]


def hidden_totals(table: SuppressedTable) -> list[str]:
    rows = [f"row {r}" for r in table.rows if table.row_total(r).suppressed]
    columns = [f"column {c}" for c in table.columns if table.column_total(c).suppressed]
    return rows + columns + (["grand"] if table.grand_total.suppressed else [])


# Tables ---------------------------------------------------------------------------------------


def test_suppress_table_nothing_small_shows_everything():
    table = suppress_table(
        grid([11, 20, 0], [30, 12, 40]), rows=ROWS[:2], columns=COLUMNS, threshold=11
    )

    assert hidden_cells(table) + hidden_totals(table) == []
    assert table.cell("A", "X") == Cell(value=11, suppressed=False, label="11")
    assert table.cell("A", "Z") == Cell(value=0, suppressed=False, label="0")
    assert [table.row_total(r).value for r in ("A", "B")] == [31, 82]
    assert [table.column_total(c).value for c in COLUMNS] == [41, 32, 40]
    assert table.grand_total.value == 113


def test_suppress_table_complementary_in_row_and_column_hand_worked():
    #        X   Y   Z | total
    #   A    5  20  30 |  55      5 < 11: primary
    #   B   15  12  40 |  67
    #   C   25  35  50 | 110
    #       45  67 120 | 232
    # row A: only 5 hidden -> hide its smallest shown cell, A/Y = 20 (5 + 20 = 25 >= 11)
    # column X: only 5 hidden -> hide min(B/X 15, C/X 25) = B/X
    # column Y: only A/Y hidden -> hide min(B/Y 12, C/Y 35) = B/Y (that cascade came from row A)
    # row B: B/X + B/Y = 27, two hidden: stable. Totals all >= 11 and shown.
    table = suppress_table(
        grid([5, 20, 30], [15, 12, 40], [25, 35, 50]), rows=ROWS, columns=COLUMNS, threshold=11
    )

    assert hidden_cells(table) == ["A/X", "A/Y", "B/X", "B/Y"]
    assert hidden_totals(table) == []
    assert table.cell("A", "X") == Cell(value=None, suppressed=True, label=NOT_SHOWN)
    assert table.cell("A", "Y") == Cell(value=None, suppressed=True, label=NOT_SHOWN)
    assert table.cell("C", "Y") == Cell(value=35, suppressed=False, label="35")
    assert table.row_total("A") == Cell(value=55, suppressed=False, label="55")


def test_suppress_table_complementary_cascades_over_passes_hand_worked():
    #        X   Y   Z | total
    #   A    3  40  50 |  93      3 < 11: primary
    #   B   30  20  60 | 110
    #   C   35  15  70 | 120
    #       68  75 180 | 323
    # pass 1: row A -> hide A/Y 40 (smaller than 50); column X -> hide B/X 30 (smaller than 35);
    #         column Y (only A/Y) -> hide C/Y 15 (smaller than B/Y 20)
    # pass 2: row B has only B/X -> hide B/Y 20 (smaller than 60);
    #         row C has only C/Y -> hide C/X 35 (smaller than 70)
    # pass 3: every row and column hides 0 or >= 2 entries adding up to >= 11: stable
    table = suppress_table(
        grid([3, 40, 50], [30, 20, 60], [35, 15, 70]), rows=ROWS, columns=COLUMNS, threshold=11
    )

    assert hidden_cells(table) == ["A/X", "A/Y", "B/X", "B/Y", "C/X", "C/Y"]
    assert hidden_totals(table) == []
    assert [table.cell(r, "Z").value for r in ROWS] == [50, 60, 70]


def test_suppress_table_small_column_total_cascades_into_the_margin_hand_worked():
    #        X   Y   Z | total
    #   A    4  30  40 |  74      4, 3 < 11 and the X total 7 < 11: primary
    #   B    3  25  50 |  78
    #        7  55  90 | 152
    # row A -> hide A/Y 30; row B -> hide B/Y 25; column X: its total is hidden, nothing to solve
    # the column totals (7, 55, 90 | 152): only X hidden -> hide the next smallest, Y's 55;
    # otherwise 152 - 55 - 90 = 7 would give the X total away
    table = suppress_table(
        grid([4, 30, 40], [3, 25, 50]), rows=ROWS[:2], columns=COLUMNS, threshold=11
    )

    assert hidden_cells(table) == ["A/X", "A/Y", "B/X", "B/Y"]
    assert hidden_totals(table) == ["column X", "column Y"]
    assert table.column_total("Z").value == 90
    assert table.grand_total.value == 152


def test_suppress_table_small_row_total_hides_a_second_row_total():
    #        X   Y | total
    #   A    2   0 |   2      2 and the row total 2: primary
    #   B   30  40 |  70
    #   C   20  50 |  70
    #       52  90 | 142
    # pass 1: row A: total and A/X hidden, fine; column X: only A/X -> hide min(30, 20) = C/X
    #         the row totals (2, 70, 70 | 142): only A's hidden -> hide the first smallest, B's 70
    # pass 2: row B: a hidden total next to shown 30 and 40 is their sum -> hide B/X 30
    #         row C: only C/X -> hide C/Y 50; column Y: only C/Y (A/Y is 0) -> hide B/Y 40
    # pass 3: column X hides 2 + 30 + 20 = 52, column Y 40 + 50 = 90, row C 70: stable
    counts = {("A", "X"): 2, ("B", "X"): 30, ("B", "Y"): 40, ("C", "X"): 20, ("C", "Y"): 50}
    table = suppress_table(counts, rows=ROWS, columns=("X", "Y"), threshold=11)

    assert hidden_cells(table) == ["A/X", "B/X", "B/Y", "C/X", "C/Y"]
    assert hidden_totals(table) == ["row A", "row B"]
    assert table.cell("A", "Y") == Cell(value=0, suppressed=False, label="0")


def test_suppress_table_two_small_cells_that_add_up_to_a_small_group_hide_a_third():
    # row A: 1 + 1 = 2 hidden would still give away "2 people, one in each" (52 - 50)
    #        X   Y   Z | total
    #   A    1   1  50 |  52
    #   B   20  30  40 |  90
    # row A: A/X, A/Y hidden, sum 2 < 11 -> hide A/Z 50
    # column X: only A/X -> hide B/X 20; column Y: only A/Y -> hide B/Y 30;
    # column Z: only A/Z -> hide B/Z 40; row B: all hidden, total 90 shown
    table = suppress_table(
        grid([1, 1, 50], [20, 30, 40]), rows=ROWS[:2], columns=COLUMNS, threshold=11
    )

    assert hidden_cells(table) == ["A/X", "A/Y", "A/Z", "B/X", "B/Y", "B/Z"]
    assert hidden_totals(table) == []


def test_suppress_table_everything_small():
    table = suppress_table(grid([1, 2], [3, 0]), rows=ROWS[:2], columns=COLUMNS[:2], threshold=11)

    assert hidden_cells(table) == ["A/X", "A/Y", "B/X"]
    assert hidden_totals(table) == ["row A", "row B", "column X", "column Y", "grand"]
    assert table.cell("B", "Y").value == 0


def test_suppress_table_missing_cells_are_zero():
    table = suppress_table({("A", "X"): 12}, rows=ROWS[:1], columns=COLUMNS[:2], threshold=11)

    assert table.cell("A", "Y") == Cell(value=0, suppressed=False, label="0")
    assert table.grand_total.value == 12


def test_suppress_table_unknown_row_raises():
    with pytest.raises(ValueError, match="not in the table"):
        suppress_table({("D", "X"): 12}, rows=ROWS, columns=COLUMNS, threshold=11)


def test_suppress_table_negative_count_raises():
    with pytest.raises(ValueError, match="cannot be negative"):
        suppress_table({("A", "X"): -1}, rows=ROWS, columns=COLUMNS, threshold=11)


def test_suppress_table_repeated_row_raises():
    with pytest.raises(ValueError, match="named once"):
        suppress_table({}, rows=("A", "A"), columns=COLUMNS, threshold=11)


# One-way breakdowns ---------------------------------------------------------------------------


def test_suppress_counts_with_total_hides_a_complement():
    # 40 + 3 + 20 = 63 shown: 3 alone would be 63 - 40 - 20 -> hide the next smallest, 20
    result = suppress_counts({"active": 40, "withdrawn": 3, "closed": 20}, threshold=11)

    assert result.cell("active") == Cell(value=40, suppressed=False, label="40")
    assert result.cell("withdrawn") == Cell(value=None, suppressed=True, label=NOT_SHOWN)
    assert result.cell("closed") == Cell(value=None, suppressed=True, label=NOT_SHOWN)
    assert result.total == Cell(value=63, suppressed=False, label="63")
    assert result.note == (
        "Counts of fewer than 11 people are not shown, nor are other counts that would let "
        "someone work them out from the totals."
    )


def test_suppress_counts_without_total_hides_small_counts_only():
    result = suppress_counts(
        {"active": 40, "withdrawn": 3, "closed": 20}, threshold=11, total_shown=False
    )

    assert result.cell("withdrawn") == Cell(value=None, suppressed=True, label="fewer than 11")
    assert result.cell("closed") == Cell(value=20, suppressed=False, label="20")
    assert result.total is None
    assert result.note == "Counts of fewer than 11 people are not shown."


def test_suppress_counts_small_total_is_hidden():
    result = suppress_counts({"a": 3, "b": 4, "c": 0}, threshold=11)

    assert [result.cell(k).suppressed for k in ("a", "b", "c")] == [True, True, False]
    assert result.total == Cell(value=None, suppressed=True, label=NOT_SHOWN)


def test_suppress_counts_hidden_counts_must_add_up_to_the_threshold():
    # 1 + 1 hidden: 82 - 50 - 30 = 2 shows two people -> hide the smallest shown, 30 (sum 32)
    result = suppress_counts({"a": 1, "b": 1, "c": 50, "d": 30}, threshold=11)

    assert [k for k in "abcd" if result.cell(k).suppressed] == ["a", "b", "d"]
    assert result.total.value == 82


def test_suppress_counts_hides_the_total_when_nothing_else_is_left():
    # threshold 3: 1, 1, 1 are hidden; a total of 3 next to three hidden counts says each is 1,
    # and there is no shown count left to hide -> the total (3, not small) is hidden too
    result = suppress_counts({"a": 1, "b": 1, "c": 1, "d": 0}, threshold=3)

    assert [result.cell(k).suppressed for k in "abcd"] == [True, True, True, False]
    assert result.total == Cell(value=None, suppressed=True, label=NOT_SHOWN)


def test_suppress_counts_ties_hide_the_first():
    result = suppress_counts({"a": 5, "b": 20, "c": 20}, threshold=11)

    assert [k for k in "abc" if result.cell(k).suppressed] == ["a", "b"]


def test_suppress_counts_zero_is_shown():
    result = suppress_counts({"a": 0, "b": 30}, threshold=11)

    assert result.cell("a") == Cell(value=0, suppressed=False, label="0")
    assert result.total.value == 30


def test_suppress_counts_empty():
    result = suppress_counts({}, threshold=11)

    assert (dict(result.cells), result.total) == ({}, Cell(value=0, suppressed=False, label="0"))


# The threshold -------------------------------------------------------------------------------


def test_suppress_counts_threshold_follows_setting(settings):
    settings.PRIVACY_MIN_COUNT = 5

    result = suppress_counts({"a": 4, "b": 5}, total_shown=False)

    assert result.cell("a") == Cell(value=None, suppressed=True, label="fewer than 5")
    assert result.cell("b") == Cell(value=5, suppressed=False, label="5")
    assert result.threshold == 5


def test_suppress_counts_threshold_eleven_from_setting(settings):
    settings.PRIVACY_MIN_COUNT = 11

    result = suppress_counts({"a": 10, "b": 11}, total_shown=False)

    assert [result.cell(k).label for k in "ab"] == ["fewer than 11", "11"]


def test_suppress_table_threshold_follows_setting(settings):
    settings.PRIVACY_MIN_COUNT = 3

    table = suppress_table(grid([2, 5], [3, 4]), rows=ROWS[:2], columns=COLUMNS[:2])

    # 2 < 3 is hidden; row A then hides A/Y 5 (2 + 5 = 7 >= 3), column X hides B/X 3,
    # column Y hides B/Y 4: a four-cell rectangle
    assert table.threshold == 3
    assert hidden_cells(table) == ["A/X", "A/Y", "B/X", "B/Y"]


def test_suppression_threshold_argument_overrides_setting(settings):
    settings.PRIVACY_MIN_COUNT = 11

    assert suppress_counts({"a": 4}, threshold=3, total_shown=False).cell("a").value == 4


def test_suppression_threshold_below_one_raises(settings):
    settings.PRIVACY_MIN_COUNT = 0

    with pytest.raises(ValueError, match="at least 1"):
        suppress_counts({"a": 4})


@pytest.mark.parametrize(("n", "shown"), [(0, False), (10, False), (11, True), (40, True)])
def test_figure_shown_from_setting(settings, n, shown):
    settings.PRIVACY_MIN_COUNT = 11

    assert figure_shown(n) is shown


def test_figure_shown_with_threshold():
    assert (figure_shown(4, threshold=5), figure_shown(5, threshold=5)) == (False, True)


# Property: no hidden count can be worked out from a row or a column --------------------------


def published_lines(table: SuppressedTable) -> list[tuple[list[Cell], Cell, list[int]]]:
    """Every line a reader can add up, with the true values (the test knows them; the reader
    does not): rows, columns, the column totals and the row totals."""
    lines = []
    for r in table.rows:
        lines.append(([table.cell(r, c) for c in table.columns], table.row_total(r)))
    for c in table.columns:
        lines.append(([table.cell(r, c) for r in table.rows], table.column_total(c)))
    lines.append(([table.column_total(c) for c in table.columns], table.grand_total))
    lines.append(([table.row_total(r) for r in table.rows], table.grand_total))
    return lines


def solve_single_unknowns(table: SuppressedTable) -> int:
    """What a reader learns by solving every line with exactly one unknown (a hidden cell, or a
    hidden total), again and again: the number of hidden entries worked out."""
    known: dict[int, int] = {}
    lines = published_lines(table)

    def value(cell: Cell) -> int | None:
        return cell.value if not cell.suppressed else known.get(id(cell))

    learned = True
    while learned:
        learned = False
        for entries, total in lines:
            unknown = [e for e in [*entries, total] if value(e) is None]
            if len(unknown) != 1:
                continue
            if unknown[0] is total:
                known[id(total)] = sum(value(e) for e in entries)
            else:
                known[id(unknown[0])] = value(total) - sum(
                    value(e) for e in entries if e is not unknown[0]
                )
            learned = True
    return len(known)


counts_of_people = st.one_of(st.integers(0, 12), st.integers(0, 60))


@st.composite
def tables(draw):
    rows = [f"r{i}" for i in range(draw(st.integers(1, 5)))]
    columns = [f"c{i}" for i in range(draw(st.integers(1, 5)))]
    counts = {(r, c): draw(counts_of_people) for r in rows for c in columns}
    return counts, rows, columns, draw(st.integers(1, 15))


@hypothesis_settings(max_examples=400, database=None, deadline=None)
@given(tables())
def test_suppress_table_no_hidden_count_can_be_worked_out_from_a_line(case):
    counts, rows, columns, threshold = case

    table = suppress_table(counts, rows=rows, columns=columns, threshold=threshold)

    true_row = {r: sum(counts[(r, c)] for c in columns) for r in rows}
    true_column = {c: sum(counts[(r, c)] for r in rows) for c in columns}
    for (r, c), n in counts.items():
        cell = table.cell(r, c)
        assert cell.suppressed or cell.value == n  # shown values are the true ones
        if 0 < n < threshold:
            assert cell.suppressed  # every small count is hidden
        if n == 0:
            assert cell == Cell(value=0, suppressed=False, label="0")  # zeros are shown
    for name, n, cell in [
        *((r, true_row[r], table.row_total(r)) for r in rows),
        *((c, true_column[c], table.column_total(c)) for c in columns),
        ("grand", sum(counts.values()), table.grand_total),
    ]:
        assert cell.suppressed or cell.value == n, name
        assert not (0 < n < threshold) or cell.suppressed, name
    # in every line: a hidden total has a hidden entry; a shown total has no hidden entry, or
    # two or more that add up to at least the threshold (and to more than one person each)
    for entries, total in published_lines(table):
        hidden = [e for e in entries if e.suppressed]
        if total.suppressed:
            assert hidden  # else the total is the sum of what is shown
            continue
        hidden_sum = total.value - sum(e.value for e in entries if not e.suppressed)
        assert len(hidden) != 1
        assert not hidden or hidden_sum >= max(threshold, len(hidden) + 1)
    assert solve_single_unknowns(table) == 0


@hypothesis_settings(max_examples=300, database=None, deadline=None)
@given(st.lists(counts_of_people, max_size=8), st.integers(1, 15))
def test_suppress_counts_no_hidden_count_can_be_worked_out_from_the_total(numbers, threshold):
    counts = {f"k{i}": n for i, n in enumerate(numbers)}

    result = suppress_counts(counts, threshold=threshold)

    hidden = [k for k in counts if result.cell(k).suppressed]
    assert all(result.cell(k).suppressed for k in counts if 0 < counts[k] < threshold)
    assert not any(result.cell(k).suppressed for k in counts if counts[k] == 0)
    if result.total.suppressed:
        assert hidden  # else the total is the sum of what is shown
    else:
        assert len(hidden) != 1
        assert not hidden or sum(counts[k] for k in hidden) >= max(threshold, len(hidden) + 1)
