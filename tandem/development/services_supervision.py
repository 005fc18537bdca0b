"""Writes for coach supervision (issue #17 item 1): assigning a coach supervisor, scheduling
and recording supervision sessions, the situations brought to them, each program's cadence,
and the reminders when supervision is due. Access rules: tandem/privacy/development.py."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tandem.development.models import (
    CoachSupervisorAssignment,
    Consultation,
    ProgramSettings,
    SupervisionAttendee,
    SupervisionReminder,
    SupervisionSession,
)
from tandem.development.selectors_supervision import coaches, supervision_due
from tandem.notifications.services import notification_send
from tandem.people.models import OrgUnit, Person
from tandem.privacy.development import (
    SupervisionAccess,
    can_assign_coach_supervisor,
    can_edit_program_settings,
    coach_supervisor_refusal,
    development_write_audit,
    supervised_coach_ids,
)
from tandem.privacy.identifiers import identifier_hints
from tandem.privacy.models import AccessEvent
from tandem.questionbank.models import CoachingModel
from tandem.ui.locking import Conflict, version_claim

Kind = SupervisionSession.Kind
Status = SupervisionSession.Status

# --- Assigning a coach supervisor -------------------------------------------------------------


def coach_supervisor_assign(
    *,
    lead: Person,
    coach: Person,
    supervisor: Person,
    replacing_id: int | None,
    via: str,
    today: date | None = None,
) -> CoachSupervisorAssignment:
    """Make `supervisor` the coach's coach supervisor, ending the current assignment the lead
    saw (`replacing_id`, None when there was none) in the same transaction. Refused, with the
    reason, when the person may not supervise this coach or someone changed it meanwhile."""
    if not can_assign_coach_supervisor(viewer=lead, coach=coach):
        raise PermissionDenied("Program leads assign coach supervisors to coaches in their scope.")
    refusal = coach_supervisor_refusal(coach=coach, supervisor=supervisor)
    if refusal:
        raise ValidationError({"supervisor": refusal})
    today = today or timezone.localdate()
    try:
        with transaction.atomic():
            assignment, previous = _assign(coach, supervisor, lead, replacing_id, today)
            development_write_audit(
                viewer=lead,
                subject_id=coach.pk,
                record_type="coach_supervisor_assignment",
                record_id=assignment.pk,
                relation="Program lead",
                via=via,
                action=AccessEvent.Action.CREATE,
            )
            _notify_assignment(coach, supervisor, previous)
    except IntegrityError as error:
        # Another program lead assigned one at the same moment: the database keeps one.
        raise ValidationError(
            "Someone else assigned a coach supervisor to this coach at the same moment. "
            "Open the page again to see who it is now."
        ) from error
    return assignment


def _assign(
    coach: Person, supervisor: Person, lead: Person, replacing_id: int | None, today: date
) -> tuple[CoachSupervisorAssignment, Person | None]:
    # Hold the coach's row: two leads assigning at once take turns, and the second sees the
    # first's assignment (PostgreSQL; SQLite writes one transaction at a time anyway).
    Person.objects.select_for_update().filter(pk=coach.pk).exists()
    current = (
        CoachSupervisorAssignment.objects.select_related("supervisor")
        .filter(coach=coach, ended_on__isnull=True)
        .first()
    )
    if (current.pk if current else None) != replacing_id:
        now = current.supervisor.full_name if current else "nobody"
        raise ValidationError(
            f"The coach supervisor of {coach.full_name} changed after you opened this page "
            f"(it is now {now}). Nothing was saved: look again and choose."
        )
    if current and current.supervisor_id == supervisor.pk:
        raise ValidationError(
            {"supervisor": f"{supervisor.full_name} already supervises {coach.full_name}."}
        )
    if current:
        current.ended_on = max(today, current.started_on)
        current.save(update_fields=["ended_on"])
    assignment = CoachSupervisorAssignment.objects.create(
        coach=coach, supervisor=supervisor, started_on=today, assigned_by=lead
    )
    return assignment, current.supervisor if current else None


def _notify_assignment(coach: Person, supervisor: Person, previous: Person | None) -> None:
    # Names only: never anything said in supervision.
    url = reverse("development:supervision_list")
    notification_send(
        recipient=coach,
        subject="Your coach supervisor",
        body=f"{supervisor.full_name} is now your coach supervisor.",
        url=url,
    )
    notification_send(
        recipient=supervisor,
        subject="A coach to supervise",
        body=f"You are now the coach supervisor of {coach.full_name}.",
        url=url,
    )
    if previous is not None:
        notification_send(
            recipient=previous,
            subject="Coach supervision ended",
            body=f"You are no longer the coach supervisor of {coach.full_name}.",
        )


# --- Supervision sessions ---------------------------------------------------------------------


def _check_seats(kind: str, coach_ids: Collection[int], supervisor: Person) -> None:
    if kind == Kind.INDIVIDUAL and len(coach_ids) != 1:
        raise ValidationError({"coaches": "Individual supervision is with one coach."})
    if kind == Kind.GROUP and len(coach_ids) < 2:
        raise ValidationError({"coaches": "Group supervision is with two or more coaches."})
    if set(coach_ids) - supervised_coach_ids(supervisor=supervisor):
        raise ValidationError({"coaches": "You can only invite coaches you supervise."})


@transaction.atomic
def supervision_schedule(
    *,
    supervisor: Person,
    kind: str,
    coach_ids: Collection[int],
    starts_at: datetime,
    duration_minutes: int,
    place: str,
    via: str,
) -> SupervisionSession:
    """The coach supervisor books an individual or group supervision session with their
    coaches, who are told (time only)."""
    _check_seats(kind, coach_ids, supervisor)
    session = SupervisionSession.objects.create(
        supervisor=supervisor,
        kind=kind,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        place=place,
        created_by=supervisor,
    )
    SupervisionAttendee.objects.bulk_create(
        SupervisionAttendee(session=session, coach_id=coach_id) for coach_id in sorted(coach_ids)
    )
    url = reverse("development:supervision_detail", args=[session.pk])
    when = timezone.localtime(starts_at).strftime("%b %-d, %Y at %-I:%M %p")
    for coach in Person.objects.filter(pk__in=coach_ids):
        development_write_audit(
            viewer=supervisor,
            subject_id=coach.pk,
            record_type="supervision_session",
            record_id=session.pk,
            relation="Coach supervisor",
            via=via,
            action=AccessEvent.Action.CREATE,
        )
        notification_send(
            recipient=coach,
            subject="Supervision booked",
            body=f"{supervisor.full_name} booked {Kind(kind).label.lower()} with you on {when}.",
            url=url,
        )
    return session


@dataclass(frozen=True)
class SessionRecord:
    """What the coach supervisor records on a session (and may move its time or place)."""

    starts_at: datetime
    duration_minutes: int
    place: str
    status: str
    attended_ids: frozenset[int]
    notes: str
    next_steps: str


@transaction.atomic
def supervision_record(
    *, access: SupervisionAccess, base_version: int, record: SessionRecord, via: str
) -> SupervisionSession:
    """Save the session's time, status, attendance, notes and next steps, from the version the
    form was opened at (else `Conflict`, nothing written)."""
    if not access.can_record:
        raise PermissionDenied("The coach supervisor who leads the session records it.")
    if record.status == Status.HELD and not record.attended_ids:
        raise ValidationError({"attended": "Tick who came, or record the session as cancelled."})
    if record.status == Status.HELD and record.starts_at > timezone.now():
        raise ValidationError({"status": "A session in the future cannot be recorded as held."})
    session = access.session
    queryset = SupervisionSession.objects.all()
    version = version_claim(queryset, pk=session.pk, seen=base_version)
    seats = list(session.attendees.all())
    moved = (record.starts_at, record.duration_minutes, record.place, record.status) != (
        session.starts_at,
        session.duration_minutes,
        session.place,
        session.status,
    )
    session.starts_at, session.duration_minutes = record.starts_at, record.duration_minutes
    session.place, session.status = record.place, record.status
    session.notes, session.next_steps = record.notes, record.next_steps
    session.version = version
    session.sequence += 1 if moved else 0
    session.save(
        update_fields=[
            "starts_at",
            "duration_minutes",
            "place",
            "status",
            "notes",
            "next_steps",
            "sequence",
        ]
    )
    for seat in seats:
        seat.attended = (
            (seat.coach_id in record.attended_ids) if record.status == Status.HELD else None
        )
    SupervisionAttendee.objects.bulk_update(seats, ["attended"])
    for seat in seats:
        development_write_audit(
            viewer=access.viewer,
            subject_id=seat.coach_id,
            record_type="supervision_session",
            record_id=session.pk,
            relation=access.relation,
            via=via,
        )
    return session


@transaction.atomic
def consultation_add(
    *, access: SupervisionAccess, situation: str, learning: str, confirmed: bool, via: str
) -> Consultation:
    """A coaching situation brought to the session, told without naming anyone. `confirmed`:
    the writer saw the identifier warning and said the text names nobody."""
    if not access.can_bring_situation:
        raise PermissionDenied("Only the session's coaches and coach supervisor bring situations.")
    if access.session.status == Status.CANCELLED:
        raise ValidationError("This session was cancelled: bring the situation to the next one.")
    warned = bool(identifier_hints(situation) or identifier_hints(learning))
    consultation = Consultation.objects.create(
        supervision=access.session,
        brought_by=access.viewer,
        situation=situation,
        learning=learning,
        confirmed_despite_warning=confirmed and warned,
    )
    for coach_id in access.session.attendees.values_list("coach_id", flat=True):
        development_write_audit(
            viewer=access.viewer,
            subject_id=coach_id,
            record_type="supervision_consultation",
            record_id=consultation.pk,
            relation=access.relation,
            via=via,
            action=AccessEvent.Action.CREATE,
        )
    return consultation


# --- Cadence per program ----------------------------------------------------------------------


@dataclass(frozen=True)
class CadenceChoice:
    supervision_every_days: int
    supervision_pattern: str
    remind_days_before: int
    competency_every_months: int
    required_models: tuple[CoachingModel, ...]


@transaction.atomic
def program_settings_save(
    *, lead: Person, scope: OrgUnit, base_version: int, choice: CadenceChoice, via: str
) -> ProgramSettings:
    """Save a program's cadence from the version the form was opened at (0: there were no
    settings yet). A save in between raises `Conflict` and writes nothing."""
    if not can_edit_program_settings(viewer=lead, scope_path=scope.path):
        raise PermissionDenied("Program leads change the settings of their own programs.")
    queryset = ProgramSettings.objects.all()
    settings = queryset.filter(scope=scope).first()
    if settings is None:
        if base_version != 0:
            raise Conflict(seen=base_version, saved=0)
        try:
            with transaction.atomic():
                settings = ProgramSettings.objects.create(scope=scope)
        except IntegrityError:
            saved = queryset.get(scope=scope)
            raise Conflict(seen=base_version, saved=saved.version, current=saved) from None
    else:
        settings.version = version_claim(queryset, pk=settings.pk, seen=base_version)
    settings.supervision_every_days = choice.supervision_every_days
    settings.supervision_pattern = choice.supervision_pattern
    settings.remind_days_before = choice.remind_days_before
    settings.competency_every_months = choice.competency_every_months
    settings.save(
        update_fields=[
            "supervision_every_days",
            "supervision_pattern",
            "remind_days_before",
            "competency_every_months",
        ]
    )
    settings.required_models.set(choice.required_models)
    development_write_audit(
        viewer=lead,
        subject_id=None,
        record_type="program_settings",
        record_id=settings.pk,
        relation="Program lead",
        via=via,
    )
    return settings


# --- Reminders --------------------------------------------------------------------------------


def supervision_reminders_send(*, today: date | None = None) -> int:
    """Remind each supervised coach and their coach supervisor when supervision is due within
    the program's reminder days, or overdue, and nothing is booked: once per due date. Returns
    how many coaches were reminded. Safe to run again."""
    today = today or timezone.localdate()
    supervised = list(
        coaches()
        .filter(coach_supervisor_assignments__ended_on__isnull=True)
        .select_related("org_unit")
        .distinct()
    )
    dues = supervision_due(coaches=supervised, today=today)
    sent_before = set(
        SupervisionReminder.objects.filter(
            coach_id__in=dues, due_on__in={d.due_on for d in dues.values()}
        ).values_list("coach_id", "due_on")
    )
    pairs = dict(
        CoachSupervisorAssignment.objects.filter(
            coach_id__in=dues, ended_on__isnull=True
        ).values_list("coach_id", "supervisor_id")
    )
    people = Person.objects.in_bulk({*pairs, *pairs.values()})
    sent = 0
    for coach in supervised:
        due = dues[coach.pk]
        if not (due.overdue or due.due_soon) or due.booked or (coach.pk, due.due_on) in sent_before:
            continue
        try:
            with transaction.atomic():
                SupervisionReminder.objects.create(coach=coach, due_on=due.due_on)
                _remind(people[coach.pk], people[pairs[coach.pk]], due.due_on, due.overdue)
        except IntegrityError:
            continue  # another run reminded this due date a moment ago
        sent += 1
    return sent


def _remind(coach: Person, supervisor: Person, due_on: date, overdue: bool) -> None:
    when = due_on.strftime("%b %-d, %Y")
    state = f"was due on {when}" if overdue else f"is due on {when}"
    notification_send(
        recipient=coach,
        subject="Time for supervision",
        body=f"Your next coach supervision with {supervisor.full_name} {state}. "
        "Nothing is booked yet.",
        url=reverse("development:supervision_list"),
    )
    notification_send(
        recipient=supervisor,
        subject="Supervision due",
        body=f"Supervision with {coach.full_name} {state}. Nothing is booked yet.",
        url=reverse("development:supervision_overdue"),
    )
