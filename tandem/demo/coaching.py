"""Made-up coaching engagements, sessions and notes on top of a seeded organization.

Runs after the people are written. Deterministic for a seed. Each coach takes a few learners
from their own agency who are not above them and whom they do not supervise; the demo
coach account coaches the demo learner account, whose engagement has every kind of record
and shares attendance and progress summaries with the supervisor.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from itertools import cycle
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Max, Min, Q
from django.utils import timezone

from tandem.agreements.demo import agreement_in_force_create, agreements_bulk_create
from tandem.coaching.models import CoachingSession, Engagement, Note
from tandem.demo.notes import (
    SEED_DAY,
    TEXTS,
    note_written_at,
    weekday_after,
    weekday_before,
)
from tandem.enrollment.models import Campaign, CoachingRequest
from tandem.people.models import CoachProfile, OrgUnit, Person, Role, RoleAssignment
from tandem.privacy.categories import Category, Party
from tandem.questionbank.models import CoachingModel
from tandem.rows import db_value, own_timestamps, rows_insert

SUPERVISOR_SHARES = {Party.SUPERVISOR: [Category.ATTENDANCE, Category.PROGRESS_SUMMARY]}


def _note(engagement: Engagement, author: Person, kind: str, text: str, *, at: datetime) -> Note:
    return Note(
        engagement=engagement,
        author=author,
        kind=kind,
        category=Note.CATEGORY_OF_KIND[kind],
        body=text,
        created_at=at,
        updated_at=at,
    )


def _agency_of(unit_path: str) -> str:
    return unit_path[: 2 * OrgUnit.steplen]


# Sessions per coach to reach with past (closed) engagements, by scale. At state scale 600
# coaches x 250 = 150,000 sessions: about two years of a full caseload of learners. Other
# scales keep only the current engagements (small demo; state10 stays quick to build).
HISTORY_SESSIONS_PER_COACH: dict[str, int] = {"state": 250}

FOCUSES = (
    "Family engagement",
    "Safety planning",
    "Solution-focused questions",
    "Court preparation",
    "Managing a heavy caseload",
)
ROOMS = ("Room 2B", "Small conference room", "Coach's office", "Family room, 1st floor")


_SESSION_COLUMNS = (
    "engagement_id",
    "purpose",
    "starts_at",
    "duration_minutes",
    "status",
    "modality",
    "place",
    "role",
    "resilience_sessions",
    "resilience_tools",
    "sequence",
    "changed_at",
)
_NOTE_COLUMNS = (
    "engagement_id",
    "author_id",
    "kind",
    "category",
    "body",
    "created_at",
    "updated_at",
)


def _session(
    rng: random.Random, engagement: Engagement, day: date, hour: int, today: date, zone: ZoneInfo
) -> tuple:
    if day >= today:
        status = CoachingSession.Status.SCHEDULED
    else:
        roll = rng.random()
        status = (
            CoachingSession.Status.HELD
            if roll > 0.12
            else (
                CoachingSession.Status.NO_SHOW if roll > 0.05 else CoachingSession.Status.CANCELLED
            )
        )
    video = engagement.kind == Engagement.Kind.ONLINE or rng.random() < 0.3
    starts = datetime.combine(day, time(hour), tzinfo=zone)
    place = f"https://video.example.test/{rng.randrange(16**8):08x}" if video else rng.choice(ROOMS)
    return (
        engagement.pk,
        CoachingSession.Purpose.COACHING.value,
        db_value(starts),
        rng.choice((30, 45, 60, 60)),
        status.value,
        (CoachingSession.Modality.VIDEO if video else CoachingSession.Modality.IN_PERSON).value,
        place,
        "",
        "",
        "",
        0,
        db_value(starts - timedelta(days=14)),
    )


def _current_course(
    rng: random.Random, today: date, contract_end: date | None, quiet: Iterator[bool]
) -> tuple[date, date | None, list[date]]:
    """Start, end (None while active) and session days of one engagement of the current round:
    the program is in its fourth month, so coaching started within the last 120 days.

    Sessions are two weeks apart (the agreements say "Every two weeks"). Active coaching has
    its next two sessions booked; one in six engagements two months in (`quiet`) has gone quiet
    for 24-40 days, longer than the interval and grace the stalled check allows
    (lifecycle/stalled.py). A coach whose contract has ended coaches nobody now: their
    engagements closed before it ended."""
    if contract_end is not None or rng.random() < 0.15:
        end_by = contract_end or today
        count = rng.randint(5, 7)
        started = weekday_before(end_by - timedelta(days=14 * (count - 1) + rng.randint(10, 25)))
        days = [started + timedelta(weeks=2 * week) for week in range(count)]
        return started, days[-1] + timedelta(days=7), days
    started = weekday_before(today - timedelta(days=rng.randint(14, 118)))
    days, day = [], started
    while day < today:
        days.append(day)
        day += timedelta(weeks=2)
    if started <= today - timedelta(days=60) and next(quiet):
        last = today - timedelta(days=rng.randint(24, 40))
        return started, None, [d for d in days if d <= last]
    # Never today (whether today's session happened is not known yet): the next two, booked.
    day = weekday_after(max(day, today + timedelta(days=1)))
    return started, None, [*days, day, day + timedelta(weeks=2)]


def engagements_seed(
    *, seed: int, per_coach: int = 3, today: date | None = None, scale: str = "demo"
) -> int:
    """Create engagements for every coach; returns how many. Bulk writes only.

    Each coach gets up to `per_coach` current learners; at scales listed in
    HISTORY_SESSIONS_PER_COACH, also past engagements (closed, agreement ended) until the
    coach's sessions reach the figure there. A coach whose contract has ended stops
    accepting learners, and their learners' coaching closed by the end of the contract."""
    rng = random.Random(seed)
    today = today or SEED_DAY
    zone = ZoneInfo(settings.TIME_ZONE)
    history_target = HISTORY_SESSIONS_PER_COACH.get(scale, 0)
    model_ids = list(
        CoachingModel.objects.filter(retired=False).order_by("pk").values_list("pk", flat=True)
    )
    coaches = list(
        CoachProfile.objects.filter(person__is_active=True)
        .select_related("person__org_unit")
        .order_by("pk")
    )
    ended_contracts = [c.pk for c in coaches if c.contract_end and c.contract_end < today]
    CoachProfile.objects.filter(pk__in=ended_contracts).update(accepting_learners=False)
    coach_ids = {c.person_id for c in coaches}
    pool: dict[str, list[Person]] = {}
    # The demo learner account's coaching is demo_engagement_ensure's, with the demo coach. The
    # coach supervisor account rates and supervises the coaches, so none of them coaches it (a
    # learner never rates their own coach's practice).
    people = Person.objects.filter(is_active=True).exclude(
        Q(user__email__startswith="learner@") | Q(user__email__startswith="coach-supervisor@")
    )
    for person in people.select_related("org_unit").order_by("pk"):
        if person.pk not in coach_ids:
            pool.setdefault(_agency_of(person.org_unit.path), []).append(person)
    supervisor_of = dict(Person.objects.values_list("pk", "supervisor_id"))

    chains: dict[int, set[int]] = {}

    def above(person_id: int) -> set[int]:
        if person_id not in chains:
            chain, current = set(), supervisor_of.get(person_id)
            while current is not None and current not in chain:
                chain.add(current)
                current = supervisor_of.get(current)
            chains[person_id] = chain
        return chains[person_id]

    def engagement_for(
        coach: Person, learner: Person, started: date, closed: bool, supportive: bool = False
    ) -> Engagement:
        online = rng.random() < 0.1
        if supportive:
            kind = Engagement.Kind.SUPPORTIVE_SUPERVISION
        else:
            kind = Engagement.Kind.ONLINE if online else Engagement.Kind.INDIVIDUAL
        return Engagement(
            learner=learner,
            coach=coach,
            kind=kind,
            purpose=rng.choice(Engagement.Purpose.values),
            model_id=rng.choice(model_ids) if model_ids else None,
            status=Engagement.Status.CLOSED if closed else Engagement.Status.ACTIVE,
            focus=rng.choice(FOCUSES),
            started_on=started,
            # Taken on when the coach accepted the match, a week before coaching started.
            created_at=datetime.combine(started - timedelta(days=7), time(11), tzinfo=zone),
        )

    taken: set[int] = set()
    quiet = cycle((False, False, True, False, False, False))
    engagements: list[Engagement] = []
    history: set[int] = set()  # indexes in `engagements` of past engagements (before the round)
    # Session dates per engagement, decided with the engagement (index in `engagements`).
    plans: list[list[date]] = []
    for profile in coaches:
        coach = profile.person
        contract_end = profile.contract_end if profile.pk in ended_contracts else None
        # Never the learner's own supervisor or anyone above them (DOMAIN.md §4 step 3),
        # except supportive supervision, which a supervisor holds with their own team (seed 002).
        supportive = profile.coach_type == CoachProfile.CoachType.SUPPORTIVE_SUPERVISOR
        colleagues = pool.get(_agency_of(coach.org_unit.path), [])
        if supportive:
            eligible = [p for p in colleagues if p.supervisor_id == coach.pk]
        else:
            eligible = [p for p in colleagues if coach.pk not in above(p.pk)]
        candidates = [p for p in eligible if p.pk not in taken]
        sessions_of_coach = 0
        for learner in rng.sample(candidates, min(per_coach, len(candidates), profile.capacity)):
            taken.add(learner.pk)
            started, ended, days = _current_course(rng, today, contract_end, quiet)
            engagement = engagement_for(
                coach, learner, started, closed=ended is not None, supportive=supportive
            )
            engagement.ended_on = ended
            engagements.append(engagement)
            plans.append(days)
            sessions_of_coach += len(days)
        # Past engagements, each closed before today, until the coach's history is full.
        while eligible and sessions_of_coach < history_target:
            learner = rng.choice(eligible)
            count = rng.randint(16, 40)
            step = rng.choice((1, 2, 2))
            started = today - timedelta(days=rng.randint(count * 7 * step + 30, 900))
            engagement = engagement_for(coach, learner, started, closed=True, supportive=supportive)
            days = [started + timedelta(weeks=step * week) for week in range(count)]
            engagement.ended_on = days[-1] + timedelta(days=7)
            history.add(len(engagements))
            engagements.append(engagement)
            plans.append(days)
            sessions_of_coach += count
    with own_timestamps(Engagement):
        created = Engagement.objects.bulk_create(engagements, batch_size=1000)
    learners = {p.pk: p for people in pool.values() for p in people}
    coaches_by_pk = {c.person_id: c.person for c in coaches}
    sessions: list[tuple] = []
    notes: list[tuple] = []
    agreements: list[tuple[Engagement, dict, bool]] = []
    for number, (engagement, days) in enumerate(zip(created, plans, strict=True)):
        engagement.learner = learners[engagement.learner_id]
        engagement.coach = coaches_by_pk[engagement.coach_id]
        for index, day in enumerate(days):
            sessions.append(_session(rng, engagement, day, 9 + index % 6, today, zone))
        closed = engagement.status == Engagement.Status.CLOSED
        current = number not in history
        for kind, texts in TEXTS.items():
            if kind == Note.Kind.CLOSING_SUMMARY and not closed:
                continue
            if not current and kind not in (Note.Kind.SESSION_SUMMARY, Note.Kind.CLOSING_SUMMARY):
                continue  # past engagements keep only their summaries
            author = engagement.learner if kind == Note.Kind.LEARNER_JOURNAL else engagement.coach
            category = Note.CATEGORY_OF_KIND[kind].value
            written = db_value(note_written_at(rng, kind, days, engagement.ended_on, today, zone))
            row = (engagement.pk, author.pk, str(kind), category, rng.choice(texts))
            notes.append((*row, written, written))
        shares = SUPERVISOR_SHARES if rng.random() < 0.6 else {}
        # A closed engagement's agreement has ended: it shares nothing any more.
        agreements.append((engagement, shares, closed))
    rows_insert(CoachingSession._meta.db_table, _SESSION_COLUMNS, sessions)
    rows_insert(Note._meta.db_table, _NOTE_COLUMNS, notes)
    agreements_bulk_create(items=agreements)
    return len(created)


