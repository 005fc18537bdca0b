"""Writes to coaching records. Each write is checked and audited by the privacy policy."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from tandem.coaching.models import (
    CalendarFeed,
    CoachingSession,
    Engagement,
    EngagementMember,
    Note,
)
from tandem.coaching.selectors import LIVE_STATUSES
from tandem.coaching.signals import group_membership_changed
from tandem.notifications.services import notification_send
from tandem.people.models import Person
from tandem.people.selectors import agencies_of, is_above, runs_supportive_supervision
from tandem.privacy.categories import Category, Relation
from tandem.privacy.models import AccessEvent
from tandem.privacy.policy import (
    EngagementAccess,
    can_write,
    engagement_access,
    group_member_refusal,
    group_members_reading,
    group_membership_audit,
    record_write_audit,
    supervisor_party_sharing,
    writable_note_kinds,
)
from tandem.questionbank.selectors import active_models_with_stages, home_agency
from tandem.ui.locking import version_expect

if TYPE_CHECKING:
    from tandem.questionbank.models import CoachingModel

# Supportive supervision: resilience sessions last at least 15 minutes (seed 002, l.11).
SUPPORTIVE_MINIMUM_MINUTES = 15


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
    # Through the reverse relation: coaching sits below agreements (docs/ARCHITECTURE.md).
    return Engagement.objects.filter(
        pk=engagement_id, agreement__in_force_version__isnull=False
    ).exists()


# --- Engagements ---------------------------------------------------------------------------


# A coach in the learner's chain of command coaches as "supervisor as coach" (each session
# declares coaching or supervision), or runs supportive supervision, which is supervision.
CHAIN_OF_COMMAND_KINDS = (
    Engagement.Kind.SUPERVISOR_AS_COACH,
    Engagement.Kind.SUPPORTIVE_SUPERVISION,
)


def coach_in_chain_of_command(*, engagement: Engagement) -> bool:
    return is_above(superior=engagement.coach, person=engagement.learner)


def session_declares_role(*, engagement: Engagement) -> bool:
    """Every session says whether it is coaching or supervision: supervisor-as-coach
    engagements, and any other whose coach is above the learner (made before this rule)."""
    if engagement.declares_role:
        return True
    return engagement.kind != Engagement.Kind.SUPPORTIVE_SUPERVISION and (
        coach_in_chain_of_command(engagement=engagement)
    )


def chain_of_command_kind(*, coach: Person, learner: Person, kind: str) -> str:
    """The kind an engagement takes. A coach in the learner's chain of command holds
    supportive supervision when set up for it (a supportive supervision profile: seed 002, it
    is held with the people one supervises), otherwise coaches as supervisor as coach; other
    kinds are refused for them. Any other engagement keeps `kind`."""
    if not is_above(superior=coach, person=learner):
        return kind
    if kind not in (*CHAIN_OF_COMMAND_KINDS, Engagement.Kind.INDIVIDUAL, Engagement.Kind.ONLINE):
        raise ValidationError(
            "The coach is in the learner's chain of command: choose supervisor as coach."
        )
    if runs_supportive_supervision(person=coach):
        return Engagement.Kind.SUPPORTIVE_SUPERVISION
    if kind in CHAIN_OF_COMMAND_KINDS:
        return kind
    return Engagement.Kind.SUPERVISOR_AS_COACH


@transaction.atomic
def engagement_create(
    *,
    coach: Person,
    learner: Person,
    kind: str = Engagement.Kind.INDIVIDUAL,
    purpose: str = Engagement.Purpose.SKILLS,
    focus: str = "",
    model_id: int | None = None,
    members: list[Person] | None = None,
    peer_feedback: bool = False,
) -> Engagement:
    """A new engagement (planned until its agreement is in force).

    Group: `members` are the further learners. Peer: a second, mirrored engagement is created
    with the roles swapped, so each peer is coach in one and learner in the other (see
    docs/SESSIONS.md)."""
    if coach.pk == learner.pk:
        raise ValidationError("A coach cannot coach themselves.")
    if members and kind != Engagement.Kind.GROUP:
        raise ValidationError("Only group coaching has further members.")
    kind = chain_of_command_kind(coach=coach, learner=learner, kind=kind)
    engagement = Engagement.objects.create(
        coach=coach,
        learner=learner,
        kind=kind,
        purpose=purpose,
        focus=focus,
        model_id=model_id,
        peer_feedback=peer_feedback,
    )
    for person in members or []:
        member_add(engagement=engagement, person=person)
    if kind == Engagement.Kind.PEER:
        mirror = Engagement.objects.create(
            coach=learner,
            learner=coach,
            kind=kind,
            purpose=purpose,
            focus=focus,
            model_id=model_id,
            peer_feedback=peer_feedback,
            peer_of=engagement,
        )
        engagement.peer_of = mirror
        engagement.save(update_fields=["peer_of"])
    return engagement


@transaction.atomic
def member_add(
    *, engagement: Engagement, person: Person, joined_on: date | None = None
) -> EngagementMember:
    if engagement.kind != Engagement.Kind.GROUP:
        raise ValidationError("Only group coaching has further members.")
    if person.pk in (engagement.coach_id, engagement.learner_id):
        raise ValidationError("This person already takes part in the engagement.")
    member, _ = EngagementMember.objects.get_or_create(
        engagement=engagement,
        person=person,
        defaults={"joined_on": joined_on, "invited_at": timezone.now()},
    )
    return member


# --- Engagement settings and group members ------------------------------------------------

# Kinds a participant may switch an engagement to. Peer pairs are created as two mirrored
# engagements, so an engagement is never turned into or out of peer coaching here.
SETTABLE_KINDS = (
    Engagement.Kind.INDIVIDUAL,
    Engagement.Kind.ONLINE,
    Engagement.Kind.SUPPORTIVE_SUPERVISION,
    Engagement.Kind.SUPERVISOR_AS_COACH,
    Engagement.Kind.GROUP,
)


def settable_models(*, viewer: Person) -> list[CoachingModel]:
    """Coaching models the viewer may choose: active ones shared state-wide or owned by the
    viewer's agency, with their stages (three queries)."""
    return active_models_with_stages(agency=home_agency(person=viewer))


