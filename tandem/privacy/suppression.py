"""Small-cell suppression: figures built from fewer than PRIVACY_MIN_COUNT people are not shown,
and neither is anything that would let someone work them out (docs/PRIVACY.md).

The rules, for a table of counts with its row, column and grand totals:

1. **Small counts.** A count of 1 to threshold − 1 people is hidden, cells and totals alike.
   A 0 is shown: "nobody" describes no one (the usual public-health rule). Hidden entries are
   therefore never 0, and this module never hides a 0.
2. **Complementary suppression.** Each row, each column, the row of column totals and the column
   of row totals is a *line*: entries that add up to the line's total. A line with exactly one
   hidden number (an entry, or the total) gives it away: total − sum(shown entries), or the sum
   of the entries. So in every line:
   (a) a shown total stands next to no hidden entry, or to at least two adding up to at least
       the threshold and to more than one person per hidden entry (the sum rule: [1, 1, 50]
       with total 52 would reveal two 1s, and 3 + 4 hidden next to 50 of 57 a group of 7);
   (b) a hidden total has at least one hidden entry.
   Where a line breaks the rule, its smallest shown non-zero entry is hidden too (ties: the
   first in row or column order); if none is left, the line's total. This repeats over all
   lines until nothing changes: hiding an entry can break the rule in the crossing line, and
   hiding a total (a small column total, say) in the line of totals (the cascade).
3. **One marker.** Wherever a total is shown next to hidden entries, every hidden entry reads
   "not shown": a "fewer than 11" next to a plain "not shown" would tell the reader which hidden
   cell is the large one, and [1, 11, 50] with total 62 would give 1 + 11 away. Where nothing
   is hidden to protect something else (a breakdown published without its total), hidden counts
   read "fewer than 11".

What this does not do: it checks each line on its own, not the system of all lines together
(statistical agencies audit that with linear programming, e.g. τ-ARGUS). Combining rows and
columns can narrow a hidden count to a range; solving lines one unknown at a time, as a reader
with a pencil would, finds nothing (tests/test_suppression.py checks it on random tables).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings

NOT_SHOWN = "not shown"

# An entry of a table: ("cell", row, column), ("row", row), ("column", column), ("grand",);
# a line: the entries that add up to its total, and that total (None: the total is not shown).
Key = tuple[str, ...]
Line = tuple[list[Key], Key | None]


def min_count(threshold: int | None = None) -> int:
    """The threshold in use: `threshold` if given, else settings.PRIVACY_MIN_COUNT (default 11)."""
    value = settings.PRIVACY_MIN_COUNT if threshold is None else threshold
    if value < 1:
        raise ValueError(f"the threshold must be at least 1, got {value}")
    return value


def small_label(threshold: int) -> str:
    return f"fewer than {threshold}"


def figure_shown(n: int, threshold: int | None = None) -> bool:
    """Whether a figure built from `n` people (a mean, a percentage, a median) may be shown:
    n >= threshold. A figure from nobody (n = 0) has nothing to show either."""
    return n >= min_count(threshold)


@dataclass(frozen=True)
class Cell:
    value: int | None  # None when suppressed
    suppressed: bool
    label: str  # the number as text, "fewer than 11" or "not shown"


@dataclass(frozen=True)
class SuppressedTable:
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    threshold: int
    cells: Mapping[tuple[str, str], Cell]
    row_totals: Mapping[str, Cell]
    column_totals: Mapping[str, Cell]
    grand_total: Cell

    def cell(self, row: str, column: str) -> Cell:
        return self.cells[(row, column)]

    def row_total(self, row: str) -> Cell:
        return self.row_totals[row]

    def column_total(self, column: str) -> Cell:
        return self.column_totals[column]

    @property
    def note(self) -> str:
        return _note(self.threshold)


@dataclass(frozen=True)
class SuppressedCounts:
    threshold: int
    cells: Mapping[str, Cell]
    total: Cell | None  # None when the total is not published

    def cell(self, key: str) -> Cell:
        return self.cells[key]

    @property
    def note(self) -> str:
        if self.total is None:
            return f"Counts of fewer than {self.threshold} people are not shown."
        return _note(self.threshold)


def _note(threshold: int) -> str:
    return (
        f"Counts of fewer than {threshold} people are not shown, nor are other counts that "
        "would let someone work them out from the totals."
    )


def suppress_table(
    counts: Mapping[tuple[str, str], int],
    *,
    rows: Sequence[str],
    columns: Sequence[str],
    threshold: int | None = None,
) -> SuppressedTable:
    """A rows × columns table of counts of people with row, column and grand totals, with small
    counts and whatever would reveal them hidden (rules in the module docstring). Cells missing
    from `counts` are 0; a key outside `rows` × `columns` or a negative count is an error."""
    limit = min_count(threshold)
    if len(set(rows)) != len(rows) or len(set(columns)) != len(columns):
        raise ValueError("rows and columns must each be named once")
    unknown = [key for key in counts if key[0] not in rows or key[1] not in columns]
    if unknown:
        raise ValueError(f"counts for rows or columns not in the table: {unknown}")
    values: dict[Key, int] = {}
    for r in rows:
        for c in columns:
            values[("cell", r, c)] = _count(counts.get((r, c), 0))
    for r in rows:
        values[("row", r)] = sum(values[("cell", r, c)] for c in columns)
    for c in columns:
        values[("column", c)] = sum(values[("cell", r, c)] for r in rows)
    values[("grand",)] = sum(values[("row", r)] for r in rows)
    lines: list[Line] = [([("cell", r, c) for c in columns], ("row", r)) for r in rows]
    lines += [([("cell", r, c) for r in rows], ("column", c)) for c in columns]
    lines.append(([("column", c) for c in columns], ("grand",)))
    lines.append(([("row", r) for r in rows], ("grand",)))
    hidden = _suppress(values, lines, limit)

    def cell(key: Key) -> Cell:
        return _cell(values[key], key in hidden, NOT_SHOWN)  # totals are shown: one marker

    return SuppressedTable(
        rows=tuple(rows),
        columns=tuple(columns),
        threshold=limit,
        cells={(r, c): cell(("cell", r, c)) for r in rows for c in columns},
        row_totals={r: cell(("row", r)) for r in rows},
        column_totals={c: cell(("column", c)) for c in columns},
        grand_total=cell(("grand",)),
    )


def suppress_counts(
    counts: Mapping[str, int], *, threshold: int | None = None, total_shown: bool = True
) -> SuppressedCounts:
    """A one-way breakdown of people (by status, by office...). Small counts are hidden; when
    the total is published (`total_shown`), it is one line of the table rules: a total below
    the threshold is hidden and other counts are hidden until no hidden count can be worked
    out from it. Without a published total only the small counts are hidden, as
    "fewer than N": pass total_shown=False only if the page shows no total of these people
    anywhere (a heading "42 engagements" is a total too)."""
    limit = min_count(threshold)
    values: dict[Key, int] = {("cell", key): _count(n) for key, n in counts.items()}
    total: Key | None = ("total",) if total_shown else None
    if total is not None:
        values[total] = sum(values.values())
    hidden = _suppress(values, [([("cell", key) for key in counts], total)], limit)
    label = NOT_SHOWN if total_shown else small_label(limit)
    return SuppressedCounts(
        threshold=limit,
        cells={key: _cell(values[("cell", key)], ("cell", key) in hidden, label) for key in counts},
        total=None if total is None else _cell(values[total], total in hidden, label),
    )


def _suppress(values: Mapping[Key, int], lines: Sequence[Line], limit: int) -> set[Key]:
    """The entries to hide: small counts, then complementary entries until in every line with
    a total either the total is hidden along with at least one of its entries, or the total is
    shown and the line hides no entry, or at least two adding up to at least `limit` and to
    more than one person per hidden entry."""
    hidden = {key for key, value in values.items() if 0 < value < limit}
    changed = True
    while changed:
        changed = False
        for entries, total in lines:
            if total is None:
                continue
            hidden_here = [key for key in entries if key in hidden]
            if total in hidden:
                # a hidden total next to cells that are all shown is their sum
                safe = bool(hidden_here)
            else:
                hidden_sum = sum(values[key] for key in hidden_here)
                safe = not hidden_here or (
                    len(hidden_here) >= 2 and hidden_sum >= max(limit, len(hidden_here) + 1)
                )
            if safe:
                continue
            shown = [key for key in entries if key not in hidden and values[key] > 0]
            # min() keeps the first of equal values: the order of rows and columns decides ties
            hidden.add(min(shown, key=lambda key: values[key]) if shown else total)
            changed = True
    return hidden


def _cell(value: int, suppressed: bool, label: str) -> Cell:
    if suppressed:
        return Cell(value=None, suppressed=True, label=label)
    return Cell(value=value, suppressed=False, label=str(value))


def _count(value: int) -> int:
    if value < 0:
        raise ValueError(f"a count of people cannot be negative, got {value}")
    return value
