"""A roundtable meeting's calendar invitation (.ics). Same UID for every revision of a meeting
and a SEQUENCE that rises on each move or cancellation, so a calendar that imported it moves or
cancels the event instead of adding another. No agenda: only the name, time and place."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from icalendar import Calendar, Event

from tandem.coaching.calendar import invitation_host
from tandem.development.models import RoundtableMeeting


def meeting_uid(meeting: RoundtableMeeting) -> str:
    host = invitation_host()
    return f"roundtable-meeting-{meeting.pk}@{host}"


def meeting_invitation(meeting: RoundtableMeeting) -> bytes:
    roundtable = meeting.roundtable
    calendar = Calendar()
    calendar.add("prodid", "-//Tandem//Coach roundtables//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.starts_at + timedelta(minutes=meeting.duration_minutes))
    event.add("sequence", meeting.sequence)
    event.add("summary", f"{roundtable.get_level_display()}: {roundtable.name}")
    event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
    if meeting.place:
        event.add("location", meeting.place)
    calendar.add_component(event)
    return calendar.to_ical()
