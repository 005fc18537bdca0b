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

from tandem.agreements.demo import agreement_in_force_create, shares_set
from tandem.agreements.models import Agreement
from tandem.coaching.models import CoachingSession, Engagement, Note
from tandem.people.models import CoachProfile, OrgUnit, Person
from tandem.privacy.categories import Category, Party

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


def engagements_seed(*, seed: int, per_coach: int = 3, today: date | None = None) -> int:
    """Create engagements for every coach; returns how many. Bulk writes only."""
    rng = random.Random(seed)
    today = today or date(2026, 11, 1)
    zone = ZoneInfo(settings.TIME_ZONE)
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

    def above(person_id: int) -> set[int]:
        chain, current = set(), supervisor_of.get(person_id)
        while current is not None and current not in chain:
            chain.add(current)
            current = supervisor_of.get(current)
        return chain

    taken: set[int] = set()
    engagements: list[Engagement] = []
    for profile in coaches:
        coach = profile.person
        # Never the learner's own supervisor or anyone above them (DOMAIN.md §4 step 3).
        candidates = [
            p
            for p in pool.get(_agency_of(coach.org_unit.path), [])
            if p.pk not in taken and coach.pk not in above(p.pk)
        ]
        for learner in rng.sample(candidates, min(per_coach, len(candidates), profile.capacity)):
            taken.add(learner.pk)
            started = today - timedelta(days=rng.randint(20, 200))
            closed = rng.random() < 0.15
            engagements.append(
                Engagement(
                    learner=learner,
                    coach=coach,
                    status=Engagement.Status.CLOSED if closed else Engagement.Status.ACTIVE,
                    focus=rng.choice(
                        (
                            "Family engagement",
                            "Safety planning",
                            "Solution-focused questions",
                            "Court preparation",
                            "Managing a heavy caseload",
                        )
                    ),
                    started_on=started,
                    ended_on=started + timedelta(days=120) if closed else None,
                )
            )
    Engagement.objects.bulk_create(engagements, batch_size=500)
    created = list(Engagement.objects.order_by("pk").select_related("learner", "coach"))
    sessions: list[CoachingSession] = []
    notes: list[Note] = []
    agreements: list[tuple[Engagement, dict]] = []
    for engagement in created:
        first_day = engagement.started_on or today
        for week in range(rng.randint(2, 6)):
            day = first_day + timedelta(weeks=2 * week)
            sessions.append(
                CoachingSession(
                    engagement=engagement,
                    starts_at=datetime.combine(day, time(9 + week % 6), tzinfo=zone),
                    duration_minutes=rng.choice((30, 45, 60)),
                    status=CoachingSession.Status.HELD
                    if day < today and rng.random() > 0.1
                    else (
                        CoachingSession.Status.SCHEDULED
                        if day >= today
                        else CoachingSession.Status.NO_SHOW
                    ),
                )
            )
        for kind, texts in TEXTS.items():
            if kind == Note.Kind.CLOSING_SUMMARY and engagement.status != Engagement.Status.CLOSED:
                continue
            author = engagement.learner if kind == Note.Kind.LEARNER_JOURNAL else engagement.coach
            notes.append(_note(engagement, author, kind, rng.choice(texts)))
        shares = SUPERVISOR_SHARES if rng.random() < 0.6 else {}
        agreements.append((engagement, shares))
    CoachingSession.objects.bulk_create(sessions, batch_size=1000)
    Note.objects.bulk_create(notes, batch_size=1000)
    for engagement, shares in agreements:
        agreement = agreement_in_force_create(engagement=engagement, shares=shares)
        if engagement.status == Engagement.Status.CLOSED:
            # A closed engagement's agreement has ended: it shares nothing any more.
            Agreement.objects.filter(pk=agreement.pk).update(
                status=Agreement.Status.ENDED, in_force_version=None
            )
    return len(created)


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
        CoachingSession.objects.bulk_create(
            CoachingSession(
                engagement=engagement,
                starts_at=datetime.combine(
                    first_day + timedelta(weeks=2 * i), time(10), tzinfo=zone
                ),
                status=CoachingSession.Status.HELD if i < 3 else CoachingSession.Status.SCHEDULED,
            )
            for i in range(4)
        )
        shares_set(engagement=engagement, shares=SUPERVISOR_SHARES)
    return engagement