@transaction.atomic
def engagement_settings_update(
    *,
    actor: Person,
    access: EngagementAccess,
    base_version: int,
    data: dict[str, Any],
    via: str,
) -> Engagement:
    """Set an engagement's purpose, coaching model, focus and kind (coach or learner).

    `data` holds `purpose`, `model_id` (None: the default model), `focus` and, except for
    peer coaching, `kind`. A group with members stays a group until its members are removed.
    Only on top of the settings the page opened (`base_version`): if the other one saved
    since, raise Conflict and change nothing."""
    if access.viewer.pk != actor.pk or not access.is_participant:
        raise PermissionDenied("Only the coach and the learner change the engagement.")
    # A peer pair's two sides are locked together, always in the same order (no deadlock when
    # both peers save at once).
    pair = [
        access.engagement.pk,
        *([access.engagement.peer_of_id] if access.engagement.peer_of_id else []),
    ]
    locked = {
        e.pk: e for e in Engagement.objects.select_for_update().filter(pk__in=pair).order_by("pk")
    }
    engagement = locked[access.engagement.pk]
    version_expect(seen=base_version, saved=engagement.version, current=engagement)
    errors: dict[str, str] = {}
    purpose = data.get("purpose", engagement.purpose)
    if purpose not in Engagement.Purpose.values:
        errors["purpose"] = "Choose skills, performance or development."
    model_id = data.get("model_id", engagement.model_id)
    if (
        model_id is not None
        and model_id != engagement.model_id
        and model_id not in {m.pk for m in settable_models(viewer=actor)}
    ):
        errors["model"] = "Choose one of the coaching models your agency uses."
    kind = data.get("kind", engagement.kind)
    if engagement.kind == Engagement.Kind.PEER or kind == Engagement.Kind.PEER:
        if kind != engagement.kind:
            errors["kind"] = "Peer pairs are created together; their kind does not change."
    elif kind not in SETTABLE_KINDS:
        errors["kind"] = "Choose one of the kinds of coaching listed."
    elif kind != engagement.kind and Engagement.Kind.SUPPORTIVE_SUPERVISION in (
        kind,
        engagement.kind,
    ):
        # Who holds it decides it (chain_of_command_kind): a supervisor set up for supportive
        # supervision, with someone they supervise. Nobody picks it or leaves it here.
        errors["kind"] = (
            "Supportive supervision comes from who holds it: a supervisor set up for it, with "
            "someone they supervise. It cannot be chosen or changed here."
        )
    elif kind not in CHAIN_OF_COMMAND_KINDS and coach_in_chain_of_command(engagement=engagement):
        errors["kind"] = (
            "The coach is in the learner's chain of command, so this stays supervisor as coach "
            "(or supportive supervision): every session says whether it is coaching or "
            "supervision."
        )
    elif (
        engagement.kind == Engagement.Kind.GROUP
        and kind != Engagement.Kind.GROUP
        and EngagementMember.objects.filter(engagement=engagement).exists()
    ):
        errors["kind"] = (
            "This group still has members. Remove them on the group members page before "
            "changing the kind of coaching."
        )
    focus = str(data.get("focus", engagement.focus)).strip()
    if len(focus) > 200:
        errors["focus"] = "Keep the focus to 200 characters."
    if errors:
        raise ValidationError(errors)
    engagement.purpose = purpose
    engagement.model_id = model_id
    engagement.kind = kind
    engagement.focus = focus
    peer_feedback = bool(data.get("peer_feedback", engagement.peer_feedback))
    engagement.peer_feedback = peer_feedback
    engagement.version += 1
    engagement.save(update_fields=["purpose", "model", "kind", "focus", "peer_feedback", "version"])
    record_write_audit(
        viewer=actor,
        access=access,
        category=Category.ADMINISTRATIVE,
        record_type="engagement",
        record_id=engagement.pk,
        action=AccessEvent.Action.UPDATE,
        via=via,
    )
    mirror = locked.get(engagement.peer_of_id or 0)
    if mirror is not None:
        _mirror_in_step(actor=actor, mirror=mirror, engagement=engagement, via=via)
    return engagement


