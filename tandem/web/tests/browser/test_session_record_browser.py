"""A coaching session recorded through the UI: the coach ticks stages, records a scaling answer
and an action step (added in place with htmx); the learner gives feedback and writes a
reflective journal entry (saved as a draft while typing) that the coach cannot open."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tandem.coaching.models import CoachingSession, Engagement, Note
from tandem.conversation.models import (
    ActionStep,
    LearnerSessionFeedback,
    NoteDraft,
    ScalingAnswer,
    SessionRecord,
)
from tandem.demo.generator import DEMO_DOMAIN
from tandem.web.tests.browser.conftest import demo_sign_in, screenshot, sign_out

pytestmark = pytest.mark.django_db(transaction=True)


def _click_label(page, text: str) -> None:
    page.locator("label", has_text=text).first.click()


def test_coach_records_a_session_and_the_learner_reflects_privately(page):
    call_command("seed", "--scale", "demo", verbosity=0)
    engagement = Engagement.objects.get(
        learner__user__email=f"learner@{DEMO_DOMAIN}", status=Engagement.Status.ACTIVE
    )
    session = CoachingSession.objects.create(
        engagement=engagement,
        starts_at=timezone.now() - timedelta(hours=2),
        status=CoachingSession.Status.HELD,
    )
    url = f"/conversation/sessions/{session.pk}/"

    demo_sign_in(page, "coach")
    page.goto(url)
    page.get_by_label("Focus of this session").fill("Scaling questions in safety conversations")
    # The checklist follows the engagement's coaching model: tick its second stage.
    stage = page.locator("input[name=stages_done]").nth(1)
    stage_code = stage.get_attribute("value")
    page.locator(f"label[for={stage.get_attribute('id')}]").click()
    _click_label(page, "Reframing")
    page.get_by_role("button", name="Save the session record").click()
    page.wait_for_selector("text=The session record is saved.")
    record = SessionRecord.objects.get(session=session)
    assert (record.stages_done, record.techniques) == ([stage_code], ["reframing"])

    # Scaling answer and action step: added in place, without reloading the page.
    page.evaluate("window.__notReloaded = true")
    scaling = page.locator("#scaling")
    scaling.get_by_label("What the question is about").select_option("confidence")
    scaling.get_by_label("Answer").fill("6")
    scaling.get_by_label("Follow-up note").fill("Seven would mean asking without notes")
    scaling.get_by_role("button", name="Add scaling answer").click()
    page.wait_for_selector("#scaling >> text=6 on a 0 to 10 scale")
    actions = page.locator("#actions")
    actions.get_by_label("Action step").fill("Ask one scaling question in each safety talk")
    actions.get_by_label("Commitment (1 to 10)").fill("8")
    actions.get_by_role("button", name="Add action step").click()
    page.wait_for_selector("#actions >> text=Ask one scaling question in each safety talk")
    assert page.evaluate("window.__notReloaded") is True
    assert ScalingAnswer.objects.get(session=session).value == 6
    assert ActionStep.objects.get(session=session).commitment == 8
    screenshot(page, "session-record-coach")
    sign_out(page)

    demo_sign_in(page, "learner")
    page.goto(url)
    assert (
        page.locator("#actions >> text=Ask one scaling question in each safety talk").count() == 1
    )
    _click_label(page, "4 — Very useful")
    page.get_by_label("What helped most?").fill("Practising the question out loud")
    page.get_by_role("button", name="Send my feedback").click()
    page.wait_for_selector("text=Your coach can read your feedback.")
    assert LearnerSessionFeedback.objects.get(session=session).usefulness == 4

    page.goto(f"/conversation/engagements/{engagement.pk}/notes/learner_journal/")
    box = page.get_by_label("The experience")
    box.fill("PRIVATE-REFLECTION the mother answered 3")
    box.press("End")  # a key press: autosave runs on typing (and on leaving the box)
    page.wait_for_selector("#draft-status >> text=Draft saved at")
    box.blur()  # leaving the box saves once more ("change"); let that finish first
    page.wait_for_load_state("networkidle")
    assert (
        NoteDraft.objects.get(author__user__email=f"learner@{DEMO_DOMAIN}").fields["experience"]
        == "PRIVATE-REFLECTION the mother answered 3"
    )
    page.get_by_role("button", name="Save entry").click()
    page.wait_for_selector("text=Your entry is saved.")
    entry = Note.objects.filter(kind=Note.Kind.LEARNER_JOURNAL).latest("pk")
    screenshot(page, "learner-journal")
    sign_out(page)

    demo_sign_in(page, "coach")
    page.goto(url)
    assert page.locator("#feedback >> text=Practising the question out loud").count() == 1
    assert page.console_errors == []  # the refusals below are logged by the browser
    journal = page.goto(f"/conversation/engagements/{engagement.pk}/notes/learner_journal/")
    assert journal is not None and journal.status == 403
    note = page.goto(f"/conversation/notes/{entry.pk}/")
    assert note is not None and note.status == 404
    assert "PRIVATE-REFLECTION" not in page.content()
