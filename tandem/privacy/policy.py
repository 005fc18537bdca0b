"""The privacy policy: the only code that decides who may see and change coaching records.

Deny by default. A viewer's rights to an engagement come from how they stand to it
(`Relation`) and, for parties other than coach and learner, from the disclosure map. Superuser
and staff flags grant nothing here: Django admin rights never open coaching content.

Views use four things from this module:
- `engagements_visible_to(viewer=...)` — a queryset for lists;
- `engagement_access(viewer=..., engagement_id=...)` — one engagement, or 404;
- `records_visible_to(viewer=..., access=..., category=..., via=...)` — the records of one
  category the viewer may read, with the read written to the audit trail;
- `writable_note_kinds(access)` / `record_write_audit(...)` for changes.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tandem.people.models import Person, Role
from tandem.people.selectors import RoleGrant, chain_of_command_ids, role_grants, under_scopes
from tandem.privacy import registry as domain
from tandem.privacy.categories import DISCLOSABLE, Category, Party, PartyRole, Relation
from tandem.privacy.disclosure import (
    NOTHING_SHARED,
    shares_anything_with,
    shares_anything_with_supervisor,
    sharing_of,
    sharing_of_one,
)
from tandem.privacy.models import AccessEvent
from tandem.privacy.registry import record_sources

if TYPE_CHECKING:
    from tandem.coaching.models import CoachingSession, Engagement, EngagementMember, Note

# Coach and learner see everything in their engagement except the other's private notes.
_PARTICIPANT = frozenset({Category.PRIVATE, Category.COACH_LEARNER, *DISCLOSABLE}) | {
    Category.ADMINISTRATIVE
}


@dataclass(frozen=True)
class EngagementAccess:
    """What one viewer may see of one engagement."""

    engagement: Engagement
    viewer: Person
    relations: frozenset[Relation]
    categories: frozenset[Category]

    def sees(self, category: Category | str) -> bool:
        return category in self.categories

    @property
    def is_participant(self) -> bool:
        return bool(self.relations & {Relation.COACH, Relation.LEARNER})

    @property
    def relation_label(self) -> str:
        return ", ".join(Relation(r).label for r in sorted(self.relations))


def holds_coaching_relations(person: Person) -> bool:
    """Whether a person's account may take part in coaching at all. An account with Django
    admin rights (staff or superuser) may not: otherwise an administrator could link their
    account to a learner's staff record in the admin and read that learner's coaching record
    as if they were the learner. Such an account reads no coaching content anywhere."""
    user = person.user if person.user_id is not None else None
    return user is None or not (user.is_staff or user.is_superuser)


def _paths(grants: Sequence[RoleGrant], role: str) -> list[str]:
    return [g.scope_path for g in grants if g.role == role]


def _covered(path: str, scopes: Iterable[str]) -> bool:
    return any(path.startswith(scope) for scope in scopes)


def _with_people(queryset: QuerySet[Engagement]) -> QuerySet[Engagement]:
    return queryset.select_related("learner__org_unit", "coach__org_unit")


def _current_members() -> QuerySet[EngagementMember]:
    """Group members who read the group's shared records: those who accepted joining, then
    acknowledged a version of the group's agreement that names them (after accepting), and
    have not left since. An invited member, one who declined, one who accepted but has not
    acknowledged the agreement yet, and one who left read nothing of the group (DOMAIN.md,
    tenets 1 and 4; docs/PRIVACY.md)."""
    # The version must also have come into force: every party, the members already in the
    # group included, agreed to a group with this person in it. Their own acknowledgment alone
    # is not enough while the others have not given theirs.
    acknowledged = domain.Acknowledgment.objects.filter(
        version__agreement__engagement=OuterRef("engagement"),
        version__in_force_at__isnull=False,
        person=OuterRef("person"),
        role=PartyRole.MEMBER,
        at__gte=OuterRef("accepted_at"),
    )
    return domain.EngagementMember.objects.filter(
        Exists(acknowledged),
        left_on__isnull=True,
        declined_at__isnull=True,
        accepted_at__isnull=False,
    )


def group_member_refusal(*, engagement: Engagement, person: Person) -> str:
    """Why `person` may not be in this group ("" when they may): nobody shares a group with
    someone above them in the chain of command, or below them. A supervisor in the group would
    read a report's coaching that no agreement shares with the supervisor (DOMAIN.md: the line
    supervisor reads only what the agreement shares; tenet 4). One query per person in the
    group (a group has a handful)."""
    others = {engagement.learner_id} | set(
        domain.EngagementMember.objects.filter(
            engagement=engagement, declined_at__isnull=True, left_on__isnull=True
        )
        .exclude(person=person)
        .values_list("person_id", flat=True)
    )
    above_person = set(chain_of_command_ids(person_id=person.pk))
    if others & above_person:
        return (
            "Someone in this group is this person's supervisor or above them: "
            "they cannot share a group."
        )
    if any(person.pk in chain_of_command_ids(person_id=other) for other in others):
        return (
            "This person supervises someone in this group, directly or further up: "
            "they cannot share a group."
        )
    return ""


def group_engagements_of(*, person: Person) -> QuerySet[Any]:
    """The engagement ids of the groups `person` reads as a member (a `values` query, for
    `engagement__in=`): apps ask this instead of reading membership rows themselves."""
    return _current_members().filter(person=person).values("engagement_id")


def group_members_reading(*, engagement: Engagement) -> QuerySet[Any]:
    """The person ids of the group's members who read it now (a `values` query)."""
    return _current_members().filter(engagement=engagement).values("person_id")


