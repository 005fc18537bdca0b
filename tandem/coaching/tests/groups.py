"""Steps of joining a group engagement, through the services people use (tests only)."""

from __future__ import annotations

from tandem.agreements.demo import agreement_in_force_create
from tandem.agreements.models import Agreement
from tandem.agreements.selectors import latest_version
from tandem.agreements.services import agreement_acknowledge
from tandem.coaching.models import Engagement, EngagementMember
from tandem.coaching.services import member_add, member_answer
from tandem.people.models import Person


def invited(engagement: Engagement, person: Person) -> EngagementMember:
    return member_add(engagement=engagement, person=person)


def accepted(engagement: Engagement, person: Person) -> EngagementMember:
    """Invited and accepted: a party to the group's agreement (one in force is made first when
    the group has none), not yet acknowledging it."""
    if not Agreement.objects.filter(engagement=engagement).exists():
        agreement_in_force_create(engagement=engagement, shares={}, template_slug="group-coaching")
    member = member_add(engagement=engagement, person=person)
    return member_answer(person=person, member_id=member.pk, accept=True, via="test")


def acknowledges(engagement: Engagement, person: Person) -> None:
    agreement = Agreement.objects.get(engagement=engagement)
    version = latest_version(agreement=agreement)
    agreement_acknowledge(
        person=person, agreement=agreement, number=version.number, seen_hash=version.text_hash
    )


def joined(engagement: Engagement, person: Person) -> EngagementMember:
    """Accepted and acknowledged the agreement naming them: reads the group."""
    member = accepted(engagement, person)
    acknowledges(engagement, person)
    return member
