"""Demo roundtables (seed 001: monthly coaching roundtables in a county; a statewide coaching
collaborative meeting every quarter). For an already-seeded demo database: a monthly county
roundtable per agency with the agency's coaches, a quarterly statewide collaborative with every
coach, past meetings with agendas and attendance, a shared link, one de-identified situation
brought for consultation, and the next meeting of each scheduled. Bounded: a fixed number of
bulk inserts whatever the number of coaches (600 in a state)."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from tandem.development.models import (
    Consultation,
    Roundtable,
    RoundtableAttendance,
    RoundtableMeeting,
    RoundtableResource,
)
from tandem.people.models import CoachProfile, OrgUnit, Person, Role, RoleAssignment

COUNTY_PAST, STATEWIDE_PAST = 3, 2
CAME = 0.75  # share of members at a past meeting
# Agendas in our own words, on the peer learning seed 001 describes.
AGENDAS = (
    "Opening round: one coaching moment that went well this month.\n"
    "Practice: asking scaling questions when a learner feels stuck.\n"
    "Situation for consultation, then what each of us will try.",
    "Check-in.\nTopic: keeping coaching apart from performance conversations.\n"
    "Role play in pairs; close with one take-away each.",
    "Welcome new coaches.\nTopic: agreeing action steps a learner owns.\n"
    "Sharing resources; dates for shadowing.",
)
CONSULTATION = (
    "A caseworker I coach keeps postponing our sessions after a hard week of visits. I am "
    "unsure whether to raise it directly or wait for them to bring it up."
)
LEARNING = (
    "Name the pattern gently and ask what would make the time feel useful; offer shorter "
    "sessions for a few weeks."
)
LINK = ("Reflective practice questions", "https://www.childwelfare.gov/")


def _at(day: date, hour: int = 14) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _weekday(day: date) -> date:
    """The day, or the Monday after it when it falls on a weekend."""
    return day + timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)


def roundtables_demo_seed(*, rng: random.Random, today: date) -> int:
    """Returns the number of rows made."""
    with transaction.atomic():
        return _seed(rng, today)


def _seed(rng: random.Random, today: date) -> int:
    steplen = OrgUnit.steplen
    state = OrgUnit.objects.filter(kind=OrgUnit.Kind.STATE).order_by("path").first()
    if state is None:
        return 0
    agencies = {
        unit.path: unit for unit in OrgUnit.objects.filter(kind=OrgUnit.Kind.AGENCY, depth=2)
    }
    coach_ids = set(
        CoachProfile.objects.filter(person__is_active=True).values_list("person_id", flat=True)
    )
    supervisor_ids = set(
        RoleAssignment.objects.filter(
            role=Role.COACH_SUPERVISOR, person__is_active=True
        ).values_list("person_id", flat=True)
    )
    lead = (
        RoleAssignment.objects.filter(role=Role.PROGRAM_LEAD, person__is_active=True)
        .order_by("scope__depth", "pk")
        .values_list("person_id", flat=True)
        .first()
    )
    people = list(
        Person.objects.filter(pk__in=coach_ids | supervisor_ids)
        .order_by("pk")
        .values_list("pk", "org_unit__path")
    )
    by_agency: dict[str, list[int]] = defaultdict(list)
    for pk, path in people:
        by_agency[path[: 2 * steplen]].append(pk)
    everyone = [pk for pk, _ in people]
    if not everyone:
        return 0

    def facilitator_of(members: list[int]) -> int:
        supervisors = [pk for pk in members if pk in supervisor_ids]
        return (supervisors or members)[0]

    plans: list[tuple[Roundtable, list[int], int]] = []  # roundtable, members, past meetings
    for path, members in sorted(by_agency.items()):
        agency = agencies.get(path)
        if agency is None or len(members) < 2:
            continue
        facilitator = facilitator_of(members)
        roundtable = Roundtable(
            name=f"{agency.name} coaching roundtable",
            level=Roundtable.Level.COUNTY,
            scope=agency,
            facilitator_id=facilitator,
            purpose="Coaches of the county learn from each other's practice once a month.",
            every_weeks=4,
            created_by_id=lead or facilitator,
        )
        plans.append((roundtable, members, COUNTY_PAST))
    facilitator = facilitator_of(everyone)
    plans.append(
        (
            Roundtable(
                name="Statewide coaching collaborative",
                level=Roundtable.Level.STATEWIDE,
                scope=state,
                facilitator_id=facilitator,
                purpose="Coaches from every county meet each quarter for group supervision "
                "and consultation.",
                every_weeks=13,
                created_by_id=lead or facilitator,
            ),
            everyone,
            STATEWIDE_PAST,
        )
    )
    roundtables = Roundtable.objects.bulk_create([plan[0] for plan in plans])
    through = Roundtable.members.through
    memberships = through.objects.bulk_create(
        [
            through(roundtable_id=rt.pk, person_id=pk)
            for rt, (_, members, _) in zip(roundtables, plans, strict=True)
            for pk in members
            if pk != rt.facilitator_id
        ],
        batch_size=2000,
    )
    meetings: list[RoundtableMeeting] = []
    for rt, (_, _, past) in zip(roundtables, plans, strict=True):
        # The next meeting in 3 to 20 days; the past ones whole cadences before it.
        upcoming = _weekday(today + timedelta(days=rng.randint(3, 20)))
        for k in range(past, -1, -1):
            day = upcoming - timedelta(weeks=rt.every_weeks * k)
            meetings.append(
                RoundtableMeeting(
                    roundtable_id=rt.pk,
                    starts_at=_at(day),
                    duration_minutes=90 if rt.level == Roundtable.Level.COUNTY else 180,
                    place="Video call" if rt.level == Roundtable.Level.STATEWIDE else "Room 2",
                    agenda=AGENDAS[(k + rt.pk) % len(AGENDAS)],
                )
            )
    meetings = RoundtableMeeting.objects.bulk_create(meetings)
    members_of = {rt.pk: plan[1] for rt, plan in zip(roundtables, plans, strict=True)}
    now = timezone.now()
    attendance = [
        RoundtableAttendance(meeting_id=m.pk, person_id=pk, attended=rng.random() < CAME)
        for m in meetings
        if m.starts_at < now
        for pk in members_of[m.roundtable_id]
    ]
    RoundtableAttendance.objects.bulk_create(attendance, batch_size=2000)
    resources = RoundtableResource.objects.bulk_create(
        [
            RoundtableResource(
                roundtable_id=rt.pk, title=LINK[0], url=LINK[1], added_by_id=rt.facilitator_id
            )
            for rt in roundtables
        ]
    )
    first_past = next((m for m in meetings if m.starts_at < now), None)
    consultations = 0
    if first_past is not None:
        Consultation.objects.create(
            meeting_id=first_past.pk,
            brought_by_id=members_of[first_past.roundtable_id][-1],
            situation=CONSULTATION,
            learning=LEARNING,
        )
        consultations = 1
    return (
        len(roundtables)
        + len(memberships)
        + len(meetings)
        + len(attendance)
        + len(resources)
        + consultations
    )
