"""Reminders of sessions in the next 24 hours: once per session and start time, to the coach,
the learner and the group's current members only, never with coaching content."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tandem.coaching import reminders
from tandem.coaching.models import CoachingSession, Engagement, Note
from tandem.coaching.reminders import session_reminders_send
from tandem.coaching.services import (
    engagement_create,
    member_add,
    member_answer,
    member_leave,
    session_reschedule,
)
from tandem.coaching.tasks import remind_sessions
from tandem.coaching.tests.groups import joined
from tandem.conversation.models import SessionRecord
from tandem.notifications.models import Notification
from tandem.people.models import Person, Role
from tandem.people.tests.factories import person_with_account
from tandem.privacy.policy import engagement_access
from tandem.privacy.tests.world import World, build_world
from tandem.testing import fresh

SECRET = "QUOKKA"  # in every piece of coaching content the scene writes


def _in(hours: float) -> datetime:
    return (timezone.now() + timedelta(hours=hours)).replace(second=0, microsecond=0)


def _booked(engagement: Engagement, hours: float, **fields: object) -> CoachingSession:
    fields = {"status": CoachingSession.Status.SCHEDULED, **fields}
    return CoachingSession.objects.create(engagement=engagement, starts_at=_in(hours), **fields)


@dataclass
class Scene:
    world: World
    soon: CoachingSession  # E1 (coach and learner, agreement in force), in 3 hours
    later: CoachingSession  # E1, in 30 hours
    group: Engagement
    group_soon: CoachingSession  # in 6 hours
    group_people: dict[str, Person]
    intro: CoachingSession  # a planned engagement's introductory meeting, in 5 hours
    not_reminded: dict[str, CoachingSession]  # each within 24 hours, none to be reminded


def build_scene() -> Scene:
    world = build_world()
    p = world.people
    e1 = world.e1
    Engagement.objects.filter(pk=e1.pk).update(focus=f"FOCUS-{SECRET}")
    soon = _booked(e1, 3, place=f"ROOM-{SECRET}", resilience_tools=f"TOOLS-{SECRET}")
    SessionRecord.objects.create(
        session=soon,
        focus=f"AGENDA-{SECRET}",
        stage_notes={"goal": f"STAGE-{SECRET}"},
        recorded_by=p["coach"],
    )
    Note.objects.create(
        engagement=e1,
        author=p["coach"],
        kind=Note.Kind.SESSION_SUMMARY,
        category=Note.CATEGORY_OF_KIND[Note.Kind.SESSION_SUMMARY],
        body=f"NOTE-{SECRET} what we will talk about next",
    )
    later = _booked(e1, 30)

    unit = world.tree["intake"]
    g = {
        name: person_with_account(org_unit=unit, last_name=name.title(), roles=roles)
        for name, roles in (
            ("gcoach", (Role.COACH,)),
            ("glearner", (Role.LEARNER,)),
            ("stays", (Role.LEARNER,)),
            ("leaves", (Role.LEARNER,)),
            ("invited", (Role.LEARNER,)),
            ("declines", (Role.LEARNER,)),
        )
    }
    group = engagement_create(coach=g["gcoach"], learner=g["glearner"], kind=Engagement.Kind.GROUP)
    joined(group, g["stays"])
    left = joined(group, g["leaves"])
    member_leave(person=g["leaves"], member_id=left.pk, via="test")
    member_add(engagement=group, person=g["invited"])
    declined = member_add(engagement=group, person=g["declines"])
    member_answer(person=g["declines"], member_id=declined.pk, accept=False, via="test")
    Engagement.objects.filter(pk=group.pk).update(status=Engagement.Status.ACTIVE)
    group_soon = _booked(group, 6)

    planned = Engagement.objects.create(
        learner=p["other_learner"], coach=p["coach"], status=Engagement.Status.PLANNED
    )
    intro = _booked(planned, 5, purpose=CoachingSession.Purpose.INTRO)

    not_reminded = {"cancelled": _booked(e1, 4, status=CoachingSession.Status.CANCELLED)}
    not_reminded["started"] = _booked(e1, -0.5)
    for status in (
        Engagement.Status.CLOSED,
        Engagement.Status.WITHDRAWN,
        Engagement.Status.PAUSED,
    ):
        engagement = Engagement.objects.create(
            learner=p["other_learner"], coach=p["other_coach"], status=status
        )
        not_reminded[status] = _booked(engagement, 4)
    Notification.objects.all().delete()  # the group's invitations and answers
    return Scene(world, soon, later, group, group_soon, g, intro, not_reminded)


@pytest.fixture(scope="module")
def scene_once(module_db):
    return module_db(build_scene)


@pytest.fixture
def scene(scene_once, db):
    return fresh(scene_once)


def _reminders(**filters: object) -> list[Notification]:
    return list(Notification.objects.filter(subject__startswith="Reminder:", **filters))


def _recipients(engagement: Engagement) -> set[int]:
    return {n.recipient_id for n in _reminders(url__contains=f"/coaching/{engagement.pk}/")}


def test_each_session_is_reminded_once(scene):
    assert session_reminders_send() == 3  # E1 in 3 hours, the group, the introductory meeting
    count = len(_reminders())
    assert session_reminders_send() == 0
    assert len(_reminders()) == count
    for session in (scene.soon, scene.group_soon, scene.intro):
        session.refresh_from_db()
        assert session.reminded_for == session.starts_at


def test_the_coach_and_the_learner_are_reminded_not_the_supervisor(scene):
    session_reminders_send()
    p = scene.world.people
    assert _recipients(scene.world.e1) == {p["coach"].pk, p["learner"].pk}
    assert not _reminders(recipient=p["supervisor"])
    assert len(mail.outbox) == len(_reminders())
    assert p["supervisor"].work_email not in {a for m in mail.outbox for a in m.to}


def test_a_group_reminds_its_current_members_only(scene):
    session_reminders_send()
    g = scene.group_people
    # Not the member who left, the one only invited, nor the one who declined.
    assert _recipients(scene.group) == {g["gcoach"].pk, g["glearner"].pk, g["stays"].pk}
    coach_note = _reminders(recipient=g["gcoach"])[0]
    assert "with your group" in coach_note.body


def test_someone_no_longer_on_staff_is_not_reminded(scene):
    p = scene.world.people
    Person.objects.filter(pk=p["learner"].pk).update(is_active=False)
    session_reminders_send()
    assert _recipients(scene.world.e1) == {p["coach"].pk}


def test_no_reminder_for_cancelled_started_or_later_sessions_or_coaching_not_under_way(scene):
    session_reminders_send()
    for name, session in {**scene.not_reminded, "later": scene.later}.items():
        session.refresh_from_db()
        assert session.reminded_for is None, name
    for status in (Engagement.Status.CLOSED, Engagement.Status.WITHDRAWN):
        engagement = scene.not_reminded[status].engagement
        assert _recipients(engagement) == set(), status
    # Only one E1 session's reminder: the one in 3 hours.
    assert len(_reminders(recipient=scene.world.people["learner"])) == 1


def test_a_session_is_reminded_when_it_comes_within_24_hours(scene):
    session_reminders_send()
    assert session_reminders_send(now=timezone.now() + timedelta(hours=7)) == 1
    scene.later.refresh_from_db()
    assert scene.later.reminded_for == scene.later.starts_at


def test_a_moved_session_is_reminded_again_for_its_new_time(scene):
    p = scene.world.people
    session_reminders_send()
    access = engagement_access(viewer=p["coach"], engagement_id=scene.world.e1.pk)
    new_time = _in(10)
    session_reschedule(
        actor=p["coach"],
        access=access,
        session_id=scene.soon.pk,
        base_version=scene.soon.sequence,
        starts_at=new_time,
        duration_minutes=60,
        modality=CoachingSession.Modality.VIDEO,
        place="",
        via="test",
    )
    assert session_reminders_send() == 1
    assert session_reminders_send() == 0
    learner_reminders = _reminders(recipient=p["learner"])  # newest first
    assert len(learner_reminders) == 2
    local = timezone.localtime(new_time, ZoneInfo(settings.TIME_ZONE))
    assert f"at {local:%H:%M}" in learner_reminders[0].body


def test_a_session_moved_beyond_24_hours_waits_for_its_new_time(scene):
    p = scene.world.people
    access = engagement_access(viewer=p["learner"], engagement_id=scene.world.e1.pk)
    session_reschedule(
        actor=p["learner"],
        access=access,
        session_id=scene.soon.pk,
        base_version=scene.soon.sequence,
        starts_at=_in(48),
        duration_minutes=60,
        modality=CoachingSession.Modality.IN_PERSON,
        place="",
        via="test",
    )
    session_reminders_send()
    assert _recipients(scene.world.e1) == set()


def test_a_run_that_read_the_session_before_another_claimed_it_sends_nothing(scene, monkeypatch):
    # Two schedulers at once: both read the session as due; the database lets one claim it.
    stale = reminders._sessions_due(now=timezone.now())
    assert session_reminders_send() == 3
    monkeypatch.setattr(reminders, "_sessions_due", lambda now: stale)
    assert session_reminders_send() == 0


def test_a_run_that_read_the_old_time_of_a_moved_session_sends_nothing(scene, monkeypatch):
    stale = [s for s in reminders._sessions_due(now=timezone.now()) if s.pk == scene.soon.pk]
    CoachingSession.objects.filter(pk=scene.soon.pk).update(starts_at=_in(12))
    monkeypatch.setattr(reminders, "_sessions_due", lambda now: stale)
    assert session_reminders_send() == 0
    monkeypatch.undo()
    assert session_reminders_send() == 3  # the new time is reminded by the next run


def test_the_reminder_gives_the_agency_time_and_a_link_but_no_coaching_content(scene):
    session_reminders_send()
    learner = scene.world.people["learner"]
    [notification] = _reminders(recipient=learner)
    local = timezone.localtime(scene.soon.starts_at, ZoneInfo(settings.TIME_ZONE))
    when = f"{local:%a %b} {local.day}, {local:%Y} at {local:%H:%M} {local:%Z}"
    assert notification.subject == f"Reminder: coaching session on {when}"
    assert notification.body.startswith(
        f"Your coaching session with {scene.world.people['coach'].full_name}"
    )
    assert when in notification.body
    assert notification.url == f"/coaching/{scene.world.e1.pk}/#section-attendance"
    texts = [n.subject + n.body for n in _reminders()]
    texts += [m.subject + m.body for m in mail.outbox]
    assert texts
    for text in texts:
        assert SECRET not in text
        assert "LEAK-" not in text  # the world's notes
        assert "Family engagement" not in text  # any engagement's focus


def test_an_introductory_meeting_is_called_one(scene):
    session_reminders_send()
    [notification] = _reminders(recipient=scene.world.people["other_learner"])
    assert notification.subject.startswith("Reminder: introductory meeting on ")


def test_command_and_task_remind_once(scene):
    call_command("remind_sessions")
    assert CoachingSession.objects.filter(reminded_for__isnull=False).count() == 3
    assert remind_sessions.call() == 0
