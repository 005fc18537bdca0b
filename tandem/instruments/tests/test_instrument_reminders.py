"""Reminders of instruments to fill in: once when due within 3 days, once more when overdue,
to the respondent only, never for submitted answers, and never with answers or notes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tandem.coaching.models import Engagement
from tandem.instruments import reminders
from tandem.instruments.administration_services import administration_assign
from tandem.instruments.models import Administration, Response
from tandem.instruments.reminders import instrument_reminders_send
from tandem.instruments.tasks import remind_instruments
from tandem.instruments.tests.answering import answer_and_submit, load
from tandem.notifications.models import Notification
from tandem.people.models import Person
from tandem.privacy.tests.world import World, build_world
from tandem.testing import fresh

SECRET = "QUOKKA"  # in the assigner's note and the draft answers
TITLE = "Supervisory coaching skills self-assessment"


@dataclass
class Scene:
    world: World
    reminded: dict[str, Administration]  # reminded by today's run
    not_reminded: dict[str, Administration]


def build_scene() -> Scene:
    world = build_world()
    p = world.people
    version = load("supervisory-coaching-skills")
    today = timezone.localdate()

    def give(respondent: Person, days: int | None, **fields: object) -> Administration:
        due = None if days is None else today + timedelta(days=days)
        administration = administration_assign(
            assigned_by=respondent, version=version, respondent=respondent, due_on=due, **fields
        )
        Response.objects.filter(administration=administration).update(
            answers={"q1": f"ANSWER-{SECRET}"}
        )
        return administration

    learner = p["learner"]
    reminded = {
        # Given by the coach in E1, with a note from them.
        "in 2 days": administration_assign(
            assigned_by=p["coach"],
            version=version,
            respondent=learner,
            engagement=world.e1,
            due_on=today + timedelta(days=2),
            note=f"NOTE-{SECRET} look at how you listen",
        ),
        "today": give(p["other_learner"], 0),
        "in 3 days": give(p["supervisor"], 3),
        "yesterday": give(p["coach"], -1),
        "a week ago": give(p["other_coach"], -7),
    }
    closed = Engagement.objects.create(
        learner=p["leadership"], coach=p["coach"], status=Engagement.Status.CLOSED
    )
    Response.objects.filter(administration=reminded["in 2 days"]).update(
        answers={"q1": f"ANSWER-{SECRET}"}
    )
    reminded["closed coaching"] = give(p["leadership"], 2, engagement=closed)

    withdrawn = Engagement.objects.create(
        learner=p["program_lead"], coach=p["coach"], status=Engagement.Status.WITHDRAWN
    )
    not_reminded = {
        "in 4 days": give(learner, 4),
        "8 days ago": give(learner, -8),
        "no due date": give(learner, None),
        "submitted": give(p["evaluator"], 1),
        "withdrawn coaching": give(p["program_lead"], 1, engagement=withdrawn),
        "respondent left": give(p["administrator"], 1),
    }
    Response.objects.filter(administration=not_reminded["submitted"]).update(answers={})
    answer_and_submit(not_reminded["submitted"])
    Person.objects.filter(pk=p["administrator"].pk).update(is_active=False)
    return Scene(world, reminded, not_reminded)


@pytest.fixture(scope="module")
def scene_once(module_db):
    return module_db(build_scene)


@pytest.fixture
def scene(scene_once, db):
    return fresh(scene_once)


def _fill(administration: Administration) -> str:
    return reverse("instruments:fill", args=[administration.pk])


def _reminded_urls() -> list[str]:
    return sorted(Notification.objects.values_list("url", flat=True))


def test_each_reminder_is_sent_once(scene):
    assert instrument_reminders_send() == len(scene.reminded)
    assert instrument_reminders_send() == 0
    assert Notification.objects.count() == len(scene.reminded)


def test_only_the_respondent_of_open_instruments_due_soon_or_overdue_is_reminded(scene):
    instrument_reminders_send()
    assert _reminded_urls() == sorted(_fill(a) for a in scene.reminded.values())
    for administration in scene.reminded.values():
        [notification] = Notification.objects.filter(url=_fill(administration))
        assert notification.recipient_id == administration.respondent_id
    # Not the coach who gave the learner's, nor the learner's supervisor.
    p = scene.world.people
    learner_fill = _fill(scene.reminded["in 2 days"])
    assert {n.recipient_id for n in Notification.objects.filter(url=learner_fill)} == {
        p["learner"].pk
    }
    assert {a for m in mail.outbox for a in m.to} == {
        a.respondent.work_email for a in scene.reminded.values()
    }


def test_due_soon_then_overdue_each_once(scene):
    administration = scene.reminded["in 2 days"]
    due = administration.due_on
    for day in range(-3, 10):  # a daily run from today to well after the due date
        instrument_reminders_send(today=due + timedelta(days=day))
    subjects = list(
        Notification.objects.filter(url=_fill(administration))
        .order_by("pk")
        .values_list("subject", flat=True)
    )
    assert subjects == [
        "An instrument to fill in is due soon",
        "An instrument to fill in is overdue",
    ]


def test_submitting_stops_the_overdue_reminder(scene):
    administration = scene.reminded["in 2 days"]
    instrument_reminders_send()
    Response.objects.filter(administration=administration).update(answers={})
    answer_and_submit(administration)
    instrument_reminders_send(today=administration.due_on + timedelta(days=1))
    assert Notification.objects.filter(url=_fill(administration)).count() == 1


def test_a_run_that_read_it_before_another_claimed_it_sends_nothing(scene, monkeypatch):
    stale = reminders._reminders_due(today=timezone.localdate())
    assert instrument_reminders_send() == len(scene.reminded)
    monkeypatch.setattr(reminders, "_reminders_due", lambda today: stale)
    assert instrument_reminders_send() == 0


def test_the_reminder_names_the_instrument_and_date_and_carries_no_answers_or_notes(scene):
    instrument_reminders_send()
    administration = scene.reminded["in 2 days"]
    [notification] = Notification.objects.filter(url=_fill(administration))
    due = administration.due_on
    assert notification.subject == "An instrument to fill in is due soon"
    assert f"“{TITLE}” is due on {due:%a %b} {due.day}, {due:%Y}." in notification.body
    [overdue] = Notification.objects.filter(url=_fill(scene.reminded["yesterday"]))
    assert overdue.subject == "An instrument to fill in is overdue"
    texts = [n.subject + n.body for n in Notification.objects.all()]
    texts += [m.subject + m.body for m in mail.outbox]
    for text in texts:
        assert SECRET not in text
        assert "Family engagement" not in text  # the coaching's focus


def test_command_and_task_remind_once(scene):
    call_command("remind_instruments")
    assert Administration.objects.filter(due_reminded_at__isnull=False).count() == 4
    assert Administration.objects.filter(overdue_reminded_at__isnull=False).count() == 2
    assert remind_instruments.call() == 0
