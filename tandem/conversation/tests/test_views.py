"""Conversation pages: who may open them, what they show (and never show)."""

import pytest
from django.urls import reverse

from tandem.coaching.models import CoachingSession, Engagement, Note
from tandem.conversation.models import ActionStep, LearnerSessionFeedback, ScalingAnswer
from tandem.conversation.tests.helpers import (
    REFERRAL_TEXT,
    draft,
    earlier_step,
    fill_session,
    held_session,
    note_of,
    revise,
)
from tandem.goals.tests.helpers import share
from tandem.people.tests.html import parse
from tandem.privacy.categories import Category, Party
from tandem.privacy.models import AccessEvent

RECORD = ("FOCUS-E1", "SCALE-E1", "STEP-E1", "LADDER-E1", "FEEDBACK-E1", REFERRAL_TEXT["E1"])


@pytest.fixture
def s1(world):
    session = CoachingSession.objects.get(engagement=world.e1)
    fill_session(session, "E1")
    earlier_step(session, "E1")
    return session


def session_page(client, session):
    return client.get(reverse("conversation:session_detail", args=[session.pk]))


def shown(html: str, markers) -> tuple[bool, ...]:
    return tuple(m in html for m in markers)


def test_coach_sees_every_record_type_and_the_forms(as_actor, s1):
    page = session_page(as_actor("coach"), s1)
    html = page.content.decode()
    assert page.status_code == 200
    assert shown(html, RECORD + ("EARLYSTEP-E1",)) == (True,) * 7
    assert "Save the session record" in html and "Add scaling answer" in html
    assert "Send my feedback" not in html  # the learner gives feedback, not the coach


def test_learner_sees_the_record_and_gets_the_feedback_form(as_actor, s1):
    page = session_page(as_actor("learner"), s1)
    html = page.content.decode()
    assert shown(html, RECORD) == (True,) * 6
    assert "Update my feedback" in html
    assert "<dt>Techniques</dt><dd>Giving feedback, Reframing</dd>" in html
    assert "Save the session record" not in html and "Record that help was offered" not in html


def test_supervisor_with_attendance_shared_sees_the_schedule_only(as_actor, s1, world):
    page = session_page(as_actor("supervisor"), s1)
    html = page.content.decode()
    assert page.status_code == 200
    assert world.marker_texts["SESSION-E1"] in html
    assert shown(html, RECORD + ("EARLYSTEP-E1",)) == (False,) * 7
    viewed = set(
        AccessEvent.objects.filter(viewer=world.people["supervisor"]).values_list(
            "category", flat=True
        )
    )
    assert viewed == {Category.ATTENDANCE}


def test_program_lead_never_sees_the_conversation(as_actor, s1):
    html = session_page(as_actor("program_lead"), s1).content.decode()
    assert shown(html, RECORD) == (False,) * 6


@pytest.mark.parametrize("actor", ["other_coach", "other_learner", "leadership", "evaluator"])
def test_outsiders_get_not_found_and_nothing(as_actor, s1, actor):
    page = session_page(as_actor(actor), s1)
    assert page.status_code == 404
    assert shown(page.content.decode(), RECORD) == (False,) * 6


def test_coach_supervisor_is_refused(as_actor, s1):
    page = session_page(as_actor("coach_supervisor"), s1)
    assert page.status_code == 404
    assert shown(page.content.decode(), RECORD) == (False,) * 6


def test_coach_adds_scaling_and_action_step_with_htmx_partials(as_actor, world):
    session = held_session(world.e1)
    client = as_actor("coach")
    headers = {"HX-Request": "true"}
    scaling = client.post(
        reverse("conversation:scaling_add", args=[session.pk]),
        {"kind": "confidence", "scale_min": "1", "answer": "7", "follow_up": "Ask first"},
        headers=headers,
    )
    assert scaling.status_code == 200
    html = scaling.content.decode()
    assert html.lstrip().startswith('<section id="scaling"')
    assert "7 on a 1 to 10 scale" in html
    step = client.post(
        reverse("conversation:action_add", args=[session.pk]),
        {"what": "Ask one scaling question per visit", "owner": "learner", "commitment": "9"},
        headers=headers,
    )
    assert "Ask one scaling question per visit" in step.content.decode()
    # What was added is announced (a live region, tandem.js), without the step's words.
    assert scaling["HX-Trigger"] == '{"tandem:announce": "Scaling answer added."}'
    assert step["HX-Trigger"] == '{"tandem:announce": "Action step added."}'
    assert list(
        ActionStep.objects.filter(session=session).values_list("commitment", flat=True)
    ) == [9]