def group_membership_audit(*, person: Person, member: EngagementMember, via: str) -> None:
    """A person's own answer to a group invitation (accepted, declined, left), audited as a
    change of the group's membership. They hold no access to the group when they answer, so
    this is not `record_write_audit`."""
    AccessEvent.objects.create(
        viewer=person,
        engagement_id=member.engagement_id,
        record_type="engagement_member",
        record_id=member.pk,
        category=Category.ADMINISTRATIVE,
        action=AccessEvent.Action.UPDATE,
        relation="Invited group member",
        via=via[:200],
    )


def _with_membership(queryset: QuerySet[Engagement], viewer: Person) -> QuerySet[Engagement]:
    """Marks the engagements of a group the viewer belongs to (no extra query)."""
    members = _current_members().filter(engagement=OuterRef("pk"), person=viewer)
    return queryset.annotate(viewer_is_member=Exists(members))


def _members_among(viewer: Person, engagements: Sequence[Engagement]) -> set[int]:
    """The engagements where the viewer is a group member: read from the annotation when the
    engagements came from this module, otherwise one query."""
    if all(hasattr(e, "viewer_is_member") for e in engagements):
        return {e.pk for e in engagements if getattr(e, "viewer_is_member", False)}
    groups = [e.pk for e in engagements if e.kind == domain.Engagement.Kind.GROUP]
    if not groups:
        return set()
    return set(
        _current_members()
        .filter(person=viewer, engagement_id__in=groups)
        .values_list("engagement_id", flat=True)
    )


def engagements_visible_to(*, viewer: Person) -> QuerySet[Engagement]:
    """Every engagement the viewer may know exists. Two queries to build, one to run."""
    if not holds_coaching_relations(viewer):
        return domain.Engagement.objects.none()
    grants = role_grants(person=viewer)
    condition = (
        Q(learner=viewer)
        | Q(coach=viewer)
        # A group member is a learner of the group's engagement.
        | Q(pk__in=_current_members().filter(person=viewer).values("engagement_id"))
        # The line supervisor who is the agreement's supervisor party (not a successor).
        | (Q(learner__supervisor=viewer) & shares_anything_with_supervisor(viewer.pk))
        | (
            under_scopes("learner__org_unit__path", _paths(grants, Role.LEADERSHIP))
            & shares_anything_with(Party.LEADERSHIP)
        )
        | under_scopes("learner__org_unit__path", _paths(grants, Role.PROGRAM_LEAD))
        | under_scopes("learner__org_unit__path", _paths(grants, Role.COACH_SUPERVISOR))
        | under_scopes("coach__org_unit__path", _paths(grants, Role.COACH_SUPERVISOR))
    )
    return _with_membership(_with_people(domain.Engagement.objects.filter(condition)), viewer)


