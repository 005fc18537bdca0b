"""Sessions whose time has passed: the coach records them held (with their actual length), and
until someone records an outcome they are shown as needing one and counted apart (#14)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.agreements.demo import agreement_in_force_create
from tandem.coaching.models import CoachingSession, Engagement
from tandem.coaching.selectors import session_outcome_counts, sessions_needing_outcome
from tandem.coaching.services import engagement_create
from tandem.coaching.tests.groups import joined
from tandem.coaching.tests.helpers import past_scheduled, scheduled
from tandem.privacy.models import AccessEvent

pytestmark = pytest.mark.django_db


def _held_url(session):
    return reverse("coaching:session_held", args=[session.engagement_id, session.pk])


def _updates(session):
    return list(
        AccessEvent.objects.filter(
            record_type="session", record_id=session.pk, action=AccessEvent.Action.UPDATE
        ).values_list("viewer_id", "category")
    )


def _page(client, name, *args):
    return client.get(reverse(name, args=args)).content.decode()


# --- Recording a session held ----------------------------------------------------------------


def test_the_coach_records_a_past_session_held_with_its_actual_length(as_actor, world):
    session = past_scheduled(world.e1, duration_minutes=60)
    client = as_actor("coach")

    form = client.get(_held_url(session))
    assert form.status_code == 200
    assert 'name="duration_minutes" value="60"' in form.content.decode()  # the planned length
    response = client.post(_held_url(session), {"duration_minutes": 45}, follow=True)

    assert response.redirect_chain == [
        (reverse("coaching:engagement_detail", args=[world.e1.pk]), 302)
    ]
    assert "is recorded as held (45 minutes)" in response.content.decode()
    session.refresh_from_db()
    assert (session.status, session.duration_minutes, session.sequence) == ("held", 45, 1)
    assert session.changed_by_id == world.people["coach"].pk
    assert _updates(session) == [(world.people["coach"].pk, "attendance")]
    record = reverse("conversation:session_detail", args=[session.pk])
    row = response.content.decode().split(f'href="{record}"', 1)[1]
    row = row.split("</tr>", 1)[0]
    assert '<td data-label="Status">Held</td>' in row


def test_recording_held_from_the_schedule_page_goes_back_there(as_actor, world):
    session = past_scheduled(world.e1)
    response = as_actor("coach").post(
        _held_url(session), {"duration_minutes": 30, "back": "schedule"}, follow=True
    )

    assert response.redirect_chain == [(reverse("coaching:schedule"), 302)]
    assert "is recorded as held (30 minutes)" in response.content.decode()


def test_a_session_still_to_come_cannot_be_recorded_held(as_actor, world):
    coming = scheduled(world.e1)
    client = as_actor("coach")
    assert "has not started yet" in client.get(_held_url(coming)).content.decode()

    response = client.post(_held_url(coming), {"duration_minutes": 45})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Record it as held once its time has come" in html
    assert 'name="duration_minutes" value="45"' in html  # what was typed is kept
    coming.refresh_from_db()
    assert (coming.status, coming.duration_minutes) == ("scheduled", 60)
    assert _updates(coming) == []


def test_a_session_with_an_outcome_is_not_recorded_again(as_actor, world):
    missed = past_scheduled(world.e1, status=CoachingSession.Status.NO_SHOW)
    response = as_actor("coach").post(_held_url(missed), {"duration_minutes": 45})

    assert response.status_code == 400
    assert "already recorded as “missed”" in response.content.decode()
    missed.refresh_from_db()
    assert missed.status == CoachingSession.Status.NO_SHOW


@pytest.mark.parametrize(
    "actor,status",
    [
        ("learner", 403),  # like a missed session, only the coach records that it took place
        ("supervisor", 403),
        ("program_lead", 403),
        ("coach_supervisor", 403),
        ("other_coach", 404),
        ("other_learner", 404),
    ],
)
def test_only_the_coach_records_a_session_held(as_actor, world, actor, status):
    session = past_scheduled(world.e1)
    client = as_actor(actor)

    assert client.get(_held_url(session)).status_code == status
    assert client.post(_held_url(session), {"duration_minutes": 45}).status_code == status
    session.refresh_from_db()
    assert (session.status, session.duration_minutes) == ("scheduled", 60)
    assert _updates(session) == []


def test_a_group_member_does_not_record_a_session_held(as_actor, world):
    group = engagement_create(
        coach=world.people["coach"],
        learner=world.people["learner"],
        kind=Engagement.Kind.GROUP,
        members=[world.people["other_learner"]],
    )
    joined(group, world.people["other_learner"])
    session = past_scheduled(group)

    response = as_actor("other_learner").post(_held_url(session), {"duration_minutes": 45})
    assert response.status_code == 403
    session.refresh_from_db()
    assert session.status == CoachingSession.Status.SCHEDULED


def test_a_session_of_another_engagement_is_not_found(as_actor, world):
    session = past_scheduled(world.e1)
    url = reverse("coaching:session_held", args=[world.e2.pk, session.pk])
    assert as_actor("other_coach").post(url, {"duration_minutes": 45}).status_code == 404


def test_supportive_supervision_held_sessions_last_at_least_15_minutes(as_actor, world):
    Engagement.objects.filter(pk=world.e1.pk).update(kind=Engagement.Kind.SUPPORTIVE_SUPERVISION)
    session = past_scheduled(world.e1)

    response = as_actor("coach").post(_held_url(session), {"duration_minutes": 10})
    assert response.status_code == 400
    assert "at least 15 minutes" in response.content.decode()


# --- Supervisor as coach ---------------------------------------------------------------------


@pytest.fixture
def sac(world):
    """The learner's own line supervisor coaches them, with the agreement in force."""
    engagement = engagement_create(
        coach=world.people["supervisor"], learner=world.people["learner"]
    )
    Engagement.objects.filter(pk=engagement.pk).update(status=Engagement.Status.ACTIVE)
    agreement_in_force_create(engagement=engagement, shares={})
    return engagement


