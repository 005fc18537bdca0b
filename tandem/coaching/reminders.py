"""Reminders of coaching sessions coming up in the next 24 hours (issue #18).

Run hourly by the scheduler (`tandem.coaching.tasks.remind_sessions`, docs/OPERATIONS.md) or by
hand (`manage.py remind_sessions`). Each participant of a booked session hears of it once, for
the time it is booked at: the session remembers the start it was reminded of
(`CoachingSession.reminded_for`), set by one conditional UPDATE, so two runs at once never
remind twice, and a session moved to another time no longer matches it and is reminded again.
Whichever way the start changes (the reschedule form today, anything later), nothing else has
to remember to reset it. (A session moved away and back to the very time already reminded is
not reminded again: the "session moved" notifications told everyone of both moves.)

Like every notification, a reminder carries no coaching content (docs/ARCHITECTURE.md): the
time, in the agency's time zone, and a link to the coaching page, where the privacy policy
decides what the reader sees. Never the focus, notes, session record or place.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from tandem.coaching.models import CoachingSession, Engagement
from tandem.coaching.services import agency_time, session_participants
from tandem.notifications.services import notification_send
from tandem.people.models import Person

# How far ahead a booked session is reminded.
REMIND_WITHIN = timedelta(hours=24)
# Coaching that is under way: active, or planned (an introductory or chemistry meeting comes
# before the agreement is in force). Paused, closed and withdrawn coaching is not reminded.
REMINDED_ENGAGEMENTS = (Engagement.Status.ACTIVE, Engagement.Status.PLANNED)


def _sessions_due(*, now: datetime) -> list[CoachingSession]:
    """Booked sessions starting within the next 24 hours whose time has not been reminded."""
    return list(
        CoachingSession.objects.filter(
            status=CoachingSession.Status.SCHEDULED,
            starts_at__gt=now,
            starts_at__lte=now + REMIND_WITHIN,
            engagement__status__in=REMINDED_ENGAGEMENTS,
        )
        .exclude(reminded_for=F("starts_at"))  # keeps the never-reminded (NULL) ones
        .select_related("engagement__coach", "engagement__learner")
        .order_by("starts_at", "pk")
    )


def session_reminders_send(*, now: datetime | None = None) -> int:
    """Remind the coach, the learner and the group's current members of each session in the
    next 24 hours, once per session and start time. Returns how many sessions were reminded.
    Safe to run again, and at the same moment as another run: a session already claimed is
    skipped."""
    now = now or timezone.now()
    sent = 0
    for session in _sessions_due(now=now):
        with transaction.atomic():
            # The claim: only one run sets it, and only while the session still starts when
            # it was read and is still booked (moved or cancelled meanwhile: nothing is sent).
            claimed = (
                CoachingSession.objects.filter(
                    pk=session.pk,
                    starts_at=session.starts_at,
                    status=CoachingSession.Status.SCHEDULED,
                    engagement__status__in=REMINDED_ENGAGEMENTS,
                )
                .exclude(reminded_for=session.starts_at)
                .update(reminded_for=session.starts_at)
            )
            if not claimed:
                continue
            _remind(session)
        sent += 1
    return sent


def _recipients(engagement: Engagement) -> list[Person]:
    """The people a session change is told to (not the invited, those who declined or left),
    each once, who are still on staff."""
    people = {person.pk: person for person in session_participants(engagement)}
    return [person for person in people.values() if person.is_active]


def _what(session: CoachingSession) -> str:
    if session.purpose == CoachingSession.Purpose.INTRO:
        return "introductory meeting"
    if session.purpose == CoachingSession.Purpose.CHEMISTRY:
        return "chemistry meeting"
    if session.role == CoachingSession.Role.SUPERVISION:
        return "supervision meeting"
    return "coaching session"


def _remind(session: CoachingSession) -> None:
    engagement = session.engagement
    what = _what(session)
    when = agency_time(session.starts_at, zone=True)
    url = reverse("coaching:engagement_detail", args=[engagement.pk]) + "#section-attendance"
    for person in _recipients(engagement):
        if person.pk == engagement.coach_id:
            other = "your group" if engagement.is_group else engagement.learner.full_name
        else:
            other = engagement.coach.full_name
        notification_send(
            recipient=person,
            subject=f"Reminder: {what} on {when}",
            body=(
                f"Your {what} with {other} is on {when}. The coaching page in Tandem has the "
                "details, and is where you move or cancel it."
            ),
            url=url,
        )