def _mirror_in_step(*, actor: Person, mirror: Engagement, engagement: Engagement, via: str) -> None:
    """Peer coaching: the pair's shared terms (purpose, coaching model, whether they give each
    other feedback) are the same on both sides. The focus stays each side's own: it is what
    that side's learner works on. The mirror's version moves too, so a form opened on it
    before this save cannot undo it."""
    mirror.purpose, mirror.model_id = engagement.purpose, engagement.model_id
    mirror.peer_feedback = engagement.peer_feedback
    mirror.version += 1
    mirror.save(update_fields=["purpose", "model", "peer_feedback", "version"])
    record_write_audit(
        viewer=actor,
        access=engagement_access(viewer=actor, engagement_id=mirror.pk),
        category=Category.ADMINISTRATIVE,
        record_type="engagement",
        record_id=mirror.pk,
        action=AccessEvent.Action.UPDATE,
        via=via,
    )


def _check_group_coach(access: EngagementAccess, actor: Person) -> None:
    if access.viewer.pk != actor.pk or not _is_coach(access):
        raise PermissionDenied("Only the coach adds or removes group members.")
    if access.engagement.kind != Engagement.Kind.GROUP:
        raise ValidationError("Only group coaching has further members.")


def member_candidate(*, engagement: Engagement, email: str) -> Person:
    """The active person with this work email in the learner's agency (two queries), or a
    ValidationError that says what to fix."""
    email = email.strip().lower()
    person = (
        Person.objects.annotate(email_lower=Lower("work_email"))
        .filter(email_lower=email, is_active=True)
        .select_related("org_unit")
        .first()
    )
    learner_unit = engagement.learner.org_unit
    if person is not None:
        agencies = agencies_of(units=[learner_unit, person.org_unit])
        agency = agencies.get(learner_unit.pk)
        if agency is None or agencies.get(person.org_unit_id) != agency:
            person = None
    if person is None:
        raise ValidationError(
            {"email": "No active staff member of the learner's agency has this work email."}
        )
    return person


