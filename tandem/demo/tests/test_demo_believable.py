"""The seeded demo reads as a real program in its fourth month (issue #16 item 9): coaching
mostly on track, every past session with an outcome, distinct goals, records dated in the order
things happen and spread over the months, coaches out of contract coaching nobody.

The demo agency is seeded once for the module (it is what these tests are about)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tandem.agreements.models import Acknowledgment, Agreement
from tandem.coaching.models import CoachingSession, Engagement, Note
from tandem.conversation.models import NoteRevision, SessionRecord
from tandem.enrollment.models import CoachingRequest, Match, StatusChange
from tandem.goals.models import Goal
from tandem.lifecycle.stalled import stalls
from tandem.people.models import CoachProfile

PRONOUNS = re.compile(r"\b(she|he|her|him|his|hers|herself|himself)\b", re.IGNORECASE)


def _seed() -> None:
    call_command("seed", "--scale", "demo", stdout=StringIO())


@pytest.fixture(scope="module")
def demo_once(module_db):
    module_db(_seed)


@pytest.fixture
def demo(demo_once, db):
    return None


def test_demo_few_active_engagements_have_stalled(demo):
    active = Engagement.objects.filter(status=Engagement.Status.ACTIVE)
    stalled = stalls(engagements=Engagement.objects.all())

    assert active.count() >= 8
    assert len(stalled) <= active.count() // 5


def test_demo_every_past_session_has_an_outcome(demo):
    now = timezone.now()
    past = CoachingSession.objects.filter(starts_at__lt=now)
    outcomes = Counter(past.values_list("status", flat=True))

    assert outcomes[CoachingSession.Status.SCHEDULED] == 0
    assert outcomes[CoachingSession.Status.HELD] > 0.8 * past.count()
    assert outcomes[CoachingSession.Status.CANCELLED] + outcomes[CoachingSession.Status.NO_SHOW]
    assert not past.filter(status=CoachingSession.Status.HELD, duration_minutes=0).exists()


def test_demo_sessions_fall_on_workdays(demo):
    starts = CoachingSession.objects.values_list("starts_at", flat=True)

    assert starts and [s for s in starts if timezone.localtime(s).weekday() > 4] == []


def test_demo_active_coaching_has_its_next_session_booked(demo):
    now = timezone.now()
    booked = CoachingSession.objects.filter(
        starts_at__gte=now, status=CoachingSession.Status.SCHEDULED
    ).values_list("engagement_id", flat=True)
    active = set(
        Engagement.objects.filter(status=Engagement.Status.ACTIVE).values_list("pk", flat=True)
    )
    stalled = {s.engagement_id for s in stalls(engagements=Engagement.objects.all())}

    assert active - stalled == active & set(booked)
    assert not CoachingSession.objects.filter(
        starts_at__gte=now, engagement__status=Engagement.Status.CLOSED
    ).exists()


def test_demo_no_learner_has_the_same_goal_twice(demo):
    titles = Counter(Goal.objects.values_list("engagement__learner_id", "behavior"))

    assert titles and max(titles.values()) == 1


def test_demo_records_are_dated_in_the_order_things_happen(demo):
    """Requested < offered < accepted < agreement < first session, for every engagement."""
    checked = 0
    for request in CoachingRequest.objects.filter(engagement__isnull=False).select_related(
        "engagement"
    ):
        engagement = request.engagement
        match = Match.objects.get(request=request, status=Match.Status.ACCEPTED)
        agreement = Agreement.objects.get(engagement=engagement)
        acknowledged = Acknowledgment.objects.filter(version__agreement=agreement)
        first = engagement.sessions.order_by("starts_at").first()
        assert request.created_at < match.created_at < match.decided_at, request.pk
        assert match.decided_at <= engagement.created_at < agreement.created_at, request.pk
        assert max(a.at for a in acknowledged) < first.starts_at, request.pk
        assert engagement.started_on == timezone.localdate(first.starts_at), request.pk
        changes = list(StatusChange.objects.filter(request=request).order_by("pk"))
        assert [c.at for c in changes] == sorted(c.at for c in changes), request.pk
        checked += 1
    assert checked >= 20


def test_demo_notes_are_dated_over_four_months_never_at_seeding(demo):
    now = timezone.now()
    notes = list(Note.objects.values_list("created_at", "engagement__started_on"))
    days = {created.date() for created, _ in notes}

    assert all(created < now - timedelta(minutes=30) for created, _ in notes)
    assert all(timezone.localdate(created) >= started for created, started in notes if started)
    assert len(days) >= len(notes) // 3
    current = [
        c for c, started in notes if started and started > (now - timedelta(days=125)).date()
    ]
    assert max(current) - min(current) > timedelta(days=75)
    assert not NoteRevision.objects.filter(saved_at__gt=now - timedelta(minutes=30)).exists()
    assert not SessionRecord.objects.filter(updated_at__gt=now - timedelta(minutes=30)).exists()


def test_demo_current_round_began_in_the_last_four_months(demo):
    since = timezone.localdate() - timedelta(days=125)
    active = Engagement.objects.filter(status=Engagement.Status.ACTIVE)

    assert not active.filter(started_on__lt=since).exists()


def test_demo_coach_out_of_contract_coaches_nobody_and_takes_no_one(demo):
    today = timezone.localdate()
    for profile in CoachProfile.objects.filter(contract_end__lt=today):
        assert not profile.accepting_learners
        coached = Engagement.objects.filter(coach=profile.person_id)
        assert not coached.exclude(status=Engagement.Status.CLOSED).exists()
        assert not coached.filter(ended_on__gt=profile.contract_end).exists()
        assert not CoachingSession.objects.filter(
            engagement__coach=profile.person_id,
            starts_at__date__gt=profile.contract_end,
        ).exists()


def test_demo_journals_need_no_pronoun_for_the_learner(demo):
    """Tandem records nobody's pronouns, so the seeded coaching texts use none for the learner
    (a parent in a learner's journal is not the learner)."""
    coach_texts = Note.objects.filter(kind__in=[Note.Kind.COACH_JOURNAL, Note.Kind.SESSION_SUMMARY])

    assert coach_texts.exists()
    for body in coach_texts.values_list("body", flat=True):
        assert PRONOUNS.search(body) is None, body
