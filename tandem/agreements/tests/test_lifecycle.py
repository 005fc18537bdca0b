"""Agreement lifecycle, tampering and enforcement, with content present that could leak."""

from datetime import UTC

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tandem.agreements import services
from tandem.agreements.models import Agreement, AgreementTemplate, PartyRole
from tandem.agreements.selectors import agreements_awaiting, latest_version
from tandem.agreements.tests.helpers import access_of, ack_all, complete, draft, supervisor_sees
from tandem.coaching.models import Engagement
from tandem.coaching.services import session_record
from tandem.privacy.categories import Category, Party
from tandem.privacy.policy import access_to

pytestmark = pytest.mark.django_db


def test_draft_has_every_party_and_nothing_shared_by_default(setup):
    world, engagement, leader = setup
    agreement = draft(engagement, leader)
    roles = {p.role: p.person for p in latest_version(agreement=agreement).parties.all()}
    assert roles == {
        PartyRole.COACH: engagement.coach,
        PartyRole.LEARNER: engagement.learner,
        PartyRole.SUPERVISOR: world.people["supervisor"],
        PartyRole.LEADERSHIP: leader,
    }
    assert supervisor_sees(world, engagement) == set()


def test_sending_with_missing_topics_lists_what_is_missing(setup):
    world, engagement, leader = setup
    coach = engagement.coach
    template = AgreementTemplate.objects.get(slug="external-coach")
    agreement = services.agreement_start(
        coach=coach, access=access_of(coach, engagement), template=template
    )
    with pytest.raises(ValidationError) as error:
        services.agreement_send(
            sender=coach, access=access_of(coach, engagement), agreement=agreement
        )
    assert error.value.messages == [
        "Before sending, fill in: Expected results; Scheduling; Contract (external coach); Before we start."
    ]


def test_agreement_comes_into_force_only_when_every_party_acknowledges(setup):
    world, engagement, leader = setup
    agreement = draft(engagement, leader, shares={Party.SUPERVISOR: [Category.ATTENDANCE]})
    version = services.agreement_send(
        sender=engagement.coach, access=access_of(engagement.coach, engagement), agreement=agreement
    )
    parties = list(version.parties.select_related("person"))
    for party in parties[:-1]:
        services.agreement_acknowledge(
            person=party.person, agreement=agreement, number=1, seen_hash=version.text_hash
        )
        assert supervisor_sees(world, engagement) == set()
    services.agreement_acknowledge(
        person=parties[-1].person, agreement=agreement, number=1, seen_hash=version.text_hash
    )
    agreement.refresh_from_db()
    engagement.refresh_from_db()
    assert agreement.status == Agreement.Status.IN_FORCE
    assert engagement.status == Engagement.Status.ACTIVE
    assert supervisor_sees(world, engagement) == {Category.ATTENDANCE, Category.ADMINISTRATIVE}


def test_acknowledgment_stores_person_time_version_and_text_hash(setup):
    world, engagement, leader = setup
    agreement = draft(engagement, leader)
    version = services.agreement_send(
        sender=engagement.coach, access=access_of(engagement.coach, engagement), agreement=agreement
    )
    [ack] = services.agreement_acknowledge(
        person=leader, agreement=agreement, number=1, seen_hash=version.text_hash
    )
    assert (ack.person, ack.role, ack.version.number, ack.text_hash) == (
        leader,
        PartyRole.LEADERSHIP,
        1,
        version.text_hash,
    )
    assert ack.at is not None
    assert len(version.text_hash) == 64


def test_nobody_acknowledges_for_someone_else_or_an_old_text(setup):
    world, engagement, leader = setup
    agreement = draft(engagement, leader)
    version = services.agreement_send(
        sender=engagement.coach, access=access_of(engagement.coach, engagement), agreement=agreement
    )
    with pytest.raises(PermissionDenied):
        services.agreement_acknowledge(
            person=world.people["program_lead"],
            agreement=agreement,
            number=1,
            seen_hash=version.text_hash,
        )
    with pytest.raises(ValidationError, match="changed after you opened it"):
        services.agreement_acknowledge(
            person=leader, agreement=agreement, number=1, seen_hash="0" * 64
        )
    assert version.acknowledgments.count() == 0


def test_amendment_keeps_old_terms_until_everyone_acknowledges_then_applies(setup):
    world, engagement, leader = setup
    agreement = draft(engagement, leader, shares={Party.SUPERVISOR: [Category.ATTENDANCE]})
    services.agreement_send(
        sender=engagement.coach, access=access_of(engagement.coach, engagement), agreement=agreement
    )
    ack_all(agreement)
    learner = engagement.learner
    v2 = services.agreement_edit(
        editor=learner,
        access=access_of(learner, engagement),
        agreement=agreement,
        base_version=agreement.version,
        content=complete(agreement.kind),
        disclosure={Party.SUPERVISOR: [Category.GOALS, Category.GOAL_RATINGS]},
        leadership=leader,
    )
    assert v2.number == 2
    assert latest_version(agreement=agreement).number == 2
    assert agreement.versions.get(number=1).content == complete(
        agreement.kind
    )  # old one readable, unchanged
    services.agreement_send(
        sender=learner, access=access_of(learner, engagement), agreement=agreement
    )
    assert supervisor_sees(world, engagement) == {Category.ATTENDANCE, Category.ADMINISTRATIVE}
    ack_all(agreement)
    assert supervisor_sees(world, engagement) == {
        Category.GOALS,
        Category.GOAL_RATINGS,
        Category.ADMINISTRATIVE,
    }