@transaction.atomic
def group_member_add(
    *, actor: Person, access: EngagementAccess, person: Person, via: str
) -> EngagementMember:
    """The coach invites someone to a group engagement (audited). Joining is voluntary: the
    person is told (without any content) and reads nothing of the group until they accept and
    acknowledge its agreement. Someone who declined or left earlier may be invited again."""
    _check_group_coach(access, actor)
    refusal = group_member_refusal(engagement=access.engagement, person=person)
    if refusal:
        raise ValidationError({"email": refusal})
    member = EngagementMember.objects.filter(engagement=access.engagement, person=person).first()
    if member is not None and member.state in ("invited", "joined"):
        raise ValidationError({"email": "This person is already a member of the group."})
    try:
        if member is None:
            member = member_add(engagement=access.engagement, person=person)
        else:  # invited again: a new answer, a new acknowledgment
            member.invited_at, member.accepted_at, member.declined_at = timezone.now(), None, None
            member.joined_on = member.left_on = None
            member.save()
    except ValidationError as error:
        raise ValidationError({"email": error.messages[0]}) from error
    record_write_audit(
        viewer=actor,
        access=access,
        category=Category.ADMINISTRATIVE,
        record_type="engagement_member",
        record_id=member.pk,
        action=AccessEvent.Action.CREATE,
        via=via,
    )
    notification_send(
        recipient=person,
        subject="You are invited to group coaching",
        body="A coach invited you to join a coaching group. Joining is your choice: open "
        "Tandem to accept or decline.",
        url=reverse("coaching:invitation", args=[member.pk]),
    )
    return member


def invitation_get(*, person: Person, member_id: int, for_update: bool = False) -> EngagementMember:
    """The person's own invitation (404 for anyone else's, so ids reveal nothing); locked
    when they are answering it."""
    members = (
        # Only the member row: the agreement is on the nullable side of an outer join.
        EngagementMember.objects.select_for_update(of=("self",))
        if for_update
        else EngagementMember.objects
    )
    member = (
        members.filter(pk=member_id, person=person)
        .select_related("engagement__coach", "engagement__agreement")
        .first()
    )
    if member is None:
        raise Http404("No such invitation.")
    return member


@transaction.atomic
def member_answer(*, person: Person, member_id: int, accept: bool, via: str) -> EngagementMember:
    """The invited person accepts or declines joining the group. Accepting makes them a party
    to the group's agreement (they still read nothing until they acknowledge it)."""
    member = invitation_get(person=person, member_id=member_id, for_update=True)
    if member.state != "invited":
        raise ValidationError("You have already answered this invitation.")
    if member.engagement.status not in LIVE_STATUSES:
        raise ValidationError("This group coaching has ended.")
    # The group may have changed since the invitation (someone's supervisor joined).
    refusal = accept and group_member_refusal(engagement=member.engagement, person=person)
    if refusal:
        raise ValidationError(refusal)
    now = timezone.now()
    if accept:
        member.accepted_at, member.joined_on = now, timezone.localdate()
    else:
        member.declined_at = now
    member.save(update_fields=["accepted_at", "joined_on", "declined_at"])
    group_membership_audit(person=person, member=member, via=via)
    group_membership_changed.send(sender=EngagementMember, engagement_id=member.engagement_id)
    return member


