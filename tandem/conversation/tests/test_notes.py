"""Notes: version check (two tabs, two people), drafts saved as you type, history."""

from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.urls import reverse

from tandem.coaching.models import Note
from tandem.conversation import services
from tandem.conversation.models import NoteDraft, NoteRevision
from tandem.conversation.tests.helpers import note_of
from tandem.privacy.models import AccessEvent
from tandem.privacy.policy import engagement_access


def edit(client, note, base_version, body):
    return client.post(
        reverse("conversation:note_edit", args=[note.pk]),
        {"base_version": base_version, "draft_sequence": 0, "body": body},
    )


def test_first_edit_keeps_the_original_as_version_one(as_actor, world):
    note = note_of(world.e1, Note.Kind.SESSION_SUMMARY)
    original = note.body
    assert edit(as_actor("coach"), note, 1, "Second words").status_code == 302
    note.refresh_from_db()
    assert note.body == "Second words"
    revisions = list(NoteRevision.objects.filter(note=note).values_list("number", "body"))
    assert revisions == [(1, original), (2, "Second words")]
    audit = AccessEvent.objects.filter(record_type="note", record_id=note.pk, action="update")
    assert audit.count() == 1


def test_two_tabs_never_overwrite_each_other(as_actor, world):
    note = note_of(world.e1, Note.Kind.SESSION_SUMMARY)
    client = as_actor("coach")
    assert edit(client, note, 1, "TAB-ONE text").status_code == 302
    # The second tab started from version 1 as well.
    page = edit(client, note, 1, "TAB-TWO text")
    html = page.content.decode()
    assert page.status_code == 409
    assert "Someone saved a newer version while you were editing" in html
    assert ("TAB-ONE text" in html, "TAB-TWO text" in html) == (True, True)
    note.refresh_from_db()
    assert note.body == "TAB-ONE text"
    # Saving again from the conflict page (now based on version 2) is a deliberate choice.
    assert page.context["form"]["base_version"].value() == "2"
    assert edit(client, note, 2, "TAB-TWO text").status_code == 302
    assert NoteRevision.objects.filter(note=note).count() == 3


def test_two_people_editing_a_shared_action_step_note_get_a_conflict(world):
    note = Note.objects.get(engagement=world.e1, kind=Note.Kind.ACTION_STEP)
    coach, learner = world.people["coach"], world.people["learner"]
    coach_access = engagement_access(viewer=coach, engagement_id=world.e1.pk)
    learner_access = engagement_access(viewer=learner, engagement_id=world.e1.pk)
    services.note_update(
        author=learner, access=learner_access, note=note, base_version=1, body="L", via="t"
    )
    with pytest.raises(services.VersionConflict) as caught:
        services.note_update(
            author=coach, access=coach_access, note=note, base_version=1, body="C", via="t"
        )
    assert (caught.value.current.number, caught.value.current.body) == (2, "L")
    assert caught.value.current.author == learner


def test_only_the_author_changes_a_private_journal(world):
    note = note_of(world.e1, Note.Kind.LEARNER_JOURNAL)
    coach = world.people["coach"]
    access = engagement_access(viewer=coach, engagement_id=world.e1.pk)
    with pytest.raises(PermissionDenied):
        services.note_update(
            author=coach, access=access, note=note, base_version=1, body="x", via="t"
        )


def test_history_is_visible_to_those_who_see_the_note(as_actor, world):
    note = note_of(world.e1, Note.Kind.SESSION_SUMMARY)
    edit(as_actor("coach"), note, 1, "NEWER summary")
    page = as_actor("learner").get(reverse("conversation:note_edit", args=[note.pk]))
    html = page.content.decode()
    assert "LEAK-session_summary-E1" in html and "NEWER summary" in html
    assert [r.number for r in page.context["revisions"]] == [2, 1]
    assert "Save changes" not in html  # the learner reads session summaries, the coach writes
    refused = as_actor("supervisor").get(reverse("conversation:note_edit", args=[note.pk]))
    assert refused.status_code == 404 and "NEWER summary" not in refused.content.decode()


def autosave(client, engagement, kind, **data):
    return client.post(
        reverse("conversation:note_autosave", args=[engagement.pk, kind]),
        {"base_version": 0, "draft_sequence": 0, **data},
        headers={"HX-Request": "true"},
    )