def test_a_supervision_meeting_recorded_held_stays_supervision(as_actor, world, sac):
    session = past_scheduled(sac, role=CoachingSession.Role.SUPERVISION)
    client = as_actor("supervisor")
    page = client.get(_held_url(session)).content.decode()
    assert "stays recorded as supervision" in page
    assert 'name="role"' not in page  # the declaration made when scheduling stands

    assert client.post(_held_url(session), {"duration_minutes": 30}).status_code == 302
    session.refresh_from_db()
    assert (session.status, session.role) == ("held", "supervision")


def test_a_supervisor_as_coach_session_without_a_declaration_is_declared_when_held(
    as_actor, world, sac
):
    session = past_scheduled(sac)  # scheduled before every session had to declare
    client = as_actor("supervisor")

    refused = client.post(_held_url(session), {"duration_minutes": 30})
    assert refused.status_code == 400
    assert "coaching or supervision" in refused.content.decode()
    ok = client.post(_held_url(session), {"duration_minutes": 30, "role": "supervision"})
    assert ok.status_code == 302
    session.refresh_from_db()
    assert (session.status, session.role) == ("held", "supervision")


# --- Needs an outcome ------------------------------------------------------------------------


def test_the_coach_sees_which_sessions_need_an_outcome_on_the_engagement_page(as_actor, world):
    session = past_scheduled(world.e1)
    scheduled(world.e1)  # still to come: needs nothing yet
    page = _page(as_actor("coach"), "coaching:engagement_detail", world.e1.pk)

    assert "1 session needs an outcome." in page
    assert page.count("Needs an outcome</span>") == 1
    assert page.count('href="' + _held_url(session) + '"') == 1


def test_the_learner_sees_the_tag_but_records_nothing(as_actor, world):
    session = past_scheduled(world.e1)
    page = _page(as_actor("learner"), "coaching:engagement_detail", world.e1.pk)

    assert page.count("Needs an outcome</span>") == 1
    assert "session needs an outcome." not in page
    assert _held_url(session) not in page


@pytest.mark.parametrize("actor", ["supervisor", "program_lead"])
def test_those_who_see_attendance_are_not_shown_needs_an_outcome(as_actor, world, actor):
    session = past_scheduled(world.e1)
    page = _page(as_actor(actor), "coaching:engagement_detail", world.e1.pk)

    assert "Scheduled" in page  # they see the session's status, as before
    assert "outcome" not in page
    assert _held_url(session) not in page


def test_the_schedule_page_lists_the_coachs_sessions_that_need_an_outcome(as_actor, world):
    session = past_scheduled(world.e1)
    page = _page(as_actor("coach"), "coaching:schedule")

    assert "1 session needs an outcome" in page
    assert f'href="{_held_url(session)}?back=schedule"' in page
    assert reverse("coaching:session_cancel", args=[world.e1.pk, session.pk]) in page
    # It is no longer among the sessions still to come.
    assert reverse("coaching:session_ics", args=[world.e1.pk, session.pk]) not in page


@pytest.mark.parametrize("actor", ["learner", "supervisor", "other_coach"])
def test_the_schedule_page_shows_needs_an_outcome_to_the_coach_only(as_actor, world, actor):
    past_scheduled(world.e1)
    assert "outcome" not in _page(as_actor(actor), "coaching:schedule")


def test_a_session_just_begun_stays_on_the_learners_schedule(as_actor, world):
    session = past_scheduled(world.e1, hours=1)
    ics = reverse("coaching:session_ics", args=[world.e1.pk, session.pk])

    assert ics in _page(as_actor("learner"), "coaching:schedule")
    coach_page = _page(as_actor("coach"), "coaching:schedule")
    assert ics not in coach_page
    assert f"{_held_url(session)}?back=schedule" in coach_page


def test_the_session_record_page_offers_the_coach_to_record_it_held(as_actor, world):
    session = past_scheduled(world.e1)
    coming = scheduled(world.e1)

    assert _held_url(session) in _page(as_actor("coach"), "conversation:session_detail", session.pk)
    assert _held_url(coming) not in _page(
        as_actor("coach"), "conversation:session_detail", coming.pk
    )
    learner_page = _page(as_actor("learner"), "conversation:session_detail", session.pk)
    assert _held_url(session) not in learner_page


# --- Counted apart ---------------------------------------------------------------------------


def test_sessions_needing_an_outcome_are_counted_apart_never_as_held(as_actor, world):
    due = past_scheduled(world.e1)
    scheduled(world.e1)
    past_scheduled(world.e1, status=CoachingSession.Status.NO_SHOW)
    past_scheduled(world.e1, status=CoachingSession.Status.CANCELLED)

    counts = session_outcome_counts(engagement_ids=[world.e1.pk])
    assert counts == {"held": 1, "missed": 1, "cancelled": 1, "needs_outcome": 1, "to_come": 1}
    assert list(sessions_needing_outcome(coach=world.people["coach"])) == [due]
    assert list(sessions_needing_outcome(coach=world.people["learner"])) == []
    assert list(sessions_needing_outcome(coach=world.people["other_coach"])) == []

    as_actor("coach").post(_held_url(due), {"duration_minutes": 50})
    counts = session_outcome_counts(
        engagement_ids=Engagement.objects.filter(pk=world.e1.pk).values("pk")
    )
    assert (counts["held"], counts["needs_outcome"]) == (2, 0)
    assert list(sessions_needing_outcome(coach=world.people["coach"])) == []