def past_cohort_seed(*, seed: int, count: int = 28, today: date | None = None) -> list[int]:
    """The pilot cohort: engagements that closed in the year before `today`, before the current
    round began (130 to 330 days ago), so the evaluation pages have enough people behind each
    figure (docs/EVALUATION.md hides figures about fewer than 11). Their learners and coaches
    are staff without a demo sign-in, so the demo accounts' own pages stay as they were; a
    coach coached within their contract. Goals, ratings and requests follow from goals_seed
    and enrollment_seed."""
    rng = random.Random(seed * 104_729 + 3)
    today = today or SEED_DAY
    zone = ZoneInfo(settings.TIME_ZONE)
    coaches = list(
        Person.objects.filter(coach_profile__isnull=False, is_active=True, user__isnull=True)
        .select_related("org_unit", "coach_profile")
        .order_by("pk")
    )
    learners = list(
        Person.objects.filter(is_active=True, user__isnull=True, coach_profile__isnull=True)
        .exclude(direct_reports__isnull=False)
        .order_by("pk")
    )
    if not coaches or not learners:
        return []
    model_ids = list(
        CoachingModel.objects.filter(retired=False).order_by("pk").values_list("pk", flat=True)
    )
    engagements, plans = [], []
    for learner in rng.sample(learners, min(count, len(learners))):
        ended = today - timedelta(days=rng.randint(130, 330))
        held = rng.randint(6, 12)
        started = weekday_before(ended - timedelta(weeks=2 * held))
        allowed = [
            c
            for c in coaches
            if c.pk != learner.supervisor_id and _under_contract(c.coach_profile, started, ended)
        ]
        coach = rng.choice(allowed or coaches)
        kind = Engagement.Kind.ONLINE if rng.random() < 0.1 else Engagement.Kind.INDIVIDUAL
        engagements.append(
            Engagement(
                learner=learner,
                coach=coach,
                kind=kind,
                purpose=rng.choice(Engagement.Purpose.values),
                model_id=rng.choice(model_ids) if model_ids else None,
                status=Engagement.Status.CLOSED,
                focus=rng.choice(FOCUSES),
                started_on=started,
                ended_on=ended,
                created_at=datetime.combine(started - timedelta(days=7), time(11), tzinfo=zone),
            )
        )
        plans.append([started + timedelta(weeks=2 * week) for week in range(held)])
    with own_timestamps(Engagement):
        created = Engagement.objects.bulk_create(engagements)
    sessions = [
        _session(rng, engagement, day, 9 + index % 6, today, zone)
        for engagement, days in zip(created, plans, strict=True)
        for index, day in enumerate(days)
    ]
    rows_insert(CoachingSession._meta.db_table, _SESSION_COLUMNS, sessions)
    for engagement in created:
        engagement.learner = next(p for p in learners if p.pk == engagement.learner_id)
        engagement.coach = next(p for p in coaches if p.pk == engagement.coach_id)
    # Their agreements ended with the coaching: they share nothing any more.
    agreements_bulk_create(items=[(engagement, {}, True) for engagement in created])
    return [engagement.pk for engagement in created]


