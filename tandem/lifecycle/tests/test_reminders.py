"""Reminders about stalled coaching: to coach and learner, once per stall, without content."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tandem.coaching.models import CoachingSession, Engagement
from tandem.lifecycle.models import StallReminder
from tandem.lifecycle.services import stall_reminders_send
from tandem.lifecycle.tasks import remind_stalled
from tandem.notifications.models import Notification
from tandem.people.tests.factories import PersonFactory, make_tree


@pytest.fixture
def stalled(db):
    unit = make_tree()["intake"]
    engagement = Engagement.objects.create(
        learner=PersonFactory(org_unit=unit),
        coach=PersonFactory(org_unit=unit),
        status=Engagement.Status.ACTIVE,
        started_on=date(2026, 1, 5),
    )
    CoachingSession.objects.create(
        engagement=engagement,
        starts_at=timezone.now() - timedelta(days=40),
        status=CoachingSession.Status.HELD,
    )
    return engagement


def test_reminder_goes_to_coach_and_learner_once_per_stall(stalled):
    assert stall_reminders_send() == 1
    assert stall_reminders_send() == 0
    recipients = sorted(Notification.objects.values_list("recipient_id", flat=True))
    assert recipients == sorted([stalled.coach_id, stalled.learner_id])
    assert StallReminder.objects.filter(engagement=stalled).count() == 1


def test_a_new_stall_after_a_new_session_gets_a_new_reminder(stalled):
    stall_reminders_send()
    CoachingSession.objects.create(
        engagement=stalled,
        starts_at=timezone.now() - timedelta(days=25),
        status=CoachingSession.Status.HELD,
    )
    assert stall_reminders_send() == 1
    assert StallReminder.objects.filter(engagement=stalled).count() == 2


def test_reminder_carries_no_dates_or_content(stalled):
    CoachingSession.objects.filter(engagement=stalled).update(
        starts_at=timezone.now() - timedelta(days=40)
    )
    stall_reminders_send()
    notification = Notification.objects.filter(recipient=stalled.coach).get()
    assert notification.subject == "Time to book your next coaching session"
    assert "40" not in notification.body
    assert notification.url == f"/lifecycle/engagements/{stalled.pk}/"
    assert len(mail.outbox) == 2


def test_command_and_task_remind_once(stalled):
    call_command("remind_stalled")
    assert StallReminder.objects.count() == 1
    assert remind_stalled.call() == 0
