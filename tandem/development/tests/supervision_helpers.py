"""A small agency for the supervision tests: a coach with a line manager (who also holds the
coach supervisor role, so choosing them is refused rather than impossible), a second coach,
their coach supervisor, a replacement, a coach supervisor and a program lead from the other
county, and sessions whose content carries markers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from tandem.development.models import (
    CoachSupervisorAssignment,
    Consultation,
    SupervisionAttendee,
    SupervisionSession,
)
from tandem.people.models import OrgUnit, Person, Role
from tandem.people.tests.factories import make_tree, person_with_account

NOTES = "SUPV-notes-marker"
NEXT = "SUPV-next-marker"
SITUATION = "SUPV-situation-marker"
GROUP_NOTES = "SUPV-group-notes-marker"
MARKERS = (NOTES, NEXT, SITUATION)


@dataclass
class SupervisionWorld:
    tree: dict[str, OrgUnit]
    people: dict[str, Person]
    sessions: dict[str, SupervisionSession] = field(default_factory=dict)


def session_make(
    supervisor: Person,
    coaches: list[Person],
    *,
    days_ago: int,
    kind: str = SupervisionSession.Kind.INDIVIDUAL,
    status: str = SupervisionSession.Status.HELD,
    notes: str = "",
    next_steps: str = "",
) -> SupervisionSession:
    session = SupervisionSession.objects.create(
        supervisor=supervisor,
        kind=kind,
        status=status,
        starts_at=timezone.now() - timedelta(days=days_ago),
        notes=notes,
        next_steps=next_steps,
        created_by=supervisor,
    )
    held = status == SupervisionSession.Status.HELD
    SupervisionAttendee.objects.bulk_create(
        SupervisionAttendee(session=session, coach=c, attended=True if held else None)
        for c in coaches
    )
    return session


def assign(coach: Person, supervisor: Person, days_ago: int = 60) -> CoachSupervisorAssignment:
    return CoachSupervisorAssignment.objects.create(
        coach=coach, supervisor=supervisor, started_on=timezone.localdate() - timedelta(days_ago)
    )


def build_supervision_world() -> SupervisionWorld:
    tree = make_tree()
    p: dict[str, Person] = {}

    def person(key: str, roles: tuple[str, ...], unit: str, **kwargs: object) -> Person:
        p[key] = person_with_account(
            roles=roles, org_unit=tree[unit], last_name=key.title().replace("_", ""), **kwargs
        )
        return p[key]

    person("program_lead", (Role.PROGRAM_LEAD,), "north_office")
    person("line_manager", (Role.SUPERVISOR, Role.COACH_SUPERVISOR), "ongoing")
    person("coach", (Role.COACH,), "ongoing", supervisor=p["line_manager"])
    person("coach2", (Role.COACH,), "ongoing")
    person("other_coach", (Role.COACH,), "permanency")
    person("csup", (Role.COACH_SUPERVISOR,), "north_office")
    person("csup2", (Role.COACH_SUPERVISOR,), "north_office")
    person("other_csup", (Role.COACH_SUPERVISOR,), "south_office")
    person("south_lead", (Role.PROGRAM_LEAD,), "south_office")
    assign(p["coach"], p["csup"])
    assign(p["coach2"], p["csup"])
    individual = session_make(p["csup"], [p["coach"]], days_ago=5, notes=NOTES, next_steps=NEXT)
    Consultation.objects.create(supervision=individual, brought_by=p["coach"], situation=SITUATION)
    group = session_make(
        p["csup"],
        [p["coach"], p["coach2"]],
        days_ago=19,
        kind=SupervisionSession.Kind.GROUP,
        notes=GROUP_NOTES,
    )
    return SupervisionWorld(tree, p, {"individual": individual, "group": group})
