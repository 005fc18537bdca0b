"""A scaling question's answers over sessions as a chart: the answers shaped for
`tandem.ui.charts` (which draws them and the table beside them). 0 … 10 up the side, session
dates along the bottom spaced by time; each row of the table links to its session."""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse
from django.utils import timezone

from tandem.conversation.models import ScalingAnswer
from tandem.ui.charts import Chart, Point, Series, line_chart


def scaling_chart(*, question: str, answers: Sequence[ScalingAnswer]) -> Chart:
    """The chart of one question's answers, in session order (each answer's session loaded)."""
    points = tuple(
        Point(
            # The local day, as the page shows dates: a late-evening session stays on its day.
            x=timezone.localdate(a.session.starts_at),
            y=a.value,
            text=f"{a.value} of {a.scale_min}–{a.scale_max}",
            href=reverse("conversation:session_detail", args=[a.session_id]),
            extra=(a.follow_up or "—",),
        )
        for a in answers
    )
    return line_chart(
        title=f"Answers to “{question}” over the sessions",
        description="Answers from 0 to 10, one point per session.",
        series=[Series("Answer", points)],
        x_label="Session",
        y_range=(0, 10),
        y_ticks=(10, 8, 6, 4, 2, 0),
        extra_columns=("Follow-up",),
        caption="Answers by session",
    )
