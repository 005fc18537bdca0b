"""List pages run the same number of queries whatever the number of rows."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.coaching.models import CoachingSession, Engagement
from tandem.coaching.tests.helpers import past_scheduled, scheduled
from tandem.people.tests.factories import person_with_account

pytestmark = pytest.mark.django_db


def test_engagement_page_queries_do_not_grow_with_sessions(client, world, page_queries):
    client.force_login(world.people["coach"].user)
    url = reverse("coaching:engagement_detail", args=[world.e1.pk])
    one = page_queries(url)
    for days in (3, 5):
        scheduled(world.e1, days=days)
    CoachingSession.objects.create(engagement=world.e1, starts_at=scheduled(world.e1).starts_at)
    assert page_queries(url) == one


def test_schedule_queries_do_not_grow_with_sessions(client, world, page_queries):
    client.force_login(world.people["learner"].user)
    url = reverse("coaching:schedule")
    scheduled(world.e1)
    one = page_queries(url)
    scheduled(world.e1, days=9)
    scheduled(world.e1, days=11)
    assert page_queries(url) == one
    assert client.get(url).content.decode().count("Invitation (.ics)") == 3


def test_schedule_queries_do_not_grow_with_sessions_needing_an_outcome(client, world, page_queries):
    coach = world.people["coach"]
    client.force_login(coach.user)
    url = reverse("coaching:schedule")
    scheduled(world.e1)
    past_scheduled(world.e1, hours=30)
    one = page_queries(url)
    # Two more, one of them with another learner: people and access are read once per page.
    learner = person_with_account(org_unit=world.tree["intake"], last_name="Extra")
    other = Engagement.objects.create(
        learner=learner, coach=coach, status=Engagement.Status.ACTIVE, started_on=date(2026, 9, 1)
    )
    past_scheduled(world.e1, hours=80)
    past_scheduled(other, hours=55)
    assert page_queries(url) == one
    assert "3 sessions need an outcome" in client.get(url).content.decode()


def test_engagement_page_queries_do_not_grow_with_sessions_needing_an_outcome(
    client, world, page_queries
):
    client.force_login(world.people["coach"].user)
    url = reverse("coaching:engagement_detail", args=[world.e1.pk])
    past_scheduled(world.e1, hours=30)
    one = page_queries(url)
    past_scheduled(world.e1, hours=55)
    past_scheduled(world.e1, hours=80)
    assert page_queries(url) == one
    assert "3 sessions need an outcome." in client.get(url).content.decode()


def test_my_learners_queries_do_not_grow_with_learners(client, world, page_queries):
    coach = world.people["coach"]
    client.force_login(coach.user)
    url = reverse("web:my_learners")
    from tandem.people.tests.factories import CoachProfileFactory

    CoachProfileFactory(person=coach)
    one = page_queries(url)
    for name in ("Extra", "Another"):
        learner = person_with_account(org_unit=world.tree["intake"], last_name=name)
        engagement = Engagement.objects.create(
            learner=learner,
            coach=coach,
            status=Engagement.Status.ACTIVE,
            started_on=date(2026, 9, 1),
        )
        scheduled(engagement)
    assert page_queries(url) == one
    html = client.get(url).content.decode()
    assert "Next session" in html and "Sessions held" in html


def test_my_learners_shows_next_and_last_session_and_sessions_held(client, world):
    from tandem.people.tests.factories import CoachProfileFactory

    coach = world.people["coach"]
    CoachProfileFactory(person=coach)
    coming = scheduled(world.e1, days=10)
    client.force_login(coach.user)
    html = client.get(reverse("web:my_learners")).content.decode()

    link = f'href="/coaching/{world.e1.pk}/">{world.people["learner"].full_name}</a>'
    row = html.split(link, 1)[1].split("</tr>", 1)[0]
    assert timezone.localtime(coming.starts_at).strftime("%b") in row
    held_on = world.marker_texts["SESSION-E1"].rsplit(" ", 1)[0]  # "Oct 1, 2026"
    assert held_on in row  # the held session of E1
    assert '<td data-label="Sessions held">1</td>' in row
