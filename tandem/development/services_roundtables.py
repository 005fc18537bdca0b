"""Writes for roundtables and collaboratives (issue #17 item 5; seed 001: monthly coaching
roundtables and a quarterly statewide collaborative where county coaches learn from each other).

Every function takes the caller's `RoundtableAccess` (tandem/privacy/development.py), checks
the right it needs and audits what it wrote. Notifications carry no content: only that someone
was added to a roundtable, with a link.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from tandem.development.models import (
    Consultation,
    Roundtable,
    RoundtableAttendance,
    RoundtableMeeting,
    RoundtableResource,
)
from tandem.development.selectors_roundtables import last_meeting_start, roundtable_eligible
from tandem.notifications.services import notification_send
from tandem.people.models import OrgUnit, Person
from tandem.privacy.categories import Category
from tandem.privacy.development import (
    RoundtableAccess,
    can_bring_to_roundtable,
    development_write_audit,
    roundtable_facilitator_refusal,
    roundtable_manage_check,
)
from tandem.privacy.models import AccessEvent
from tandem.ui.locking import version_bump, version_claim

COMMUNITY = Category.COACH_COMMUNITY
MAX_MEETINGS_AT_ONCE = 12
# The unit kind each level is held at (a statewide collaborative spans the state's counties).
LEVEL_KINDS = {
    Roundtable.Level.STATEWIDE: {OrgUnit.Kind.STATE},
    Roundtable.Level.COUNTY: {OrgUnit.Kind.AGENCY},
    Roundtable.Level.UNIT: {OrgUnit.Kind.OFFICE, OrgUnit.Kind.UNIT},
}
LEVEL_SCOPE_MESSAGES = {
    Roundtable.Level.STATEWIDE: "A statewide collaborative is held for the whole state: choose "
    "the state.",
    Roundtable.Level.COUNTY: "A county roundtable is held for one agency or county: choose it.",
    Roundtable.Level.UNIT: "A unit or office roundtable is held for one office or unit: choose it.",
}


def _audit(
    access: RoundtableAccess,
    record_type: str,
    record_id: int,
    via: str,
    action: str = AccessEvent.Action.UPDATE,
) -> None:
    development_write_audit(
        viewer=access.viewer,
        subject_id=None,
        record_type=record_type,
        record_id=record_id,
        relation=access.relation,
        via=via,
        category=COMMUNITY,
        action=action,
    )


def _notify_added(roundtable: Roundtable, people: Iterable[Person]) -> None:
    url = reverse("development:roundtable_detail", args=[roundtable.pk])
    for person in people:
        notification_send(
            recipient=person,
            subject="You were added to a roundtable",
            body="You are now a member of a coaches' roundtable. Open Tandem to see when it meets.",
            url=url,
        )


def _members_check(scope: OrgUnit, people: Sequence[Person]) -> None:
    eligible = set(
        roundtable_eligible(scope=scope)
        .filter(pk__in=[p.pk for p in people])
        .values_list("pk", flat=True)
    )
    outside = [p.full_name for p in people if p.pk not in eligible]
    if outside:
        raise ValidationError(
            "Only coaches and coach supervisors working within the roundtable's scope can "
            f"be members: {', '.join(outside)}."
        )


@transaction.atomic
def roundtable_create(
    *,
    creator: Person,
    name: str,
    level: str,
    scope: OrgUnit,
    facilitator: Person,
    purpose: str = "",
    every_weeks: int = 4,
    members: Sequence[Person] = (),
) -> Roundtable:
    refusal = roundtable_facilitator_refusal(
        viewer=creator, scope_path=scope.path, facilitator=facilitator
    )
    if refusal:
        raise ValidationError({"facilitator": refusal})
    if scope.kind not in LEVEL_KINDS[Roundtable.Level(level)]:
        raise ValidationError({"scope": LEVEL_SCOPE_MESSAGES[Roundtable.Level(level)]})
    if not roundtable_eligible(scope=scope).filter(pk=facilitator.pk).exists():
        raise ValidationError(
            {"facilitator": "The facilitator is a coach or coach supervisor within its scope."}
        )
    members = [m for m in members if m.pk != facilitator.pk]
    _members_check(scope, members)
    roundtable = Roundtable.objects.create(
        name=name,
        level=level,
        scope=scope,
        facilitator=facilitator,
        purpose=purpose,
        every_weeks=every_weeks,
        created_by=creator,
    )
    roundtable.members.add(*members)
    development_write_audit(
        viewer=creator,
        subject_id=None,
        record_type="roundtable",
        record_id=roundtable.pk,
        relation="Roundtable organizer",
        via="Start a roundtable",
        category=COMMUNITY,
        action=AccessEvent.Action.CREATE,
    )
    _notify_added(roundtable, [*members, facilitator] if facilitator != creator else members)
    return roundtable


@transaction.atomic
def roundtable_members_add(*, access: RoundtableAccess, people: Sequence[Person]) -> int:
    roundtable_manage_check(access=access)
    roundtable = access.roundtable
    current = set(roundtable.members.values_list("pk", flat=True))
    new = [p for p in people if p.pk not in current]
    if not access.is_facilitator and any(p.pk == access.viewer.pk for p in new):
        # Managing a roundtable is not reading it: the members' content is theirs.
        raise ValidationError(
            "You manage this roundtable but cannot add yourself: ask its facilitator to add you."
        )
    _members_check(roundtable.scope, new)
    roundtable.members.add(*new)
    if new:
        _audit(access, "roundtable", roundtable.pk, f"Add {len(new)} member(s)")
        _notify_added(roundtable, new)
    return len(new)


@transaction.atomic
def roundtable_member_remove(*, access: RoundtableAccess, person: Person) -> None:
    """The facilitator or a program lead removes a member; from now on the member reads none of
    the roundtable's content."""
    roundtable_manage_check(access=access)
    access.roundtable.members.remove(person)
    _audit(access, "roundtable", access.roundtable.pk, f"Remove member {person.pk}")