def test_scaling_answer_off_the_scale_is_refused_and_kept(as_actor, world):
    session = held_session(world.e1)
    page = as_actor("coach").post(
        reverse("conversation:scaling_add", args=[session.pk]),
        {"kind": "confidence", "scale_min": "1", "answer": "0", "follow_up": "Keep these words"},
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert "On a 1 to 10 scale the answer is from 1 to 10." in html
    assert "Keep these words" in html
    assert ScalingAnswer.objects.count() == 0


def test_learner_feedback_is_saved_and_the_coach_reads_it(as_actor, world):
    session = held_session(world.e1)
    url = reverse("conversation:feedback_save", args=[session.pk])
    done = as_actor("learner").post(
        url, {"usefulness": "5", "helped": "ROLEPLAY helped", "base_version": "0"}
    )
    assert done.status_code == 302
    assert LearnerSessionFeedback.objects.get(session=session).usefulness == 5
    assert "ROLEPLAY helped" in session_page(as_actor("coach"), session).content.decode()
    assert as_actor("coach").post(url, {"usefulness": "1"}).status_code == 403


def test_action_step_review_is_shown_in_the_later_session(as_actor, s1):
    step = ActionStep.objects.get(what__startswith="EARLYSTEP")
    as_actor("learner").post(
        reverse("conversation:action_review", args=[s1.pk, step.pk]),
        {"review": "partly", "note": "Did it twice", "base_version": step.version},
    )
    step.refresh_from_db()
    assert (step.review, step.review_note, step.reviewed_in_id) == ("partly", "Did it twice", s1.pk)
    assert "Now: Partly done — Did it twice" in session_page(as_actor("coach"), s1).content.decode()


def test_stage_checklist_comes_from_the_engagement_model(as_actor, world):
    session = held_session(world.e1)
    page = session_page(as_actor("coach"), session)
    names = [s.name for s in page.context["stages"]]
    assert names[:2] == ["Initial interest", "Joint planning"]
    as_actor("coach").post(
        reverse("conversation:record_save", args=[session.pk]),
        {
            "focus": "Openings",
            "stages_done": ["joint-planning"],
            "techniques": ["reframing"],
            "base_version": "0",
        },
    )
    stages = session_page(as_actor("coach"), session).context["stages"]
    assert [s.code for s in stages if s.done] == ["joint-planning"]


def test_scaling_series_shows_a_chart_and_a_table_of_the_same_answers(as_actor, world):
    for days, value, follow_up in (
        (28, 3, "<script>alert(1)</script>"),
        (14, 5, "More sure"),
        (0, 6, ""),
    ):
        session = held_session(world.e1, days_before=days)
        ScalingAnswer.objects.create(
            session=session,
            kind="confidence",
            question="How sure <b>now</b>?",
            value=value,
            follow_up=follow_up,
            recorded_by=world.people["coach"],
        )
    page = as_actor("learner").get(reverse("conversation:scaling_series", args=[world.e1.pk]))
    html = page.content.decode()
    section = parse(html).find("section")
    svg = section.find("svg", role="img")
    assert svg.find("title", id=svg.attrs["id"] + "-title").text == (
        "Answers to “How sure <b>now</b>?” over the sessions"
    )
    assert [c.find("title").text for c in svg.find_all("circle")] == [
        "Aug 23, 2026: 3 of 0–10",
        "Sep 6, 2026: 5 of 0–10",
        "Sep 20, 2026: 6 of 0–10",
    ]
    table = section.find("table")
    assert table.find("caption").text == "Answers by session"
    assert [row.texts("th") + row.texts("td") for row in table.find("tbody").find_all("tr")] == [
        ["Aug 23, 2026", "3 of 0–10", "<script>alert(1)</script>"],
        ["Sep 6, 2026", "5 of 0–10", "More sure"],
        ["Sep 20, 2026", "6 of 0–10", "—"],
    ]
    assert ("<script>alert" in html, "<b>now" in html) == (False, False)
    denied = as_actor("supervisor").get(reverse("conversation:scaling_series", args=[world.e1.pk]))
    assert denied.status_code == 403 and "How sure" not in denied.content.decode()


def note_list(client, engagement, kind):
    return client.get(reverse("conversation:note_list", args=[engagement.pk, kind]))


def test_coach_journal_is_private_to_the_coach(as_actor, world):
    note = note_of(world.e1, Note.Kind.COACH_JOURNAL)
    revise(note, "OLDCJ first words")
    html = note_list(as_actor("coach"), world.e1, "coach_journal").content.decode()
    assert "LEAK-coach_journal-E1" in html and "What I learned as a coach" in html
    for actor in ("learner", "supervisor", "program_lead"):
        page = note_list(as_actor(actor), world.e1, "coach_journal")
        assert page.status_code == 403 and "LEAK-coach_journal-E1" not in page.content.decode()
        edit = as_actor(actor).get(reverse("conversation:note_edit", args=[note.pk]))
        assert edit.status_code == 404 and "OLDCJ" not in edit.content.decode()


def test_learner_journal_is_private_to_the_learner(as_actor, world):
    note = note_of(world.e1, Note.Kind.LEARNER_JOURNAL)
    draft(note, "HALFTHOUGHT")
    html = note_list(as_actor("learner"), world.e1, "learner_journal").content.decode()
    assert "LEAK-learner_journal-E1" in html and "What were you trying to do?" in html
    edit = as_actor("learner").get(reverse("conversation:note_edit", args=[note.pk]))
    assert "HALFTHOUGHT" in edit.content.decode()  # the learner's own draft comes back
    for actor in ("coach", "supervisor", "program_lead"):
        page = note_list(as_actor(actor), world.e1, "learner_journal")
        assert page.status_code == 403 and "LEAK-learner_journal-E1" not in page.content.decode()
        edit = as_actor(actor).get(reverse("conversation:note_edit", args=[note.pk]))
        assert edit.status_code == 404 and "HALFTHOUGHT" not in edit.content.decode()


def test_progress_summaries_follow_the_agreement(as_actor, world):
    e1_note = note_of(world.e1, Note.Kind.PROGRESS_SUMMARY)
    revise(e1_note, "OLDPS-E1")
    # E1 shares progress summaries with the supervisor: the text and its history.
    page = as_actor("supervisor").get(reverse("conversation:note_edit", args=[e1_note.pk]))
    assert page.status_code == 200 and "OLDPS-E1" in page.content.decode()
    assert "Save changes" not in page.content.decode()
    # E3 (same learner) shares nothing with the supervisor.
    e3 = Engagement.objects.create(
        learner=world.people["learner"], coach=world.people["coach"], status="active"
    )
    share(e3, {Party.SUPERVISOR: [Category.ATTENDANCE]})
    hidden = Note.objects.create(
        engagement=e3,
        author=world.people["coach"],
        kind="progress_summary",
        category=Category.PROGRESS_SUMMARY,
        body="PS-E3 hidden",
    )
    denied = note_list(as_actor("supervisor"), e3, "progress_summary")
    assert denied.status_code == 403 and "PS-E3" not in denied.content.decode()
    edit = as_actor("supervisor").get(reverse("conversation:note_edit", args=[hidden.pk]))
    assert edit.status_code == 404
    # The program lead never sees progress summaries unless shared with them.
    lead = as_actor("program_lead").get(reverse("conversation:note_edit", args=[e1_note.pk]))
    assert lead.status_code == 404 and "OLDPS-E1" not in lead.content.decode()


def test_wellbeing_guidance_is_for_coaches(as_actor):
    page = as_actor("coach").get(reverse("conversation:wellbeing_guidance"))
    html = page.content.decode()
    assert page.status_code == 200 and "Secondary Traumatic Stress Disorder" in html
    assert "l.3966" not in html  # the source in plain words, no line numbers
    assert as_actor("learner").get(reverse("conversation:wellbeing_guidance")).status_code == 403


def test_wellbeing_referral_keeps_only_the_date(as_actor, world):
    session = held_session(world.e1)
    as_actor("coach").post(
        reverse("conversation:wellbeing_add", args=[session.pk]), {"offered_on": "2026-11-02"}
    )
    html = session_page(as_actor("learner"), session).content.decode()
    assert "was offered on Nov 2, 2026" in html
    supervisor = session_page(as_actor("supervisor"), session).content.decode()
    assert "Nov 2, 2026" not in supervisor


def test_session_page_ids_are_unique_for_coach_and_learner(as_actor, s1):
    import re
    from collections import Counter

    for actor in ("coach", "learner"):
        html = session_page(as_actor(actor), s1).content.decode()
        ids = Counter(re.findall(r'\sid="([^"]+)"', html))
        assert [i for i, n in ids.items() if n > 1] == []


def test_htmx_action_step_with_a_problem_keeps_what_was_typed(as_actor, world):
    session = held_session(world.e1)
    page = as_actor("learner").post(
        reverse("conversation:action_add", args=[session.pk]),
        {"what": "", "owner": "learner", "commitment": "11"},
        headers={"HX-Request": "true"},
    )
    html = page.content.decode()
    assert page.status_code == 200 and html.lstrip().startswith('<section id="actions"')
    assert "Ensure this value is less than or equal to 10." in html
    assert 'value="11"' in html
    assert ActionStep.objects.count() == 0
    assert "HX-Trigger" not in page
