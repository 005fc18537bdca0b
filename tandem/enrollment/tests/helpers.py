from __future__ import annotations

from tandem.enrollment import services
from tandem.enrollment.models import CoachingRequest
from tandem.people.models import Person

WORDS = {
    "focus": "WORDS-FOCUS harder conversations",
    "goals": "WORDS-GOALS calmer visits",
    "preferred_times": "WORDS-TIMES mornings",
    "for_coach": "WORDS-FORCOACH shift work",
}


def make_request(learner: Person, **extra: object) -> CoachingRequest:
    return services.request_create(learner=learner, data={**WORDS, **extra})


def walk(request: CoachingRequest, *statuses: str, by: Person | None = None) -> CoachingRequest:
    for status in statuses:
        request = services.request_transition(request=request, to=status, by=by)
    return request