@transaction.atomic
def roundtable_leave(*, access: RoundtableAccess) -> None:
    if not access.is_member:
        raise PermissionDenied("You are not a member of this roundtable.")
    access.roundtable.members.remove(access.viewer)
    _audit(access, "roundtable", access.roundtable.pk, "Leave the roundtable")


def _weeks_later(moment: datetime, weeks: int) -> datetime:
    """The same local time of day `weeks` later, across a daylight-saving change."""
    local = timezone.localtime(moment).replace(tzinfo=None)
    return timezone.make_aware(local + timedelta(weeks=weeks))


def next_meeting_suggestion(*, roundtable: Roundtable) -> datetime | None:
    """The cadence's next meeting after the latest one, or None when none is scheduled yet."""
    last = last_meeting_start(roundtable=roundtable)
    return _weeks_later(last, roundtable.every_weeks) if last else None


@transaction.atomic
def meetings_schedule(
    *,
    access: RoundtableAccess,
    starts_at: datetime,
    duration_minutes: int,
    place: str,
    count: int = 1,
) -> list[RoundtableMeeting]:
    """The next meeting, or the next `count` meetings, each `every_weeks` after the one before
    (same weekday and time of day)."""
    roundtable_manage_check(access=access)
    if not 1 <= count <= MAX_MEETINGS_AT_ONCE:
        raise ValidationError(f"Schedule 1 to {MAX_MEETINGS_AT_ONCE} meetings at a time.")
    roundtable = access.roundtable
    meetings = RoundtableMeeting.objects.bulk_create(
        [
            RoundtableMeeting(
                roundtable=roundtable,
                starts_at=_weeks_later(starts_at, roundtable.every_weeks * i),
                duration_minutes=duration_minutes,
                place=place,
            )
            for i in range(count)
        ]
    )
    _audit(
        access,
        "roundtable",
        roundtable.pk,
        f"Schedule {count} meeting(s)",
        action=AccessEvent.Action.CREATE,
    )
    return meetings


