"""The onboarding demo seed on a small world: every coach trained in one to three models
(their program's required ones among them), one new coach halfway through onboarding."""

from __future__ import annotations

import random
from datetime import date

from django.utils import timezone

from tandem.development.demo_onboarding import onboarding_demo_seed
from tandem.development.models import (
    CoachSupervisorAssignment,
    OnboardingStep,
    ProgramSettings,
)
from tandem.development.selectors_onboarding import checklists_for
from tandem.development.tests.onboarding_helpers import rated, supervised
from tandem.instruments.tests.answering import load
from tandem.people.models import ModelTraining, Role
from tandem.people.tests.factories import CoachProfileFactory, make_tree, person_with_account
from tandem.questionbank.models import CoachingModel


def test_onboarding_demo_seed_trains_everyone_and_leaves_one_coach_halfway(db):
    tree = make_tree()
    today = timezone.localdate()
    grow = CoachingModel.objects.get(code="grow")
    settings = ProgramSettings.objects.create(scope=tree["north"])
    settings.required_models.set([grow])
    lead = person_with_account(roles=(Role.PROGRAM_LEAD,), org_unit=tree["north_office"])
    sup = person_with_account(roles=(Role.COACH_SUPERVISOR,), org_unit=tree["north_office"])
    coaches = []
    for unit in ("intake", "ongoing", "ongoing"):
        coach = person_with_account(roles=(Role.COACH,), org_unit=tree[unit])
        CoachProfileFactory(person=coach)
        CoachSupervisorAssignment.objects.create(
            coach=coach, supervisor=sup, started_on=date(2025, 1, 6)
        )
        coaches.append(coach)

    class Holder:  # what onboarding_helpers.rated needs
        cprs = load("coaching-practices-rating")

    rated(Holder, coaches[0], sup)  # type: ignore[arg-type]
    supervised(coaches[1], sup)
    made = onboarding_demo_seed(rng=random.Random(7), today=today)

    assert made == ModelTraining.objects.count() + OnboardingStep.objects.count()
    for coach in coaches:
        models = set(ModelTraining.objects.filter(coach=coach).values_list("model_id", flat=True))
        assert 1 <= len(models) <= 3 and grow.pk in models
        assert set(
            ModelTraining.objects.filter(coach=coach).values_list("recorded_by", flat=True)
        ) == {sup.pk}
    new = checklists_for(coaches=[coaches[2]])[coaches[2].pk]
    assert {s.key: s.done for s in new.steps} == {
        "training": True,
        "shadowing": True,
        "observed": False,
        "supervision": False,
    }
    assert lead.pk  # the program lead is a fallback confirmer only
    assert onboarding_demo_seed(rng=random.Random(7), today=today) == 0  # runs once
