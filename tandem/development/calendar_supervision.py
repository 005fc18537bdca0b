"""A supervision session's calendar invitation (.ics), like tandem/coaching/calendar.py: time,
place and "Coach supervision", never what is discussed."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from icalendar import Calendar, Event

from tandem.coaching.calendar import invitation_host
from tandem.development.models import SupervisionSession

_STATUS: dict[str, str] = {
    SupervisionSession.Status.SCHEDULED: "CONFIRMED",
    SupervisionSession.Status.HELD: "CONFIRMED",
    SupervisionSession.Status.CANCELLED: "CANCELLED",
}


def supervision_invitation(session: SupervisionSession) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Tandem//Coach supervision//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Coach supervision")
    host = invitation_host()
    event = Event()
    event.add("uid", f"supervision-{session.pk}@{host}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.starts_at + timedelta(minutes=session.duration_minutes))
    event.add("sequence", session.sequence)
    event.add("summary", session.get_kind_display())
    event.add("status", _STATUS.get(session.status, "CONFIRMED"))
    if session.place:
        event.add("location", session.place)
    calendar.add_component(event)
    return calendar.to_ical()
