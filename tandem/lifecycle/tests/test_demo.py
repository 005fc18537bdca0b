"""The demo data: closing conversations and agreed development plans, repeatable."""

from tandem.lifecycle.demo import lifecycle_seed
from tandem.lifecycle.models import ClosingRecord, DevelopmentPlan
from tandem.lifecycle.tests.helpers import closed_engagement


def test_lifecycle_seed_closes_and_plans_once(world):
    p = world.people
    engagement = closed_engagement(p["learner"], p["coach"], "X", shared=False)
    ClosingRecord.objects.filter(engagement=engagement).delete()
    assert lifecycle_seed(seed=1) == 1
    plan = DevelopmentPlan.objects.get()
    roles = sorted(plan.versions.get().acknowledgments.values_list("role", "person_id"))
    assert roles == [("learner", p["learner"].pk), ("supervisor", p["supervisor"].pk)]
    assert lifecycle_seed(seed=1) == 0