def _under_contract(profile: CoachProfile, started: date, ended: date) -> bool:
    """Whether a coach's contract (external coaches have one) covers the whole coaching."""
    if profile.contract_start is not None and profile.contract_start > started:
        return False
    return profile.contract_end is None or profile.contract_end >= ended


def past_cohort_campaign(*, engagement_ids: list[int]) -> Campaign | None:
    """The pilot cohort came through one program cohort: its requests (made by enrollment_seed)
    point to it, so the evaluation's cohort filter has something to show. It was open from
    two months before the first of them started until the last started."""
    first = CoachingRequest.objects.filter(engagement_id__in=engagement_ids).first()
    lead = RoleAssignment.objects.filter(role=Role.PROGRAM_LEAD).order_by("pk").first()
    if first is None or lead is None:
        return None
    starts = Engagement.objects.filter(pk__in=engagement_ids).aggregate(
        first=Min("started_on"), last=Max("started_on")
    )
    opens_on = starts["first"] - timedelta(days=60)
    agency = OrgUnit.objects.filter(kind=OrgUnit.Kind.AGENCY).order_by("path").first()
    with own_timestamps(Campaign):
        campaign = Campaign.objects.create(
            name="Pilot cohort",
            kind=Campaign.Kind.COHORT,
            description="The agency's pilot: its first coached caseworkers and supervisors.",
            scope=agency or first.learner.org_unit,
            opens_on=opens_on,
            closes_on=starts["last"],
            created_by_id=lead.person_id,
            created_at=timezone.make_aware(datetime.combine(opens_on, time(9))),
        )
    CoachingRequest.objects.filter(engagement_id__in=engagement_ids).update(campaign=campaign)
    return campaign