def test_replaying_an_acknowledgment_of_an_old_version_is_refused(setup):
    world, engagement, leader = setup
    agreement = draft(engagement, leader)
    v1 = services.agreement_send(
        sender=engagement.coach, access=access_of(engagement.coach, engagement), agreement=agreement
    )
    services.agreement_acknowledge(
        person=leader, agreement=agreement, number=1, seen_hash=v1.text_hash
    )
    services.agreement_edit(
        editor=engagement.coach,
        access=access_of(engagement.coach, engagement),
        agreement=agreement,
        base_version=agreement.version,
        content=complete(agreement.kind) | {"frequency": "Weekly"},
        disclosure={},
        leadership=leader,
    )
    with pytest.raises(ValidationError, match="no longer the one waiting"):
        services.agreement_acknowledge(
            person=engagement.learner, agreement=agreement, number=1, seen_hash=v1.text_hash
        )


def test_editing_after_the_first_acknowledgment_makes_a_new_version(setup):
    world, engagement, leader = setup
    agreement = draft(engagement, leader)
    v1 = services.agreement_send(
        sender=engagement.coach, access=access_of(engagement.coach, engagement), agreement=agreement
    )
    services.agreement_acknowledge(
        person=leader, agreement=agreement, number=1, seen_hash=v1.text_hash
    )
    services.agreement_edit(
        editor=engagement.coach,
        access=access_of(engagement.coach, engagement),
        agreement=agreement,
        base_version=agreement.version,
        content=complete(agreement.kind) | {"frequency": "Weekly"},
        disclosure={},
        leadership=leader,
    )
    v1.refresh_from_db()
    assert v1.content["frequency"] == "Agreed text"
    assert agreement.versions.count() == 2


def test_ending_the_agreement_ends_every_disclosure(setup):
    world, engagement, leader = setup
    agreement = draft(
        engagement,
        leader,
        shares={Party.SUPERVISOR: [Category.ATTENDANCE, Category.PROGRESS_SUMMARY]},
    )
    services.agreement_send(
        sender=engagement.coach, access=access_of(engagement.coach, engagement), agreement=agreement
    )
    ack_all(agreement)
    assert Category.PROGRESS_SUMMARY in supervisor_sees(world, engagement)
    services.agreement_end(
        person=engagement.learner,
        access=access_of(engagement.learner, engagement),
        agreement=agreement,
    )
    assert supervisor_sees(world, engagement) == set()


@pytest.mark.parametrize(
    "category",
    [
        Category.ATTENDANCE,
        Category.GOALS,
        Category.GOAL_RATINGS,
        Category.PROGRESS_SUMMARY,
        Category.CLOSING_SUMMARY,
    ],
)
@pytest.mark.parametrize(
    "party,actor",
    [
        (Party.SUPERVISOR, "supervisor"),
        (Party.LEADERSHIP, "leadership"),
        (Party.PROGRAM_LEAD, "program_lead"),
    ],
)
def test_each_party_sees_exactly_its_granted_category(setup, category, party, actor):
    world, engagement, leader = setup
    agreement = draft(engagement, leader, shares={party: [category]})
    services.agreement_send(
        sender=engagement.coach, access=access_of(engagement.coach, engagement), agreement=agreement
    )
    ack_all(agreement)
    viewer = world.people[actor]
    seen = set(access_to(viewer=viewer, engagements=[engagement])[engagement.pk].categories)
    assert seen == {category, Category.ADMINISTRATIVE}
    for other in ("supervisor", "leadership", "program_lead"):
        if other != actor:
            others = set(
                access_to(viewer=world.people[other], engagements=[engagement])[
                    engagement.pk
                ].categories
            )
            assert category not in others


def test_sessions_wait_for_the_agreement_except_intro_and_chemistry(setup):
    from datetime import datetime

    world, engagement, leader = setup
    coach = engagement.coach
    when = datetime(2026, 12, 1, 15, tzinfo=UTC)
    with pytest.raises(ValidationError, match="once every party has acknowledged"):
        session_record(
            coach=coach,
            access=access_of(coach, engagement),
            starts_at=when,
            duration_minutes=60,
            purpose="coaching",
            status="held",
            via="test",
        )
    session_record(
        coach=coach,
        access=access_of(coach, engagement),
        starts_at=when,
        duration_minutes=30,
        purpose="chemistry",
        status="held",
        via="test",
    )
    agreement = draft(engagement, leader)
    services.agreement_send(sender=coach, access=access_of(coach, engagement), agreement=agreement)
    ack_all(agreement)
    session = session_record(
        coach=coach,
        access=access_of(coach, engagement),
        starts_at=when,
        duration_minutes=60,
        purpose="coaching",
        status="held",
        via="test",
    )
    assert session.purpose == "coaching"


def test_awaiting_list_shows_only_what_i_must_still_acknowledge(setup):
    world, engagement, leader = setup
    agreement = draft(engagement, leader)
    version = services.agreement_send(
        sender=engagement.coach, access=access_of(engagement.coach, engagement), agreement=agreement
    )
    assert [v.pk for v in agreements_awaiting(person=leader)] == [version.pk]
    services.agreement_acknowledge(
        person=leader, agreement=agreement, number=1, seen_hash=version.text_hash
    )
    assert agreements_awaiting(person=leader) == []
