"""No silent overwrite on the session page (docs/RELIABILITY.md): the session record, the
feedback-ladder notes and the learner's feedback are saved only from the version their form
opened; a form sent without its version (only the CSRF token, say) changes nothing."""

from __future__ import annotations

from django.urls import reverse

from tandem.coaching.models import CoachingSession
from tandem.conversation.models import (
    ActionStep,
    FeedbackLadderNote,
    LearnerSessionFeedback,
    SessionRecord,
)
from tandem.conversation.tests.helpers import earlier_step, fill_session
from tandem.ui.locking import INCOMPLETE
from tandem.ui.tests.helpers import as_posted, conflict_sides


def _session(world) -> CoachingSession:
    session = CoachingSession.objects.get(engagement=world.e1)
    fill_session(session, "E1")
    return session


def _open(client, session, form: str):
    page = client.get(reverse("conversation:session_detail", args=[session.pk]))
    return page.context[form]


def test_two_tabs_on_one_session_record_never_overwrite_each_other(as_actor, world):
    session = _session(world)
    url = reverse("conversation:record_save", args=[session.pk])
    client = as_actor("coach")
    tab_one, tab_two = _open(client, session, "record_form"), _open(client, session, "record_form")

    first = client.post(url, as_posted(tab_one, focus="TAB-ONE openings", techniques=["feedback"]))
    assert first.status_code == 302
    page = client.post(url, as_posted(tab_two, focus="TAB-TWO safety scaling"))

    assert page.status_code == 409
    theirs, yours = conflict_sides(page.content.decode())
    assert ("TAB-ONE openings" in theirs, "TAB-TWO safety scaling" in yours) == (True, True)
    record = SessionRecord.objects.get(session=session)
    assert (record.focus, record.techniques, record.version) == (
        "TAB-ONE openings",
        ["feedback"],
        2,
    )
    form = page.context["record_form"]
    assert (form["focus"].value(), form["base_version"].value()) == ("TAB-TWO safety scaling", "2")


def test_a_session_record_post_with_only_the_csrf_token_blanks_nothing(as_actor, world):
    session = _session(world)
    before = SessionRecord.objects.get(session=session)
    assert all((before.focus, before.stages_done, before.techniques))  # something to lose
    client = as_actor("coach")
    page = client.post(reverse("conversation:record_save", args=[session.pk]), {})

    assert page.status_code == 400
    assert page.context["record_form"].non_field_errors() == [INCOMPLETE]
    assert INCOMPLETE.split(":")[0] in page.content.decode()
    after = SessionRecord.objects.get(session=session)
    assert (after.focus, after.stages_done, after.techniques, after.version) == (
        before.focus,
        before.stages_done,
        before.techniques,
        1,
    )


def test_two_tabs_writing_the_first_record_of_a_session_never_overwrite_each_other(as_actor, world):
    session = CoachingSession.objects.get(engagement=world.e1)
    url = reverse("conversation:record_save", args=[session.pk])
    client = as_actor("coach")
    tab_one, tab_two = _open(client, session, "record_form"), _open(client, session, "record_form")
    assert tab_one["base_version"].value() == 0

    assert client.post(url, as_posted(tab_one, focus="FIRST")).status_code == 302
    page = client.post(url, as_posted(tab_two, focus="SECOND"))

    assert page.status_code == 409
    assert SessionRecord.objects.get(session=session).focus == "FIRST"
    assert page.context["record_form"]["focus"].value() == "SECOND"


def test_two_tabs_on_the_feedback_ladder_never_overwrite_each_other(as_actor, world):
    session = _session(world)
    url = reverse("conversation:ladder_save", args=[session.pk])
    client = as_actor("coach")
    tab_one, tab_two = _open(client, session, "ladder_form"), _open(client, session, "ladder_form")

    assert client.post(url, as_posted(tab_one, thank="TAB-ONE thanks")).status_code == 302
    page = client.post(url, as_posted(tab_two, concerns="TAB-TWO concern"))

    assert page.status_code == 409
    theirs, yours = conflict_sides(page.content.decode())
    assert ("TAB-ONE thanks" in theirs, "TAB-TWO concern" in yours) == (True, True)
    assert FeedbackLadderNote.objects.get(session=session).thank == "TAB-ONE thanks"
    assert page.context["ladder_form"]["concerns"].value() == "TAB-TWO concern"


def test_two_tabs_on_the_learners_feedback_never_overwrite_each_other(as_actor, world):
    session = _session(world)
    url = reverse("conversation:feedback_save", args=[session.pk])
    client = as_actor("learner")
    tab_one = _open(client, session, "feedback_form")
    tab_two = _open(client, session, "feedback_form")

    assert client.post(url, as_posted(tab_one, helped="TAB-ONE role play")).status_code == 302
    page = client.post(url, as_posted(tab_two, change="TAB-TWO shorter"))

    assert page.status_code == 409
    theirs, yours = conflict_sides(page.content.decode())
    assert ("TAB-ONE role play" in theirs, "TAB-TWO shorter" in yours) == (True, True)
    feedback = LearnerSessionFeedback.objects.get(session=session)
    assert feedback.helped == "TAB-ONE role play"
    assert page.context["feedback_form"]["change"].value() == "TAB-TWO shorter"


def test_coach_and_learner_reviewing_one_action_step_never_overwrite_each_other(as_actor, world):
    session = _session(world)
    step = earlier_step(session, "E1")
    url = reverse("conversation:action_review", args=[session.pk, step.pk])

    def review_form(actor):
        page = as_actor(actor).get(reverse("conversation:session_detail", args=[session.pk]))
        return next(s.form for s in page.context["page"].to_review if s.pk == step.pk)

    coach_form, learner_form = review_form("coach"), review_form("learner")
    done = as_actor("coach").post(url, as_posted(coach_form, review="done", note="COACH-NOTE"))
    assert done.status_code == 302
    page = as_actor("learner").post(
        url, as_posted(learner_form, review="partly", note="LEARNER-NOTE once")
    )

    assert page.status_code == 409
    theirs, yours = conflict_sides(page.content.decode())
    assert ("COACH-NOTE" in theirs, "LEARNER-NOTE once" in yours) == (True, True)
    saved = ActionStep.objects.get(pk=step.pk)
    assert (saved.review, saved.review_note, saved.version) == ("done", "COACH-NOTE", 2)
    form = next(s.form for s in page.context["page"].to_review if s.pk == step.pk)
    assert (form["note"].value(), form["base_version"].value()) == ("LEARNER-NOTE once", "2")
