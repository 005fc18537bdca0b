"""The caseload demo seed on a small world: the demo coach gets ratings tied to sessions, one
by a peer coach, in several months."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from tandem.agreements.demo import agreement_in_force_create
from tandem.coaching.models import CoachingSession, Engagement
from tandem.development.demo_caseload import caseload_demo_seed
from tandem.development.models import CoachSupervisorAssignment
from tandem.development.selectors_fidelity import PEER, SUPERVISOR, practice_ratings_read
from tandem.instruments.tests.answering import load
from tandem.people.models import CoachProfile, Role
from tandem.people.tests.factories import make_tree, person_with_account


def test_caseload_demo_seed_ties_ratings_to_sessions(db):
    tree = make_tree()
    today = timezone.localdate()
    load("coaching-practices-rating")
    coach = person_with_account(roles=(Role.COACH,), org_unit=tree["ongoing"])
    coach.user.email = "coach@demo.tandem.test"
    coach.user.save()
    peer = person_with_account(roles=(Role.COACH,), org_unit=tree["intake"])
    CoachProfile.objects.create(
        person=peer, coach_type="internal", expertise_level="competent", capacity=5
    )
    supervisor = person_with_account(roles=(Role.COACH_SUPERVISOR,), org_unit=tree["north_office"])
    CoachSupervisorAssignment.objects.create(
        coach=coach, supervisor=supervisor, started_on=today - timedelta(days=365)
    )
    learner = person_with_account(org_unit=tree["permanency"])
    engagement = Engagement.objects.create(
        learner=learner, coach=coach, status="active", started_on=today - timedelta(days=200)
    )
    agreement_in_force_create(engagement=engagement, shares={})
    for weeks in range(1, 26, 2):
        day: date = today - timedelta(weeks=weeks)
        CoachingSession.objects.create(
            engagement=engagement,
            starts_at=timezone.make_aware(datetime.combine(day, time(10))),
            status=CoachingSession.Status.HELD,
        )
    made = caseload_demo_seed(rng=random.Random(3), today=today)
    ratings = practice_ratings_read(viewer=coach, coach=coach, via="test")
    assert made == 2 * len(ratings) and len(ratings) >= 4
    assert all(r.tied_to_session for r in ratings)
    assert {r.observer for r in ratings} == {PEER, SUPERVISOR}
    assert len({(r.day.year, r.day.month) for r in ratings}) >= 3  # a trend over months
