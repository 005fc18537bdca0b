"""Which active coaching has stalled, with the reminders sent about it (DOMAIN.md §4
troubleshooting, seed 003 l.4215-4256).

The rule itself (the agreed interval read from the agreement in force, the grace period, and
the one query that finds the last contact) lives in `tandem.coaching.stalling`, so that the
coach development caseload applies the same rule; this module adds the reminders and the
names shown on the stalled list. `stalls(...)` costs one query whatever the number of
engagements.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.utils import timezone

from tandem.coaching.models import Engagement
from tandem.coaching.stalling import (
    CONTACT_STATUSES,
    DEFAULT_INTERVAL_DAYS,
    SHORTEST_INTERVAL_DAYS,
    agreed_interval,
    grace_days,
    interval_days,
    is_stalled,
    last_contact,
    last_contacts,
)
from tandem.lifecycle.models import StallReminder

__all__ = [
    "CONTACT_STATUSES",
    "DEFAULT_INTERVAL_DAYS",
    "SHORTEST_INTERVAL_DAYS",
    "Stall",
    "grace_days",
    "interval_days",
    "stall_candidates",
    "stalls",
]


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
    reminders = StallReminder.objects.filter(engagement=OuterRef("pk"))
    return (
        last_contacts(engagements=engagements, now=now)  # sorted in Python by days since
        .annotate(
            reminders_sent=Subquery(
                reminders.order_by().values("engagement").annotate(n=Count("pk")).values("n")[:1]
            ),
            last_reminded_for=Subquery(
                reminders.order_by("-last_contact").values("last_contact")[:1]
            ),
        )
        .values(*_FACTS, "last_session_at", "frequency", "reminders_sent", "last_reminded_for")
    )


def stalls(*, engagements: QuerySet[Engagement], now: datetime | None = None) -> list[Stall]:
    """The stalled engagements among `engagements`, longest silence first (one query).

    Stalled means more than interval + grace days have passed since the last contact; at
    exactly interval + grace days the coaching is not yet stalled (`coaching.stalling`)."""
    now = now or timezone.now()
    found: list[Stall] = []
    for row in stall_candidates(engagements=engagements, now=now):
        last, had_session = last_contact(row)
        interval = agreed_interval(row["frequency"])
        if not is_stalled(last=last, interval=interval, now=now):
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
