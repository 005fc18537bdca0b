"""Reads for coach supervision (issue #17 item 1): who coaches are, who supervises them, when
supervision is due, and the sessions a person may read. Who may see what is decided in
tandem/privacy/development.py; these functions take the viewer's filter from there."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from tandem.development.models import (
    CoachSupervisorAssignment,
    ProgramSettings,
    SupervisionAttendee,
    SupervisionSession,
)
from tandem.people.models import CoachProfile, OrgUnit, Person, Role, RoleAssignment
from tandem.privacy.development import (
    supervised_coach_ids,
    supervision_overseen_coaches,
    supervision_sessions_readable_by,
)

# Seed 001: biweekly supervision, when no program says otherwise.
DEFAULT_EVERY_DAYS = 14
DEFAULT_REMIND_DAYS = 2
KIND_LABELS = dict(SupervisionSession.Kind.choices)


def coaches() -> QuerySet[Person]:
    """Active people who coach: a coach profile or the coach role."""
    return Person.objects.filter(is_active=True).filter(
        Exists(CoachProfile.objects.filter(person=OuterRef("pk")))
        | Exists(RoleAssignment.objects.filter(person=OuterRef("pk"), role=Role.COACH))
    )


def current_assignments() -> Prefetch:
    """Prefetch each coach's current coach supervisor as `current_supervision` (a list)."""
    return Prefetch(
        "coach_supervisor_assignments",
        queryset=CoachSupervisorAssignment.objects.filter(ended_on__isnull=True).select_related(
            "supervisor"
        ),
        to_attr="current_supervision",
    )


