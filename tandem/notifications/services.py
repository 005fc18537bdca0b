from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail

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
