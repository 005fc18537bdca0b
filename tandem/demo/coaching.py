"""Made-up coaching engagements, sessions and notes on top of a seeded organization.

Runs after the people are written. Deterministic for a seed. Each coach takes a few learners
from their own agency who are not above them and whom they do not supervise; the demo
coach account coaches the demo learner account, whose engagement has every kind of record
and shares attendance and progress summaries with the supervisor.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from tandem.agreements.demo import agreements_bulk_create, shares_set
from tandem.coaching.models import CoachingSession, Engagement, Note
from tandem.enrollment.models import Campaign, CoachingRequest
from tandem.people.models import CoachProfile, OrgUnit, Person, Role, RoleAssignment
from tandem.privacy.categories import Category, Party
from tandem.questionbank.models import CoachingModel
from tandem.rows import db_value, rows_insert

SUPERVISOR_SHARES = {Party.SUPERVISOR: [Category.ATTENDANCE, Category.PROGRESS_SUMMARY]}

# Note texts in plain words; no child or family identifiers, as coaching records should hold.
TEXTS: dict[str, tuple[str, ...]] = {
    Note.Kind.COACH_JOURNAL: (
        "Learner seemed tired today; keep the next session short and concrete.",
        "I talked more than I listened. Next time: ask, then wait.",
        "Pattern: confident on the phone, hesitant in person. Explore what differs.",
    ),
    Note.Kind.LEARNER_JOURNAL: (
        "Tried the scaling question in a home visit. It felt awkward but the parent answered.",
        "I noticed I rush to solutions when a parent is upset. Want to slow down.",
        "Good week. Used the three-houses tool twice and it opened up the conversation.",
    ),
    Note.Kind.SESSION_SUMMARY: (
        "Reviewed last week's visit. Practised opening with strengths. Agreed to try it twice.",
        "Role-played a hard conversation about safety planning. Learner led the second round.",
        "Looked at what made the family meeting go well and how to repeat it.",
    ),
    Note.Kind.ACTION_STEP: (
        "Use one solution-focused question in each formal staffing this week.",
        "Write three lines of reflection after each home visit.",
        "Ask the supervisor for 15 minutes to debrief the court preparation.",
    ),
    Note.Kind.PROGRESS_SUMMARY: (
        "Steady progress: uses strengths-based openings in most visits and logs each one.",
        "Early days. Attendance is regular and the first goal is set.",
    ),
    Note.Kind.CLOSING_SUMMARY: (
        "Goals met as expected. Learner plans to keep a monthly reflection with the supervisor.",
    ),
}


def _note(engagement: Engagement, author: Person, kind: str, text: str) -> Note:
    return Note(
        engagement=engagement,
        author=author,
        kind=kind,
        category=Note.CATEGORY_OF_KIND[kind],
        body=text,
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


def engagements_seed(
    *, seed: int, per_coach: int = 3, today: date | None = None, scale: str = "demo"
) -> int:
    """Create engagements for every coach; returns how many. Bulk writes only.

    Each coach gets up to `per_coach` current learners; at scales listed in
    HISTORY_SESSIONS_PER_COACH, also past engagements (closed, agreement ended) until the
    coach's sessions reach the figure there."""
    rng = random.Random(seed)
    today = today or date(2026, 11, 1)
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
    coach_ids = {c.person_id for c in coaches}
    pool: dict[str, list[Person]] = {}
    for person in Person.objects.filter(is_active=True).select_related("org_unit").order_by("pk"):
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

    def engagement_for(coach: Person, learner: Person, started: date, closed: bool) -> Engagement:
        return Engagement(
            learner=learner,
            coach=coach,
            kind=Engagement.Kind.ONLINE if rng.random() < 0.1 else Engagement.Kind.INDIVIDUAL,
            purpose=rng.choice(Engagement.Purpose.values),
            model_id=rng.choice(model_ids) if model_ids else None,
            status=Engagement.Status.CLOSED if closed else Engagement.Status.ACTIVE,
            focus=rng.choice(FOCUSES),
            started_on=started,
        )

    taken: set[int] = set()
    engagements: list[Engagement] = []
    # Session dates per engagement, decided with the engagement (index in `engagements`).
    plans: list[list[date]] = []
    for profile in coaches:
        coach = profile.person
        # Never the learner's own supervisor or anyone above them (DOMAIN.md §4 step 3).
        eligible = [
            p for p in pool.get(_agency_of(coach.org_unit.path), []) if coach.pk not in above(p.pk)
        ]
        candidates = [p for p in eligible if p.pk not in taken]
        sessions_of_coach = 0
        for learner in rng.sample(candidates, min(per_coach, len(candidates), profile.capacity)):
            taken.add(learner.pk)
            started = today - timedelta(days=rng.randint(20, 200))
            closed = rng.random() < 0.15
            engagement = engagement_for(coach, learner, started, closed)
            days = [started + timedelta(weeks=2 * week) for week in range(rng.randint(2, 6))]
            engagement.ended_on = started + timedelta(days=120) if closed else None
            engagements.append(engagement)
            plans.append(days)
            sessions_of_coach += len(days)
        # Past engagements, each closed before today, until the coach's history is full.
        while eligible and sessions_of_coach < history_target:
            learner = rng.choice(eligible)
            count = rng.randint(16, 40)
            step = rng.choice((1, 2, 2))
            started = today - timedelta(days=rng.randint(count * 7 * step + 30, 900))
            engagement = engagement_for(coach, learner, started, closed=True)
            days = [started + timedelta(weeks=step * week) for week in range(count)]
            engagement.ended_on = days[-1] + timedelta(days=7)
            engagements.append(engagement)
            plans.append(days)
            sessions_of_coach += count
    created = Engagement.objects.bulk_create(engagements, batch_size=1000)
    learners = {p.pk: p for people in pool.values() for p in people}
    coaches_by_pk = {c.person_id: c.person for c in coaches}
    sessions: list[tuple] = []
    notes: list[tuple] = []
    written = db_value(timezone.now())
    agreements: list[tuple[Engagement, dict, bool]] = []
    for engagement, days in zip(created, plans, strict=True):
        engagement.learner = learners[engagement.learner_id]
        engagement.coach = coaches_by_pk[engagement.coach_id]
        for index, day in enumerate(days):
            sessions.append(_session(rng, engagement, day, 9 + index % 6, today, zone))
        closed = engagement.status == Engagement.Status.CLOSED
        current = not closed or (engagement.ended_on and engagement.ended_on > today)
        for kind, texts in TEXTS.items():
            if kind == Note.Kind.CLOSING_SUMMARY and not closed:
                continue
            if not current and kind not in (Note.Kind.SESSION_SUMMARY, Note.Kind.CLOSING_SUMMARY):
                continue  # past engagements keep only their summaries
            author = engagement.learner if kind == Note.Kind.LEARNER_JOURNAL else engagement.coach
            category = Note.CATEGORY_OF_KIND[kind].value
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
    """Engagements that closed in the year before `today`, so the evaluation pages have enough
    people behind each figure (docs/EVALUATION.md hides figures about fewer than 11). Their
    learners and coaches are staff without a demo sign-in, so the demo accounts' own pages stay
    as they were. Goals, ratings and requests follow from goals_seed and enrollment_seed."""
    rng = random.Random(seed * 104_729 + 3)
    today = today or date(2026, 11, 1)
    zone = ZoneInfo(settings.TIME_ZONE)
    coaches = list(
        Person.objects.filter(coach_profile__isnull=False, is_active=True, user__isnull=True)
        .select_related("org_unit")
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
        coach = rng.choice([c for c in coaches if c.pk != learner.supervisor_id] or coaches)
        ended = today - timedelta(days=rng.randint(30, 330))
        held = rng.randint(6, 12)
        started = ended - timedelta(weeks=2 * held)
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
            )
        )
        plans.append([started + timedelta(weeks=2 * week) for week in range(held)])
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


