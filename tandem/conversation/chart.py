"""A scaling question's answers over sessions as an inline SVG, drawn on the server.

Pure geometry: 0 … 10 on the vertical axis (10 at the top), session dates on the horizontal
axis spaced by time. The page puts a data table with the same answers beside the chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

WIDTH, HEIGHT = 440, 220
LEFT, RIGHT, TOP, BOTTOM = 36, 16, 14, 30


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    on: date
    value: int


@dataclass(frozen=True)
class Gridline:
    value: int
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
    def last(self) -> Point | None:
        return self.points[-1] if len(self.points) > 1 else None

    @property
    def single(self) -> bool:
        return len(self.points) == 1


def _y(value: float) -> float:
    return TOP + (10 - value) / 10 * (HEIGHT - TOP - BOTTOM)


def scaling_chart(answers: Sequence[tuple[date, int]]) -> Chart:
    """Chart geometry for (date, value) pairs in date order."""
    plot_width = WIDTH - LEFT - RIGHT
    points: list[Point] = []
    if answers:
        first, last = answers[0][0], answers[-1][0]
        days = max((last - first).days, 1)
        for on, value in answers:
            x = (
                LEFT + plot_width / 2
                if len(answers) == 1
                else LEFT + (on - first).days / days * plot_width
            )
            points.append(Point(x=round(x, 1), y=round(_y(value), 1), on=on, value=value))
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=WIDTH - RIGHT,
        label_x=LEFT - 8,
        points=tuple(points),
        gridlines=tuple(Gridline(value=n, y=round(_y(n), 1)) for n in (10, 8, 6, 4, 2, 0)),
        baseline_y=HEIGHT - BOTTOM + 18,
    )
