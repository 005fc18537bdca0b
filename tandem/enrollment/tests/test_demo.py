from tandem.enrollment.demo import enrollment_seed
from tandem.enrollment.models import (
    Campaign,
    CoachingRequest,
    Match,
    StatusChange,
    Suggestion,
)
from tandem.people.tests.factories import PersonFactory

S = CoachingRequest.Status


def test_enrollment_seed_covers_every_step_with_history(world, instruments):
    for _ in range(12):
        PersonFactory(org_unit=world.tree["intake"], supervisor=world.people["supervisor"])
    created = enrollment_seed(seed=1)
    requests = list(CoachingRequest.objects.all())
    assert created == len(requests)
    statuses = {r.status for r in requests}
    assert {S.REQUESTED, S.READINESS, S.MATCHING, S.WITHDRAWN, S.ACTIVE} <= statuses
    # Every request has a dated history ending in its status.
    for request in requests:
        history = list(StatusChange.objects.filter(request=request))
        assert history[0].to_status == S.REQUESTED
        assert history[-1].to_status == request.status
    # Each engagement came from a request with an accepted match for its coach.
    for request in CoachingRequest.objects.filter(engagement__isnull=False).select_related(
        "engagement"
    ):
        match = Match.objects.get(request=request)
        assert (match.coach_id, match.status) == (request.engagement.coach_id, "accepted")
    readiness = CoachingRequest.objects.filter(readiness_administration__isnull=False)
    assert readiness.exists()
    assert Suggestion.objects.exists() or Campaign.objects.exists()


def test_enrollment_seed_is_deterministic(world, instruments):
    enrollment_seed(seed=3)
    first = sorted(CoachingRequest.objects.values_list("learner_id", "status", "focus"))
    CoachingRequest.objects.all().delete()
    Suggestion.objects.all().delete()
    Campaign.objects.all().delete()
    enrollment_seed(seed=3)
    assert sorted(CoachingRequest.objects.values_list("learner_id", "status", "focus")) == first
