"""Demo data for coach growth (issue #17 item 2): competency ratings by coaches and their
coach supervisors (two rounds six months apart for the demo coach), expertise histories, and
one agreed development plan with two rated goals for the demo coach. Bulk inserts; bounded
work whatever the scale (at most MAX_COACHES coaches besides the demo coach)."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from tandem.development.models import (
    CoachDevelopmentPlan,
    CoachSupervisorAssignment,
    CompetencyRating,
    DevelopmentGoal,
    DevelopmentGoalRating,
    ExpertiseChange,
)
from tandem.goals.models import CHECKLIST
from tandem.people.models import CoachProfile, Competency, Person, Role
from tandem.rows import own_timestamps

MAX_COACHES = 40
COACH_EMAIL = "coach@demo.tandem.test"
SUPERVISOR_EMAIL = "coach-supervisor@demo.tandem.test"
LADDER = [e.value for e in CoachProfile.Expertise]

SELF_COMMENTS = (
    "Listening is where I feel surest; ending coaching well is still new to me.",
    "I want to get better at gently questioning assumptions.",
    "Trying tasks between sessions has worked; I need more ways to keep learners engaged.",
)
SUPERVISOR_COMMENTS = (
    "Strong, warm rapport. Work on naming resistance out loud and exploring it.",
    "Goals are realistic; push for a little more stretch.",
    "I have not yet seen a closing conversation, so those abilities are open.",
)
GOALS = (
    (
        "feedback-resistance",
        "Name and explore resistance when a learner pushes back",
        "in coaching sessions",
        "in 3 of every 4 sessions where it comes up",
        (
            "Names it and explores it every time, and the learner moves forward",
            "Names it and explores it most times",
            "Names it and explores it in 3 of 4 sessions",
            "Names it but moves on without exploring",
            "Does not name resistance yet",
        ),
    ),
    (
        "goals-ending",
        "Plan the end of coaching with each learner",
        "from the midpoint of each engagement",
        "with every learner",
        (
            "Every learner has a written transition plan a month before the end",
            "Most learners have a transition plan before the last session",
            "Every learner talks through the ending by the midpoint",
            "Some learners talk through the ending",
            "The ending is raised only at the last session",
        ),
    ),
)


def _levels(rng: random.Random, codes: list[str], base: int, supervisor: bool) -> dict:
    levels: dict[str, int | None] = {}
    for code in codes:
        if supervisor and rng.random() < 0.1:
            levels[code] = None  # not observed yet
        else:
            levels[code] = max(1, min(4, base + rng.choice((-1, 0, 0, 1))))
    return levels


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(16, 0)))


def _rating(
    coach: Person, rater: Person, kind: str, day: datetime.date, levels: dict, comment: str
) -> CompetencyRating:
    return CompetencyRating(
        coach=coach,
        rater=rater,
        rater_kind=kind,
        status=CompetencyRating.Status.SUBMITTED,
        rated_on=day,
        submitted_at=_at(day),
        levels=levels,
        comments=comment,
    )


def _pairs(demo_coach: Person | None) -> list[tuple[Person, Person]]:
    """Coaches with a current coach supervisor (the demo coach first), bounded."""
    assignments = (
        CoachSupervisorAssignment.objects.filter(
            ended_on__isnull=True, coach__coach_profile__isnull=False
        )
        .exclude(coach__competency_ratings__isnull=False)
        .select_related("coach", "supervisor")
        .order_by("coach_id")[: MAX_COACHES + 1]
    )
    pairs = [(a.coach, a.supervisor) for a in assignments]
    if demo_coach is not None and not any(c.pk == demo_coach.pk for c, _ in pairs):
        supervisor = Person.objects.filter(
            user__email=SUPERVISOR_EMAIL, role_assignments__role=Role.COACH_SUPERVISOR
        ).first()
        if supervisor is not None and not demo_coach.competency_ratings.exists():
            pairs.insert(0, (demo_coach, supervisor))
    pairs.sort(key=lambda pair: demo_coach is None or pair[0].pk != demo_coach.pk)
    return pairs[: MAX_COACHES + 1]


def growth_demo_seed(*, rng: random.Random, today: datetime.date) -> int:
    """Returns the number of rows made."""
    demo_coach = Person.objects.filter(user__email=COACH_EMAIL).first()
    codes = list(Competency.objects.order_by("order").values_list("code", flat=True))
    pairs = _pairs(demo_coach)
    if not codes or not pairs:
        return 0
    ratings: list[CompetencyRating] = []
    changes: list[ExpertiseChange] = []
    levels_now = dict(
        CoachProfile.objects.filter(person__in=[c for c, _ in pairs]).values_list(
            "person_id", "expertise_level"
        )
    )
    for coach, supervisor in pairs:
        is_demo = demo_coach is not None and coach.pk == demo_coach.pk
        rounds = [today - datetime.timedelta(days=200), today - datetime.timedelta(days=17)]
        if not is_demo:
            rounds = [today - datetime.timedelta(days=rng.randint(20, 240))]
        for number, day in enumerate(rounds):
            base = 2 + number
            ratings.append(
                _rating(
                    coach,
                    coach,
                    "self",
                    day,
                    _levels(rng, codes, base, False),
                    rng.choice(SELF_COMMENTS),
                )
            )
            ratings.append(
                _rating(
                    coach,
                    supervisor,
                    "supervisor",
                    day + datetime.timedelta(days=3),
                    _levels(rng, codes, base, True),
                    rng.choice(SUPERVISOR_COMMENTS),
                )
            )
        current = levels_now.get(coach.pk) or LADDER[0]
        steps = LADDER[: LADDER.index(current) + 1][-3:] if is_demo else [current]
        for back, level in enumerate(reversed(steps)):
            since = today - datetime.timedelta(days=90 + 365 * back + rng.randint(0, 30))
            changes.append(
                ExpertiseChange(
                    coach=coach,
                    level=level,
                    since=since,
                    decided_by=supervisor,
                    note="Agreed in supervision." if is_demo else "",
                    created_at=_at(since),
                )
            )
    with own_timestamps(ExpertiseChange):
        ExpertiseChange.objects.bulk_create(changes)
    CompetencyRating.objects.bulk_create(ratings)
    made = len(ratings) + len(changes)
    if demo_coach is not None and pairs[0][0].pk == demo_coach.pk:
        made += _demo_plan(rng, demo_coach, pairs[0][1], today)
    return made


def _demo_plan(rng: random.Random, coach: Person, supervisor: Person, today: datetime.date) -> int:
    """One agreed plan with two goals, each with a finished scale, a baseline and progress."""
    start = today - datetime.timedelta(days=120)
    with own_timestamps(CoachDevelopmentPlan, DevelopmentGoal, DevelopmentGoalRating):
        plan = CoachDevelopmentPlan.objects.create(
            coach=coach,
            supervisor=supervisor,
            focus="Working with resistance and ending coaching well",
            starts_on=start,
            review_on=today + datetime.timedelta(days=60),
            coach_agreed_at=_at(start + datetime.timedelta(days=2)),
            supervisor_agreed_at=_at(start + datetime.timedelta(days=3)),
            created_at=_at(start),
        )
        competencies = dict(Competency.objects.values_list("code", "pk"))
        goals = DevelopmentGoal.objects.bulk_create(
            DevelopmentGoal(
                plan=plan,
                competency_id=competencies.get(code),
                behavior=behavior,
                context=context,
                target=target,
                measure="Noted in my coaching log after each session",
                reporting_frequency=DevelopmentGoal.Frequency.MONTHLY,
                due_on=today + datetime.timedelta(days=60),
                why="It is where my supervisor and I both see the most room to grow.",
                anchor_plus2=anchors[0],
                anchor_plus1=anchors[1],
                anchor_0=anchors[2],
                anchor_minus1=anchors[3],
                anchor_minus2=anchors[4],
                checklist={key: True for key, _ in CHECKLIST},
                scale_finalized_on=start + datetime.timedelta(days=1),
                created_by=coach,
                created_at=_at(start),
            )
            for code, behavior, context, target, anchors in GOALS
        )
        rows = []
        for goal in goals:
            path = [(-1.5, 0), (-1, 45), (0, 100)] if rng.random() < 0.5 else [(-1, 0), (0, 50)]
            for level, after in path:
                day = start + datetime.timedelta(days=2 + after)
                rows.append(
                    DevelopmentGoalRating(
                        goal=goal,
                        rated_on=day,
                        level=Decimal(str(level)),
                        is_baseline=after == 0,
                        note="Looked at together in supervision.",
                        recorded_by=supervisor,
                        created_at=_at(day),
                    )
                )
        DevelopmentGoalRating.objects.bulk_create(rows)
    return 1 + len(goals) + len(rows)
