"""Drawing for `tandem.ui.charts`: SVG elements, scales, axes, legends, number labels.

Presentation attributes only (fill="", stroke=""): no <script>, no <style>, no style="", which
the Content Security Policy forbids. `element` and `text` escape every attribute value and every
text they are given; content passed to `element` is markup they built.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.dateformat import format as format_date
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT, FONT = 440, 220, 13
TOP, RIGHT, BOTTOM = 14, 16, 30  # room around the plot for labels
INK, GRID, STRONG, HATCH = "#1b1b1b", "#dfe1e2", "#1a4480", "#71767a"
COLORS = ("#005ea2", "#c05600", "#008817", "#8168b3")  # USWDS blue, orange, green, violet
DASHES = ("", "8 4", "3 3", "10 3 3 3")  # series differ without color too

X = date | float
Format = Callable[[float], str]


def format_number(value: float) -> str:
    """12 → "12", 1234 → "1,234", 2.5 → "2.5", 0.625 → "0.63"."""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def format_percent(value: float) -> str:
    """A share from 0 to 1 as people read it: 0.625 → "63%"."""
    return f"{value:.0%}"


def x_number(value: X) -> float:
    return float(value.toordinal()) if isinstance(value, date) else float(value)


def x_text(value: X) -> str:
    return format_date(value, "M j, Y") if isinstance(value, date) else format_number(value)


# --- Markup -------------------------------------------------------------------------------


def element(tag: str, content: str = "", /, **attrs: object) -> str:
    """An element; `content` is markup built here. Attribute values are escaped; a None value
    drops the attribute; names take dashes for underscores (stroke_width) and lose a trailing
    one (class_)."""
    pairs = "".join(
        f' {name.rstrip("_").replace("_", "-")}="{escape(_attr(value))}"'
        for name, value in attrs.items()
        if value is not None
    )
    return f"<{tag}{pairs}>{content}</{tag}>" if content else f"<{tag}{pairs}/>"


def text(
    x: float,
    y: float,
    words: str,
    *,
    anchor: str = "start",
    middle: bool = False,
    italic: bool = False,
) -> str:
    return element(
        "text",
        escape(words),
        x=x,
        y=y,
        font_size=FONT,
        fill=INK,
        text_anchor=anchor,
        dominant_baseline="middle" if middle else None,
        font_style="italic" if italic else None,
    )


def tooltip(words: str) -> str:
    return element("title", escape(words))


def document(
    cid: str, title: str, description: str, body: Sequence[str], height: int
) -> SafeString:
    """The <svg>: an image named by its title and described by its description."""
    head = element("title", escape(title), id=f"{cid}-title")
    head += element("desc", escape(description), id=f"{cid}-desc")
    markup = element(
        "svg",
        head + "".join(body),
        xmlns="http://www.w3.org/2000/svg",
        id=cid,
        viewBox=f"0 0 {WIDTH} {height}",
        width="100%",
        role="img",
        aria_labelledby=f"{cid}-title {cid}-desc",
        focusable="false",
    )
    # Safe: every text and attribute value went through escape() in element() and text().
    return mark_safe(markup)  # noqa: S308


def _attr(value: object) -> str:
    return f"{value:.1f}".removesuffix(".0") if isinstance(value, float) else str(value)


# --- Scales and axes ----------------------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    """Maps lo … hi onto the pixels start … end (start > end for a y axis, which grows up)."""

    lo: float
    hi: float
    start: float
    end: float

    def __call__(self, value: X) -> float:
        if self.hi == self.lo:
            return round((self.start + self.end) / 2, 1)
        share = (x_number(value) - self.lo) / (self.hi - self.lo)
        return round(self.start + share * (self.end - self.start), 1)


def nice(lo: float, hi: float) -> tuple[float, float, float]:
    """lo and hi widened to round numbers, and a round step giving about four intervals."""
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return math.floor(lo / step) * step, math.ceil(hi / step) * step, step


def ticks_between(lo: float, hi: float, step: float) -> list[float]:
    return [round(lo + i * step, 10) for i in range(round((hi - lo) / step) + 1)]


def y_axis(
    span: tuple[float, float],
    ticks: Sequence[float] | None,
    *,
    top: int,
    bottom: int,
    exact: bool,
) -> tuple[Scale, list[float]]:
    """The scale and its ticks, top first. An `exact` span stays as given; otherwise it widens
    to round numbers."""
    lo, hi = span
    if ticks is None:
        round_lo, round_hi, step = nice(lo, hi)
        if not exact:
            lo, hi = round_lo, round_hi
        ticks = [t for t in ticks_between(round_lo, round_hi, step) if lo <= t <= hi]
    return Scale(lo, hi, bottom, top), sorted(ticks, reverse=True)


def x_axis(xs: Sequence[X], left: int, bottom: int, name: str) -> tuple[Scale, list[str]]:
    """Dates: the first and the last are labeled. Numbers: round ticks, the axis name below."""
    lo, hi = min(map(x_number, xs)), max(map(x_number, xs))
    base = bottom + 18
    if isinstance(xs[0], date):
        x = Scale(lo, hi, left, WIDTH - RIGHT)
        first, last = min(xs, key=x_number), max(xs, key=x_number)
        if lo == hi:
            return x, [text(x(first), base, x_text(first), anchor="middle")]
        return x, [
            text(left, base, x_text(first)),
            text(WIDTH - RIGHT, base, x_text(last), anchor="end"),
        ]
    lo, hi, step = nice(lo, hi)
    x = Scale(lo, hi, left, WIDTH - RIGHT)
    labels = [
        text(x(t), base, format_number(t), anchor="middle") for t in ticks_between(lo, hi, step)
    ]
    labels.append(text((left + WIDTH - RIGHT) / 2, base + 18, name, anchor="middle"))
    return x, labels


def left_margin(ticks: Sequence[float], fmt: Format) -> int:
    return max(36, max(width_of(fmt(t)) for t in ticks) + 14)


def grid(
    ticks: Sequence[float], y: Scale, fmt: Format, left: int, reference: float | None = None
) -> list[str]:
    """Horizontal gridlines with their labels; `reference` is drawn dark and dashed."""
    body = []
    for level in sorted({*ticks, *([] if reference is None else [reference])}, reverse=True):
        strong = level == reference
        body.append(
            element(
                "line",
                x1=left,
                x2=WIDTH - RIGHT,
                y1=y(level),
                y2=y(level),
                stroke=STRONG if strong else GRID,
                stroke_width=2 if strong else 1,
                stroke_dasharray="6 4" if strong else None,
            )
        )
        if level in ticks:
            body.append(text(left - 8, y(level), fmt(level), anchor="end", middle=True))
    return body


def legend(items: Sequence[tuple[str, str, str]]) -> list[str]:
    """(name, color, dash) samples along the top; the dash "band" draws a filled square."""
    body, x = [], 44.0
    for name, color, dash in items:
        if dash == "band":
            body.append(
                element("rect", x=x, y=4, width=20, height=12, fill=color, fill_opacity=0.2)
            )
        else:
            body.append(
                element(
                    "line",
                    x1=x,
                    x2=x + 20,
                    y1=10,
                    y2=10,
                    stroke=color,
                    stroke_width=3,
                    stroke_dasharray=dash or None,
                )
            )
        body.append(text(x + 26, 10, name, middle=True))
        x += 26 + width_of(name) + 18
    return body


# --- Bars ---------------------------------------------------------------------------------


def bar(x: float, y: float, w: float, h: float, tip: str) -> str:
    return element(
        "rect", tooltip(tip), x=x, y=y, width=w, height=h, fill=COLORS[0], class_="chart-bar"
    )


def hidden_bar(cid: str, x: float, y: float, w: float, h: float, tip: str) -> str:
    """A figure that is not shown: a small hatched, dashed box rather than a bar of some size."""
    return element(
        "rect",
        tooltip(tip),
        x=x,
        y=y,
        width=w,
        height=h,
        fill=f"url(#{cid}-hatch)",
        stroke=HATCH,
        stroke_dasharray="3 2",
        class_="chart-suppressed",
    )


def hatch(cid: str) -> str:
    line = element("line", x1=0, y1=0, x2=0, y2=6, stroke=HATCH, stroke_width=2)
    pattern = element(
        "pattern",
        line,
        id=f"{cid}-hatch",
        width=6,
        height=6,
        patternUnits="userSpaceOnUse",
        patternTransform="rotate(45)",
    )
    return element("defs", pattern)


# --- Text room ----------------------------------------------------------------------------


def width_of(words: str) -> int:
    """About how wide a text is at FONT size, without measuring fonts."""
    return math.ceil(len(words) * FONT * 0.6)  # rounded up, so `clip` keeps the whole text


def clip(words: str, room: float) -> str:
    """Shortened with "…" to fit (the table beside the chart has it in full)."""
    fits = max(int(room / (FONT * 0.6)), 1)
    return words if len(words) <= fits else words[: max(fits - 1, 1)] + "…"
