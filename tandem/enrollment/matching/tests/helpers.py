"""Building blocks for matching tests: requests in matching and coaches with profiles."""

from __future__ import annotations

from django.utils import timezone

from tandem.enrollment.models import CoachingRequest, Intake, Match
from tandem.people.models import CoachProfile, OrgUnit, Person, Role
from tandem.people.tests.factories import CoachProfileFactory, PersonFactory, person_with_account


def request_in_matching(
    learner: Person, *, intake: str | None = Intake.Decision.FITS, **fields: object
) -> CoachingRequest:
    """A request waiting for a coach; by default its intake conversation found that coaching
    fits (pass `intake=None` for none, or another decision)."""
    values: dict[str, object] = {
        "learner": learner,
        "status": CoachingRequest.Status.MATCHING,
        "status_changed_at": timezone.now(),
        "focus": f"FOCUS-{learner.last_name} harm statements",
        "goals": f"GOALS-{learner.last_name} more confident",
        "for_coach": f"FORCOACH-{learner.last_name} mornings only",
    }
    request = CoachingRequest.objects.create(**(values | fields))
    if intake is not None:
        lead = PersonFactory(org_unit=learner.org_unit, last_name="Intake")
        Intake.objects.create(
            request=request,
            held_on=timezone.localdate(),
            decision=intake,
            note=f"INTAKE-{learner.last_name} talked it through",
            recorded_by=lead,
        )
    return request


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