def access_to(*, viewer: Person, engagements: Sequence[Engagement]) -> dict[int, EngagementAccess]:
    """The viewer's access to each engagement, in two queries whatever the number."""
    if not holds_coaching_relations(viewer):
        return {e.pk: _no_access(e, viewer) for e in engagements}
    grants = role_grants(person=viewer)
    sharing = sharing_of(engagement_ids=[e.pk for e in engagements])
    leadership = _paths(grants, Role.LEADERSHIP)
    program_lead = _paths(grants, Role.PROGRAM_LEAD)
    coach_supervisor = _paths(grants, Role.COACH_SUPERVISOR)
    member_of = _members_among(viewer, engagements)
    result = {}
    for engagement in engagements:
        learner_path = engagement.learner.org_unit.path
        shared = sharing.get(engagement.pk, NOTHING_SHARED)
        relations: set[Relation] = set()
        categories: set[Category] = set()
        if engagement.learner_id == viewer.pk or engagement.pk in member_of:
            # Group members share what coach and learners share; private journals stay
            # private to their author (records_visible_to filters them by author).
            relations.add(Relation.LEARNER)
            categories |= _PARTICIPANT
        if engagement.coach_id == viewer.pk:
            relations.add(Relation.COACH)
            categories |= _PARTICIPANT
        if engagement.learner.supervisor_id == viewer.pk:
            relations.add(Relation.SUPERVISOR)
            categories |= shared.shared_with_supervisor(viewer.pk)
        if _covered(learner_path, leadership):
            relations.add(Relation.LEADERSHIP)
            categories |= shared.shared_with(Party.LEADERSHIP)
        if _covered(learner_path, program_lead):
            relations.add(Relation.PROGRAM_LEAD)
            categories |= {Category.ADMINISTRATIVE} | shared.shared_with(Party.PROGRAM_LEAD)
        if _covered(learner_path, coach_supervisor) or _covered(
            engagement.coach.org_unit.path, coach_supervisor
        ):
            relations.add(Relation.COACH_SUPERVISOR)
            categories.add(Category.ADMINISTRATIVE)
        if categories:
            # Whoever may see any part of an engagement may know that it exists.
            categories.add(Category.ADMINISTRATIVE)
        result[engagement.pk] = EngagementAccess(
            engagement=engagement,
            viewer=viewer,
            relations=frozenset(relations),
            categories=frozenset(categories),
        )
    return result


def _no_access(engagement: Engagement, viewer: Person) -> EngagementAccess:
    return EngagementAccess(
        engagement=engagement, viewer=viewer, relations=frozenset(), categories=frozenset()
    )


def engagement_access(*, viewer: Person, engagement_id: int) -> EngagementAccess:
    """The viewer's access to one engagement. 404, not 403, when they have none, so that a
    guessed id does not even reveal that the engagement exists."""
    engagement = _with_membership(
        _with_people(domain.Engagement.objects.filter(pk=engagement_id)), viewer
    ).first()
    if engagement is None:
        raise Http404("No such engagement.")
    access = access_to(viewer=viewer, engagements=[engagement])[engagement.pk]
    if not access.categories:
        raise Http404("No such engagement.")
    return access


def feed_sessions_visible_to(*, person: Person, via: str) -> list[CoachingSession]:
    """What a person's private calendar feed lists: sessions of the engagements they coach,
    are the learner of, or are a current member of (not one they left), from 60 days back to a
    year ahead. The read is audited: one row per engagement the feed showed."""
    if not holds_coaching_relations(person):
        return []
    now = timezone.now()
    member_of = _current_members().filter(person=person).values("engagement_id")
    sessions = list(
        domain.CoachingSession.objects.filter(
            Q(engagement__coach=person)
            | Q(engagement__learner=person)
            | Q(engagement__in=member_of),
            starts_at__gte=now - timedelta(days=60),
            starts_at__lte=now + timedelta(days=366),
        ).order_by("starts_at")
    )
    engagement_ids = sorted({s.engagement_id for s in sessions})
    AccessEvent.objects.bulk_create(
        AccessEvent(
            viewer=person,
            engagement_id=engagement_id,
            record_type="calendar_feed",
            record_id=engagement_id,
            category=Category.ATTENDANCE,
            action=AccessEvent.Action.VIEW,
            relation="Calendar feed",
            via=via[:200],
        )
        for engagement_id in engagement_ids
    )
    return sessions


