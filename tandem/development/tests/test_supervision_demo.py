"""The supervision demo data on a small world: coaches get a coach supervisor who is never
their line manager, biweekly sessions alternate group and individual, one is booked, one
coach is overdue."""

from __future__ import annotations

import random

from django.utils import timezone

from tandem.development.demo_supervision import supervision_demo_seed
from tandem.development.models import (
    CoachSupervisorAssignment,
    Consultation,
    SupervisionAttendee,
    SupervisionSession,
)
from tandem.development.selectors_supervision import overdue_for
from tandem.people.models import Person, Role
from tandem.people.tests.factories import CoachProfileFactory, person_with_account


def test_demo_supervision_is_believable_and_never_the_line_manager(tree):
    sup = person_with_account(roles=(Role.COACH_SUPERVISOR,), org_unit=tree["north_office"])
    sup.user.email = "coach-supervisor@demo.tandem.test"
    sup.user.save()
    coaches = [CoachProfileFactory(person__org_unit=tree["ongoing"]).person for _ in range(4)]
    # One coach reports to the coach supervisor: they must not be paired.
    Person.objects.filter(pk=coaches[3].pk).update(supervisor=sup)
    today = timezone.localdate()
    made = supervision_demo_seed(rng=random.Random(1), today=today)
    assert made == sum(
        m.objects.count()
        for m in (CoachSupervisorAssignment, SupervisionSession, SupervisionAttendee, Consultation)
    )
    assert set(CoachSupervisorAssignment.objects.values_list("coach_id", flat=True)) == {
        c.pk for c in coaches[:3]
    }
    kinds = list(
        SupervisionSession.objects.filter(status="held")
        .order_by("starts_at")
        .values_list("kind", flat=True)
        .distinct()
    )
    assert set(kinds) == {"group", "individual"}
    assert SupervisionSession.objects.filter(status="scheduled").count() == 1
    assert [coach.pk for coach, _due in overdue_for(viewer=sup)] == [coaches[2].pk]
    assert SupervisionSession.objects.exclude(notes="").filter(status="held").exists()
