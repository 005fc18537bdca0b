"""Every page costs the same number of queries with 1 or 3 records of each kind."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tandem.coaching.models import Note
from tandem.conversation.models import ActionStep, ScalingAnswer
from tandem.conversation.tests.helpers import earlier_step, fill_session, held_session
from tandem.privacy.categories import Category


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("actor", ["coach", "learner", "supervisor"])
def test_session_page_queries_do_not_grow(as_actor, world, actor):
    counts = []
    for n in (1, 3):
        session = held_session(world.e1, days_before=n)
        fill_session(session, "E1", steps=n, answers=n)
        for _ in range(n):
            earlier_step(session, "E1")
        url = reverse("conversation:session_detail", args=[session.pk])
        counts.append(count(as_actor(actor), url))
    assert counts[0] == counts[1]


def test_scaling_series_queries_do_not_grow(as_actor, world):
    counts = []
    url = reverse("conversation:scaling_series", args=[world.e1.pk])
    for extra in (1, 2):  # 1, then 3 answers
        for i in range(extra):
            session = held_session(world.e1, days_before=i + 1)
            ScalingAnswer.objects.create(
                session=session,
                kind="other",
                question=f"Q{i}",
                value=3,
                recorded_by=world.people["coach"],
            )
        counts.append(count(as_actor("coach"), url))
    assert counts[0] == counts[1]
    assert ActionStep.objects.count() == 0


@pytest.mark.parametrize("kind,actor", [("coach_journal", "coach"), ("session_summary", "learner")])
def test_note_list_queries_do_not_grow(as_actor, world, kind, actor):
    url = reverse("conversation:note_list", args=[world.e1.pk, kind])
    first = count(as_actor(actor), url)
    for i in range(2):
        Note.objects.create(
            engagement=world.e1,
            author=world.people["coach"],
            kind=kind,
            category=Note.CATEGORY_OF_KIND[kind],
            body=f"more {i}",
        )
    assert count(as_actor(actor), url) == first
    assert Note.CATEGORY_OF_KIND["coach_journal"] == Category.PRIVATE


def test_overview_queries_do_not_grow(as_actor, world):
    url = reverse("conversation:overview", args=[world.e1.pk])
    first = count(as_actor("learner"), url)
    held_session(world.e1, days_before=3)
    held_session(world.e1, days_before=5)
    assert count(as_actor("learner"), url) == first


def test_note_page_queries_do_not_grow_with_history(as_actor, world):
    note = Note.objects.get(engagement=world.e1, kind="session_summary")
    url = reverse("conversation:note_edit", args=[note.pk])
    client = as_actor("coach")
    client.post(url, {"base_version": 1, "draft_sequence": 0, "body": "second"})
    first = count(client, url)
    client.post(url, {"base_version": 2, "draft_sequence": 0, "body": "third"})
    client.post(url, {"base_version": 3, "draft_sequence": 0, "body": "fourth"})
    assert count(client, url) == first
