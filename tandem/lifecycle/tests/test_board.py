"""The stalled-coaching board and the coach's view of a stall: facts only, constant queries."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.coaching.models import CoachingSession, Engagement
from tandem.people.tests.factories import PersonFactory

BOARD = reverse("lifecycle:stalled")


def stalled_engagement(world, coach=None):
    engagement = Engagement.objects.create(
        learner=PersonFactory(org_unit=world.tree["intake"]),
        coach=coach or world.people["coach"],
        status=Engagement.Status.ACTIVE,
        started_on=date(2026, 1, 5),
    )
    CoachingSession.objects.create(
        engagement=engagement, starts_at=timezone.now() - timedelta(days=60), status="held"
    )
    return engagement


def test_program_lead_sees_stalled_facts_and_the_checklist_but_no_content(as_actor, world):
    page = as_actor("program_lead").get(BOARD)
    html = page.content.decode()
    rows = [s.engagement_id for s in page.context["page"].object_list]
    assert rows == [world.e1.pk]  # E2's learner is outside the lead's scope
    assert "Learner" in html and "Does the learner&#x27;s supervisor make room" in html
    assert world.markers_in(html) == set()
    # The program lead does not get a link into the coaching itself.
    assert reverse("lifecycle:engagement", args=[world.e1.pk]) not in html


def test_coach_sees_own_stalls_with_a_link(as_actor, world):
    page = as_actor("coach").get(BOARD)
    assert [s.engagement_id for s in page.context["page"].object_list] == [world.e1.pk]
    assert reverse("lifecycle:engagement", args=[world.e1.pk]) in page.content.decode()


def test_coach_engagement_page_shows_the_stall_and_checklist(as_actor, world):
    html = as_actor("coach").get(reverse("lifecycle:engagement", args=[world.e1.pk])).content
    assert b'data-testid="stall-alert"' in html and b"When coaching stalls" in html


@pytest.mark.parametrize("actor", ["supervisor", "learner", "leadership", "evaluator"])
def test_board_is_refused_to_others(as_actor, world, actor):
    assert as_actor(actor).get(BOARD).status_code == 403


def test_board_query_count_is_the_same_for_one_and_three_stalls(as_actor, world, page_queries):
    client = as_actor("program_lead")
    one = page_queries(BOARD, client=client)
    stalled_engagement(world)
    stalled_engagement(world)
    assert page_queries(BOARD, client=client) == one
