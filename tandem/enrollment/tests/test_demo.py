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
    # No one in this world has a hire date, so there is no "Recent hires" campaign. The
    # suggestions are the accepted ones behind the two requests a supervisor suggested, and
    # two more to staff without a request (8 pending requests // 3), both still unanswered.
    assert Campaign.objects.count() == 0
    from_supervisor = CoachingRequest.objects.filter(source=CoachingRequest.Source.SUPERVISOR)
    accepted = Suggestion.objects.filter(status=Suggestion.Status.ACCEPTED)
    assert accepted.count() == 2
    assert sorted(accepted.values_list("request_id", "learner_id")) == sorted(
        from_supervisor.values_list("pk", "learner_id")
    )
    others = Suggestion.objects.exclude(status=Suggestion.Status.ACCEPTED)
    assert list(others.values_list("status", "request_id")) == [("open", None), ("open", None)]


def test_enrollment_seed_is_deterministic(world, instruments):
    enrollment_seed(seed=3)
    first = sorted(CoachingRequest.objects.values_list("learner_id", "status", "focus"))
    CoachingRequest.objects.all().delete()
    Suggestion.objects.all().delete()
    Campaign.objects.all().delete()
    enrollment_seed(seed=3)
    assert sorted(CoachingRequest.objects.values_list("learner_id", "status", "focus")) == first
