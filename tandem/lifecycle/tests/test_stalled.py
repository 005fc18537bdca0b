"""Which coaching has stalled: the agreed interval, the grace period, and the edges."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.agreements.demo import agreement_in_force_create
from tandem.coaching.models import CoachingSession, Engagement
from tandem.lifecycle.stalled import DEFAULT_INTERVAL_DAYS, interval_days, stalls
from tandem.people.tests.factories import PersonFactory, make_tree

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=ZoneInfo("UTC"))
LAST = NOW - timedelta(days=30)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Every two weeks", 14),
        ("every 3 weeks", 21),
        ("Every other week", 14),
        ("Weekly, on Tuesdays", 7),
        ("Biweekly", 14),
        ("twice a month", 15),
        ("Once a month", 30),
        ("3 times a week", 2),
        ("Each week for the first month", 7),
        ("Monthly", 30),
        ("In each regular supervision meeting", None),
        ("", None),
        (None, None),
    ],
)
def test_interval_days_reads_common_frequencies(text, days):
    assert interval_days(text) == days


@pytest.fixture(autouse=True)
def unit(db):
    return make_tree()["intake"]


def engagement_with(*, frequency=None, status=Engagement.Status.ACTIVE, started_on=None):
    from tandem.people.models import OrgUnit

    unit = OrgUnit.objects.get(name="Intake")
    learner, coach = PersonFactory(org_unit=unit), PersonFactory(org_unit=unit)
    engagement = Engagement.objects.create(
        learner=learner, coach=coach, status=status, started_on=started_on or date(2026, 6, 1)
    )
    if frequency is not None:
        agreement = agreement_in_force_create(engagement=engagement, shares={})
        version = agreement.in_force_version
        version.content = {**version.content, "frequency": frequency}
        version.save(update_fields=["content"])
    return engagement


def session(engagement, at, status=CoachingSession.Status.HELD):
    return CoachingSession.objects.create(engagement=engagement, starts_at=at, status=status)


def stalled_ids(now=NOW):
    return [s.engagement_id for s in stalls(engagements=Engagement.objects.all(), now=now)]


@pytest.mark.django_db
def test_exactly_interval_plus_grace_is_not_yet_stalled_and_one_second_more_is(settings):
    settings.STALLED_GRACE_DAYS = 7
    engagement = engagement_with(frequency="Every two weeks")
    session(engagement, NOW - timedelta(days=21))
    assert stalled_ids() == []
    assert stalled_ids(now=NOW + timedelta(seconds=1)) == [engagement.pk]


@pytest.mark.django_db
def test_interval_comes_from_the_agreement_in_force(settings):
    settings.STALLED_GRACE_DAYS = 2
    weekly = engagement_with(frequency="Weekly")
    monthly = engagement_with(frequency="Once a month")
    for engagement in (weekly, monthly):
        session(engagement, NOW - timedelta(days=10))
    found = stalls(engagements=Engagement.objects.all(), now=NOW)
    assert [(s.engagement_id, s.interval_days, s.days_since) for s in found] == [(weekly.pk, 7, 10)]


@pytest.mark.django_db
def test_without_an_agreement_or_a_readable_frequency_the_default_applies(settings):
    settings.STALLED_GRACE_DAYS = 7
    none = engagement_with()
    vague = engagement_with(frequency="When we can")
    for engagement in (none, vague):
        session(engagement, NOW - timedelta(days=DEFAULT_INTERVAL_DAYS + 7, hours=1))
    found = stalls(engagements=Engagement.objects.all(), now=NOW)
    assert sorted((s.engagement_id, s.interval_days) for s in found) == [
        (none.pk, 14),
        (vague.pk, 14),
    ]


@pytest.mark.django_db
def test_a_booked_future_session_counts_as_contact():
    engagement = engagement_with()
    session(engagement, LAST)
    session(engagement, NOW + timedelta(days=3), CoachingSession.Status.SCHEDULED)
    assert stalled_ids() == []


@pytest.mark.django_db
def test_cancelled_and_missed_sessions_do_not_count():
    engagement = engagement_with()
    session(engagement, LAST)
    session(engagement, NOW - timedelta(days=1), CoachingSession.Status.CANCELLED)
    session(engagement, NOW - timedelta(days=2), CoachingSession.Status.NO_SHOW)
    found = stalls(engagements=Engagement.objects.all(), now=NOW)
    assert [(s.engagement_id, s.days_since, s.had_session) for s in found] == [
        (engagement.pk, 30, True)
    ]


@pytest.mark.django_db
def test_no_session_at_all_counts_from_the_start_of_coaching():
    recent = engagement_with(started_on=NOW.date() - timedelta(days=5))
    old = engagement_with(started_on=NOW.date() - timedelta(days=40))
    found = stalls(engagements=Engagement.objects.all(), now=NOW)
    assert [(s.engagement_id, s.had_session) for s in found] == [(old.pk, False)]
    assert recent.pk not in stalled_ids()


@pytest.mark.django_db
def test_only_active_coaching_can_stall():
    for status in (Engagement.Status.PLANNED, Engagement.Status.PAUSED, Engagement.Status.CLOSED):
        session(engagement_with(status=status), LAST)
    assert stalled_ids() == []


@pytest.mark.django_db
def test_stalls_cost_one_query_whatever_the_number():
    def count(n):
        for _ in range(n):
            session(engagement_with(frequency="Weekly"), LAST)
        with CaptureQueriesContext(connection) as queries:
            found = stalls(engagements=Engagement.objects.all(), now=NOW)
            [s.office + s.coach_name + s.learner_name for s in found]
        return len(queries), len(found)

    assert count(1) == (1, 1)
    assert count(2) == (1, 3)
