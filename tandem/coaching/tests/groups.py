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


def everyone_acknowledges(engagement: Engagement) -> None:
    """Every party of the version waiting acknowledges it, so it comes into force."""
    agreement = Agreement.objects.get(engagement=engagement)
    version = latest_version(agreement=agreement)
    done = set(version.acknowledgments.values_list("person_id", flat=True))
    for party in version.parties.select_related("person").order_by("pk"):
        if party.person_id not in done:
            acknowledges(engagement, party.person)
            done.add(party.person_id)


def joined(engagement: Engagement, person: Person) -> EngagementMember:
    """Accepted, acknowledged the agreement naming them, and that version in force (every
    party agreed to the group with them in it): reads the group."""
    member = accepted(engagement, person)
    acknowledges(engagement, person)
    everyone_acknowledges(engagement)
    return member
