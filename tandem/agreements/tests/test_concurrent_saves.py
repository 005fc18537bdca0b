"""Coach and learner saving one agreement draft at the same moment: exactly one wins, the other
gets the conflict page with both versions, and only the winner's words are in the draft
(docs/RELIABILITY.md, "No silent overwrite").

Both opened the draft at the same version and send their changes from two threads released
together (`threads_db.at_once`), several times over, on SQLite (a file copy of the test database)
and PostgreSQL. Kept out of modules with a shared world: these tests commit.
"""

from __future__ import annotations

from functools import partial

import pytest
from django.test import Client
from django.urls import reverse

from tandem.agreements import services
from tandem.agreements.selectors import latest_version
from tandem.agreements.tests.helpers import draft
from tandem.coaching.models import Engagement
from tandem.people.models import Person
from tandem.privacy.tests.world import build_world
from tandem.testing import SharedDatabase
from tandem.ui.tests.helpers import as_posted

pytestmark = pytest.mark.django_db(transaction=True)

TRIES = 3


def _signed_in(person: Person) -> Client:
    client = Client()
    client.force_login(person.user)
    return client


def test_coach_and_learner_saving_one_draft_at_the_same_moment_one_wins(
    threads_db: SharedDatabase,
) -> None:
    world = build_world()
    services.templates_ensure_builtin()
    leader = world.people["leadership"]
    tries = []
    for n in range(TRIES):
        engagement = Engagement.objects.create(
            learner=world.people["learner"], coach=world.people["other_coach"]
        )
        agreement = draft(engagement, leader)
        url = reverse("agreements:edit", args=[agreement.pk])
        coach, learner = _signed_in(engagement.coach), _signed_in(engagement.learner)
        coach_form, learner_form = (c.get(url).context["form"] for c in (coach, learner))
        saves = {
            "coach": partial(coach.post, url, as_posted(coach_form, frequency=f"COACH-{n}")),
            "learner": partial(
                learner.post, url, as_posted(learner_form, success_measures=f"LEARNER-{n}")
            ),
        }
        outcomes = dict(zip(saves, threads_db.at_once(*saves.values()), strict=True))
        for outcome in outcomes.values():
            if outcome.error is not None:
                raise outcome.error
        codes = {who: outcome.value.status_code for who, outcome in outcomes.items()}
        winner = next(who for who, code in codes.items() if code == 302)
        content = latest_version(agreement=agreement).content
        stored = {
            "coach": content["frequency"] == f"COACH-{n}",
            "learner": content["success_measures"] == f"LEARNER-{n}",
        }
        loser = outcomes["learner" if winner == "coach" else "coach"].value
        tries.append(
            (
                sorted(codes.values()),
                stored == {who: who == winner for who in stored},  # only the winner's words
                "Someone saved a newer version while you were editing" in loser.content.decode(),
            )
        )
    assert tries == [([302, 409], True, True)] * TRIES
