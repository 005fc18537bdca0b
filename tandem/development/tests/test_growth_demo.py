"""The growth demo data on a small world: ratings in two rounds for the demo coach, an
expertise history ending at the profile's level, and one agreed plan with two rated goals."""

from __future__ import annotations

import random

from django.urls import reverse
from django.utils import timezone

from tandem.development.demo_growth import COACH_EMAIL, growth_demo_seed
from tandem.development.models import (
    CoachDevelopmentPlan,
    CompetencyRating,
    DevelopmentGoalRating,
    ExpertiseChange,
)
from tandem.development.tests.growth_helpers import coach_pair
from tandem.people.models import CoachProfile


def test_demo_seed_gives_the_demo_coach_a_believable_history(client, world):
    coach, supervisor = coach_pair(world)
    coach.user.email = COACH_EMAIL
    coach.user.save()
    made = growth_demo_seed(rng=random.Random(3), today=timezone.localdate())
    ratings = CompetencyRating.objects.filter(coach=coach)
    assert made > 0
    assert sorted(ratings.values_list("rater_kind", flat=True)) == [
        "self",
        "self",
        "supervisor",
        "supervisor",
    ]
    latest = ExpertiseChange.objects.filter(coach=coach).order_by("-since").first()
    assert latest.level == CoachProfile.objects.get(person=coach).expertise_level
    plan = CoachDevelopmentPlan.objects.get(coach=coach)
    assert plan.agreed and plan.goals.count() == 2
    assert DevelopmentGoalRating.objects.filter(goal__plan=plan, is_baseline=True).count() == 2
    client.force_login(supervisor.user)
    page = client.get(reverse("development:devplan_detail", args=[plan.pk]))
    assert "This goal's T-score" in page.content.decode()
    # A second run adds nothing for coaches who already have ratings.
    assert growth_demo_seed(rng=random.Random(3), today=timezone.localdate()) == 0
