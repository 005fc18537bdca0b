"""Writes owned by the privacy policy: exception disclosures."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tandem.notifications.services import notification_send
from tandem.people.models import Person
from tandem.privacy.categories import Category, ExceptionKind, RecipientKind
from tandem.privacy.models import AccessEvent, ExceptionDisclosure
from tandem.privacy.policy import (
    EngagementAccess,
    can_record_exception_disclosure,
    disclosure_subjects,
    record_write_audit,
)


@transaction.atomic
def exception_disclosure_record(
    *,
    coach: Person,
    access: EngagementAccess,
    exception: ExceptionKind | str,
    recipient_kind: RecipientKind | str,
    recipient: str,
    categories: Iterable[Category | str],
    summary: str,
    reason: str,
    disclosed_on: date,
    via: str,
    about: Person | None = None,
) -> ExceptionDisclosure:
    """Record a disclosure made under a written exception, audit it and tell the person it is
    about (the learner, or the one member of a group it concerns), and nobody else.

    The audit rows name the exception, never the coach's free-text reason, which stays on the
    disclosure itself (read by the coach and the person it is about)."""
    if access.viewer.pk != coach.pk or not can_record_exception_disclosure(access):
        raise PermissionDenied("Only the coach of this engagement can record a disclosure.")
    engagement = access.engagement
    about = about or engagement.learner
    if about.pk not in disclosure_subjects(engagement=engagement):
        raise ValidationError({"about": "Choose the learner or a member of this group."})
    first_day = engagement.started_on or timezone.localdate(engagement.created_at)
    if not first_day <= disclosed_on <= timezone.localdate():
        raise ValidationError(
            {
                "disclosed_on": f"The date must lie within this coaching: from "
                f"{first_day:%b} {first_day.day}, {first_day.year} to today."
            }
        )
    disclosure = ExceptionDisclosure.objects.create(
        engagement=engagement,
        about=about,
        disclosed_by=coach,
        exception=exception,
        recipient_kind=RecipientKind(recipient_kind).value,
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
            exception_reason=label,
            subject=about,
        )
    notification_send(
        recipient=about,
        subject="Your coach recorded a disclosure",
        body=(
            "Your coach has recorded that information from your coaching was shared under "
            f"a confidentiality exception ({label.lower()}). You can see what was shared, "
            "with whom and why in your coaching record."
        ),
        url=reverse("privacy:my_record"),
    )
    return disclosure