def test_autosave_keeps_a_private_draft_and_brings_it_back(as_actor, world):
    client = as_actor("learner")
    first = autosave(client, world.e1, "learner_journal", experience="I tried the MIRACLE question")
    assert first.status_code == 200 and "Draft saved at" in first.content.decode()
    assert 'name="draft_sequence" id="id_draft_sequence" value="1"' in first.content.decode()
    autosave(client, world.e1, "learner_journal", draft_sequence=1, experience="Second try")
    draft = NoteDraft.objects.get(author=world.people["learner"])
    assert (draft.sequence, draft.fields["experience"]) == (2, "Second try")
    page = client.get(reverse("conversation:note_list", args=[world.e1.pk, "learner_journal"]))
    assert "Second try" in page.content.decode()
    assert "You are continuing your draft" in page.content.decode()
    # Nobody else ever sees a draft.
    coach_page = as_actor("coach").get(
        reverse("conversation:note_list", args=[world.e1.pk, "coach_journal"])
    )
    assert "Second try" not in coach_page.content.decode()


def test_autosave_from_a_second_tab_does_not_overwrite_the_draft(as_actor, world):
    client = as_actor("learner")
    autosave(client, world.e1, "learner_journal", experience="TAB-ONE words")
    # A second tab opened before any draft existed: its sequence is 0.
    second = autosave(client, world.e1, "learner_journal", experience="TAB-TWO words")
    assert "changed in another tab" in second.content.decode()
    assert NoteDraft.objects.get().fields["experience"] == "TAB-ONE words"


def test_two_tabs_starting_the_first_draft_at_the_same_moment_get_a_conflict_not_an_error(
    as_actor, world
):
    learner = world.people["learner"]
    autosave(as_actor("learner"), world.e1, "learner_journal", experience="TAB-ONE words")
    access = engagement_access(viewer=learner, engagement_id=world.e1.pk)
    # The second tab looked for a draft just before the first tab's was written, and missed it.
    with mock.patch.object(QuerySet, "first", return_value=None):
        saved = services.draft_autosave(
            author=learner,
            access=access,
            kind="learner_journal",
            note=None,
            base_version=0,
            sequence=0,
            body="",
            fields={"experience": "TAB-TWO words"},
        )
    assert saved.conflict
    assert NoteDraft.objects.get().fields["experience"] == "TAB-ONE words"


def test_publishing_a_journal_entry_renders_its_answers_and_drops_the_draft(as_actor, world):
    client = as_actor("learner")
    autosave(client, world.e1, "learner_journal", experience="Draft words")
    done = client.post(
        reverse("conversation:note_list", args=[world.e1.pk, "learner_journal"]),
        {
            "base_version": 0,
            "draft_sequence": 1,
            "experience": "A hard visit",
            "ethics": "I kept my word",
        },
    )
    assert done.status_code == 302
    note = Note.objects.filter(kind="learner_journal").latest("pk")
    assert (
        note.body
        == "The experience\nA hard visit\n\nDid I act the way I want to act? (ethics)\nI kept my word"
    )
    assert NoteRevision.objects.get(note=note).fields["ethics"] == "I kept my word"
    assert NoteDraft.objects.count() == 0


def test_an_empty_journal_entry_is_refused_with_a_message(as_actor, world):
    page = as_actor("coach").post(
        reverse("conversation:note_list", args=[world.e1.pk, "coach_journal"]),
        {"base_version": 0, "draft_sequence": 0},
    )
    assert page.status_code == 400
    assert "Write something in at least one box before saving." in page.content.decode()


def test_session_summary_written_from_a_session_shows_on_its_page(as_actor, world):
    session = world.e1.sessions.get()
    as_actor("coach").post(
        reverse("conversation:note_list", args=[world.e1.pk, "session_summary"]),
        {
            "base_version": 0,
            "draft_sequence": 0,
            "body": "SUMMARY of the session",
            "session": session.pk,
        },
    )
    html = (
        as_actor("learner")
        .get(reverse("conversation:session_detail", args=[session.pk]))
        .content.decode()
    )
    assert "SUMMARY of the session" in html