@transaction.atomic
def meeting_update(
    *,
    access: RoundtableAccess,
    meeting: RoundtableMeeting,
    base_version: int,
    starts_at: datetime,
    duration_minutes: int,
    place: str,
) -> None:
    """Move a meeting or change its place; the invitation's SEQUENCE rises so calendars move
    the event instead of adding a second one."""
    roundtable_manage_check(access=access)
    version_claim(RoundtableMeeting.objects.all(), pk=meeting.pk, seen=base_version)
    RoundtableMeeting.objects.filter(pk=meeting.pk).update(
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        place=place,
        sequence=F("sequence") + 1,
    )
    _audit(access, "roundtable_meeting", meeting.pk, "Change a meeting's time or place")


@transaction.atomic
def meeting_cancel(*, access: RoundtableAccess, meeting: RoundtableMeeting) -> None:
    roundtable_manage_check(access=access)
    RoundtableMeeting.objects.filter(pk=meeting.pk).update(
        cancelled=True, sequence=F("sequence") + 1
    )
    version_bump(RoundtableMeeting.objects.all(), pk=meeting.pk)
    _audit(access, "roundtable_meeting", meeting.pk, "Cancel a meeting")


@transaction.atomic
def meeting_agenda_save(
    *, access: RoundtableAccess, meeting: RoundtableMeeting, base_version: int, agenda: str
) -> None:
    """Members and the facilitator write the agenda together; a save from an older version is
    refused (`Conflict`) rather than written over someone else's."""
    if not can_bring_to_roundtable(access=access):
        raise PermissionDenied("Only the roundtable's members write its agenda.")
    version_claim(RoundtableMeeting.objects.all(), pk=meeting.pk, seen=base_version)
    RoundtableMeeting.objects.filter(pk=meeting.pk).update(agenda=agenda)
    _audit(access, "roundtable_meeting", meeting.pk, "Change a meeting's agenda")


@transaction.atomic
def attendance_record(
    *, access: RoundtableAccess, meeting: RoundtableMeeting, attended: Iterable[Person]
) -> int:
    """Who came, among the current members and the facilitator: one row each (came or not)."""
    roundtable_manage_check(access=access)
    roundtable = access.roundtable
    invited = set(roundtable.members.values_list("pk", flat=True)) | {roundtable.facilitator_id}
    came = {p.pk for p in attended} & invited
    RoundtableAttendance.objects.filter(meeting=meeting).delete()
    RoundtableAttendance.objects.bulk_create(
        [
            RoundtableAttendance(meeting=meeting, person_id=pk, attended=pk in came)
            for pk in sorted(invited)
        ]
    )
    _audit(access, "roundtable_meeting", meeting.pk, "Record attendance")
    return len(came)


@transaction.atomic
def resource_add(
    *,
    access: RoundtableAccess,
    title: str,
    url: str = "",
    upload: UploadedFile | None = None,
    meeting: RoundtableMeeting | None = None,
) -> RoundtableResource:
    if not can_bring_to_roundtable(access=access):
        raise PermissionDenied("Only the roundtable's members share resources with it.")
    if bool(url) == bool(upload):
        raise ValidationError("Share either a link or a file.")
    resource = RoundtableResource(
        roundtable=access.roundtable, meeting=meeting, title=title, url=url, added_by=access.viewer
    )
    if upload is not None:
        resource.file.save(upload.name or "resource", upload, save=False)
    resource.save()
    _audit(
        access,
        "roundtable_resource",
        resource.pk,
        "Share a resource",
        action=AccessEvent.Action.CREATE,
    )
    return resource


@transaction.atomic
def consultation_add(
    *,
    access: RoundtableAccess,
    meeting: RoundtableMeeting,
    situation: str,
    learning: str = "",
    confirmed_despite_warning: bool = False,
) -> Consultation:
    """A situation a member brings to a meeting, told without naming anyone (the form warned
    when it looked like it did; `confirmed_despite_warning` records that the writer checked)."""
    if not (access.is_member or access.is_facilitator):
        raise PermissionDenied("Only the roundtable's members bring situations to it.")
    consultation = Consultation.objects.create(
        meeting=meeting,
        brought_by=access.viewer,
        situation=situation,
        learning=learning,
        confirmed_despite_warning=confirmed_despite_warning,
    )
    _audit(
        access,
        "consultation",
        consultation.pk,
        "Bring a situation",
        action=AccessEvent.Action.CREATE,
    )
    return consultation
