"""Writes to coaching records. Each write is checked and audited by the privacy policy."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from tandem.coaching.models import Note
from tandem.people.models import Person
from tandem.privacy.categories import Category
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