def demo_engagement_ensure(
    *, learner: Person, coach: Person, today: date | None = None
) -> Engagement:
    """The demo learner's coaching with the demo coach, ten weeks in, with every kind of
    record, sharing attendance and progress summaries with the learner's supervisor."""
    today = today or SEED_DAY
    zone = ZoneInfo(settings.TIME_ZONE)
    started = weekday_before(today - timedelta(days=70))
    Engagement.objects.filter(learner=learner).exclude(coach=coach).update(
        status=Engagement.Status.CLOSED
    )
    with own_timestamps(Engagement):
        engagement, _ = Engagement.objects.get_or_create(
            learner=learner,
            coach=coach,
            defaults={
                "status": Engagement.Status.ACTIVE,
                "focus": "Using solution-focused questions in staffings",
                "purpose": Engagement.Purpose.SKILLS,
                "model": CoachingModel.objects.filter(code="grow").first(),
                "started_on": started,
                "created_at": datetime.combine(started - timedelta(days=7), time(11), zone),
            },
        )
    if engagement.notes.exists():
        return engagement
    first_day = engagement.started_on or started
    past = [first_day + timedelta(weeks=2 * i) for i in range(5)]
    # The next two sessions are booked (never today: whether it took place is not known yet).
    coming = [weekday_after(today + timedelta(days=2))]
    coming.append(coming[0] + timedelta(weeks=2))
    Status = CoachingSession.Status
    CoachingSession.objects.bulk_create(
        CoachingSession(
            engagement=engagement,
            starts_at=datetime.combine(day, time(10), tzinfo=zone),
            # One session was called off (a court date); the others took place.
            status=Status.SCHEDULED if day > today else Status.CANCELLED if i == 2 else Status.HELD,
            duration_minutes=60,
            modality=CoachingSession.Modality.IN_PERSON,
            place="Room 2B, North office",
            changed_at=datetime.combine(day - timedelta(days=14), time(12), tzinfo=zone),
        )
        for i, day in enumerate(past + coming)
    )
    rng = random.Random(engagement.pk)
    held = [d for i, d in enumerate(past) if i != 2]
    with own_timestamps(Note):
        Note.objects.bulk_create(
            _note(
                engagement,
                learner if kind == Note.Kind.LEARNER_JOURNAL else coach,
                kind,
                texts[0],
                at=note_written_at(rng, kind, held, None, today, zone),
            )
            for kind, texts in TEXTS.items()
            if kind != Note.Kind.CLOSING_SUMMARY
        )
    agreement_in_force_create(
        engagement=engagement,
        shares=SUPERVISOR_SHARES,
        at=datetime.combine(started - timedelta(days=5), time(16), zone),
    )
    return engagement
