"""The coach's home starts with what needs doing today: sessions today, sessions that need an
outcome, unfinished notes, stalled coaching and offers to answer (#16 item 7). Each list shows
only the coach's own coaching, and the page's query count does not grow with the caseload."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tandem.agreements.demo import agreement_in_force_create
from tandem.coaching.models import CoachingSession, Engagement, Note
from tandem.coaching.services import engagement_create
from tandem.conversation.models import NoteDraft
from tandem.enrollment.matching.tests.helpers import offer, request_in_matching
from tandem.instruments.administration_services import administration_assign
from tandem.instruments.tests.answering import load
from tandem.people.models import Role
from tandem.people.tests.factories import person_with_account

pytestmark = pytest.mark.django_db

HOME = reverse("web:my_learners")


@pytest.fixture
def nine_am():
    """Today at 9:00 (local): sessions later today exist at any hour the suite runs."""
    moment = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    with time_machine.travel(moment, tick=False):
        yield moment


def _active(coach, learner):
    engagement = engagement_create(coach=coach, learner=learner)
    Engagement.objects.filter(pk=engagement.pk).update(status=Engagement.Status.ACTIVE)
    agreement_in_force_create(engagement=engagement, shares={})
    return engagement


def _session(engagement, at, status=CoachingSession.Status.SCHEDULED):
    return CoachingSession.objects.create(engagement=engagement, starts_at=at, status=status)


def _learner(world, name):
    return person_with_account(org_unit=world.tree["intake"], last_name=name)


def _section(page: str, heading_id: str) -> str:
    return page.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]


def _busy_day(world, nine_am, name):
    """Two learners of the world's coach: one with a session today, one that needs an outcome
    and an unfinished note; the other silent for 60 days (stalled)."""
    quiet = _active(world.people["coach"], _learner(world, f"{name}Quiet"))
    _session(quiet, nine_am - timedelta(days=60), CoachingSession.Status.HELD)
    engagement = _active(world.people["coach"], _learner(world, name))
    _session(engagement, nine_am + timedelta(hours=5))  # today, 2 pm
    _session(engagement, nine_am - timedelta(days=2))  # past, no outcome
    NoteDraft.objects.create(
        author=world.people["coach"],
        engagement=engagement,
        kind=Note.Kind.COACH_JOURNAL,
        body="half a thought",
    )
    return engagement, quiet


def test_the_coach_sees_what_needs_doing_today(as_actor, world, nine_am):
    _busy_day(world, nine_am, "Todaylearner")
    # Another coach's day, which must not show.
    theirs = _active(world.people["other_coach"], _learner(world, "Notmine"))
    _session(theirs, nine_am + timedelta(hours=3))
    _session(theirs, nine_am - timedelta(days=3))
    NoteDraft.objects.create(
        author=world.people["other_coach"],
        engagement=theirs,
        kind=Note.Kind.COACH_JOURNAL,
        body="x",
    )
    offer(
        request_in_matching(_learner(world, "Offered")),
        to=world.people["coach"],
        by=world.people["program_lead"],
    )

    page = as_actor("coach").get(HOME).content.decode()

    today = _section(page, "today-sessions")
    assert "2:00 p.m." in today and "Todaylearner" in today
    outcomes = _section(page, "today-outcomes")
    assert "Sessions that need an outcome (1)" in outcomes
    assert "Todaylearner" in outcomes
    drafts = _section(page, "today-drafts")
    assert "Coach&#x27;s journal with" in drafts and "Todaylearner" in drafts
    assert "half a thought" not in page  # a draft's text never shows outside its editor
    stalled = _section(page, "today-stalled")
    assert "TodaylearnerQuiet</a>: no contact for 60 days" in stalled
    assert "1 coaching request offered to you</a> waits for your answer" in page
    assert "Notmine" not in page


def test_a_quiet_day_says_so(as_actor, world, nine_am):
    page = as_actor("other_coach").get(HOME).content.decode()
    assert "No more sessions today." in _section(page, "today-sessions")
    assert "Every past session has its outcome." in _section(page, "today-outcomes")
    assert "No unfinished notes." in _section(page, "today-drafts")
    assert "offered to you</a> wait" not in page


def test_a_withdrawn_learner_leaves_the_coachs_today(as_actor, world, nine_am):
    both = _busy_day(world, nine_am, "Leaving")
    assert "Leaving" in as_actor("coach").get(HOME).content.decode()
    Engagement.objects.filter(pk__in=[e.pk for e in both]).update(
        status=Engagement.Status.WITHDRAWN
    )
    page = as_actor("coach").get(HOME).content.decode()
    for section in ("today-sessions", "today-outcomes", "today-drafts", "today-stalled"):
        assert "Leaving" not in _section(page, section), section


def test_the_coachs_home_queries_do_not_grow_with_the_caseload(
    as_actor, world, nine_am, page_queries
):
    client = as_actor("coach")
    _busy_day(world, nine_am, "First")
    one = page_queries(HOME, client=client)
    _busy_day(world, nine_am, "Second")
    _busy_day(world, nine_am, "Third")
    assert page_queries(HOME, client=client) == one


# --- The observer's home ---------------------------------------------------------------------


def test_the_observer_sees_only_their_own_ratings_to_do(client, world):
    observers = [
        person_with_account(roles=(Role.OBSERVER,), org_unit=world.tree["north"], last_name=n)
        for n in ("Firstobserver", "Secondobserver")
    ]
    for observer in observers:
        observer.role_assignments.update(scope=world.tree["north"])
    administration_assign(
        assigned_by=observers[0],
        version=load("coaching-practices-rating"),
        respondent=observers[0],
        subject=world.people["coach"],
    )
    client.force_login(observers[0].user)
    mine = client.get(reverse("web:my_ratings")).content.decode()
    to_rate = mine.split('id="to-rate"', 1)[1].split("</section>", 1)[0]
    assert world.people["coach"].full_name in to_rate
    client.force_login(observers[1].user)
    theirs = client.get(reverse("web:my_ratings")).content.decode()
    assert world.people["coach"].full_name not in theirs
    assert "No rating is waiting for you." in theirs
    client.force_login(world.people["coach"].user)
    assert client.get(reverse("web:my_ratings")).status_code == 403
