"""The rule for when active coaching has stalled: no session held or booked within the agreed
interval between sessions plus a grace period (DOMAIN.md §4 troubleshooting, seed 003
l.4215-4256).

The agreed interval comes from the "How often we meet" field of the agreement in force (free
text such as "Every two weeks"); `interval_days` reads it, and coaching without an agreement in
force, or with a frequency we cannot read, uses DEFAULT_INTERVAL_DAYS.

This is the pure rule and the one query it needs, kept in the coaching app so that every layer
above it (lifecycle's reminders, the coach development caseload, the evaluation) applies the
same rule. `last_contacts(...)` costs one query whatever the number of engagements: the last
held or scheduled session is a correlated subquery, the agreed frequency is read through the
engagement's agreement (a reverse relation, so coaching imports no agreements code), and the
database already leaves out every engagement whose last contact is too recent to be late
under the shortest interval Tandem reads.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.fields.json import KeyTextTransform
from django.utils import timezone

from tandem.coaching.models import CoachingSession, Engagement

DEFAULT_INTERVAL_DAYS = 14
SHORTEST_INTERVAL_DAYS = 1
# Held sessions, and sessions booked but not (yet) marked held, count as contact; cancelled and
# missed sessions do not.
CONTACT_STATUSES = (CoachingSession.Status.HELD, CoachingSession.Status.SCHEDULED)

_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
}
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30}
_WORDS = {
    "daily": 1,
    "weekly": 7,
    "biweekly": 14,
    "bi-weekly": 14,
    "fortnightly": 14,
    "fortnight": 14,
    "semimonthly": 15,
    "semi-monthly": 15,
    "monthly": 30,
    "quarterly": 91,
}
_NUMBER = r"(\d+|" + "|".join(_NUMBERS) + r")"
_TIMES_PER = re.compile(
    r"\b(?:(twice)|(once)|" + _NUMBER + r"\s+times)\s+(?:a|per|each|every)\s+(day|week|month)\b"
)
_EVERY = re.compile(r"\b(?:every|each)\s+(other\s+)?(?:" + _NUMBER + r"\s+)?(day|week|month)s?\b")


def _number(text: str) -> int:
    return int(text) if text.isdigit() else _NUMBERS[text]


def interval_days(frequency: str | None) -> int | None:
    """Days between sessions that `frequency` describes, or None when we cannot tell.

    >>> interval_days("Every two weeks"), interval_days("twice a month"), interval_days("weekly")
    (14, 15, 7)
    """
    text = (frequency or "").lower()
    found = _TIMES_PER.search(text)
    if found:
        twice, once, count, unit = found.groups()
        per = 2 if twice else 1 if once else _number(count)
        return max(SHORTEST_INTERVAL_DAYS, round(_UNIT_DAYS[unit] / per)) if per else None
    found = _EVERY.search(text)
    if found:
        other, count, unit = found.groups()
        n = 2 if other else _number(count) if count else 1
        return max(SHORTEST_INTERVAL_DAYS, n * _UNIT_DAYS[unit])
    for word, days in _WORDS.items():
        if re.search(rf"\b{re.escape(word)}\b", text):
            return days
    return None


def grace_days() -> int:
    return int(getattr(settings, "STALLED_GRACE_DAYS", 7))


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def last_contact(row: dict[str, Any]) -> tuple[datetime, bool]:
    """The moment silence is counted from (the last held or booked session, else the start of
    coaching, else when it was created) and whether there was a session at all."""
    if row["last_session_at"] is not None:
        return row["last_session_at"], True
    if row["started_on"] is not None:
        return _start_of(row["started_on"]), False
    return row["created_at"], False


def agreed_interval(frequency: str | None) -> int:
    return interval_days(frequency) or DEFAULT_INTERVAL_DAYS


def is_stalled(*, last: datetime, interval: int, now: datetime) -> bool:
    """More than interval + grace days since the last contact; at exactly interval + grace
    days the coaching is not yet stalled."""
    return now - last > timedelta(days=interval + grace_days())


def last_contacts(*, engagements: QuerySet[Engagement], now: datetime) -> QuerySet[Any]:
    """Active engagements among `engagements` annotated with `last_session_at` and the agreed
    `frequency`, leaving out those whose last contact is too recent to be late under any
    interval. Callers add what else they need and take `.values(...)`."""
    contact = CoachingSession.objects.filter(
        engagement=OuterRef("pk"), status__in=CONTACT_STATUSES
    ).order_by("-starts_at")
    earliest_late = now - timedelta(days=SHORTEST_INTERVAL_DAYS + grace_days())
    return (
        engagements.filter(status=Engagement.Status.ACTIVE)
        .order_by()
        .annotate(
            last_session_at=Subquery(contact.values("starts_at")[:1]),
            frequency=KeyTextTransform("frequency", "agreement__in_force_version__content"),
        )
        .filter(Q(last_session_at__isnull=True) | Q(last_session_at__lt=earliest_late))
    )


def stalled_rows(*, engagements: QuerySet[Engagement], now: datetime) -> list[dict[str, Any]]:
    """Plain facts of the stalled engagements among `engagements` (one query): pk, coach_id,
    learner_id, days since the last contact, the interval applied, whether a session was had."""
    candidates: QuerySet[Any] = last_contacts(engagements=engagements, now=now)
    rows = candidates.values(
        "pk", "coach_id", "learner_id", "started_on", "created_at", "last_session_at", "frequency"
    )
    found = []
    for row in rows:
        last, had_session = last_contact(row)
        interval = agreed_interval(row["frequency"])
        if is_stalled(last=last, interval=interval, now=now):
            found.append(
                row | {"days_since": (now - last).days, "interval": interval, "had": had_session}
            )
    return found