# --- Records -------------------------------------------------------------------------------


def records_visible_to(
    *,
    viewer: Person,
    access: EngagementAccess,
    category: Category,
    via: str,
    record_types: Collection[str] | None = None,
    record_id: int | None = None,
) -> list[Any]:
    """The records of `category` the viewer may read, in order; each read is audited.

    `record_types` limits the read to what a page shows (e.g. only notes), so records a page
    does not display are neither loaded nor audited as viewed; `record_id` limits it to the one
    record a page opens (nothing is read, or audited, when it is not there)."""
    if access.viewer.pk != viewer.pk or not access.sees(category):
        return []
    records: list[Any] = []
    for source in record_sources(category):
        if record_types is not None and source.record_type not in record_types:
            continue
        queryset = source.queryset(access.engagement)
        if record_id is not None:
            queryset = queryset.filter(pk=record_id)
        if source.author_field:
            queryset = queryset.filter(**{source.author_field: viewer})
        found = list(queryset)
        records += found
        _audit(
            viewer=viewer,
            access=access,
            category=category,
            action=AccessEvent.Action.VIEW,
            via=via,
            records=[(source.record_type, record.pk) for record in found],
        )
    return records


def record_write_audit(
    *,
    viewer: Person,
    access: EngagementAccess,
    category: Category,
    record_type: str,
    record_id: int,
    action: str,
    via: str,
    exception_reason: str = "",
    subject: Person | None = None,
) -> None:
    """`subject`: the one person of a group engagement the record is about (else the learner)."""
    _audit(
        viewer=viewer,
        access=access,
        category=category,
        action=action,
        via=via,
        records=[(record_type, record_id)],
        exception_reason=exception_reason,
        subject=subject,
    )


@dataclass(frozen=True)
class Read:
    """One record a viewer read, under the access the policy granted for its engagement."""

    access: EngagementAccess
    category: Category
    record_type: str
    record_id: int


def record_reads_audit(*, reads: Iterable[Read], via: str) -> None:
    """Audit reads that a page made across many engagements (one insert for the page).

    For list pages that decide with `access.sees(...)` per engagement instead of calling
    `records_visible_to` once per engagement."""
    AccessEvent.objects.bulk_create(
        AccessEvent(
            viewer=read.access.viewer,
            engagement=read.access.engagement,
            record_type=read.record_type,
            record_id=read.record_id,
            category=read.category,
            action=AccessEvent.Action.VIEW,
            relation=read.access.relation_label[:100],
            via=via[:200],
        )
        for read in reads
        if read.access.sees(read.category)
    )


def _audit(
    *,
    viewer: Person,
    access: EngagementAccess,
    category: Category,
    action: str,
    via: str,
    records: list[tuple[str, int]],
    exception_reason: str = "",
    subject: Person | None = None,
) -> None:
    if not records:
        return  # nothing was read: no rows, and no empty transaction either
    AccessEvent.objects.bulk_create(
        AccessEvent(
            viewer=viewer,
            engagement=access.engagement,
            record_type=record_type,
            record_id=record_id,
            category=category,
            action=action,
            relation=access.relation_label,
            via=via[:200],
            exception_reason=exception_reason,
            subject=subject,
        )
        for record_type, record_id in records
    )


# --- Changes -------------------------------------------------------------------------------


@cache
def _writers() -> dict[Relation, tuple[str, ...]]:
    kind = domain.Note.Kind
    return {
        Relation.COACH: (
            kind.COACH_JOURNAL,
            kind.SESSION_SUMMARY,
            kind.ACTION_STEP,
            kind.PROGRESS_SUMMARY,
            kind.CLOSING_SUMMARY,
        ),
        Relation.LEARNER: (kind.LEARNER_JOURNAL, kind.ACTION_STEP),
    }


