"""Two saves of one goal at the same moment: exactly one wins, the other gets the conflict
page (docs/RELIABILITY.md, "No silent overwrite").

The learner and the coach both opened the goal at version 1 and send their changes from two
threads released together (`threads_db.at_once`), several times over. On PostgreSQL the
conditional UPDATE of the second save waits for the first one's row lock, then matches no row;
on SQLite (a file copy of the test database, opened as Tandem opens SQLite) BEGIN IMMEDIATE
makes the second wait. Kept out of modules with a shared world: these tests commit.
"""

from __future__ import annotations

from functools import partial

import pytest
from django.test import Client
from django.urls import reverse

from tandem.goals.models import Goal
from tandem.goals.tests.helpers import make_goal
from tandem.people.models import Person
from tandem.privacy.tests.world import build_world
from tandem.testing import SharedDatabase

pytestmark = pytest.mark.django_db(transaction=True)

TRIES = 3


def _signed_in(person: Person) -> Client:
    client = Client()
    client.force_login(person.user)
    return client


def _form(goal: Goal, **changes: str) -> dict[str, object]:
    """The goal's edit form as opened at version 1, with `changes` typed in."""
    fields = ("behavior", "context", "target", "measure", "why", "reporting_frequency")
    return {name: getattr(goal, name) for name in fields} | {"base_version": 1} | changes


def test_two_saves_of_one_goal_at_the_same_moment_one_wins(threads_db: SharedDatabase) -> None:
    world = build_world()
    learner, coach = world.people["learner"], world.people["coach"]
    tries = []
    for n in range(TRIES):
        goal = make_goal(world.e1, f"RACE{n}")
        url = reverse("goals:goal_edit", args=[world.e1.pk, goal.pk])
        saves = {
            "learner": partial(_signed_in(learner).post, url, _form(goal, why=f"LEARNER-{n}")),
            "coach": partial(_signed_in(coach).post, url, _form(goal, target=f"COACH-{n}")),
        }
        outcomes = dict(zip(saves, threads_db.at_once(*saves.values()), strict=True))
        for outcome in outcomes.values():
            if outcome.error is not None:
                raise outcome.error
        codes = {who: outcome.value.status_code for who, outcome in outcomes.items()}
        winner = next(who for who, code in codes.items() if code == 302)
        saved = Goal.objects.get(pk=goal.pk)
        stored = {"learner": saved.why == f"LEARNER-{n}", "coach": saved.target == f"COACH-{n}"}
        loser = outcomes["coach" if winner == "learner" else "learner"].value
        tries.append(
            (
                sorted(codes.values()),
                saved.version,
                stored == {who: who == winner for who in stored},  # only the winner's change
                "Someone saved a newer version while you were editing" in loser.content.decode(),
            )
        )
    assert tries == [([302, 409], 2, True, True)] * TRIES
