"""Building blocks of every evaluation table: a cell as shown (and written to the CSV), a table
that says what it counts and how many records are behind it, and the helpers that put counts
and statistics through small-cell suppression (privacy/suppression.py). Definitions:
docs/EVALUATION.md."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, time

from django.db.models import QuerySet
from django.utils import timezone

from tandem.coaching.models import Engagement
from tandem.evaluation.filters import Filters
from tandem.evaluation.stats import (
    median_and_p90,
)
from tandem.instruments.definition import Definition
from tandem.instruments.models import Administration, InstrumentVersion
from tandem.instruments.selectors import version_definition
from tandem.privacy.aggregates import engagements_evaluated
from tandem.privacy.suppression import (
    figure_shown,
    min_count,
    small_label,
    suppress_counts,
)
from tandem.ui.charts import Bar, Chart, bar_chart

TOO_FEW = "not shown: too few"
Kind = Administration.Kind


@dataclass(frozen=True)
class Cell:
    """One value as shown, and as written to the CSV: the text is the same in both."""

    text: str
    value: float | None = None
    suppressed: bool = False


def short_label(label: str, rows: Sequence[Sequence[Cell]]) -> str:
    """A bar's label without the "Instrument: " every row's label starts with (the table
    beside the chart keeps the whole label)."""
    prefix, found, rest = label.partition(": ")
    if found and all(row[0].text.startswith(prefix + ": ") for row in rows):
        return rest
    return label


def number(value: float | int | None, *, places: int = 0) -> Cell:
    if value is None:
        return Cell("–")
    shown = f"{value:,.{places}f}" if places else f"{round(value):,}"
    return Cell(shown, float(value))


def label(text: str) -> Cell:
    return Cell(text)


@dataclass(frozen=True)
class Table:
    slug: str
    title: str
    counts: str  # what the figure counts, in one sentence
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    behind: int  # how many records the figure is built from
    behind_label: str  # ...of what ("requests", "engagements", "sessions")
    people: int | None = None  # how many people it is about, when not `behind`
    notes: tuple[str, ...] = field(default_factory=tuple)
    chart_column: int | None = None  # the column drawn as bars beside the table, if any

    @property
    def too_few(self) -> bool:
        about = self.behind if self.people is None else self.people
        return 0 < about < min_count()

    @property
    def behind_text(self) -> str:
        if 0 < self.behind < min_count():
            return small_label(min_count())
        return f"{self.behind:,}"

    def shown(self) -> Table:
        """The table as it may be shown: about fewer people than the threshold, no value at
        all (a breakdown of a handful of people tells what each of them did, zeros included)."""
        if not self.too_few:
            return self
        hidden = Cell(TOO_FEW)
        return replace(
            self,
            rows=tuple((row[0], *(hidden for _ in row[1:])) for row in self.rows),
            notes=(*self.notes, f"About {small_label(min_count())} people: no figure is shown."),
        )

    def as_rows(self) -> list[list[str]]:
        return [list(self.columns)] + [[c.text for c in row] for row in self.rows]

    @property
    def chart(self) -> Chart | None:
        """The bar chart of `chart_column`, drawn from the very cells the table shows."""
        column = self.chart_column
        if column is None or self.too_few or all(row[column].value is None for row in self.rows):
            return None  # nothing to draw: the table says why
        return bar_chart(
            title=self.title,
            description=f"{self.counts} The table beside it gives the same figures.",
            bars=[
                Bar(short_label(row[0].text, self.rows), row[column].value, row[column].text)
                for row in self.rows
            ],
            category_label=self.columns[0],
            value_label=self.columns[column],
            horizontal=True,
            chart_id=f"chart-{self.slug}",
        )


def suppressed_column(
    counts: Mapping[str, int], labels: Mapping[str, str], *, partition: bool = True
) -> list[Cell]:
    """Counts of people, suppressed. `partition`: they add up to a total that is shown (the
    "built from" figure), so complementary suppression applies."""
    shown = suppress_counts(counts, total_shown=partition)
    cells = []
    for key in labels:
        cell = shown.cell(key)
        cells.append(Cell(cell.label, None if cell.suppressed else cell.value, cell.suppressed))
    return cells


def count_rows(
    counts: Mapping[str, int], labels: Mapping[str, str], *, partition: bool = True
) -> tuple[tuple[Cell, Cell], ...]:
    """One row per label: the label, and its count of people suppressed (`suppressed_column`)."""
    cells = suppressed_column(counts, labels, partition=partition)
    return tuple((label(text), cell) for text, cell in zip(labels.values(), cells, strict=True))


def statistic(values: Sequence[float], *, places: int = 1) -> tuple[Cell, Cell, Cell]:
    """n, median and 90th percentile, the last two hidden below the threshold."""
    if not figure_shown(len(values)):
        hidden = suppress_counts({"n": len(values)}, total_shown=False).cell("n")
        return (
            Cell(hidden.label, None, hidden.suppressed) if len(values) else number(0),
            Cell(TOO_FEW),
            Cell(TOO_FEW),
        )
    median, p90 = median_and_p90(values)
    return number(len(values)), number(median, places=places), number(p90, places=places)


def period_bounds(filters: Filters) -> tuple[datetime, datetime]:
    return (
        timezone.make_aware(datetime.combine(filters.start, time.min)),
        timezone.make_aware(datetime.combine(filters.end, time.max)),
    )


def narrowed(filters: Filters) -> bool:
    """Whether the cohort, coach type, model or kind filter is set."""
    return filters.campaign is not None or filters.narrows_engagements


def matching_engagements(filters: Filters) -> QuerySet[Engagement]:
    return filters.engagements(engagements_evaluated(filters.scope))


def instrument_definitions(version_ids: Iterable[int]) -> dict[int, Definition]:
    versions = InstrumentVersion.objects.select_related("instrument").filter(pk__in=version_ids)
    return {version.pk: version_definition(version) for version in versions}


def count_cell(n: int) -> Cell:
    """A count of people shown on its own: 1 to threshold − 1 reads "fewer than 11"."""
    cell = suppress_counts({"n": n}, total_shown=False).cell("n")
    return Cell(cell.label, cell.value, cell.suppressed)


def withheld(n: int) -> Cell:
    """A statistic not shown: about nobody there is nothing to show, about a few it is hidden."""
    return Cell("–") if n == 0 else Cell(TOO_FEW)


def percent(part: int, whole: int) -> Cell:
    return Cell(f"{100 * part / whole:.0f}%", 100 * part / whole)


def p_value_cell(p: float | None) -> Cell:
    if p is None:
        return Cell("–")
    return Cell("< 0.001" if p < 0.001 else f"{p:.3f}", p)
