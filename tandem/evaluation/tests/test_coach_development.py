"""The coach development dose table: roundtable meetings and supervision sessions attended by
the coaches in scope, with small numbers suppressed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.development.models import (
    Roundtable,
    RoundtableAttendance,
    RoundtableMeeting,
    SupervisionAttendee,
    SupervisionSession,
)
from tandem.evaluation.tests.helpers import page_open, page_table
from tandem.people.models import OrgUnit
from tandem.people.services import orgunit_create
from tandem.people.tests.factories import CoachProfileFactory, PersonFactory

pytestmark = pytest.mark.django_db
SLUG = "coach-development-dose"


def _office(world, name: str) -> OrgUnit:
    return orgunit_create(parent=world.tree["north"], name=name, kind=OrgUnit.Kind.OFFICE)


def _coaches(office: OrgUnit, n: int) -> list:
    return [
        CoachProfileFactory(person=PersonFactory(org_unit=office, job_title="Coach")).person
        for _ in range(n)
    ]


def _meetings(world, office: OrgUnit, n: int) -> list[RoundtableMeeting]:
    roundtable = Roundtable.objects.create(
        name="Office roundtable",
        level=Roundtable.Level.UNIT,
        scope=office,
        facilitator=world.people["coach_supervisor"],
        created_by=world.people["program_lead"],
    )
    now = timezone.now()
    return [
        RoundtableMeeting.objects.create(roundtable=roundtable, starts_at=now - timedelta(days=d))
        for d in range(10, 10 + 30 * n, 30)
    ]


def _attend(meeting: RoundtableMeeting, people) -> None:
    RoundtableAttendance.objects.bulk_create(
        [RoundtableAttendance(meeting=meeting, person=p) for p in people]
    )


def _section(client, world, office: OrgUnit) -> str:
    page = page_open(
        client, world, "program_lead", "evaluation:section", "coach-development", unit=office.pk
    )
    assert page.status_code == 200
    return page.content.decode()


def test_dose_counts_roundtable_meetings_and_supervision_per_coach(client, eworld):
    office = _office(eworld, "Development office")
    coaches = _coaches(office, 23)
    first, second, cancelled = _meetings(eworld, office, 3)
    RoundtableMeeting.objects.filter(pk=cancelled.pk).update(cancelled=True)
    _attend(first, coaches[:12])
    _attend(second, coaches[:6])
    _attend(cancelled, coaches)  # a cancelled meeting never counts
    session = SupervisionSession.objects.create(
        supervisor=eworld.people["coach_supervisor"],
        kind=SupervisionSession.Kind.GROUP,
        status=SupervisionSession.Status.HELD,
        starts_at=timezone.now() - timedelta(days=5),
        created_by=eworld.people["coach_supervisor"],
    )
    SupervisionAttendee.objects.bulk_create(
        [SupervisionAttendee(session=session, coach=c, attended=True) for c in coaches[:23]]
    )
    table = page_table(_section(client, eworld, office), SLUG)
    assert table["Coaches in scope"] == ["23"]
    assert table["Attended at least one roundtable meeting"] == ["12"]
    assert table["Attended no roundtable meeting"] == ["11"]
    assert table["Share who attended at least one roundtable meeting"] == ["52%"]
    assert table["Roundtable meetings attended per coach (mean)"] == [f"{18 / 23:.1f}"]
    assert table["Supervision sessions attended per coach (mean)"] == ["1.0"]


def test_dose_of_a_few_coaches_is_not_shown(client, eworld):
    office = _office(eworld, "Small office")
    coaches = _coaches(office, 5)
    (meeting,) = _meetings(eworld, office, 1)
    _attend(meeting, coaches[:2])
    table = page_table(_section(client, eworld, office), SLUG)
    assert set(table) >= {"Coaches in scope", "Attended at least one roundtable meeting"}
    for cells in table.values():
        assert cells == ["not shown: too few"]


def test_dose_hides_the_complement_of_a_small_group(client, eworld):
    office = _office(eworld, "Mostly present office")
    coaches = _coaches(office, 20)
    (meeting,) = _meetings(eworld, office, 1)
    _attend(meeting, coaches[:17])  # 3 stayed away: neither count nor share may tell
    table = page_table(_section(client, eworld, office), SLUG)
    assert table["Coaches in scope"] == ["20"]
    assert table["Attended no roundtable meeting"] == ["not shown"]
    assert table["Attended at least one roundtable meeting"] == ["not shown"]
    assert table["Share who attended at least one roundtable meeting"] == ["not shown: too few"]


def test_dose_query_count_does_not_grow_with_meetings_or_coaches(client, eworld, page_queries):
    client.force_login(eworld.people["evaluator"].user)
    url = reverse("evaluation:section", args=["coach-development"])
    small, large = _office(eworld, "One"), _office(eworld, "Three")
    (meeting,) = _meetings(eworld, small, 1)
    _attend(meeting, _coaches(small, 1))
    coaches = _coaches(large, 3)
    for meeting in _meetings(eworld, large, 3):
        _attend(meeting, coaches)
    assert page_queries(url, {"unit": small.pk}) == page_queries(url, {"unit": large.pk})
