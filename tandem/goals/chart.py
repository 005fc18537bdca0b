"""A goal's progress as an inline SVG, drawn on the server (no JavaScript, no inline styles).

Pure geometry: levels −2 … +2 on the vertical axis (+2 at the top), dates on the horizontal
axis spaced by time. The page puts a data table with the same ratings beside the chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

WIDTH, HEIGHT = 440, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 14, 30


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    rated_on: date
    level: Decimal


@dataclass(frozen=True)
class Gridline:
    level: int
    y: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right: int
    label_x: int
    points: tuple[Point, ...]
    gridlines: tuple[Gridline, ...]
    baseline_y: float

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x},{p.y}" for p in self.points)

    @property
    def first(self) -> Point | None:
        return self.points[0] if self.points else None

    @property
    def single(self) -> bool:
        return len(self.points) == 1

    @property
    def last(self) -> Point | None:
        return self.points[-1] if len(self.points) > 1 else None


def _y(level: float) -> float:
    span = HEIGHT - TOP - BOTTOM
    return TOP + (2 - level) / 4 * span


def progress_chart(ratings: Sequence[tuple[date, Decimal]]) -> Chart:
    """Chart geometry for ratings in date order."""
    plot_width = WIDTH - LEFT - RIGHT
    points: list[Point] = []
    if ratings:
        first, last = ratings[0][0], ratings[-1][0]
        days = max((last - first).days, 1)
        for rated_on, level in ratings:
            if len(ratings) == 1:
                x = LEFT + plot_width / 2
            else:
                x = LEFT + (rated_on - first).days / days * plot_width
            points.append(
                Point(x=round(x, 1), y=round(_y(float(level)), 1), rated_on=rated_on, level=level)
            )
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=WIDTH - RIGHT,
        label_x=LEFT - 8,
        points=tuple(points),
        gridlines=tuple(Gridline(level=n, y=round(_y(n), 1)) for n in (2, 1, 0, -1, -2)),
        baseline_y=HEIGHT - BOTTOM + 18,
    )
