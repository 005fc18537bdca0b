"""The demo's note texts, when each seeded note was written, and the workdays sessions fall on.

A note is stamped when it would have been written: the coach's notes at the end of a session
day, the learner's journal an evening or a few days after a session, the progress summary after
the latest session, the closing summary on the day coaching ended. Never the moment of seeding.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tandem.coaching.models import Note

# The day bulk scales (benchmarks) are seeded as of, so their data do not depend on the day
# they are built; the demo is seeded as of the day it is seeded (seed command).
SEED_DAY = date(2026, 11, 1)

# Note texts in plain words; no child or family identifiers, as coaching records should hold.
TEXTS: dict[str, tuple[str, ...]] = {
    Note.Kind.COACH_JOURNAL: (
        "Learner seemed tired today; keep the next session short and concrete.",
        "I talked more than I listened. Next time: ask, then wait.",
        "Pattern: confident on the phone, hesitant in person. Explore what differs.",
    ),
    Note.Kind.LEARNER_JOURNAL: (
        "Tried the scaling question in a home visit. It felt awkward but the parent answered.",
        "I noticed I rush to solutions when a parent is upset. Want to slow down.",
        "Good week. Used the three-houses tool twice and it opened up the conversation.",
    ),
    Note.Kind.SESSION_SUMMARY: (
        "Reviewed last week's visit. Practised opening with strengths. Agreed to try it twice.",
        "Role-played a hard conversation about safety planning. Learner led the second round.",
        "Looked at what made the family meeting go well and how to repeat it.",
    ),
    Note.Kind.ACTION_STEP: (
        "Use one solution-focused question in each formal staffing this week.",
        "Write three lines of reflection after each home visit.",
        "Ask the supervisor for 15 minutes to debrief the court preparation.",
    ),
    Note.Kind.PROGRESS_SUMMARY: (
        "Steady progress: uses strengths-based openings in most visits and logs each one.",
        "Early days. Attendance is regular and the first goal is set.",
    ),
    Note.Kind.CLOSING_SUMMARY: (
        "Goals met as expected. Learner plans to keep a monthly reflection with the supervisor.",
    ),
}


def weekday_before(day: date) -> date:
    """`day`, or the Friday before it when it falls on a weekend: coaching meets on workdays."""
    return day - timedelta(days=max(0, day.weekday() - 4))


def weekday_after(day: date) -> date:
    """`day`, or the Monday after it when it falls on a weekend."""
    return day + timedelta(days=(7 - day.weekday()) % 7 if day.weekday() > 4 else 0)


def note_written_at(
    rng: random.Random,
    kind: str,
    days: list[date],
    ended_on: date | None,
    today: date,
    zone: ZoneInfo,
) -> datetime:
    """When a note of `kind` was written, for coaching with sessions on `days`."""
    past = [d for d in days if d < today] or [today - timedelta(days=1)]
    minute = rng.randrange(0, 60, 5)
    if kind == Note.Kind.CLOSING_SUMMARY and ended_on is not None:
        return datetime.combine(min(ended_on, today - timedelta(days=1)), time(15, minute), zone)
    if kind == Note.Kind.PROGRESS_SUMMARY:
        return datetime.combine(past[-1], time(16, minute), zone)
    if kind == Note.Kind.LEARNER_JOURNAL:
        day = min(rng.choice(past) + timedelta(days=rng.randint(1, 3)), today - timedelta(days=1))
        return datetime.combine(day, time(rng.choice((18, 19, 20)), minute), zone)
    # Sessions run from 9 to 15 at the latest: the coach writes up afterwards.
    return datetime.combine(rng.choice(past), time(rng.choice((15, 16, 17)), minute), zone)
