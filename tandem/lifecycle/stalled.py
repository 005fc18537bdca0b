"""Which active coaching has stalled: no session held or booked within the agreed interval
between sessions plus a grace period (DOMAIN.md §4 troubleshooting, seed 003 l.4215-4256).

The agreed interval comes from the "How often we meet" field of the agreement in force (free
text such as "Every two weeks"); `interval_days` reads it, and coaching without an agreement in
force, or with a frequency we cannot read, uses DEFAULT_INTERVAL_DAYS.

`stalls(...)` costs one query whatever the number of engagements: the last held or scheduled
session is a correlated subquery, and the database already leaves out every engagement whose
last session is too recent to be late under the shortest interval Tandem reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.fields.json import KT
from django.utils import timezone

from tandem.agreements.models import AgreementVersion
from tandem.coaching.models import CoachingSession, Engagement
from tandem.lifecycle.models import StallReminder

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


@dataclass(frozen=True)
class Stall:
    """One engagement that has stalled, with administrative facts only (no content, no dates
    of sessions: only how many days since the last one)."""

    engagement_id: int
    learner_id: int
    coach_id: int
    learner_name: str
    coach_name: str
    office: str  # the learner's unit
    last_contact: datetime  # the last held or booked session, or the start of coaching
    had_session: bool
    interval_days: int
    days_since: int
    reminders_sent: int
    reminded: bool  # a reminder about this stall went out already


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _reference(row: dict[str, Any]) -> tuple[datetime, bool]:
    if row["last_session_at"] is not None:
        return row["last_session_at"], True
    if row["started_on"] is not None:
        return _start_of(row["started_on"]), False
    return row["created_at"], False


_FACTS = (
    "pk",
    "learner_id",
    "coach_id",
    "learner__first_name",
    "learner__last_name",
    "coach__first_name",
    "coach__last_name",
    "learner__org_unit__name",
    "started_on",
    "created_at",
)


def stall_candidates(*, engagements: QuerySet[Engagement], now: datetime) -> QuerySet[Any]:
    """Rows (dicts) of active engagements with their last contact, agreed frequency and
    reminders, leaving out those whose last contact is too recent to be late under any
    interval. Plain values, not model instances: a state has thousands of them."""
    contact = CoachingSession.objects.filter(
        engagement=OuterRef("pk"), status__in=CONTACT_STATUSES
    ).order_by("-starts_at")
    reminders = StallReminder.objects.filter(engagement=OuterRef("pk"))
    earliest_late = now - timedelta(days=SHORTEST_INTERVAL_DAYS + grace_days())
    return (
        engagements.filter(status=Engagement.Status.ACTIVE)
        .order_by()  # sorted in Python by days since the last contact
        .annotate(
            last_session_at=Subquery(contact.values("starts_at")[:1]),
            frequency=Subquery(
                AgreementVersion.objects.filter(in_force_for__engagement_id=OuterRef("pk"))
                .annotate(frequency=KT("content__frequency"))
                .values("frequency")[:1]
            ),
            reminders_sent=Subquery(
                reminders.order_by().values("engagement").annotate(n=Count("pk")).values("n")[:1]
            ),
            last_reminded_for=Subquery(
                reminders.order_by("-last_contact").values("last_contact")[:1]
            ),
        )
        .filter(Q(last_session_at__isnull=True) | Q(last_session_at__lt=earliest_late))
        .values(*_FACTS, "last_session_at", "frequency", "reminders_sent", "last_reminded_for")
    )


def stalls(*, engagements: QuerySet[Engagement], now: datetime | None = None) -> list[Stall]:
    """The stalled engagements among `engagements`, longest silence first (one query).

    Stalled means more than interval + grace days have passed since the last contact; at
    exactly interval + grace days the coaching is not yet stalled."""
    now = now or timezone.now()
    grace = grace_days()
    found: list[Stall] = []
    for row in stall_candidates(engagements=engagements, now=now):
        last, had_session = _reference(row)
        interval = interval_days(row["frequency"]) or DEFAULT_INTERVAL_DAYS
        if now - last <= timedelta(days=interval + grace):
            continue
        found.append(
            Stall(
                engagement_id=row["pk"],
                learner_id=row["learner_id"],
                coach_id=row["coach_id"],
                learner_name=f"{row['learner__first_name']} {row['learner__last_name']}",
                coach_name=f"{row['coach__first_name']} {row['coach__last_name']}",
                office=row["learner__org_unit__name"],
                last_contact=last,
                had_session=had_session,
                interval_days=interval,
                days_since=(now - last).days,
                reminders_sent=row["reminders_sent"] or 0,
                reminded=row["last_reminded_for"] == last,
            )
        )
    found.sort(key=lambda s: (-s.days_since, s.engagement_id))
    return found