def coach_supervisors_available() -> QuerySet[Person]:
    """People holding the coach supervisor role, whom a program lead may choose from."""
    return (
        Person.objects.filter(is_active=True, role_assignments__role=Role.COACH_SUPERVISOR)
        .select_related("org_unit")
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


# --- Cadence: when is each coach's next supervision due? --------------------------------------


@dataclass(frozen=True)
class Cadence:
    every_days: int
    pattern: str
    remind_days_before: int


DEFAULT_CADENCE = Cadence(
    DEFAULT_EVERY_DAYS, ProgramSettings.Pattern.ALTERNATE, DEFAULT_REMIND_DAYS
)


@dataclass(frozen=True)
class SupervisionDue:
    coach_id: int
    cadence: Cadence
    last_held: date | None
    last_kind: str
    due_on: date
    next_kind: str
    booked: date | None  # the next scheduled session, if one is booked
    today: date

    @property
    def overdue(self) -> bool:
        return self.due_on < self.today

    @property
    def due_soon(self) -> bool:
        return not self.overdue and self.due_on <= self.today + timedelta(
            days=self.cadence.remind_days_before
        )

    @property
    def days_overdue(self) -> int:
        return max(0, (self.today - self.due_on).days)

    @property
    def next_kind_label(self) -> str:
        return KIND_LABELS[self.next_kind]

    @property
    def last_kind_label(self) -> str:
        return KIND_LABELS.get(self.last_kind, "")


def _ancestor_paths(path: str) -> list[str]:
    step = OrgUnit.steplen
    return [path[:i] for i in range(step, len(path) + 1, step)]


def cadences_for(*, units: Iterable[OrgUnit]) -> dict[str, Cadence]:
    """The cadence for each unit path: the nearest program settings at or above it (one
    query), or the default."""
    units = list(units)
    wanted = {p for unit in units for p in _ancestor_paths(unit.path)}
    settings = {
        s.scope.path: s
        for s in ProgramSettings.objects.filter(scope__path__in=wanted).select_related("scope")
    }
    found: dict[str, Cadence] = {}
    for unit in units:
        nearest = next(
            (settings[p] for p in reversed(_ancestor_paths(unit.path)) if p in settings), None
        )
        found[unit.path] = (
            Cadence(
                nearest.supervision_every_days,
                nearest.supervision_pattern,
                nearest.remind_days_before,
            )
            if nearest
            else DEFAULT_CADENCE
        )
    return found


def _next_kind(pattern: str, last_kind: str) -> str:
    individual, group = SupervisionSession.Kind.INDIVIDUAL, SupervisionSession.Kind.GROUP
    if pattern == ProgramSettings.Pattern.INDIVIDUAL:
        return individual
    if pattern == ProgramSettings.Pattern.GROUP:
        return group
    return group if last_kind == individual else individual


def supervision_due(
    *, coaches: Sequence[Person], today: date | None = None
) -> dict[int, SupervisionDue]:
    """For each coach (with `org_unit` loaded): their last attended supervision, when the next
    is due and which kind, and the next booked session. Three queries whatever the number."""
    today = today or timezone.localdate()
    ids = [c.pk for c in coaches]
    cadence = cadences_for(units={c.org_unit.path: c.org_unit for c in coaches}.values())
    last: dict[int, tuple[date, str]] = {}
    booked: dict[int, date] = {}
    seats = (
        SupervisionAttendee.objects.filter(coach_id__in=ids)
        .filter(
            Q(session__status=SupervisionSession.Status.HELD, attended=True)
            | Q(
                session__status=SupervisionSession.Status.SCHEDULED,
                session__starts_at__gte=timezone.now(),
            )
        )
        .order_by("session__starts_at")
        .values_list("coach_id", "session__status", "session__starts_at", "session__kind")
    )
    for coach_id, status, starts_at, kind in seats:
        day = timezone.localdate(starts_at)
        if status == SupervisionSession.Status.HELD:
            last[coach_id] = (day, kind)  # ordered by time: the latest wins
        else:
            booked.setdefault(coach_id, day)
    started = dict(
        CoachSupervisorAssignment.objects.filter(
            coach_id__in=ids, ended_on__isnull=True
        ).values_list("coach_id", "started_on")
    )
    found = {}
    for coach in coaches:
        rule = cadence[coach.org_unit.path]
        held_on, kind = last.get(coach.pk, (None, ""))
        # Never supervised: due one interval after the coach supervisor was assigned.
        since = held_on or started.get(coach.pk) or today
        found[coach.pk] = SupervisionDue(
            coach_id=coach.pk,
            cadence=rule,
            last_held=held_on,
            last_kind=kind,
            due_on=since + timedelta(days=rule.every_days),
            next_kind=_next_kind(rule.pattern, kind),
            booked=booked.get(coach.pk),
            today=today,
        )
    return found


def overdue_for(
    *, viewer: Person, today: date | None = None
) -> list[tuple[Person, SupervisionDue]]:
    """The coaches the viewer follows whose supervision is overdue, most overdue first."""
    followed = list(
        coaches()
        .filter(supervision_overseen_coaches(viewer=viewer))
        .select_related("org_unit")
        .prefetch_related(current_assignments())
        .order_by("last_name", "first_name", "pk")
    )
    due = supervision_due(coaches=followed, today=today)
    rows = [(coach, due[coach.pk]) for coach in followed if due[coach.pk].overdue]
    return sorted(rows, key=lambda row: row[1].due_on)


# --- Sessions ---------------------------------------------------------------------------------


def supervision_sessions_for(*, viewer: Person) -> QuerySet[SupervisionSession]:
    """Sessions the viewer reads, newest first, with their coaches."""
    return (
        supervision_sessions_readable_by(viewer=viewer)
        .select_related("supervisor")
        .prefetch_related(
            Prefetch("attendees", queryset=SupervisionAttendee.objects.select_related("coach"))
        )
        .order_by("-starts_at", "-pk")
    )


def supervised_coaches(*, supervisor: Person) -> QuerySet[Person]:
    return (
        Person.objects.filter(pk__in=supervised_coach_ids(supervisor=supervisor))
        .select_related("org_unit")
        .order_by("last_name", "first_name", "pk")
    )


def supervision_facts(*, coach: Person) -> QuerySet[SupervisionAttendee]:
    """That supervision took place: the coach's seats (date, kind, status, whether they came),
    never the session's content. Newest first."""
    return (
        SupervisionAttendee.objects.filter(coach=coach)
        .select_related("session")
        .only(
            "attended",
            "coach_id",
            "session__starts_at",
            "session__kind",
            "session__status",
            "session__duration_minutes",
        )
        .order_by("-session__starts_at", "-pk")
    )
