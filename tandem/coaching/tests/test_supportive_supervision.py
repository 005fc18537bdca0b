"""Supportive supervision (seed 002) is named as such wherever it is shown, never as coaching,
and its content reaches only the supervisor who holds it and the supervisee (issue #16 item 11).

The world's supervisor holds supportive supervision with the learner who reports to them; the
same learner is also coached by the world's coach (E1), which keeps its coaching words."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from tandem.coaching.models import CoachingSession, Engagement, Note
from tandem.coaching.services import calendar_feed_regenerate, engagement_create
from tandem.coaching.tests.helpers import scheduled
from tandem.people.models import CoachProfile
from tandem.people.tests.factories import CoachProfileFactory
from tandem.privacy.categories import Category
from tandem.testing import fresh

RA_WORDS = "RA-SECRET Resilience sessions 1 to 3"
NOTE_WORDS = "SS-NOTE-SECRET what we talked about"


def _build(world):
    supervisor, learner = world.people["supervisor"], world.people["learner"]
    CoachProfileFactory(
        person=supervisor, coach_type=CoachProfile.CoachType.SUPPORTIVE_SUPERVISOR, capacity=6
    )
    engagement = Engagement.objects.create(
        coach=supervisor,
        learner=learner,
        kind=Engagement.Kind.SUPPORTIVE_SUPERVISION,
        status=Engagement.Status.ACTIVE,
        started_on=timezone.localdate() - timedelta(days=40),
    )
    held = CoachingSession.objects.create(
        engagement=engagement,
        starts_at=timezone.now() - timedelta(days=12),
        duration_minutes=20,
        status=CoachingSession.Status.HELD,
        resilience_sessions=RA_WORDS,
        resilience_tools="Box breathing",
    )
    upcoming = scheduled(engagement, days=5, duration_minutes=20)
    Note.objects.create(
        engagement=engagement,
        author=supervisor,
        kind=Note.Kind.SESSION_SUMMARY,
        category=Category.COACH_LEARNER,
        body=NOTE_WORDS,
    )
    return engagement.pk, held.pk, upcoming.pk


@pytest.fixture(scope="module")
def scene_once(module_db, world_once):
    return module_db(lambda: (world_once, _build(world_once)))


@pytest.fixture
def scene(scene_once, db):
    return fresh(scene_once)


def _get(client, world, actor, url):
    client.logout()
    client.force_login(world.people[actor].user)
    return client.get(url)


@pytest.mark.parametrize("actor", ["supervisor", "learner"])
def test_the_supervisor_and_supervisee_see_supportive_supervision_and_its_words(
    client, scene, actor
):
    world, (pk, _held, _upcoming) = scene
    response = _get(client, world, actor, reverse("coaching:engagement_detail", args=[pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Supportive supervision: " in html
    assert f"with supervisor {world.people['supervisor'].full_name}</h1>" in html
    assert "<dt>Kind</dt><dd>Supportive supervision</dd>" in html
    assert "not coaching and not a performance review" in html
    assert "kept apart from performance evaluation" in html
    assert html.count("Supportive supervision session") == 2
    assert "Coaching session" not in html
    assert '<h2 id="section-coach_learner">Between supervisor and supervisee</h2>' in html
    assert RA_WORDS in html
    assert NOTE_WORDS in html


def test_a_program_lead_sees_that_it_exists_but_nothing_said(client, scene):
    world, (pk, held, _upcoming) = scene
    response = _get(client, world, "program_lead", reverse("coaching:engagement_detail", args=[pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<dt>Kind</dt><dd>Supportive supervision</dd>" in html
    assert "stay between the supervisee and their supervisor" in html
    assert RA_WORDS not in html
    assert NOTE_WORDS not in html
    assert "Box breathing" not in html
    session = _get(
        client, world, "program_lead", reverse("conversation:session_detail", args=[held])
    )
    assert session.status_code in (403, 404)
    assert RA_WORDS not in session.content.decode()


@pytest.mark.parametrize("actor", ["other_supervisor", "coach", "other_learner", "leadership"])
def test_others_do_not_find_it(client, scene, actor):
    world, (pk, held, _upcoming) = scene
    assert (
        _get(client, world, actor, reverse("coaching:engagement_detail", args=[pk])).status_code
        == 404
    )
    page = _get(client, world, actor, reverse("conversation:session_detail", args=[held]))
    assert page.status_code in (403, 404)
    assert RA_WORDS not in page.content.decode()


def test_the_session_record_is_named_supportive_supervision(client, scene):
    world, (_pk, held, _upcoming) = scene
    html = _get(
        client, world, "supervisor", reverse("conversation:session_detail", args=[held])
    ).content.decode()
    assert "<h1>Supportive supervision session on " in html
    assert "<dt>Kind</dt><dd>Supportive supervision session</dd>" in html


def test_ordinary_coaching_of_the_same_learner_keeps_its_words(client, scene):
    world, _ids = scene
    html = _get(
        client, world, "learner", reverse("coaching:engagement_detail", args=[world.e1.pk])
    ).content.decode()
    assert f"with coach {world.people['coach'].full_name}</h1>" in html
    assert "performance review" not in html


def test_the_schedule_names_each_side(client, scene):
    world, (_pk, _held, upcoming) = scene
    mine = _get(client, world, "supervisor", reverse("coaching:schedule")).content.decode()
    assert f"{world.people['learner'].full_name} (supervisee)" in mine
    assert "Supportive supervision session · In person" in mine
    theirs = _get(client, world, "learner", reverse("coaching:schedule")).content.decode()
    assert f"{world.people['supervisor'].full_name} (supervisor)" in theirs


def test_my_team_lists_it_apart_from_what_the_team_shares(client, scene):
    world, (pk, _held, _upcoming) = scene
    html = _get(client, world, "supervisor", reverse("web:my_team")).content.decode()
    held_part, shared_part = html.split("<h2>Coaching your team shares with you</h2>")
    link = reverse("coaching:engagement_detail", args=[pk])
    assert f'href="{link}"' in held_part
    assert "Supportive supervision, active" in held_part
    assert "You are set up to hold supportive supervision" in held_part
    assert f'href="{link}"' not in shared_part


def test_a_supervisor_without_the_profile_is_told_how_to_get_one(client, scene):
    world, _ids = scene
    html = _get(client, world, "other_supervisor", reverse("web:my_team")).content.decode()
    assert "ask your administrator to set up a supportive supervision profile" in html


def _summaries(body: bytes) -> list[str]:
    return sorted(str(e["SUMMARY"]) for e in Calendar.from_ical(body).walk("VEVENT"))


def test_calendar_invitations_and_feeds_say_supportive_supervision(client, scene):
    world, (pk, _held, upcoming) = scene
    invitation = _get(
        client, world, "learner", reverse("coaching:session_ics", args=[pk, upcoming])
    )
    assert _summaries(invitation.content) == ["Supportive supervision"]
    token = calendar_feed_regenerate(person=world.people["learner"])
    client.logout()
    feed = client.get(reverse("coaching:calendar_feed", args=[token]))
    # The learner's coaching (E1) stays "Coaching session"; the supervision is named as such.
    assert set(_summaries(feed.content)) == {"Coaching session", "Supportive supervision"}
    assert _summaries(feed.content).count("Supportive supervision") == 2


@pytest.mark.parametrize("asked", [Engagement.Kind.INDIVIDUAL, Engagement.Kind.SUPERVISOR_AS_COACH])
def test_a_supervisor_set_up_for_it_holds_supportive_supervision_with_their_team(scene, asked):
    world, _ids = scene
    made = engagement_create(
        coach=world.people["supervisor"], learner=world.people["learner"], kind=asked
    )
    assert made.kind == Engagement.Kind.SUPPORTIVE_SUPERVISION


def test_a_supervisor_without_the_profile_coaches_their_team_as_supervisor_as_coach(scene):
    world, _ids = scene
    made = engagement_create(
        coach=world.people["other_supervisor"], learner=world.people["other_learner"]
    )
    assert made.kind == Engagement.Kind.SUPERVISOR_AS_COACH


def test_outside_their_team_the_supervisor_coaches_as_anyone_else(scene):
    world, _ids = scene
    made = engagement_create(
        coach=world.people["supervisor"], learner=world.people["other_learner"]
    )
    assert made.kind == Engagement.Kind.INDIVIDUAL


def test_the_engagement_list_names_it(client, scene):
    world, (pk, _held, _upcoming) = scene
    html = _get(client, world, "learner", reverse("coaching:engagement_list")).content.decode()
    row = next(r for r in html.split("<tr>") if f"/coaching/{pk}/" in r)
    assert "(supervisor: supportive supervision)" in row
    other = next(r for r in html.split("<tr>") if f"/coaching/{world.e1.pk}/" in r)
    assert "supportive supervision" not in other
