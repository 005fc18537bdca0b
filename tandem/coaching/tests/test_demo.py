"""The seeded engagements and sessions (tandem/demo/coaching.py) and the bulk agreements."""

from __future__ import annotations

import pytest

from tandem.agreements.demo import agreements_bulk_create
from tandem.agreements.models import Acknowledgment, Agreement
from tandem.agreements.rendering import agreement_text, text_hash
from tandem.coaching.models import CoachingSession, Engagement
from tandem.coaching.services import agreement_in_force
from tandem.demo.coaching import engagements_seed
from tandem.privacy.categories import Category, Party
from tandem.privacy.disclosure import Sharing, sharing_of

pytestmark = pytest.mark.django_db


def test_bulk_agreements_match_the_acknowledgment_flow(world):
    e2 = Engagement.objects.select_related("learner", "coach").get(pk=world.e2.pk)
    shares = {Party.SUPERVISOR: [Category.ATTENDANCE]}

    assert agreements_bulk_create(items=[(e2, shares, False)]) == 1
    agreement = Agreement.objects.get(engagement=e2)
    version = agreement.in_force_version
    assert agreement.status == Agreement.Status.IN_FORCE and version is not None
    expected = agreement_text(
        kind="internal",
        number=1,
        learner=e2.learner.full_name,
        coach=e2.coach.full_name,
        parties=[
            ("Coach", e2.coach.full_name),
            ("Learner", e2.learner.full_name),
            ("Supervisor", e2.learner.supervisor.full_name),
        ],
        content=agreement.template.defaults,
        disclosure={"supervisor": ["attendance"]},
    )
    assert version.rendered_text == expected and version.text_hash == text_hash(expected)
    assert version.content == agreement.template.defaults
    acknowledged = Acknowledgment.objects.filter(version=version, text_hash=version.text_hash)
    assert acknowledged.count() == 3
    assert sharing_of(engagement_ids=[e2.pk])[e2.pk] == Sharing(
        parties={"supervisor": frozenset({Category.ATTENDANCE})},
        supervisor_id=e2.learner.supervisor_id,
    )
    assert agreement_in_force(engagement_id=e2.pk)


def test_an_ended_agreement_shares_nothing(world):
    e2 = Engagement.objects.select_related("learner", "coach").get(pk=world.e2.pk)
    agreements_bulk_create(items=[(e2, {Party.SUPERVISOR: [Category.ATTENDANCE]}, True)])

    agreement = Agreement.objects.get(engagement=e2)
    assert agreement.status == Agreement.Status.ENDED and agreement.in_force_version is None
    assert sharing_of(engagement_ids=[e2.pk]) == {}


def test_state_history_reaches_the_sessions_per_coach(tree):
    from tandem.people.tests.factories import CoachProfileFactory, PersonFactory

    coach = PersonFactory(org_unit=tree["ongoing"])
    CoachProfileFactory(person=coach, capacity=3)
    for _ in range(6):
        PersonFactory(org_unit=tree["intake"])

    demo = engagements_seed(seed=1, scale="demo")
    assert demo <= 3
    # At most four months of sessions two weeks apart, and the next two booked.
    assert CoachingSession.objects.count() <= 3 * (9 + 2)

    state = engagements_seed(seed=2, scale="state")
    sessions = CoachingSession.objects.filter(engagement__coach=coach)
    assert state > 3 and sessions.count() >= 250 + 3 * 2
    session = sessions.filter(status=CoachingSession.Status.HELD).first()
    assert session is not None and session.place and session.modality
    closed = Engagement.objects.filter(coach=coach, status=Engagement.Status.CLOSED)
    assert closed.count() > 3
    assert not Agreement.objects.filter(engagement__in=closed, in_force_version__isnull=False)
