from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from tandem.notifications.models import Notification

if TYPE_CHECKING:  # notifications sits below people (docs/ARCHITECTURE.md, "Layers")
    from tandem.people.models import Person


def notification_send(*, recipient: Person, subject: str, body: str, url: str = "") -> Notification:
    """Record an in-app notification and email it to the person's work address."""
    notification = Notification.objects.create(
        recipient=recipient, subject=subject, body=body, url=url
    )
    link = f"\n\nOpen Tandem to see it: {settings.SITE_URL}{url}" if url else ""
    send_mail(
        subject=f"Tandem: {subject}",
        message=body + link,
        from_email=None,
        recipient_list=[recipient.work_email],
        fail_silently=True,
    )
    return notification


def notification_mark_read(*, recipient_id: int, notification_id: int) -> Notification | None:
    """Mark one of the person's own notifications read; None when it is not theirs (or does
    not exist), so nobody can tell another person's notifications apart from missing ones."""
    notification = Notification.objects.filter(
        pk=notification_id, recipient_id=recipient_id
    ).first()
    if notification is None:
        return None
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, recipient_id: int) -> int:
    """Mark every unread notification of the person read; returns how many were unread."""
    return Notification.objects.filter(recipient_id=recipient_id, read_at__isnull=True).update(
        read_at=timezone.now()
    )
