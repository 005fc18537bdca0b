"""Reads of notifications. A person reads only their own: every function takes the recipient,
and a notification of anyone else is simply not found."""

from __future__ import annotations

from django.db.models import QuerySet

from tandem.notifications.models import Notification


def notifications_of(*, recipient_id: int) -> QuerySet[Notification]:
    """The person's notifications, newest first."""
    return Notification.objects.filter(recipient_id=recipient_id).order_by("-created_at", "-pk")


def notifications_unread_count(*, recipient_id: int) -> int:
    """How many of the person's notifications are unread (one COUNT query)."""
    return Notification.objects.filter(recipient_id=recipient_id, read_at__isnull=True).count()
