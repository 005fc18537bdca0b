"""Calendar invitations and the private per-person feed."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from tandem.coaching.models import CalendarFeed, CoachingSession
from tandem.coaching.services import token_hash
from tandem.coaching.tests.helpers import scheduled

pytestmark = pytest.mark.django_db


def _events(body: bytes) -> list:
    return [c for c in Calendar.from_ical(body).walk() if c.name == "VEVENT"]


def test_participants_download_an_invitation_with_time_and_place(client, world):
    session = scheduled(world.e1, place="Room 7", duration_minutes=45)
    client.force_login(world.people["learner"].user)
    response = client.get(reverse("coaching:session_ics", args=[world.e1.pk, session.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar"
    [event] = _events(response.content)
    assert str(event["SUMMARY"]) == "Coaching session"
    assert str(event["LOCATION"]) == "Room 7"
    assert event.decoded("DTSTART") == session.starts_at
    assert (event.decoded("DTEND") - event.decoded("DTSTART")).seconds == 45 * 60


def test_a_supervisor_who_sees_attendance_gets_no_invitation(client, world):
    session = scheduled(world.e1, place="Room 7")
    client.force_login(world.people["supervisor"].user)
    response = client.get(reverse("coaching:session_ics", args=[world.e1.pk, session.pk]))

    assert response.status_code == 403
    assert b"Room 7" not in response.content


def test_feed_link_is_shown_once_and_only_its_hash_is_stored(client, world):
    coach = world.people["coach"]
    client.force_login(coach.user)
    response = client.post(reverse("coaching:calendar_feed_settings"), {"action": "regenerate"})

    html = response.content.decode()
    assert "Copy your link now" in html
    url = html.split('id="feed-url" type="text" readonly value="')[1].split('"')[0]
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    feed = CalendarFeed.objects.get(person=coach)
    assert feed.token_hash == token_hash(token) and token not in feed.token_hash
    again = client.get(reverse("coaching:calendar_feed_settings")).content.decode()
    assert token not in again


def test_feed_shows_times_only_and_stops_when_revoked_or_regenerated(client, world):
    scheduled(world.e1, place="PLACE-SECRET")
    CoachingSession.objects.create(
        engagement=world.e2, starts_at=scheduled(world.e1).starts_at, place="OTHER"
    )
    client.force_login(world.people["learner"].user)
    client.post(reverse("coaching:calendar_feed_settings"), {"action": "regenerate"})
    first = CalendarFeed.objects.get(person=world.people["learner"])
    from tandem.coaching.services import calendar_feed_regenerate

    token = calendar_feed_regenerate(person=world.people["learner"])
    assert CalendarFeed.objects.get(person=world.people["learner"]).token_hash != first.token_hash
    client.logout()

    response = client.get(reverse("coaching:calendar_feed", args=[token]))
    body = response.content.decode()
    assert response.status_code == 200
    # E1's held session, and the two scheduled ones; nothing from E2, no place, no names.
    assert len(_events(response.content)) == 3
    assert {str(e["SUMMARY"]) for e in _events(response.content)} == {"Coaching session"}
    assert "PLACE-SECRET" not in body and "OTHER" not in body
    assert world.people["coach"].full_name not in body
    assert world.people["coach"].first_name not in body

    client.force_login(world.people["learner"].user)
    client.post(reverse("coaching:calendar_feed_settings"), {"action": "revoke"})
    client.logout()
    assert client.get(reverse("coaching:calendar_feed", args=[token])).status_code == 404


def test_feed_reads_are_audited_without_the_token_and_stop_for_a_member_who_left(client, world):
    from tandem.coaching.services import calendar_feed_regenerate
    from tandem.coaching.tests.groups import joined
    from tandem.privacy.models import AccessEvent

    member = world.people["other_learner"]
    world.e1.kind = world.e1.Kind.GROUP
    world.e1.save()
    membership = joined(world.e1, member)
    token = calendar_feed_regenerate(person=member)
    url = reverse("coaching:calendar_feed", args=[token])

    assert len(_events(client.get(url).content)) == 2  # E1's and E2's held sessions
    rows = AccessEvent.objects.filter(viewer=member, record_type="calendar_feed")
    assert sorted(rows.values_list("engagement_id", "via")) == sorted(
        [(world.e1.pk, "GET calendar feed"), (world.e2.pk, "GET calendar feed")]
    )
    assert token not in "".join(rows.values_list("via", flat=True))

    membership.left_on = timezone.localdate()
    membership.save()
    assert len(_events(client.get(url).content)) == 1  # only their own engagement's
