"""Shared steps of the agreement tests."""

from tandem.agreements import services
from tandem.agreements.fields import fields_for
from tandem.agreements.models import AgreementTemplate
from tandem.agreements.selectors import latest_version
from tandem.privacy.policy import access_to, engagement_access


def access_of(person, engagement):
    return engagement_access(viewer=person, engagement_id=engagement.pk)


def complete(kind):
    values = {f.key: "Agreed text" for f in fields_for(kind)}
    values |= {
        "participation": "voluntary",
        "booking_rule": "month_ahead",
        "session_minutes": "60",
        "start_date": "2026-12-01",
        "end_date": "2027-06-01",
        "check_learner": "yes",
        "check_coach": "yes",
        "check_leadership": "yes",
    }
    return values


def draft(engagement, leader, shares=None):
    coach = engagement.coach
    template = AgreementTemplate.objects.get(slug="internal-coach")
    agreement = services.agreement_start(
        coach=coach, access=access_of(coach, engagement), template=template
    )
    services.agreement_edit(
        editor=coach,
        access=access_of(coach, engagement),
        agreement=agreement,
        base_version=agreement.version,
        content=complete(agreement.kind),
        disclosure=shares or {},
        leadership=leader,
    )
    return agreement


def ack_all(agreement):
    version = latest_version(agreement=agreement)
    for party in version.parties.select_related("person"):
        services.agreement_acknowledge(
            person=party.person,
            agreement=agreement,
            number=version.number,
            seen_hash=version.text_hash,
        )


def supervisor_sees(world, engagement):
    viewer = world.people["supervisor"]
    return set(access_to(viewer=viewer, engagements=[engagement])[engagement.pk].categories)
