"""Tandem's own scale for the coach competency rating, and when a rating is due. Pure.

The Coaching Toolkit lists the coach's mastery abilities (seed 003, Table 4.1, l.1786) without
any scale to rate them on; these four levels are Tandem's own words, written so that a coach
can place themself and a coach supervisor can place the coach on the same steps. A coach
supervisor who has not yet seen an ability in practice says so ("not observed yet") rather than
guess; that answer is kept apart from the levels and never counts as a low level.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

NOT_OBSERVED = "not_observed"


@dataclass(frozen=True)
class Step:
    level: int
    name: str
    meaning: str  # in the coach's own voice

    @property
    def label(self) -> str:
        return f"{self.level} · {self.name}: {self.meaning}"


SCALE: tuple[Step, ...] = (
    Step(1, "Not yet", "I am learning this"),
    Step(2, "Developing", "I do this with support"),
    Step(3, "Proficient", "I do this reliably"),
    Step(4, "A strength", "I could help another coach learn it"),
)
STEPS = {step.level: step for step in SCALE}
NOT_OBSERVED_LABEL = "Not observed yet"
DEFAULT_EVERY_MONTHS = 6


def level_name(value: int | None, *, answered: bool = True) -> str:
    """How a stored answer reads: "3 · Proficient", "Not observed yet", or "—" (no answer)."""
    if not answered:
        return "—"
    if value is None:
        return NOT_OBSERVED_LABEL
    step = STEPS.get(int(value))
    return f"{step.level} · {step.name}" if step else "—"


def months_after(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_rating_due(last_self_rating: date | None, *, every_months: int) -> date | None:
    """When the coach's next self-rating falls due: None when they have none yet (due now, at
    the start of coaching), else `every_months` after the last one."""
    if last_self_rating is None:
        return None
    return months_after(last_self_rating, every_months)


def rating_is_due(last_self_rating: date | None, *, every_months: int, today: date) -> bool:
    due = next_rating_due(last_self_rating, every_months=every_months)
    return due is None or due <= today
