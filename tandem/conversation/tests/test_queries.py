"""Every page costs the same number of queries with 1 or 3 records of each kind."""

import pytest
from django.urls import reverse

from tandem.coaching.models import Note
from tandem.conversation.models import ScalingAnswer
from tandem.conversation.tests.helpers import earlier_step, fill_session, held_session


@pytest.mark.parametrize("actor", ["coach", "learner", "supervisor"])
def test_session_page_queries_do_not_grow(as_actor, world, page_queries, actor):
    client = as_actor(actor)
    counts = []
    for n in (1, 3):
        session = held_session(world.e1, days_before=n)
        fill_session(session, "E1", steps=n, answers=n)
        for _ in range(n):
            earlier_step(session, "E1")
        url = reverse("conversation:session_detail", args=[session.pk])
        counts.append(page_queries(url, client=client))
    assert counts[0] == counts[1]


def test_scaling_series_queries_do_not_grow(as_actor, world, page_queries):
    client = as_actor("coach")
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
        counts.append(page_queries(url, client=client))
    assert counts[0] == counts[1]
    # ...and the second count was of a page showing all three answers, in two series (the
    # series whose first answer is oldest comes first: Q1 was asked two days before).
    series = client.get(url).context["series"]
    shown = [(s.question, len(s.answers)) for s in series if s.kind == "other"]
    assert shown == [("Q1", 1), ("Q0", 2)]


@pytest.mark.parametrize("kind,actor", [("coach_journal", "coach"), ("session_summary", "learner")])
def test_note_list_queries_do_not_grow(as_actor, world, page_queries, kind, actor):
    client = as_actor(actor)
    url = reverse("conversation:note_list", args=[world.e1.pk, kind])
    first = page_queries(url, client=client)
    for i in range(2):
        Note.objects.create(
            engagement=world.e1,
            author=world.people["coach"],
            kind=kind,
            category=Note.CATEGORY_OF_KIND[kind],
            body=f"more {i}",
        )
    assert page_queries(url, client=client) == first


def test_overview_queries_do_not_grow(as_actor, world, page_queries):
    client = as_actor("learner")
    url = reverse("conversation:overview", args=[world.e1.pk])
    first = page_queries(url, client=client)
    held_session(world.e1, days_before=3)
    held_session(world.e1, days_before=5)
    assert page_queries(url, client=client) == first


def test_note_page_queries_do_not_grow_with_history(as_actor, world, page_queries):
    note = Note.objects.get(engagement=world.e1, kind="session_summary")
    url = reverse("conversation:note_edit", args=[note.pk])
    client = as_actor("coach")
    client.post(url, {"base_version": 1, "draft_sequence": 0, "body": "second"})
    first = page_queries(url, client=client)
    client.post(url, {"base_version": 2, "draft_sequence": 0, "body": "third"})
    client.post(url, {"base_version": 3, "draft_sequence": 0, "body": "fourth"})
    assert page_queries(url, client=client) == first