@transaction.atomic
def member_leave(*, person: Person, member_id: int, via: str) -> EngagementMember:
    """A member leaves the group, at any time and without giving a reason (DOMAIN.md, tenet
    1): from now on they read nothing of it, and the coach is told (without any content)."""
    member = invitation_get(person=person, member_id=member_id, for_update=True)
    if member.state != "joined":
        raise ValidationError("You are not a member of this group.")
    member.left_on = timezone.localdate()
    member.save(update_fields=["left_on"])
    group_membership_audit(person=person, member=member, via=via)
    group_membership_changed.send(sender=EngagementMember, engagement_id=member.engagement_id)
    notification_send(
        recipient=member.engagement.coach,
        subject="A member left a coaching group",
        body="Someone left one of the coaching groups you lead.",
        url=reverse("coaching:engagement_members", args=[member.engagement_id]),
    )
    return member


@transaction.atomic
def member_remove(*, actor: Person, access: EngagementAccess, member_id: int, via: str) -> None:
    """The coach removes a member from a group engagement (audited as a change, since the
    member row itself goes: a removed member no longer reads the group's records)."""
    _check_group_coach(access, actor)
    member = EngagementMember.objects.filter(pk=member_id, engagement=access.engagement).first()
    if member is None:
        raise ValidationError("This person is not a member of the group.")
    record_write_audit(
        viewer=actor,
        access=access,
        category=Category.ADMINISTRATIVE,
        record_type="engagement_member",
        record_id=member.pk,
        action=AccessEvent.Action.UPDATE,
        via=via,
    )
    member.delete()
    group_membership_changed.send(sender=EngagementMember, engagement_id=access.engagement.pk)


# --- Sessions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionTerms:
    """What the agreement in force says about sessions (blank when there is none)."""

    in_force: bool
    session_minutes: int | None
    frequency: str
    cancellation_policy: str
    cancellation_notify: str
    attendance_supervisor: Person | None  # told of changes, when the agreement says so


def session_terms(*, engagement_id: int) -> SessionTerms:
    """Read the agreement in force: two queries whatever the engagement."""
    engagement = (
        Engagement.objects.filter(pk=engagement_id, agreement__in_force_version__isnull=False)
        .select_related("agreement__in_force_version", "learner__supervisor")
        .first()
    )
    if engagement is None:
        return SessionTerms(False, None, "", "", "", None)
    version = engagement.agreement.in_force_version  # the filter above: never None here
    content = (version.content if version is not None else None) or {}
    try:
        minutes: int | None = int(content.get("session_minutes") or 0) or None
    except (TypeError, ValueError):
        minutes = None
    return SessionTerms(
        in_force=True,
        session_minutes=minutes,
        frequency=str(content.get("frequency", "")),
        cancellation_policy=str(content.get("cancellation_policy", "")),
        cancellation_notify=str(content.get("cancellation_notify", "")),
        attendance_supervisor=supervisor_party_sharing(
            engagement=engagement, category=Category.ATTENDANCE
        ),
    )


def session_participants(engagement: Engagement) -> list[Person]:
    """Coach, learner and the members who read the group (told of session changes and
    reminded of sessions, tandem/coaching/reminders.py)."""
    people = [engagement.coach, engagement.learner]
    people += list(Person.objects.filter(pk__in=group_members_reading(engagement=engagement)))
    return people


def _check_participant(access: EngagementAccess, actor: Person) -> None:
    if access.viewer.pk != actor.pk or not can_write(access, "session"):
        raise PermissionDenied("Only the coach and the learner arrange sessions.")


def _is_coach(access: EngagementAccess) -> bool:
    return Relation.COACH in access.relations


