"""Reads for roundtables and collaboratives (issue #17 item 5). Who may read what is decided in
tandem/privacy/development.py; these only shape the rows a permitted page shows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from tandem.development.models import (
    Roundtable,
    RoundtableAttendance,
    RoundtableMeeting,
    RoundtableResource,
)
from tandem.people.models import CoachProfile, OrgUnit, Person, Role, RoleAssignment
from tandem.privacy.development import roundtable_creator_paths, roundtables_visible_to

MEMBER_SEARCH_LIMIT = 25


def roundtable_rows(*, viewer: Person) -> QuerySet[Roundtable]:
    """The roundtables the viewer belongs to, facilitates or oversees, with what the list shows
    joined or counted in the one query."""
    upcoming = RoundtableMeeting.objects.filter(
        roundtable=OuterRef("pk"), cancelled=False, starts_at__gte=timezone.now()
    ).order_by("starts_at")
    return (
        Roundtable.objects.filter(pk__in=roundtables_visible_to(viewer=viewer).values("pk"))
        .select_related("scope", "facilitator")
        .annotate(
            member_count=Count("members", distinct=True),
            next_meeting=Subquery(upcoming.values("starts_at")[:1]),
            is_member=Exists(
                Roundtable.members.through.objects.filter(
                    roundtable_id=OuterRef("pk"), person_id=viewer.pk
                )
            ),
        )
        .order_by("-is_active", "name", "pk")
    )


def coaches_within_q(*, paths: Sequence[str]) -> Q:
    """Active coaches and coach supervisors whose own unit lies in any of the subtrees."""
    coach_roles = RoleAssignment.objects.filter(
        person=OuterRef("pk"), role__in=[Role.COACH, Role.COACH_SUPERVISOR]
    )
    profile = CoachProfile.objects.filter(person=OuterRef("pk"))
    within = Q(pk__in=[])
    for path in paths:
        within |= Q(org_unit__path__startswith=path)
    return Q(is_active=True) & within & (Q(Exists(coach_roles)) | Q(Exists(profile)))


def roundtable_eligible_q(*, scope: OrgUnit) -> Q:
    """Who may be a member or the facilitator: coaches and coach supervisors working within the
    scope (a statewide collaborative's scope is the state, so it reaches every county)."""
    return coaches_within_q(paths=[scope.path])


def roundtable_eligible(*, scope: OrgUnit) -> QuerySet[Person]:
    return (
        Person.objects.filter(roundtable_eligible_q(scope=scope))
        .select_related("org_unit")
        .order_by("last_name", "first_name", "pk")
    )


def member_candidates(*, roundtable: Roundtable, query: str) -> list[Person]:
    """Up to MEMBER_SEARCH_LIMIT eligible people matching every word of `query` (name, email
    or job title) who are not members yet: a search, so the page stays small with 600
    coaches in a state."""
    words = query.split()
    if not words:
        return []
    people = roundtable_eligible(scope=roundtable.scope).exclude(roundtables=roundtable)
    for word in words:
        people = people.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(work_email__icontains=word)
            | Q(job_title__icontains=word)
        )
    return list(people[:MEMBER_SEARCH_LIMIT])


def roundtable_members(*, roundtable: Roundtable) -> list[Person]:
    return list(
        roundtable.members.select_related("org_unit").order_by("last_name", "first_name", "pk")
    )


def creatable_scopes(*, viewer: Person) -> QuerySet[OrgUnit]:
    """Units in which the viewer may start a roundtable, in tree order."""
    paths = roundtable_creator_paths(viewer)
    if not paths:
        return OrgUnit.objects.none()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return OrgUnit.objects.filter(condition).order_by("path")


@dataclass(frozen=True)
class MeetingRow:
    meeting: RoundtableMeeting
    attended: int

    @property
    def is_past(self) -> bool:
        return self.meeting.starts_at < timezone.now()


def meeting_rows(*, roundtable: Roundtable) -> tuple[list[MeetingRow], list[MeetingRow]]:
    """Upcoming meetings (soonest first) and past ones (latest first), each with how many came:
    the schedule and attendance counts anyone who opens the roundtable sees. One query."""
    meetings = RoundtableMeeting.objects.filter(roundtable=roundtable).annotate(
        attended_count=Count("attendance", filter=Q(attendance__attended=True))
    )
    now = timezone.now()
    rows = [MeetingRow(m, m.attended_count) for m in meetings]
    upcoming = sorted((r for r in rows if r.meeting.starts_at >= now), key=_start)
    past = sorted((r for r in rows if r.meeting.starts_at < now), key=_start, reverse=True)
    return upcoming, past


def _start(row: MeetingRow) -> datetime:
    return row.meeting.starts_at


def last_meeting_start(*, roundtable: Roundtable) -> datetime | None:
    meeting = roundtable.meetings.order_by("-starts_at").first()
    return meeting.starts_at if meeting else None


def meeting_attended_ids(*, meeting: RoundtableMeeting) -> set[int]:
    return set(
        RoundtableAttendance.objects.filter(meeting=meeting, attended=True).values_list(
            "person_id", flat=True
        )
    )


def roundtable_resources(*, roundtable: Roundtable) -> list[RoundtableResource]:
    return list(
        RoundtableResource.objects.filter(roundtable=roundtable).select_related(
            "added_by", "meeting"
        )
    )
