"""Made-up coach supervision for the demo agency (issue #17 item 1): every coach supervisor
takes the coaches in their scope (never one they manage or who manages them), with twelve
weeks of biweekly supervision alternating group and individual (seed 001), attendance and
short notes; the demo coach supervisor has one session booked and one coach overdue.
Deterministic for a seed; bulk inserts only, a few queries per coach supervisor."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from tandem.development.models import (
    CoachSupervisorAssignment,
    Consultation,
    SupervisionAttendee,
    SupervisionSession,
)
from tandem.development.selectors_supervision import coaches
from tandem.people.models import Person, Role, RoleAssignment
from tandem.people.selectors import all_reports_ids, chain_of_command_ids
from tandem.rows import own_timestamps

DEMO_COACH_SUPERVISOR = "coach-supervisor@demo.tandem.test"
DEMO_COACH = "coach@demo.tandem.test"
MOST_COACHES = 10  # per coach supervisor
ROUNDS = 6  # biweekly, so twelve weeks back

# Our own words; no names, no case details.
NOTES = (
    "Talked through a session where the learner went quiet; tried naming the silence.",
    "Reviewed how the coach opens sessions; agreed to start from the learner's own agenda.",
    "Looked at a scaling question that stalled and other ways to ask it.",
    "Practised giving feedback with the feedback ladder.",
    "Reflected on keeping coaching apart from performance talk with a learner's supervisor.",
    "Shared what worked when a learner cancelled twice in a row.",
)
NEXT_STEPS = (
    "Try one open question before offering any idea.",
    "Write a short reflection after the next two sessions.",
    "Bring a recording (with consent) to the next group session.",
    "Check the agreement's session frequency with the learner.",
)
SITUATIONS = (
    "A learner keeps asking me what they should do, and I notice I want to tell them.",
    "A learner's goal changed after a difficult week in the unit, and I am not sure whether "
    "to revisit the agreement.",
)


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _email(person: Person) -> str:
    return person.user.email if person.user is not None else ""


def _pairs(today: date) -> list[tuple[Person, list[Person]]]:
    """Each coach supervisor (the demo account first) with the coaches they take on."""
    supervisors = sorted(
        Person.objects.filter(
            is_active=True,
            pk__in=RoleAssignment.objects.filter(role=Role.COACH_SUPERVISOR).values("person_id"),
        ).select_related("user"),
        key=lambda p: (_email(p) != DEMO_COACH_SUPERVISOR, p.pk),
    )
    scopes: dict[int, list[str]] = {}
    for person_id, path in RoleAssignment.objects.filter(
        role=Role.COACH_SUPERVISOR, person__in=supervisors
    ).values_list("person_id", "scope__path"):
        scopes.setdefault(person_id, []).append(path)
    taken = set(
        CoachSupervisorAssignment.objects.filter(ended_on__isnull=True).values_list(
            "coach_id", flat=True
        )
    )
    everyone = sorted(
        coaches().exclude(pk__in=taken).select_related("org_unit", "user"),
        key=lambda p: (_email(p) != DEMO_COACH, p.pk),
    )
    pairs: list[tuple[Person, list[Person]]] = []
    for supervisor in supervisors:
        # Never the line of management, in either direction (APECS).
        line = set(chain_of_command_ids(person_id=supervisor.pk)) | all_reports_ids(
            person_id=supervisor.pk
        )
        mine = [
            c
            for c in everyone
            if c.pk not in taken
            and c.pk != supervisor.pk
            and c.pk not in line
            and any(c.org_unit.path.startswith(p) for p in scopes.get(supervisor.pk, []))
        ][:MOST_COACHES]
        taken |= {c.pk for c in mine}
        if mine:
            pairs.append((supervisor, mine))
    return pairs


def supervision_demo_seed(*, rng: random.Random, today: date) -> int:
    """Assignments, past sessions with attendance and notes, one booked session, one overdue
    coach. Returns the number of rows made."""
    pairs = _pairs(today)
    assignments = [
        CoachSupervisorAssignment(
            coach=coach,
            supervisor=supervisor,
            started_on=today - timedelta(days=7 * 2 * ROUNDS + 14),
            created_at=_at(today - timedelta(days=7 * 2 * ROUNDS + 14), 9),
        )
        for supervisor, mine in pairs
        for coach in mine
    ]
    sessions: list[SupervisionSession] = []
    seats: list[tuple[int, list[Person], bool]] = []  # session index, coaches, held
    for n, (supervisor, mine) in enumerate(pairs):
        # The demo coach supervisor's last coach has had no supervision for four weeks.
        overdue = mine[-1] if n == 0 and len(mine) > 1 else None
        for k in range(1, ROUNDS + 1):
            week_start = today - timedelta(days=14 * k)
            group = k % 2 == 1
            rounds = [mine] if group else [[c] for c in mine]
            for i, seated in enumerate(rounds):
                seated = [c for c in seated if not (overdue and c == overdue and k <= 2)]
                if len(seated) < (2 if group else 1):
                    continue
                # Individual sessions spread over the week, two a day (one supervisor cannot
                # be in two places at 2 pm).
                day, hour = (1, 10) if group else (1 + i // 2 % 4, 13 + 2 * (i % 2))
                starts_at = _at(week_start + timedelta(days=day), hour)
                sessions.append(
                    SupervisionSession(
                        supervisor=supervisor,
                        kind=SupervisionSession.Kind.GROUP
                        if group
                        else SupervisionSession.Kind.INDIVIDUAL,
                        status=SupervisionSession.Status.HELD,
                        starts_at=starts_at,
                        duration_minutes=90 if group else 60,
                        place="Training room" if group else "Video call",
                        notes=rng.choice(NOTES),
                        next_steps=rng.choice(NEXT_STEPS),
                        created_by=supervisor,
                        created_at=starts_at - timedelta(days=10),
                    )
                )
                seats.append((len(sessions) - 1, seated, True))
        if n == 0:
            upcoming = _at(today + timedelta(days=3), 14)
            sessions.append(
                SupervisionSession(
                    supervisor=supervisor,
                    kind=SupervisionSession.Kind.INDIVIDUAL,
                    starts_at=upcoming,
                    place="Video call",
                    created_by=supervisor,
                    created_at=_at(today - timedelta(days=2), 9),
                )
            )
            seats.append((len(sessions) - 1, [mine[0]], False))
    recent = _at(today - timedelta(days=30), 0)
    with own_timestamps(CoachSupervisorAssignment, SupervisionSession, Consultation):
        CoachSupervisorAssignment.objects.bulk_create(assignments)
        SupervisionSession.objects.bulk_create(sessions)
        attendees = [
            SupervisionAttendee(
                session=sessions[index],
                coach=coach,
                # Most coaches come; in an older group session now and then one could not.
                attended=(rng.random() > 0.15 or sessions[index].starts_at > recent)
                if held
                else None,
            )
            for index, seated, held in seats
            for coach in seated
        ]
        SupervisionAttendee.objects.bulk_create(attendees)
        consultations = [
            Consultation(
                supervision=sessions[index],
                brought_by=seated[0],
                situation=rng.choice(SITUATIONS),
                learning="Ask what the learner has already tried before anything else.",
                created_at=sessions[index].starts_at - timedelta(days=1),
            )
            for index, seated, held in seats[:6]
            if held and len(seated) == 1
        ]
        Consultation.objects.bulk_create(consultations)
    return len(assignments) + len(sessions) + len(attendees) + len(consultations)
