"""A goal's progress as a chart: its ratings shaped for `tandem.ui.charts` (which draws them and
the table beside them). Levels −2 … +2 up the side (+2 at the top), dates along the bottom
spaced by time, the expected level (0) as a dashed line, the baseline as an open circle."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from tandem.goals.models import ScaleRatingFields
from tandem.ui.charts import Chart, Point, Series, line_chart

LEVELS = (2, 1, 0, -1, -2)


def signed_level(level: Decimal | float) -> str:
    """A level as people write it: +2, +1, 0, -1.5, -2."""
    shown = f"{Decimal(str(level)):.1f}".removesuffix(".0")
    return f"+{shown}" if level > 0 else shown


def progress_chart(*, number: int, goal_id: int, ratings: Sequence[ScaleRatingFields]) -> Chart:
    """The chart of one goal's ratings, in date order."""
    points = tuple(
        Point(
            x=r.rated_on,
            y=float(r.level),
            text=f"{signed_level(r.level)} {r.level_label}",
            note="baseline" if r.is_baseline else "",
            hollow=r.is_baseline,
            extra=(r.note or "—",),
        )
        for r in ratings
    )
    return line_chart(
        title=f"Ratings of goal {number} over time",
        description=(
            "Levels from −2 (much less than expected) to +2 (much more than expected); the "
            "dashed line is the expected level, 0, and the open circle is the baseline."
        ),
        series=[Series("Level", points)],
        x_label="Date",
        y_range=(-2, 2),
        y_ticks=LEVELS,
        y_format=signed_level,
        reference=0,
        extra_columns=("Note",),
        caption=f"Ratings of goal {number}",
        chart_id=f"goal-{goal_id}-chart",
    )
