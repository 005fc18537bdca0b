"""Writes to coaching records. Each write is checked and audited by the privacy policy."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from tandem.coaching.models import CoachingSession, Note
from tandem.people.models import Person
from tandem.privacy.categories import Category, Relation
from tandem.privacy.models import AccessEvent
from tandem.privacy.policy import EngagementAccess, record_write_audit, writable_note_kinds


@transaction.atomic
def note_create(
    *, author: Person, access: EngagementAccess, kind: str, body: str, via: str
) -> Note:
    if access.viewer.pk != author.pk or kind not in writable_note_kinds(access):
        raise PermissionDenied("You cannot write this kind of note in this engagement.")
    note = Note.objects.create(
        engagement=access.engagement,
        author=author,
        kind=kind,
        category=Note.CATEGORY_OF_KIND[kind],
        body=body,
    )
    record_write_audit(
        viewer=author,
        access=access,
        category=Category(note.category),
        record_type="note",
        record_id=note.pk,
        action=AccessEvent.Action.CREATE,
        via=via,
    )
    return note


def agreement_in_force(*, engagement_id: int) -> bool:
    from tandem.agreements.models import Agreement

    return Agreement.objects.filter(
        engagement_id=engagement_id, in_force_version__isnull=False
    ).exists()


@transaction.atomic
def session_record(
    *,
    coach: Person,
    access: EngagementAccess,
    starts_at: datetime,
    duration_minutes: int,
    purpose: str,
    status: str,
    via: str,
) -> CoachingSession:
    """The coach records a session. Coaching sessions need the agreement in force; an
    introductory or chemistry meeting may come before it (DOMAIN.md §4)."""
    if access.viewer.pk != coach.pk or Relation.COACH not in access.relations:
        raise PermissionDenied("The coach records sessions.")
    if purpose == CoachingSession.Purpose.COACHING and not agreement_in_force(
        engagement_id=access.engagement.pk
    ):
        raise ValidationError(
            "Coaching sessions can be recorded once every party has acknowledged the coaching "
            "agreement. An introductory or chemistry meeting can be recorded before that."
        )
    session = CoachingSession.objects.create(
        engagement=access.engagement,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        purpose=purpose,
        status=status,
    )
    record_write_audit(
        viewer=coach,
        access=access,
        category=Category.ATTENDANCE,
        record_type="session",
        record_id=session.pk,
        action=AccessEvent.Action.CREATE,
        via=via,
    )
    return session
