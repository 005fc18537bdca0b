"""Two tabs (the learner and their supervisor) saving one development plan at the same moment:
exactly one makes the next version, the other gets the conflict page, and the newest version
has only the winner's change (docs/RELIABILITY.md, "No silent overwrite").

Both opened the plan at version 1 and send their changes from two threads released together
(`threads_db.at_once`), several times over, on SQLite (a file copy of the test database) and
PostgreSQL. Kept out of modules with a shared world: these tests commit.
"""

from __future__ import annotations

from functools import partial

import pytest
from django.test import Client
from django.urls import reverse

from tandem.lifecycle.tests.helpers import make_plan
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


def test_two_saves_of_one_plan_at_the_same_moment_make_one_version(
    threads_db: SharedDatabase,
) -> None:
    world = build_world()
    tries = []
    for n in range(TRIES):
        plan = make_plan(world.people["learner"], f"RACE{n}")
        url = reverse("lifecycle:plan_edit", args=[plan.pk])
        learner, supervisor = (
            _signed_in(world.people["learner"]),
            _signed_in(world.people["supervisor"]),
        )
        learner_form, supervisor_form = (c.get(url).context["form"] for c in (learner, supervisor))
        saves = {
            "learner": partial(
                learner.post, url, as_posted(learner_form, item1_timeline=f"LEARNER-{n}")
            ),
            "supervisor": partial(
                supervisor.post,
                url,
                as_posted(supervisor_form, supervisor_support=f"SUPERVISOR-{n}"),
            ),
        }
        outcomes = dict(zip(saves, threads_db.at_once(*saves.values()), strict=True))
        for outcome in outcomes.values():
            if outcome.error is not None:
                raise outcome.error
        codes = {who: outcome.value.status_code for who, outcome in outcomes.items()}
        winner = next(who for who, code in codes.items() if code == 302)
        newest = plan.versions.order_by("-number").first()
        stored = {
            "learner": newest.items[0]["timeline"] == f"LEARNER-{n}",
            "supervisor": newest.supervisor_support == f"SUPERVISOR-{n}",
        }
        loser = outcomes["supervisor" if winner == "learner" else "learner"].value
        tries.append(
            (
                sorted(codes.values()),
                newest.number,
                stored == {who: who == winner for who in stored},
                "Someone saved a newer version while you were editing" in loser.content.decode(),
            )
        )
    assert tries == [([302, 409], 2, True, True)] * TRIES