def can_read_note(access: EngagementAccess, note: Note) -> bool:
    """One note: of this engagement, of a category the viewer sees, and if private to its
    author, the viewer's own (a journal is never read by the other party or another member)."""
    if note.engagement_id != access.engagement.pk or not access.sees(note.category):
        return False
    return note.category != Category.PRIVATE or note.author_id == access.viewer.pk


def readable_notes(access: EngagementAccess, notes: QuerySet[Note]) -> QuerySet[Note]:
    """`notes` (of this engagement) narrowed to what the viewer may read: private notes only
    when they wrote them, other categories only when the viewer sees them."""
    seen = [c for c in access.categories if c != Category.PRIVATE]
    condition = Q(category__in=seen)
    if access.sees(Category.PRIVATE):
        condition |= Q(category=Category.PRIVATE, author=access.viewer)
    return notes.filter(condition, engagement=access.engagement)


def writable_note_kinds(access: EngagementAccess) -> list[str]:
    """Kinds of notes the viewer may write in this engagement (coach and learner only)."""
    kinds: list[str] = []
    for relation, allowed in _writers().items():
        if relation in access.relations:
            kinds += [kind for kind in allowed if kind not in kinds]
    return kinds


def disclosure_subjects(*, engagement: Engagement) -> dict[int, Person]:
    """Whom an exception disclosure may be about: the learner and the group's current members."""
    people = {engagement.learner_id: engagement.learner}
    for member in _current_members().filter(engagement=engagement).select_related("person"):
        people[member.person_id] = member.person
    return people


def shares_with(*, engagement_id: int, party: Party, category: Category) -> bool:
    """Does the agreement in force share `category` with `party` (the terms, as the coach and
    learner agreed them; who that party is decides `access_to`)."""
    return category in sharing_of_one(engagement_id=engagement_id).shared_with(party)


def supervisor_party_sharing(*, engagement: Engagement, category: Category) -> Person | None:
    """The learner's supervisor, when the agreement in force shares `category` with them and
    they are its supervisor party (a new line supervisor is not, until an amendment)."""
    supervisor = engagement.learner.supervisor
    if supervisor is None:
        return None
    shared = sharing_of_one(engagement_id=engagement.pk).shared_with_supervisor(supervisor.pk)
    return supervisor if category in shared else None


# Who writes what in an engagement, besides notes (`writable_note_kinds`). Only coach and
# learner ever write; supervisors, leadership and program leads read at most.
_WRITE_RULES: dict[str, frozenset[Relation]] = {
    "goal": frozenset({Relation.COACH, Relation.LEARNER}),  # learner-led, set with the coach
    "session": frozenset({Relation.COACH, Relation.LEARNER}),  # arranging sessions
    "conversation": frozenset({Relation.COACH, Relation.LEARNER}),  # action steps, feedback
    "session_record": frozenset({Relation.COACH}),  # record, scaling, ladder, wellbeing
    "session_feedback": frozenset({Relation.LEARNER}),  # the learner's feedback on a session
    "closing": frozenset({Relation.COACH}),
    "exception_disclosure": frozenset({Relation.COACH}),
}


def can_write(access: EngagementAccess, record_type: str) -> bool:
    """May the viewer of `access` write records of `record_type` in this engagement?"""
    return bool(access.relations & _WRITE_RULES[record_type])


def can_record_exception_disclosure(access: EngagementAccess) -> bool:
    return can_write(access, "exception_disclosure")


# --- Aggregates ----------------------------------------------------------------------------

AGGREGATE_ROLES = (Role.PROGRAM_LEAD, Role.COACH_SUPERVISOR, Role.LEADERSHIP, Role.EVALUATOR)


def engagement_counts_by_status(*, viewer: Person) -> dict[str, int]:
    """Counts of engagements by status for learners in the viewer's program-level scopes.

    Aggregate only: no identities. Nothing for a viewer without a program-level role."""
    grants = role_grants(person=viewer)
    paths = [g.scope_path for g in grants if g.role in AGGREGATE_ROLES]
    if not paths:
        return {}
    rows = (
        domain.Engagement.objects.filter(under_scopes("learner__org_unit__path", paths))
        .values_list("status")
        .annotate(n=Count("id"))
    )
    return dict(rows)
