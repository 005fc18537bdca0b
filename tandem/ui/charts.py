"""Every chart in Tandem: an inline SVG drawn on the server and the table of the same figures.

Why drawn here rather than by a library: docs/ARCHITECTURE.md, "Charts". A chart function
returns a `Chart`: its SVG (safe markup: every text from data is escaped, see `tandem.ui.svg`)
and the `Table` built from the same values, which the template `ui/_chart.html` shows beside
it, so the two cannot disagree. With nothing to draw, a chart says "No data yet." instead.

    chart = line_chart(title=..., description=..., x_label="Date", series=[Series("Level",
        (Point(day, 1.0), ...))], y_range=(-2, 2))
    {% include "ui/_chart.html" with chart=chart %}
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.safestring import SafeString

from tandem.ui import svg
from tandem.ui.svg import (
    BOTTOM,
    COLORS,
    DASHES,
    HEIGHT,
    RIGHT,
    TOP,
    WIDTH,
    Format,
    X,
    format_number,
    format_percent,
)

__all__ = [
    "Bar",
    "Cell",
    "Chart",
    "Point",
    "Series",
    "Step",
    "Table",
    "bar_chart",
    "format_number",
    "format_percent",
    "line_chart",
    "step_chart",
]

NO_DATA = "No data yet."
SAME_FIGURES = "The table beside the chart has the same figures."


@dataclass(frozen=True)
class Cell:
    text: str
    href: str = ""  # the first cell of a row may link to the record it stands for


@dataclass(frozen=True)
class Table:
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class Chart:
    title: str
    description: str
    svg: SafeString
    table: Table
    empty_text: str = NO_DATA

    @property
    def empty(self) -> bool:
        return not self.table.rows


@dataclass(frozen=True)
class Bar:
    """One category. `value` None means the figure is not shown (too few people, say): the bar
    is drawn as a small hatched box and `text` ("fewer than 11") says why."""

    label: str
    value: float | None
    text: str = ""


@dataclass(frozen=True)
class Point:
    """One point of a series. `text` is how its value reads (default: the number); `note`
    ("baseline") follows the x in the table and the tooltip; `hollow` draws an open circle;
    `href` links the row's first cell; `extra` fills the chart's `extra_columns`."""

    x: X
    y: float
    text: str = ""
    note: str = ""
    hollow: bool = False
    href: str = ""
    extra: tuple[str, ...] = ()


@dataclass(frozen=True)
class Series:
    """A named line through its points, which come in x order."""

    name: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Step:
    """From `x` on the curve is at `y`, likely between `low` and `high`."""

    x: float
    y: float
    low: float
    high: float


def bar_chart(
    *,
    title: str,
    description: str,
    bars: Sequence[Bar],
    category_label: str,
    value_label: str,
    horizontal: bool = False,
    value_max: float | None = None,
    value_format: Format = format_number,
    caption: str = "",
    chart_id: str = "",
) -> Chart:
    """One bar per category, in the order given. Long category names read better
    `horizontal`; `value_max` keeps the value axis the same across charts."""
    cid = _chart_id(chart_id, title, bars)
    texts = [b.text or ("" if b.value is None else value_format(b.value)) for b in bars]
    rows = tuple((Cell(b.label), Cell(t)) for b, t in zip(bars, texts, strict=True))
    table = Table(caption or title, (category_label, value_label), rows)
    if not bars:
        return _empty(cid, title, description, table)
    values = [b.value for b in bars if b.value is not None]
    lo, hi, step = svg.nice(min([0.0, *values]), max([value_max or 0.0, *values, 1.0]))
    ticks = svg.ticks_between(lo, hi, step)
    draw = _horizontal_bars if horizontal else _vertical_bars
    body, height = draw(cid, bars, texts, (lo, hi), ticks, value_format)
    return _chart(cid, title, description, body, height, table)


def line_chart(
    *,
    title: str,
    description: str,
    series: Sequence[Series],
    x_label: str,
    y_range: tuple[float, float] | None = None,
    y_ticks: Sequence[float] | None = None,
    y_format: Format = format_number,
    reference: float | None = None,
    extra_columns: Sequence[str] = (),
    caption: str = "",
    chart_id: str = "",
) -> Chart:
    """Series over dates (spaced by time) or numbers. `y_range` fixes the scale (0–10, T-score
    20–80); `reference` draws a dark dashed line (the expected level, say)."""
    cid = _chart_id(chart_id, title, series)
    table = _series_table(caption or title, series, x_label, y_format, extra_columns)
    points = [p for s in series for p in s.points]
    if not points:
        return _empty(cid, title, description, table)
    top = TOP + (20 if len(series) > 1 else 0)
    bottom = HEIGHT - BOTTOM - (0 if isinstance(points[0].x, date) else 18)
    span = y_range or (min(p.y for p in points), max(p.y for p in points))
    y, ticks = svg.y_axis(span, y_ticks, top=top, bottom=bottom, exact=y_range is not None)
    left = svg.left_margin(ticks, y_format)
    x, x_labels = svg.x_axis([p.x for p in points], left, bottom, x_label)
    body = svg.grid(ticks, y, y_format, left, reference) + x_labels
    for n, s in enumerate(series):
        color, dash = COLORS[n % len(COLORS)], DASHES[n % len(DASHES)]
        if len(s.points) > 1:
            coords = " ".join(f"{x(p.x)},{y(p.y)}" for p in s.points)
            body.append(
                svg.element(
                    "polyline",
                    points=coords,
                    fill="none",
                    stroke=color,
                    stroke_width=3,
                    stroke_dasharray=dash or None,
                    class_="chart-line",
                )
            )
        for p in s.points:
            tip = f"{s.name}, " if len(series) > 1 else ""
            tip += f"{_x_cell(p)}: {p.text or y_format(p.y)}"
            body.append(
                svg.element(
                    "circle",
                    svg.tooltip(tip),
                    cx=x(p.x),
                    cy=y(p.y),
                    r=6,
                    stroke=color,
                    fill="#ffffff" if p.hollow else color,
                    stroke_width=3,
                )
            )
    if len(series) > 1:
        body += svg.legend([(s.name, COLORS[n % 4], DASHES[n % 4]) for n, s in enumerate(series)])
    return _chart(cid, title, description, body, HEIGHT, table)


def step_chart(
    *,
    title: str,
    description: str,
    steps: Sequence[Step],
    x_label: str,
    y_label: str,
    band_label: str = "Likely range",
    x_end: float | None = None,
    y_range: tuple[float, float] = (0.0, 1.0),
    y_ticks: Sequence[float] | None = None,
    y_format: Format = format_percent,
    caption: str = "",
    chart_id: str = "",
) -> Chart:
    """A step curve with its band, such as a Kaplan–Meier survival curve with its confidence
    interval. Steps come in x order; the curve goes on to `x_end` (the last follow-up) or ends
    at the last step."""
    cid = _chart_id(chart_id, title, steps)
    rows = tuple(
        (
            Cell(format_number(s.x)),
            Cell(y_format(s.y)),
            Cell(f"{y_format(s.low)} to {y_format(s.high)}"),
        )
        for s in steps
    )
    table = Table(caption or title, (x_label, y_label, band_label), rows)
    if not steps:
        return _empty(cid, title, description, table)
    bottom = HEIGHT - BOTTOM - 18
    y, ticks = svg.y_axis(y_range, y_ticks, top=TOP + 20, bottom=bottom, exact=True)
    left = svg.left_margin(ticks, y_format)
    end = max(steps[-1].x if x_end is None else x_end, steps[-1].x)
    x, x_labels = svg.x_axis([steps[0].x, end], left, bottom, x_label)
    spans = list(zip(steps, [s.x for s in steps[1:]] + [end], strict=True))
    upper = [f"{x(s.x)},{y(s.high)} {x(to)},{y(s.high)}" for s, to in spans]
    lower = [f"{x(to)},{y(s.low)} {x(s.x)},{y(s.low)}" for s, to in reversed(spans)]
    line = f"M{x(steps[0].x)},{y(steps[0].y)} " + " ".join(f"V{y(s.y)} H{x(to)}" for s, to in spans)
    body = svg.grid(ticks, y, y_format, left) + x_labels
    band = "M" + " ".join(upper + lower) + " Z"
    body.append(
        svg.element(
            "path", d=band, fill=COLORS[0], fill_opacity=0.2, stroke="none", class_="chart-band"
        )
    )
    body.append(
        svg.element(
            "path", d=line, fill="none", stroke=COLORS[0], stroke_width=3, class_="chart-line"
        )
    )
    body += svg.legend([(y_label, COLORS[0], ""), (band_label, COLORS[0], "band")])
    return _chart(cid, title, description, body, HEIGHT, table)


# --- Bars ---------------------------------------------------------------------------------


def _vertical_bars(
    cid: str,
    bars: Sequence[Bar],
    texts: list[str],
    span: tuple[float, float],
    ticks: list[float],
    fmt: Format,
) -> tuple[list[str], int]:
    y = svg.Scale(*span, HEIGHT - BOTTOM, TOP + 16)
    left = svg.left_margin(ticks, fmt)
    body = svg.grid(sorted(ticks, reverse=True), y, fmt, left) + [svg.hatch(cid)]
    slot = (WIDTH - left - RIGHT) / len(bars)
    for i, (bar, words) in enumerate(zip(bars, texts, strict=True)):
        mid, half, tip = left + slot * (i + 0.5), min(slot * 0.35, 40), f"{bar.label}: {words}"
        if bar.value is None:
            top = y(0) - 24
            body.append(svg.hidden_bar(cid, mid - half, top, 2 * half, 24, tip))
        else:
            top, bottom = sorted((y(bar.value), y(0)))
            body.append(svg.bar(mid - half, top, 2 * half, bottom - top, tip))
        body.append(svg.text(mid, top - 5, words, anchor="middle", italic=bar.value is None))
        label = svg.clip(bar.label, slot)
        body.append(svg.text(mid, HEIGHT - BOTTOM + 18, label, anchor="middle"))
    return body, HEIGHT


def _horizontal_bars(
    cid: str,
    bars: Sequence[Bar],
    texts: list[str],
    span: tuple[float, float],
    ticks: list[float],
    fmt: Format,
) -> tuple[list[str], int]:
    row, labels = 30, min(max(svg.width_of(b.label) for b in bars) + 12, 180)
    height = TOP + row * len(bars) + BOTTOM
    room = max(svg.width_of(t) for t in texts) + 12
    x = svg.Scale(*span, labels, WIDTH - RIGHT - room)
    body = [svg.hatch(cid)]
    for tick in ticks:
        body.append(
            svg.element(
                "line",
                x1=x(tick),
                x2=x(tick),
                y1=TOP,
                y2=height - BOTTOM,
                stroke=svg.GRID,
                stroke_width=1,
            )
        )
        body.append(svg.text(x(tick), height - BOTTOM + 18, fmt(tick), anchor="middle"))
    for i, (bar, words) in enumerate(zip(bars, texts, strict=True)):
        top, mid, tip = TOP + row * i + 4, TOP + row * i + row / 2, f"{bar.label}: {words}"
        if bar.value is None:
            body.append(svg.hidden_bar(cid, x(0), top, 24, row - 8, tip))
            end = x(0) + 24
        else:
            start, end = sorted((x(0), x(bar.value)))
            body.append(svg.bar(start, top, end - start, row - 8, tip))
        label = svg.clip(bar.label, labels - 12)
        body.append(svg.text(labels - 8, mid, label, anchor="end", middle=True))
        body.append(svg.text(end + 6, mid, words, middle=True, italic=bar.value is None))
    return body, height


# --- Tables and the whole ------------------------------------------------------------------


def _x_cell(point: Point) -> str:
    return svg.x_text(point.x) + (f" ({point.note})" if point.note else "")


def _series_table(
    caption: str, series: Sequence[Series], x_label: str, fmt: Format, extra: Sequence[str]
) -> Table:
    """One row per x, one column per series; the x cell, its link and the extra cells come from
    the first series with a point there."""
    by_x: dict[X, dict[int, Point]] = {}
    for n, s in enumerate(series):
        for p in s.points:
            by_x.setdefault(p.x, {})[n] = p
    rows = []
    for at in sorted(by_x, key=svg.x_number):
        found = by_x[at]
        first = next(iter(found.values()))
        values = [
            (found[n].text or fmt(found[n].y)) if n in found else "—" for n in range(len(series))
        ]
        cells = [Cell(_x_cell(first), first.href), *map(Cell, values), *map(Cell, first.extra)]
        rows.append(tuple(cells))
    return Table(caption, (x_label, *(s.name for s in series), *extra), tuple(rows))


def _chart(
    cid: str, title: str, description: str, body: list[str], height: int, table: Table
) -> Chart:
    described = f"{description} {SAME_FIGURES}".strip()
    return Chart(title, description, svg.document(cid, title, described, body, height), table)


def _empty(cid: str, title: str, description: str, table: Table) -> Chart:
    body = [svg.text(WIDTH / 2, 30, NO_DATA, anchor="middle", middle=True)]
    described = f"{description} {NO_DATA}".strip()
    return Chart(title, description, svg.document(cid, title, described, body, 60), table)


def _chart_id(given: str, title: str, data: object) -> str:
    """The given id made safe for an attribute, or one derived from the content: the same chart
    gets the same id on every request."""
    if given:
        return re.sub(r"[^A-Za-z0-9_-]", "-", given)
    return "chart-" + hashlib.sha256(repr((title, data)).encode()).hexdigest()[:10]