def _check_session_fields(
    *,
    access: EngagementAccess,
    starts_at: datetime,
    duration_minutes: int,
    purpose: str,
    status: str,
    role: str,
) -> None:
    engagement = access.engagement
    errors: dict[str, str] = {}
    if status == CoachingSession.Status.SCHEDULED and starts_at < timezone.now():
        errors["starts_at"] = "Choose a time in the future for a session you schedule."
    if (
        engagement.kind == Engagement.Kind.SUPPORTIVE_SUPERVISION
        and duration_minutes < SUPPORTIVE_MINIMUM_MINUTES
    ):
        errors["duration_minutes"] = (
            f"Supportive supervision sessions last at least {SUPPORTIVE_MINIMUM_MINUTES} minutes."
        )
    if session_declares_role(engagement=engagement) and role not in CoachingSession.Role.values:
        errors["role"] = "Say whether this meeting is coaching or supervision."
    if errors:
        raise ValidationError(errors)
    if purpose == CoachingSession.Purpose.COACHING and not agreement_in_force(
        engagement_id=engagement.pk
    ):
        raise ValidationError(
            "Coaching sessions can be scheduled once every party has acknowledged the coaching "
            "agreement. An introductory or chemistry meeting can be arranged before that."
        )


def _notify(
    *, people: list[Person], actor: Person, engagement: Engagement, subject: str, body: str
) -> None:
    url = reverse("coaching:engagement_detail", args=[engagement.pk])
    sent: set[int] = {actor.pk}
    for person in people:
        if person.pk not in sent:
            sent.add(person.pk)
            notification_send(recipient=person, subject=subject, body=body, url=url)


def _when(session: CoachingSession) -> str:
    return agency_time(session.starts_at)