def past_cohort_campaign(*, engagement_ids: list[int]) -> Campaign | None:
    """The past cohort came through one program cohort: its requests (made by enrollment_seed)
    point to it, so the evaluation's cohort filter has something to show."""
    first = CoachingRequest.objects.filter(engagement_id__in=engagement_ids).first()
    lead = RoleAssignment.objects.filter(role=Role.PROGRAM_LEAD).order_by("pk").first()
    if first is None or lead is None:
        return None
    agency = OrgUnit.objects.filter(kind=OrgUnit.Kind.AGENCY).order_by("path").first()
    campaign = Campaign.objects.create(
        name="2026 coaching cohort",
        kind=Campaign.Kind.COHORT,
        description="The agency's first cohort of coached caseworkers and supervisors.",
        scope=agency or first.learner.org_unit,
        opens_on=date(2025, 11, 1),
        closes_on=date(2026, 3, 31),
        created_by_id=lead.person_id,
    )
    CoachingRequest.objects.filter(engagement_id__in=engagement_ids).update(campaign=campaign)
    return campaign


def demo_engagement_ensure(
    *, learner: Person, coach: Person, today: date | None = None
) -> Engagement:
    """The demo learner's coaching with the demo coach, with every kind of record, sharing
    attendance and progress summaries with the learner's supervisor."""
    today = today or date(2026, 11, 1)
    Engagement.objects.filter(learner=learner).exclude(coach=coach).update(
        status=Engagement.Status.CLOSED
    )
    engagement, _ = Engagement.objects.get_or_create(
        learner=learner,
        coach=coach,
        defaults={
            "status": Engagement.Status.ACTIVE,
            "focus": "Using solution-focused questions in staffings",
            "purpose": Engagement.Purpose.SKILLS,
            "model": CoachingModel.objects.filter(code="grow").first(),
            "started_on": today - timedelta(days=42),
        },
    )
    if not engagement.notes.exists():
        Note.objects.bulk_create(
            _note(
                engagement, learner if kind == Note.Kind.LEARNER_JOURNAL else coach, kind, texts[0]
            )
            for kind, texts in TEXTS.items()
            if kind != Note.Kind.CLOSING_SUMMARY
        )
        zone = ZoneInfo(settings.TIME_ZONE)
        first_day = engagement.started_on or today
        days = [first_day + timedelta(weeks=2 * i) for i in range(4)]
        # The demo is used on real days after the seed: keep one session still to come.
        days.append(max(days[-1], timezone.localdate()) + timedelta(days=7))
        CoachingSession.objects.bulk_create(
            CoachingSession(
                engagement=engagement,
                starts_at=datetime.combine(day, time(10), tzinfo=zone),
                status=CoachingSession.Status.HELD if i < 3 else CoachingSession.Status.SCHEDULED,
                modality=CoachingSession.Modality.IN_PERSON,
                place="Room 2B, North office",
            )
            for i, day in enumerate(days)
        )
        shares_set(engagement=engagement, shares=SUPERVISOR_SHARES)
    return engagement
