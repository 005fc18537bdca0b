"""Writes owned by the privacy policy: exception disclosures."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse

from tandem.notifications.services import notification_send
from tandem.people.models import Person
from tandem.privacy.categories import Category, ExceptionKind
from tandem.privacy.models import AccessEvent, ExceptionDisclosure
from tandem.privacy.policy import (
    EngagementAccess,
    can_record_exception_disclosure,
    record_write_audit,
)


@transaction.atomic
def exception_disclosure_record(
    *,
    coach: Person,
    access: EngagementAccess,
    exception: ExceptionKind | str,
    recipient: str,
    categories: Iterable[Category | str],
    summary: str,
    reason: str,
    disclosed_on: date,
    via: str,
) -> ExceptionDisclosure:
    """Record a disclosure made under a written exception, audit it and tell the learner."""
    if access.viewer.pk != coach.pk or not can_record_exception_disclosure(access):
        raise PermissionDenied("Only the coach of this engagement can record a disclosure.")
    disclosure = ExceptionDisclosure.objects.create(
        engagement=access.engagement,
        disclosed_by=coach,
        exception=exception,
        recipient=recipient,
        categories=sorted({Category(c).value for c in categories}),
        summary=summary,
        reason=reason,
        disclosed_on=disclosed_on,
    )
    label = ExceptionKind(exception).label
    for category in disclosure.categories or [Category.COACH_LEARNER]:
        record_write_audit(
            viewer=coach,
            access=access,
            category=Category(category),
            record_type="exception_disclosure",
            record_id=disclosure.pk,
            action=AccessEvent.Action.DISCLOSE,
            via=via,
            exception_reason=f"{label}: {reason}",
        )
    notification_send(
        recipient=access.engagement.learner,
        subject="Your coach recorded a disclosure",
        body=(
            "Your coach has recorded that information from your coaching was shared under "
            f"a confidentiality exception ({label.lower()}). You can see what was shared, "
            "with whom and why in your coaching record."
        ),
        url=reverse("privacy:my_record"),
    )
    return disclosure
