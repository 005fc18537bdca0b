"""Demo data for training in coaching models and coach onboarding (issue #17 items 2 and 6):
every coach trained in one to three models (always in their program's required ones, so they
are ready once observed and supervised), shadowing confirmed for the established coaches, and
one new coach halfway through onboarding: trained and shadowed, not yet observed or
supervised. Bulk inserts; a fixed number of queries whatever the number of coaches.

Run it after the supervision and caseload seeds: the new coach is chosen among coaches with
no rated observation and no supervision attended at the time it runs."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from tandem.development.models import (
    CoachSupervisorAssignment,
    OnboardingStep,
    SupervisionAttendee,
)
from tandem.development.selectors_onboarding import PRACTICE_RATING, required_models_by_path
from tandem.instruments.models import Administration
from tandem.people.models import CoachProfile, ModelTraining, Person, Role
from tandem.questionbank.models import CoachingModel
from tandem.rows import own_timestamps

COACH_EMAIL = "coach@demo.tandem.test"
PROVIDERS = (
    "State child welfare training academy",
    "University partnership, school of social work",
    "Agency coaching program",
    "Contracted coaching institute",
)
NOTES = (
    "Shadowed two sessions with an expert coach.",
    "Sat in on a colleague's coaching sessions for a month.",
    "Shadowed a peer coach during a group session.",
)


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def onboarding_demo_seed(*, rng: random.Random, today: datetime.date) -> int:
    coaches = list(
        Person.objects.filter(
            is_active=True, pk__in=CoachProfile.objects.values("person_id")
        ).select_related("org_unit", "user")
    )
    if not coaches:
        return 0
    models = list(CoachingModel.objects.filter(retired=False, agency__isnull=True).order_by("pk"))
    if not models:
        return 0
    required = required_models_by_path(unit_paths={c.org_unit.path for c in coaches})
    confirmers = dict(
        CoachSupervisorAssignment.objects.filter(ended_on__isnull=True).values_list(
            "coach_id", "supervisor_id"
        )
    )
    observed = set(
        Administration.objects.filter(
            kind=Administration.Kind.PRACTICE_RATING, version__instrument__slug=PRACTICE_RATING
        )
        .exclude(respondent=F("subject"))
        .values_list("subject_id", flat=True)
    )
    supervised = set(
        SupervisionAttendee.objects.filter(attended=True).values_list("coach_id", flat=True)
    )
    leads = list(
        Person.objects.filter(is_active=True, role_assignments__role=Role.PROGRAM_LEAD).values_list(
            "pk", flat=True
        )[:1]
    )
    fallback = leads[0] if leads else None
    already = set(OnboardingStep.objects.values_list("coach_id", flat=True))
    trained_already = set(ModelTraining.objects.values_list("coach_id", flat=True))

    # The new coach: not the demo coach account, no observation and no supervision yet.
    fresh = [
        c
        for c in coaches
        if c.pk not in observed
        and c.pk not in supervised
        and c.pk not in already
        and (c.user is None or c.user.email != COACH_EMAIL)
    ]
    new_coach = rng.choice(fresh) if fresh else None

    trainings: list[ModelTraining] = []
    steps: list[OnboardingStep] = []
    for coach in coaches:
        if coach.pk in trained_already:
            continue
        is_new = new_coach is not None and coach.pk == new_coach.pk
        must = required.get(coach.org_unit.path, [])
        extra = rng.sample(models, k=min(len(models), rng.randint(1, 3)))
        chosen = list({m.pk: m for m in [*must, *extra]}.values())[: max(3, len(must))]
        for model in chosen:
            days_ago = rng.randint(20, 60) if is_new else rng.randint(200, 1400)
            completed = today - datetime.timedelta(days=days_ago)
            trainings.append(
                ModelTraining(
                    coach=coach,
                    model=model,
                    completed_on=completed,
                    provider=rng.choice(PROVIDERS),
                    hours=Decimal(rng.choice((6, 7, 12, 14, 21))),
                    recorded_by_id=confirmers.get(coach.pk, fallback),
                    created_at=_at(completed + datetime.timedelta(days=2)),
                )
            )
        confirmer = confirmers.get(coach.pk, fallback)
        if coach.pk in already or confirmer is None:
            continue
        if is_new or coach.pk in observed or coach.pk in supervised or rng.random() < 0.6:
            days_ago = rng.randint(7, 15) if is_new else rng.randint(150, 1300)
            steps.append(
                OnboardingStep(
                    coach=coach,
                    step=OnboardingStep.Step.SHADOWING,
                    completed_on=today - datetime.timedelta(days=days_ago),
                    confirmed_by_id=confirmer,
                    note=rng.choice(NOTES),
                )
            )
    with own_timestamps(ModelTraining):
        ModelTraining.objects.bulk_create(trainings, ignore_conflicts=True)
    OnboardingStep.objects.bulk_create(steps, ignore_conflicts=True)
    return len(trainings) + len(steps)
