"""The roundtable demo data on a small world: a county roundtable per agency with coaches, the
statewide collaborative, past meetings with attendance, the next one scheduled."""

from __future__ import annotations

import random

import pytest
from django.utils import timezone

from tandem.development.demo_roundtables import roundtables_demo_seed
from tandem.development.models import (
    Consultation,
    Roundtable,
    RoundtableAttendance,
    RoundtableMeeting,
    RoundtableResource,
)
from tandem.people.models import Role, RoleAssignment
from tandem.people.tests.factories import CoachProfileFactory, PersonFactory, make_tree
from tandem.privacy.identifiers import identifier_hints

pytestmark = pytest.mark.django_db


def test_demo_roundtables_on_a_small_world():
    tree = make_tree()
    north = [CoachProfileFactory(person__org_unit=tree["intake"]).person for _ in range(3)]
    south = [CoachProfileFactory(person__org_unit=tree["permanency"]).person for _ in range(2)]
    supervisor = PersonFactory(org_unit=tree["north_office"])
    RoleAssignment.objects.create(
        person=supervisor, role=Role.COACH_SUPERVISOR, scope=tree["north"]
    )

    made = roundtables_demo_seed(rng=random.Random(7), today=timezone.localdate())

    county = Roundtable.objects.filter(level=Roundtable.Level.COUNTY)
    assert sorted(county.values_list("scope__name", flat=True)) == ["North County", "South County"]
    north_rt = county.get(scope=tree["north"])
    assert north_rt.facilitator == supervisor
    assert set(north_rt.members.all()) == set(north)
    statewide = Roundtable.objects.get(level=Roundtable.Level.STATEWIDE)
    assert statewide.every_weeks == 13
    assert set(statewide.members.all()) | {statewide.facilitator} == {*north, *south, supervisor}
    now = timezone.now()
    for roundtable in Roundtable.objects.all():
        assert roundtable.meetings.filter(starts_at__gt=now).count() == 1
        assert roundtable.meetings.filter(starts_at__lt=now).exclude(agenda="").exists()
    assert RoundtableAttendance.objects.filter(meeting__starts_at__gt=now).count() == 0
    consultation = Consultation.objects.get()
    assert identifier_hints(consultation.situation) == []
    assert identifier_hints(consultation.learning) == []
    assert made == (
        Roundtable.objects.count()
        + Roundtable.members.through.objects.count()
        + RoundtableMeeting.objects.count()
        + RoundtableAttendance.objects.count()
        + RoundtableResource.objects.count()
        + 1
    )
