"""iCalendar files: one session's invitation and a person's private feed.

Neither carries coaching content: a feed shows only times and "Coaching session" (or
"Supportive supervision", which is supervision, not coaching: seed 002); an invitation, which
only the engagement's participants can download, adds the place.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from tandem.coaching.models import CoachingSession, Engagement

SUMMARY = "Coaching session"
SUPPORTIVE_SUMMARY = "Supportive supervision"
_STATUS: dict[str, str] = {
    CoachingSession.Status.SCHEDULED: "CONFIRMED",
    CoachingSession.Status.HELD: "CONFIRMED",
    CoachingSession.Status.CANCELLED: "CANCELLED",
    CoachingSession.Status.NO_SHOW: "CANCELLED",
}


def invitation_host() -> str:
    """The host part of SITE_URL, which makes every invitation's UID unique to this site."""
    return settings.SITE_URL.split("//")[-1].split("/")[0] or "tandem"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Tandem//Coaching sessions//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def _event(session: CoachingSession, *, with_place: bool, supportive: bool = False) -> Event:
    event = Event()
    host = invitation_host()
    event.add("uid", f"session-{session.pk}@{host}")
    event.add("dtstamp", session.changed_at or timezone.now())
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.starts_at + timedelta(minutes=session.duration_minutes))
    event.add("sequence", session.sequence)
    event.add("summary", SUPPORTIVE_SUMMARY if supportive else SUMMARY)
    event.add("status", _STATUS.get(session.status, "CONFIRMED"))
    if with_place and session.place:
        event.add("location", session.place)
    return event


def session_invitation(session: CoachingSession) -> bytes:
    supportive = session.engagement.kind == Engagement.Kind.SUPPORTIVE_SUPERVISION
    calendar = _calendar(SUPPORTIVE_SUMMARY if supportive else SUMMARY)
    calendar.add("method", "PUBLISH")
    calendar.add_component(_event(session, with_place=True, supportive=supportive))
    return calendar.to_ical()


def person_feed(sessions: Iterable[CoachingSession]) -> bytes:
    sessions = list(sessions)
    supportive = set(
        Engagement.objects.filter(
            pk__in={s.engagement_id for s in sessions},
            kind=Engagement.Kind.SUPPORTIVE_SUPERVISION,
        ).values_list("pk", flat=True)
    )
    calendar = _calendar("Tandem coaching")
    for session in sessions:
        calendar.add_component(
            _event(session, with_place=False, supportive=session.engagement_id in supportive)
        )
    return calendar.to_ical()
