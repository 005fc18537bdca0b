"""Reminders of instruments to fill in: when one falls due, and when it is overdue (issue #18).

Run daily by the scheduler (`tandem.instruments.tasks.remind_instruments`, docs/OPERATIONS.md)
or by hand (`manage.py remind_instruments`). A respondent who has not submitted hears of an
administration at most twice: once when its due date is at most `DUE_SOON_DAYS` away, once
the day after it (overdue). Each reminder is a timestamp on the administration set by one
conditional UPDATE (`... WHERE due_reminded_at IS NULL`), so two runs at once never send it
twice.

The message names the instrument and its due date and links to the page where it is filled
in; never answers, scores, the assigner's note or whom it is about.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from tandem.coaching.models import Engagement
from tandem.instruments.models import Administration, Response
from tandem.notifications.services import notification_send

# Reminded once when the due date is this many days away or fewer (today included).
DUE_SOON_DAYS = 3
# Overdue ones are reminded for this many days after their due date, so a scheduler that
# missed a few days catches up, but turning reminders on does not dig up old abandoned ones.
OVERDUE_LOOKBACK_DAYS = 7
# The fields that record each reminder.
DUE, OVERDUE = "due_reminded_at", "overdue_reminded_at"


def _open() -> QuerySet[Administration]:
    """Administrations with a due date, not submitted, given to someone still on staff, and
    not part of coaching the learner withdrew from (withdrawal is without pressure, tenet 1).
    Closed coaching stays: the closing survey is given as it closes."""
    return (
        Administration.objects.filter(due_on__isnull=False, respondent__is_active=True)
        .exclude(response__status=Response.Status.SUBMITTED)
        .exclude(engagement__status=Engagement.Status.WITHDRAWN)
        .select_related("respondent", "version__instrument")
        .defer("version__definition", "version__definition_yaml")
        .order_by("due_on", "pk")
    )


def _reminders_due(*, today: date) -> list[tuple[str, Administration]]:
    """(the field that records it, the administration) for each reminder to send today."""
    soon = _open().filter(
        due_on__gte=today,
        due_on__lte=today + timedelta(days=DUE_SOON_DAYS),
        due_reminded_at__isnull=True,
        overdue_reminded_at__isnull=True,
    )
    overdue = _open().filter(
        due_on__lt=today,
        due_on__gte=today - timedelta(days=OVERDUE_LOOKBACK_DAYS),
        overdue_reminded_at__isnull=True,
    )
    return [(DUE, a) for a in soon] + [(OVERDUE, a) for a in overdue]


def instrument_reminders_send(*, today: date | None = None) -> int:
    """Remind respondents of instruments falling due within `DUE_SOON_DAYS` days and of those
    overdue since yesterday (up to `OVERDUE_LOOKBACK_DAYS`), each at most once. Returns how
    many reminders were sent. Safe to run again and at the same moment as another run."""
    sent = 0
    for field, administration in _reminders_due(today=today or timezone.localdate()):
        with transaction.atomic():
            # The claim: only the run that sets the timestamp sends the reminder.
            claimed = (
                Administration.objects.filter(pk=administration.pk, **{f"{field}__isnull": True})
                .exclude(response__status=Response.Status.SUBMITTED)
                .update(**{field: timezone.now()})
            )
            if not claimed:
                continue  # another run sent it a moment ago, or it was just submitted
            _remind(administration, overdue=field == OVERDUE)
        sent += 1
    return sent


def _remind(administration: Administration, *, overdue: bool) -> None:
    due = administration.due_on
    if due is None:  # never: only administrations with a due date are reminded
        return
    title = administration.version.instrument.title
    when = f"{due:%a %b} {due.day}, {due:%Y}"
    if overdue:
        subject = "An instrument to fill in is overdue"
        body = f"“{title}” was due on {when} and is not submitted yet. Please fill it in."
    else:
        subject = "An instrument to fill in is due soon"
        body = f"“{title}” is due on {when}. Please fill it in and submit it by then."
    notification_send(
        recipient=administration.respondent,
        subject=subject,
        body=body + " Anything you saved as a draft is kept.",
        url=reverse("instruments:fill", args=[administration.pk]),
    )
