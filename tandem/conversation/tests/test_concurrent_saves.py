"""Two tabs writing the first record of a session at the same moment: exactly one is saved,
the other gets the conflict page, never a 500 (docs/RELIABILITY.md, "No silent overwrite").

Both forms were opened before any record existed (version 0), so both try to create it; the
database's one-record-per-session rule decides, inside a savepoint, and the late one is shown
the record that won. Kept out of modules with a shared world: these tests commit.
"""

from __future__ import annotations

from functools import partial

import pytest
from django.test import Client
from django.urls import reverse

from tandem.conversation.models import NoteDraft, SessionRecord
from tandem.conversation.tests.helpers import held_session
from tandem.privacy.tests.world import build_world
from tandem.testing import SharedDatabase

pytestmark = pytest.mark.django_db(transaction=True)

TRIES = 3


def test_two_tabs_writing_the_first_session_record_at_once_one_wins(
    threads_db: SharedDatabase,
) -> None:
    world = build_world()
    tries = []
    for n in range(TRIES):
        session = held_session(world.e1, days_before=n + 1)
        url = reverse("conversation:record_save", args=[session.pk])
        tabs = []
        for tab in ("ONE", "TWO"):
            client = Client()
            client.force_login(world.people["coach"].user)
            tabs.append(partial(client.post, url, {"focus": f"TAB-{tab}", "base_version": 0}))
        outcomes = threads_db.at_once(*tabs)
        for outcome in outcomes:
            if outcome.error is not None:
                raise outcome.error
        codes = [outcome.value.status_code for outcome in outcomes]
        records = list(
            SessionRecord.objects.filter(session=session).values_list("focus", "version")
        )
        winner = "TAB-ONE" if codes[0] == 302 else "TAB-TWO"
        tries.append((sorted(codes), records == [(winner, 1)]))
    assert tries == [([302, 409], True)] * TRIES


def test_two_tabs_starting_the_first_journal_draft_at_once_never_meet_a_500(
    threads_db: SharedDatabase,
) -> None:
    """Both tabs autosave the first draft of a new entry at the same moment (the issue saw 500
    in 3 of 6 tries): one draft is kept, the other tab is told it changed in another tab."""
    world = build_world()
    learner = world.people["learner"]
    url = reverse("conversation:note_autosave", args=[world.e1.pk, "learner_journal"])
    tries = []
    for n in range(TRIES):
        NoteDraft.objects.filter(author=learner).delete()
        tabs = []
        for tab in ("ONE", "TWO"):
            client = Client()
            client.force_login(learner.user)
            form = {"base_version": 0, "draft_sequence": 0, "experience": f"TAB-{tab}-{n}"}
            tabs.append(partial(client.post, url, form, headers={"HX-Request": "true"}))
        outcomes = threads_db.at_once(*tabs)
        for outcome in outcomes:
            if outcome.error is not None:
                raise outcome.error
        pages = [outcome.value.content.decode() for outcome in outcomes]
        kept = [d.fields["experience"] for d in NoteDraft.objects.filter(author=learner)]
        told = ["changed in another tab" in page for page in pages]
        tries.append(
            (
                [outcome.value.status_code for outcome in outcomes],
                len(kept),
                # The tab whose words were kept was told "saved"; the other, "another tab".
                sorted(told),
                kept[0] == ("TAB-ONE" if not told[0] else "TAB-TWO") + f"-{n}",
            )
        )
    assert tries == [([200, 200], 1, [False, True], True)] * TRIES
