"""Building blocks for matching tests: requests in matching and coaches with profiles."""

from __future__ import annotations

from django.utils import timezone

from tandem.enrollment.models import CoachingRequest, Match
from tandem.people.models import CoachProfile, OrgUnit, Person, Role
from tandem.people.tests.factories import CoachProfileFactory, PersonFactory, person_with_account


def request_in_matching(learner: Person, **fields: object) -> CoachingRequest:
    values: dict[str, object] = {
        "learner": learner,
        "status": CoachingRequest.Status.MATCHING,
        "status_changed_at": timezone.now(),
        "focus": f"FOCUS-{learner.last_name} harm statements",
        "goals": f"GOALS-{learner.last_name} more confident",
        "for_coach": f"FORCOACH-{learner.last_name} mornings only",
    }
    return CoachingRequest.objects.create(**(values | fields))


def coach(unit: OrgUnit, *, account: bool = True, capacity: int = 3, **profile: object) -> Person:
    """A coach (with sign-in and the coach role when `account`) and their profile."""
    if account:
        person = person_with_account(roles=(Role.COACH,), org_unit=unit)
    else:
        person = PersonFactory(org_unit=unit)
    CoachProfileFactory(person=person, capacity=capacity, **profile)
    return person


def offer(request: CoachingRequest, to: Person, by: Person, **fields: object) -> Match:
    return Match.objects.create(request=request, coach=to, proposed_by=by, **fields)


def profile_of(person: Person) -> CoachProfile:
    return CoachProfile.objects.get(person=person)
