from datetime import date

from tandem.coaching.models import Engagement
from tandem.goals.demo import goals_seed
from tandem.goals.models import Goal, GoalRating
from tandem.goals.services import scale_problems


def test_goals_seed_gives_every_started_engagement_rated_goals(world):
    created = goals_seed(seed=1, today=date(2026, 11, 1))
    assert created == Goal.objects.count()
    assert set(Goal.objects.values_list("engagement_id", flat=True)) == set(
        Engagement.objects.values_list("pk", flat=True)
    )
    for goal in Goal.objects.all():
        ratings = list(goal.ratings.all())
        assert ratings[0].is_baseline and not any(r.is_baseline for r in ratings[1:])
        assert scale_problems({lvl: text for lvl, _, text in goal.anchors()}) == {}
    assert GoalRating.objects.filter(level__lt=-2).count() == 0
    # Running it again adds nothing to engagements that already have goals.
    assert goals_seed(seed=1) == 0
