"""Scheduling, moving, cancelling and recording sessions, and who hears about it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.agreements.demo import shares_set
from tandem.coaching.models import CoachingSession, Engagement
from tandem.coaching.tests.helpers import form_time, future, scheduled
from tandem.notifications.models import Notification
from tandem.privacy.categories import Category, Party
from tandem.privacy.models import AccessEvent
from tandem.ui.tests.helpers import as_posted, conflict_sides

pytestmark = pytest.mark.django_db


def _sign_in(client, world, actor):
    client.force_login(world.people[actor].user)
    return client


def _schedule_data(**extra):
    return {
        "starts_at": form_time(future()),
        "duration_minutes": 60,
        "purpose": "coaching",
        "modality": "video",
        "place": "https://video.example.test/abc",
        **extra,
    }


def _inbox(person):
    return list(Notification.objects.filter(recipient=person).values_list("subject", flat=True))


def test_learner_schedules_a_session_and_the_coach_is_told(client, world):
    _sign_in(client, world, "learner")
    response = client.post(reverse("coaching:session_add", args=[world.e1.pk]), _schedule_data())

    assert response.status_code == 302
    session = CoachingSession.objects.get(engagement=world.e1, place__contains="video.example")
    assert session.status == CoachingSession.Status.SCHEDULED
    assert session.modality == CoachingSession.Modality.VIDEO
    assert _inbox(world.people["coach"]) == ["A coaching session was scheduled"]
    assert _inbox(world.people["learner"]) == []
    assert AccessEvent.objects.filter(record_type="session", record_id=session.pk).exists()


def test_schedule_form_for_the_learner_has_no_status_and_uses_the_agreed_length(client, world):
    _sign_in(client, world, "learner")
    response = client.get(reverse("coaching:session_add", args=[world.e1.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="status"' not in html
    assert 'name="duration_minutes" value="60"' in html


def test_the_coach_may_record_a_held_session_the_learner_may_not(client, world):
    past = form_time(timezone.now() - timedelta(days=2))
    data = _schedule_data(starts_at=past, status="held")

    _sign_in(client, world, "learner")
    assert client.post(reverse("coaching:session_add", args=[world.e1.pk]), data).status_code == 403
    _sign_in(client, world, "coach")
    assert client.post(reverse("coaching:session_add", args=[world.e1.pk]), data).status_code == 302
    assert world.e1.sessions.filter(status=CoachingSession.Status.HELD).count() == 2


def test_schedule_form_pages_are_denied_to_the_others(client, world):
    url = reverse("coaching:session_add", args=[world.e1.pk])
    _sign_in(client, world, "supervisor")
    assert client.get(url).status_code == 403
    _sign_in(client, world, "other_coach")
    assert client.get(url).status_code == 404


def test_a_coaching_session_needs_the_agreement_in_force_an_intro_does_not(client, world):
    _sign_in(client, world, "other_learner")
    url = reverse("coaching:session_add", args=[world.e2.pk])

    refused = client.post(url, _schedule_data(place="Room 12"))
    assert refused.status_code == 400
    assert "acknowledged the coaching agreement" in refused.content.decode()
    assert 'value="Room 12"' in refused.content.decode()  # nothing typed is lost
    assert client.post(url, _schedule_data(purpose="intro")).status_code == 302


def test_scheduling_in_the_past_is_refused_with_a_message(client, world):
    _sign_in(client, world, "learner")
    data = _schedule_data(starts_at=form_time(timezone.now() - timedelta(days=1)))
    response = client.post(reverse("coaching:session_add", args=[world.e1.pk]), data)

    assert response.status_code == 400
    assert "Choose a time in the future" in response.content.decode()


def test_reschedule_moves_the_session_and_updates_the_invitation(client, world):
    session = scheduled(world.e1)
    _sign_in(client, world, "coach")
    url = reverse("coaching:session_reschedule", args=[world.e1.pk, session.pk])
    new = future(days=9, hour=14)
    data = {
        "starts_at": form_time(new),
        "duration_minutes": 45,
        "modality": "phone",
        "place": "",
        "base_version": 0,
    }

    assert client.get(url).status_code == 200
    assert client.post(url, data).status_code == 302
    session.refresh_from_db()
    assert session.starts_at == new and session.duration_minutes == 45
    assert session.sequence == 1
    assert _inbox(world.people["learner"]) == ["A coaching session was moved"]


def test_a_held_session_cannot_be_moved(client, world):
    held = world.e1.sessions.get(status=CoachingSession.Status.HELD)
    _sign_in(client, world, "coach")
    url = reverse("coaching:session_reschedule", args=[world.e1.pk, held.pk])
    data = {"starts_at": form_time(future()), "duration_minutes": 60, "modality": "phone"}
    data["base_version"] = held.sequence

    response = client.post(url, data)
    assert response.status_code == 400
    assert "still to come" in response.content.decode()


def test_learner_cancels_and_the_agreement_decides_who_is_told(client, world):
    # E1's agreement names the supervisor "only if the agreement shares attendance" and it does.
    session = scheduled(world.e1)
    _sign_in(client, world, "learner")
    url = reverse("coaching:session_cancel", args=[world.e1.pk, session.pk])

    page = client.get(url).content.decode()
    assert "What your agreement says" in page
    assert "missed sessions in a row" in page
    assert "missed (no-show)" not in page  # the learner only cancels
    assert client.post(url, {"kind": "cancelled"}).status_code == 302
    session.refresh_from_db()
    assert session.status == CoachingSession.Status.CANCELLED
    assert _inbox(world.people["coach"]) == ["A coaching session was cancelled"]
    assert _inbox(world.people["supervisor"]) == ["A coaching session was cancelled"]


def test_no_one_beyond_the_pair_is_told_when_attendance_is_not_shared(client, world):
    shares_set(engagement=world.e1, shares={Party.SUPERVISOR: [Category.PROGRESS_SUMMARY]})
    session = scheduled(world.e1)
    _sign_in(client, world, "learner")
    client.post(
        reverse("coaching:session_cancel", args=[world.e1.pk, session.pk]), {"kind": "cancelled"}
    )

    assert _inbox(world.people["coach"]) == ["A coaching session was cancelled"]
    assert _inbox(world.people["supervisor"]) == []


def test_only_the_coach_records_a_no_show_once_its_time_has_come(client, world):
    past = CoachingSession.objects.create(
        engagement=world.e1, starts_at=timezone.now() - timedelta(hours=3)
    )
    coming = scheduled(world.e1)
    _sign_in(client, world, "learner")
    url = reverse("coaching:session_cancel", args=[world.e1.pk, past.pk])
    assert client.post(url, {"kind": "no_show"}).status_code == 403

    _sign_in(client, world, "coach")
    assert client.post(url, {"kind": "no_show"}).status_code == 302
    past.refresh_from_db()
    assert past.status == CoachingSession.Status.NO_SHOW
    notice = list(Notification.objects.filter(recipient=world.people["learner"]))
    assert [n.subject for n in notice] == ["A coaching session was recorded as missed"]
    early = client.post(
        reverse("coaching:session_cancel", args=[world.e1.pk, coming.pk]), {"kind": "no_show"}
    )
    assert early.status_code == 400


def test_two_missed_sessions_in_a_row_bring_up_the_policy(client, world):
    for days in (20, 6):
        CoachingSession.objects.create(
            engagement=world.e1,
            starts_at=timezone.now() - timedelta(days=days),
            status=CoachingSession.Status.NO_SHOW,
        )
    _sign_in(client, world, "coach")
    page = client.get(reverse("coaching:engagement_detail", args=[world.e1.pk])).content.decode()

    assert "The last 2 sessions were missed" in page


def test_supportive_supervision_sessions_last_at_least_15_minutes(client, world):
    Engagement.objects.filter(pk=world.e1.pk).update(kind=Engagement.Kind.SUPPORTIVE_SUPERVISION)
    _sign_in(client, world, "coach")
    url = reverse("coaching:session_add", args=[world.e1.pk])
    short = _schedule_data(duration_minutes=10, resilience_sessions="Sessions 1-3")

    response = client.post(url, short)
    assert response.status_code == 400
    assert "at least 15 minutes" in response.content.decode()
    ok = _schedule_data(
        duration_minutes=20, resilience_sessions="Sessions 1-3", resilience_tools="Box breathing"
    )
    assert client.post(url, ok).status_code == 302
    session = world.e1.sessions.get(duration_minutes=20)
    assert (session.resilience_sessions, session.resilience_tools) == (
        "Sessions 1-3",
        "Box breathing",
    )
    page = client.get(reverse("coaching:engagement_detail", args=[world.e1.pk])).content.decode()
    assert "tools tried: Box breathing" in page


def test_resilience_notes_are_not_shown_to_a_supervisor_who_sees_attendance(client, world):
    scheduled(world.e1, resilience_sessions="RA-SECRET sessions", resilience_tools="RA-TOOL")
    _sign_in(client, world, "supervisor")
    page = client.get(reverse("coaching:engagement_detail", args=[world.e1.pk])).content.decode()

    assert "RA-SECRET" not in page and "RA-TOOL" not in page


def test_supervisor_as_coach_declares_each_meeting(client, world):
    Engagement.objects.filter(pk=world.e1.pk).update(kind=Engagement.Kind.SUPERVISOR_AS_COACH)
    _sign_in(client, world, "coach")
    url = reverse("coaching:session_add", args=[world.e1.pk])

    response = client.post(url, _schedule_data())
    assert response.status_code == 400
    assert "coaching or supervision" in response.content.decode()
    assert client.post(url, _schedule_data(role="supervision")).status_code == 302
    assert world.e1.sessions.filter(role="supervision").exists()


def test_online_engagement_shows_the_notice_on_electronic_limits(client, world):
    Engagement.objects.filter(pk=world.e1.pk).update(kind=Engagement.Kind.ONLINE)
    _sign_in(client, world, "learner")
    page = client.get(reverse("coaching:engagement_detail", args=[world.e1.pk])).content.decode()

    assert "can be intercepted" in page


@pytest.mark.parametrize("name", ["coaching:session_reschedule", "coaching:session_cancel"])
def test_session_pages_are_for_the_pair_only(client, world, name):
    session = scheduled(world.e1, place="PLACE-PRIVATE")
    url = reverse(name, args=[world.e1.pk, session.pk])

    _sign_in(client, world, "coach")
    allowed = client.get(url)
    assert allowed.status_code == 200
    for actor, status in (("supervisor", 403), ("program_lead", 403), ("other_coach", 404)):
        _sign_in(client, world, actor)
        denied = client.get(url)
        assert denied.status_code == status
        assert "PLACE-PRIVATE" not in denied.content.decode()


def test_schedule_lists_only_the_viewers_own_sessions(client, world):
    scheduled(world.e1, place="PLACE-E1")
    scheduled(world.e2)
    _sign_in(client, world, "supervisor")  # sees E1's attendance, but is not a participant
    assert "Invitation (.ics)" not in client.get(reverse("coaching:schedule")).content.decode()
    _sign_in(client, world, "other_learner")
    html = client.get(reverse("coaching:schedule")).content.decode()
    assert html.count("Invitation (.ics)") == 1
    assert world.people["other_coach"].full_name in html


def test_coach_and_learner_moving_one_session_never_overwrite_each_other(client, world):
    session = scheduled(world.e1)
    url = reverse("coaching:session_reschedule", args=[world.e1.pk, session.pk])
    _sign_in(client, world, "coach")
    coach_form = client.get(url).context["form"]
    _sign_in(client, world, "learner")
    learner_form = client.get(url).context["form"]
    coach_time, learner_time = future(days=9, hour=14), future(days=10, hour=9)

    _sign_in(client, world, "coach")
    moved = client.post(url, as_posted(coach_form, starts_at=form_time(coach_time)))
    assert moved.status_code == 302
    _sign_in(client, world, "learner")
    page = client.post(
        url,
        as_posted(learner_form, starts_at=form_time(learner_time), place="LEARNER-PLACE room 4"),
    )

    assert page.status_code == 409
    theirs, yours = conflict_sides(page.content.decode())
    shown = (timezone.localtime(coach_time).strftime("%Y-%m-%d %H:%M"), "LEARNER-PLACE room 4")
    assert (shown[0] in theirs, shown[1] in yours) == (True, True)
    session.refresh_from_db()
    assert (session.starts_at, session.place, session.sequence) == (coach_time, "", 1)
    form = page.context["form"]
    assert (form["place"].value(), form["base_version"].value()) == ("LEARNER-PLACE room 4", "1")