def agency_time(moment: datetime, *, zone: bool = False) -> str:
    """ "Tue Nov 3, 2026 at 10:00" in the agency's time zone (TIME_ZONE), whoever runs it;
    `zone` adds the zone's abbreviation ("MST"), for messages read away from the page."""
    local = timezone.localtime(moment, timezone.get_default_timezone())
    text = f"{local:%a %b} {local.day}, {local:%Y} at {local:%H:%M}"
    return f"{text} {local:%Z}" if zone else text


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
    modality: str = CoachingSession.Modality.IN_PERSON,
    place: str = "",
    role: str = "",
    resilience_sessions: str = "",
    resilience_tools: str = "",
) -> CoachingSession:
    """Schedule a session, or (the coach only) record one that was held or missed.

    Coach and learner both schedule; only the coach records whether a session took place.
    Coaching sessions need the agreement in force; an introductory or chemistry meeting may
    come before it (DOMAIN.md §4)."""
    _check_participant(access, coach)
    if status != CoachingSession.Status.SCHEDULED and not _is_coach(access):
        raise PermissionDenied("Only the coach records whether a session took place.")
    if status == CoachingSession.Status.CANCELLED:
        raise ValidationError("Schedule the session, then cancel it.")
    _check_session_fields(
        access=access,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        purpose=purpose,
        status=status,
        role=role,
    )
    engagement = access.engagement
    session = CoachingSession.objects.create(
        engagement=engagement,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        purpose=purpose,
        status=status,
        modality=modality,
        place=place,
        role=role if session_declares_role(engagement=engagement) else "",
        resilience_sessions=resilience_sessions,
        resilience_tools=resilience_tools,
        changed_at=timezone.now(),
        changed_by=coach,
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
    if status == CoachingSession.Status.SCHEDULED:
        _notify(
            people=session_participants(engagement),
            actor=coach,
            engagement=engagement,
            subject="A coaching session was scheduled",
            body=f"{coach.full_name} scheduled a session on {_when(session)}.",
        )
    return session


def _session_of(access: EngagementAccess, session_id: int) -> CoachingSession:
    session = CoachingSession.objects.filter(pk=session_id, engagement=access.engagement).first()
    if session is None or not access.sees(Category.ATTENDANCE):
        raise Http404("No such session.")
    return session


def session_get(*, access: EngagementAccess, session_id: int) -> CoachingSession:
    """One session of the engagement, or 404 (also for a session of another engagement)."""
    return _session_of(access, session_id)


@transaction.atomic
def session_reschedule(
    *,
    actor: Person,
    access: EngagementAccess,
    session_id: int,
    base_version: int,
    starts_at: datetime,
    duration_minutes: int,
    modality: str,
    place: str,
    via: str,
) -> CoachingSession:
    """Move a session, unless it changed since the form was opened at `base_version` (its
    `sequence`, which every change raises, as calendar invitations need): then Conflict."""
    _check_participant(access, actor)
    found = _session_of(access, session_id)
    # Lock the session row only: `changed_by` is an outer join (it may be empty).
    locked = CoachingSession.objects.select_for_update(of=("self",)).select_related("changed_by")
    session = locked.get(pk=found.pk)
    version_expect(
        seen=base_version,
        saved=session.sequence,
        current=session,
        saved_by=session.changed_by.full_name if session.changed_by else "",
        saved_at=session.changed_at,
    )
    if session.status != CoachingSession.Status.SCHEDULED:
        raise ValidationError("Only a session that is still to come can be moved.")
    _check_session_fields(
        access=access,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        purpose=CoachingSession.Purpose.INTRO,  # the agreement was checked when scheduled
        status=CoachingSession.Status.SCHEDULED,
        role=session.role or CoachingSession.Role.COACHING,
    )
    before = session.starts_at
    session.starts_at = starts_at
    session.duration_minutes = duration_minutes
    session.modality = modality
    session.place = place
    session.sequence += 1
    session.changed_at = timezone.now()
    session.changed_by = actor
    session.save()
    record_write_audit(
        viewer=actor,
        access=access,
        category=Category.ATTENDANCE,
        record_type="session",
        record_id=session.pk,
        action=AccessEvent.Action.UPDATE,
        via=via,
    )
    old = CoachingSession(starts_at=before)
    _notify(
        people=session_participants(access.engagement),
        actor=actor,
        engagement=access.engagement,
        subject="A coaching session was moved",
        body=f"{actor.full_name} moved the session of {_when(old)} to {_when(session)}.",
    )
    return session


def cancellation_recipients(
    *, engagement: Engagement, actor: Person, terms: SessionTerms
) -> list[Person]:
    """Who hears of a cancellation or missed session, per the agreement in force.

    The other participants always. The learner's supervisor only when the agreement's
    "who is told" names the supervisor AND its disclosure map shares attendance with them:
    telling them is an attendance disclosure, so the map has the last word."""
    people = [p for p in session_participants(engagement) if p.pk != actor.pk]
    supervisor = terms.attendance_supervisor
    if (
        supervisor is not None
        and "supervisor" in terms.cancellation_notify.lower()
        and supervisor.pk not in {p.pk for p in people} | {actor.pk}
    ):
        people.append(supervisor)
    return people


@transaction.atomic
def session_cancel(
    *, actor: Person, access: EngagementAccess, session_id: int, kind: str, via: str
) -> CoachingSession:
    """Cancel a session (coach or learner), or record it as missed (coach only), and tell the
    people the agreement names."""
    _check_participant(access, actor)
    if kind not in (CoachingSession.Status.CANCELLED, CoachingSession.Status.NO_SHOW):
        raise ValidationError("Choose cancelled or missed.")
    if kind == CoachingSession.Status.NO_SHOW and not _is_coach(access):
        raise PermissionDenied("Only the coach records a missed session.")
    session = _session_of(access, session_id)
    if session.status != CoachingSession.Status.SCHEDULED:
        raise ValidationError("This session is no longer scheduled.")
    if kind == CoachingSession.Status.NO_SHOW and session.starts_at > timezone.now():
        raise ValidationError("A session can be recorded as missed once its time has come.")
    session.status = kind
    session.sequence += 1
    session.changed_at = timezone.now()
    session.changed_by = actor
    session.save(update_fields=["status", "sequence", "changed_at", "changed_by"])
    record_write_audit(
        viewer=actor,
        access=access,
        category=Category.ATTENDANCE,
        record_type="session",
        record_id=session.pk,
        action=AccessEvent.Action.UPDATE,
        via=via,
    )
    terms = session_terms(engagement_id=access.engagement.pk)
    engagement = Engagement.objects.select_related("learner__supervisor", "coach").get(
        pk=access.engagement.pk
    )
    what = "cancelled" if kind == CoachingSession.Status.CANCELLED else "recorded as missed"
    _notify(
        people=cancellation_recipients(engagement=engagement, actor=actor, terms=terms),
        actor=actor,
        engagement=engagement,
        subject=f"A coaching session was {what}",
        body=f"The coaching session of {_when(session)} was {what} by {actor.full_name}.",
    )
    return session


# The lengths the session forms accept, in minutes.
SESSION_MINUTES = (5, 480)


@transaction.atomic
def session_mark_held(
    *,
    actor: Person,
    access: EngagementAccess,
    session_id: int,
    duration_minutes: int,
    via: str,
    role: str = "",
) -> CoachingSession:
    """Record that a scheduled session took place, with how long it actually lasted.

    The coach only, as for a missed session, and once its time has come. A meeting declared
    supervision stays supervision (it counts as supervision, not as coaching); `role` is read
    only when a supervisor-as-coach session was scheduled without a declaration."""
    _check_participant(access, actor)
    if not _is_coach(access):
        raise PermissionDenied("Only the coach records whether a session took place.")
    session = _session_of(access, session_id)
    if session.status != CoachingSession.Status.SCHEDULED:
        raise ValidationError("This session is no longer scheduled.")
    if session.starts_at > timezone.now():
        raise ValidationError(
            "This session has not started yet. Record it as held once its time has come."
        )
    low, high = SESSION_MINUTES
    if not low <= duration_minutes <= high:
        raise ValidationError(
            {"duration_minutes": f"Give a length between {low} and {high} minutes."}
        )
    declared = session.role or role
    _check_session_fields(
        access=access,
        starts_at=session.starts_at,
        duration_minutes=duration_minutes,
        purpose=CoachingSession.Purpose.INTRO,  # the agreement was checked when scheduled
        status=CoachingSession.Status.HELD,
        role=declared,
    )
    session.status = CoachingSession.Status.HELD
    session.duration_minutes = duration_minutes
    if session_declares_role(engagement=access.engagement):
        session.role = declared
    session.sequence += 1
    session.changed_at = timezone.now()
    session.changed_by = actor
    session.save(
        update_fields=[
            "status",
            "duration_minutes",
            "role",
            "sequence",
            "changed_at",
            "changed_by",
        ]
    )
    record_write_audit(
        viewer=actor,
        access=access,
        category=Category.ATTENDANCE,
        record_type="session",
        record_id=session.pk,
        action=AccessEvent.Action.UPDATE,
        via=via,
    )
    return session


def missed_in_a_row(sessions: Sequence[CoachingSession]) -> int:
    """How many of the latest past sessions in a row were missed (for the policy prompt)."""
    count = 0
    for session in sorted(sessions, key=lambda s: s.starts_at, reverse=True):
        if session.status == CoachingSession.Status.SCHEDULED:
            continue
        if session.status != CoachingSession.Status.NO_SHOW:
            break
        count += 1
    return count


# --- Calendar feeds ------------------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_regenerate(*, person: Person) -> str:
    """A new secret feed token for the person (the old link stops working). Returns the token,
    which is not stored: only its hash is."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(
        person=person, defaults={"token_hash": token_hash(token), "last_used_at": None}
    )
    return token


@transaction.atomic
def calendar_feed_revoke(*, person: Person) -> None:
    CalendarFeed.objects.filter(person=person).delete()


def calendar_feed_person(*, token: str) -> Person | None:
    """The person a feed token belongs to, or None; records when the feed was last read."""
    feed = (
        CalendarFeed.objects.filter(token_hash=token_hash(token)).select_related("person").first()
    )
    if feed is None or not feed.person.is_active:
        return None
    now = timezone.now()
    if feed.last_used_at is None or now - feed.last_used_at > timedelta(hours=1):
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
    return feed.person
