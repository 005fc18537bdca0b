"""Pages that cite the program's source documents name them in plain words: never "seed 003" nor
a line number (issue #16 item 8). The pages where shipped content carries its citation."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tandem.conversation.tests.helpers import held_session

pytestmark = pytest.mark.django_db
JARGON = re.compile(r"\b[Ss]eed \d{3}|\bl\.\s?\d{2,}")


def test_cited_content_names_its_source_in_plain_words(as_actor, world):
    session = held_session(world.e1, days_before=3)
    pages = {
        "coach": [
            reverse("questionbank:search"),
            reverse("questionbank:model_list"),
            reverse("conversation:session_detail", args=[session.pk]),
            reverse("conversation:note_list", args=[world.e1.pk, "coach_journal"]),
            reverse("conversation:scaling_series", args=[world.e1.pk]),
            reverse("conversation:wellbeing_guidance"),
        ],
        "learner": [reverse("conversation:note_list", args=[world.e1.pk, "learner_journal"])],
    }
    seen = 0
    for actor, urls in pages.items():
        client = as_actor(actor)
        for url in urls:
            page = client.get(url)
            assert page.status_code == 200, url
            html = page.content.decode()
            assert not JARGON.findall(html), (url, JARGON.findall(html)[:3])
            seen += html.count("Coaching Toolkit for Child Welfare Practice")
    assert seen > 0  # the citations are there, in words
