"""The whole coaching lifecycle, played through the UI by the real roles of the demo agency:
a learner asks for coaching and checks readiness, the program lead offers the request to a
coach, the coach takes it on and drafts the agreement, every party acknowledges it, the learner
sets a goal with a scale and a baseline, three sessions are recorded (stages, scaling, action
steps reviewed the next time, a summary), the goal is rated again and the coach closes.

At each step the test checks what each role can and cannot see. Every piece of content typed
carries a marker (LC-...) so that "cannot see" means something: the marker is absent from the
pages that role can open, and the pages of content they may not open answer 403 or 404."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from tandem.agreements.models import Agreement
from tandem.coaching.models import CoachingSession, Engagement, Note
from tandem.conversation.models import ActionStep, ScalingAnswer
from tandem.demo.generator import DEMO_DOMAIN, DEMO_PASSWORD
from tandem.enrollment.matching.tests.helpers import coach as make_coach
from tandem.enrollment.models import CoachingRequest
from tandem.goals.models import Goal
from tandem.instruments.models import Administration
from tandem.instruments.selectors import instrument_version_find, version_definition
from tandem.lifecycle.models import ClosingRecord
from tandem.notifications.models import Notification
from tandem.people.models import CoachProfile, OrgUnit, Person, Role, RoleAssignment
from tandem.people.tests.factories import TEST_PASSWORD, person_with_account
from tandem.web.tests.browser.conftest import screenshot, sign_out

pytestmark = pytest.mark.django_db(transaction=True)

# Markers, one per piece of content, so that "cannot see" assertions mean something.
FOCUS = "LC-FOCUS asking families about safety"
HOPES = "LC-HOPES calmer family meetings"
FOR_COACH = "LC-FORCOACH mornings suit me"
GOAL = "LC-GOAL Ask one scaling question in every family meeting"
BASELINE_NOTE = "LC-BASELINE nervous but keen"
RATING_NOTE = "LC-RATING asked it in most meetings"
PROGRESS = "LC-PROGRESS steady progress on scaling questions"
LEARNER_JOURNAL = "LC-LJOURNAL the mother answered 3"
COACH_JOURNAL = "LC-CJOURNAL I talked too much"
CLOSING_TALK = "LC-CLOSETALK the weekly practice"
CLOSING_SUMMARY = "LC-CLOSESUMMARY ready to coach peers"
FEEDBACK = "LC-FEEDBACK practising out loud helped"
SESSIONS = [
    {
        "focus": "LC-S1-FOCUS first scaling questions",
        "scale": "4",
        "step": "LC-S1-STEP ask one scaling question at each visit",
        "summary": "LC-S1-SUMMARY we practised the wording",
    },
    {
        "focus": "LC-S2-FOCUS follow-up questions",
        "scale": "6",
        "step": "LC-S2-STEP ask what one point higher would look like",
        "summary": "LC-S2-SUMMARY follow-ups came easily",
    },
    {
        "focus": "LC-S3-FOCUS teaching it to peers",
        "scale": "8",
        "step": "LC-S3-STEP show a colleague the question",
        "summary": "LC-S3-SUMMARY confident now",
    },
]
CONTENT = [
    FOCUS,
    HOPES,
    FOR_COACH,
    GOAL,
    BASELINE_NOTE,
    RATING_NOTE,
    LEARNER_JOURNAL,
    COACH_JOURNAL,
    CLOSING_TALK,
    FEEDBACK,
    *(value for s in SESSIONS for key, value in s.items() if key != "scale"),
]
ANCHORS = {
    "+2": "LC-ANCHOR Asks in every meeting and teaches peers",
    "+1": "LC-ANCHOR Asks in most meetings, with follow-ups",
    "0": "LC-ANCHOR Asks one scaling question in every family meeting",
    "-1": "LC-ANCHOR Asks in some meetings",
    "-2": "LC-ANCHOR Never asks",
}


def _sign_in(page, email: str, password: str = DEMO_PASSWORD) -> None:  # type: ignore[no-untyped-def]
    """Sign the current person out (the button every page has) and sign in as another."""
    page.wait_for_load_state()  # a click just before may still be loading its answer
    if page.get_by_role("button", name="Sign out").count():
        sign_out(page)
    else:
        page.goto("/accounts/login/")
    page.get_by_label("Work email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, f"{email} could not sign in"


def _demo(page, local: str) -> None:  # type: ignore[no-untyped-def]
    _sign_in(page, f"{local}@{DEMO_DOMAIN}")


def _main(page) -> str:  # type: ignore[no-untyped-def]
    return page.locator("main").inner_text()


def _assert_unseen(page, markers, where: str) -> None:  # type: ignore[no-untyped-def]
    html = page.content()
    leaked = [m for m in markers if m in html]
    assert leaked == [], f"{where} shows {leaked}"


def _refused(page, url: str, status: int) -> None:  # type: ignore[no-untyped-def]
    """The page answers `status` (403: you have a part but not in this; 404: nothing for you
    here) and shows no content marker."""
    response = page.goto(url)
    assert response is not None and response.status == status, (url, response and response.status)
    _assert_unseen(page, CONTENT + [PROGRESS, CLOSING_SUMMARY], url)


def _tick(group, label: str) -> None:  # type: ignore[no-untyped-def]
    """Tick a USWDS checkbox (its input is hidden behind the label) unless already ticked."""
    if not group.get_by_label(label, exact=True).is_checked():
        group.get_by_text(label, exact=True).click()


def _untick(group, label: str) -> None:  # type: ignore[no-untyped-def]
    if group.get_by_label(label, exact=True).is_checked():
        group.get_by_text(label, exact=True).click()


def _question(page, text):  # type: ignore[no-untyped-def]
    legend = page.locator("legend", has_text=" ".join(text.split())[:40])
    return page.locator("fieldset.usa-fieldset").filter(has=legend).first


def _local(moment) -> str:  # type: ignore[no-untyped-def]
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _chain(person: Person) -> set[int]:
    seen: set[int] = set()
    while person.supervisor_id and person.supervisor_id not in seen:
        seen.add(person.supervisor_id)
        person = person.supervisor
    return seen


def _write_note(page, box_label: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type into a note box (autosaved as a draft), let the draft save, then save the entry."""
    box = page.get_by_role("textbox", name=box_label).first
    box.fill(text)
    box.press("End")  # autosave runs on typing
    page.wait_for_selector("#draft-status >> text=Draft saved at")
    box.blur()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Save entry").click()
    page.wait_for_load_state()


def test_the_whole_coaching_lifecycle_as_each_role_sees_it(page):  # noqa: PLR0915
    call_command("seed", "--scale", "demo", verbosity=0)
    supervisor = Person.objects.get(user__email=f"supervisor@{DEMO_DOMAIN}")
    coach = Person.objects.get(user__email=f"coach@{DEMO_DOMAIN}")
    lead = Person.objects.get(user__email=f"program-lead@{DEMO_DOMAIN}")
    leader = Person.objects.get(user__email=f"leadership@{DEMO_DOMAIN}")
    learner = person_with_account(
        roles=(Role.LEARNER,),
        supervisor=supervisor,
        org_unit=supervisor.org_unit,
        first_name="Lane",
        last_name="Cycle",
        work_email="lane.cycle@example.org",
    )
    # The set-up the lifecycle needs: a coach with room, outside the learner's line, and a
    # program lead whose scope covers the learner.
    CoachProfile.objects.filter(person=coach).update(capacity=50)
    assert coach.pk not in _chain(learner) | {learner.pk}
    scopes = RoleAssignment.objects.filter(person=lead, role=Role.PROGRAM_LEAD)
    assert any(
        learner.org_unit.path.startswith(OrgUnit.objects.get(pk=s.scope_id).path) for s in scopes
    )
    other_coach = make_coach(coach.org_unit)

    # 1. The learner asks for coaching and checks readiness.
    _sign_in(page, learner.work_email, TEST_PASSWORD)
    page.goto("/enrollment/new/")
    page.get_by_label("What would you like to work on?").fill(FOCUS)
    page.get_by_label("What do you hope will be different after coaching?").fill(HOPES)
    page.get_by_label("Anything your coach should know?").fill(FOR_COACH)
    page.get_by_role("button", name="Send my request").click()
    expect(page.locator("main")).to_contain_text("Your request is in.")
    request = CoachingRequest.objects.get(learner=learner)
    page.get_by_role("button", name="Start the readiness check").click()
    page.wait_for_url("**/fill/")
    definition = version_definition(instrument_version_find(slug="coaching-readiness"))
    for number, section in enumerate(definition.sections, start=1):
        for item in section.items:
            answer = "No" if item.red_flag else "Yes"
            _question(page, item.text).get_by_text(answer, exact=True).click()
        page.wait_for_load_state("networkidle")
        last = number == len(definition.sections)
        page.get_by_role("button", name="Save and review" if last else "Save and continue").click()
    page.get_by_role("button", name="Submit answers").click()
    page.wait_for_url("**/results/")
    page.goto(f"/enrollment/requests/{request.pk}/")
    assert "Probably ready for coaching" in _main(page)
    page.get_by_role("button", name="Go on to matching with a coach").click()
    assert page.get_by_test_id("request-status").inner_text() == "Matching"
    screenshot(page, "lifecycle-1-request")

    # The supervisor was not told (the learner did not tick it) and sees none of the words.
    _demo(page, "supervisor")
    _refused(page, f"/enrollment/requests/{request.pk}/", 404)
    page.console_errors.clear()

    # 2. The program lead sees the request on the board, without the learner's words, and
    # offers it to the demo coach.
    _demo(page, "program-lead")
    page.goto("/enrollment/board/")
    assert learner.full_name in _main(page)
    _assert_unseen(page, CONTENT, "the enrollment board")
    page.goto(f"/matching/requests/{request.pk}/")
    assert learner.full_name in _main(page)
    _assert_unseen(page, CONTENT, "the matching page")
    # The intake conversation comes first (seed 001): offering waits until it says coaching fits.
    expect(page.get_by_test_id("intake-needed")).to_be_visible()
    page.get_by_text("Coaching fits", exact=True).click()
    page.get_by_label("Short note").fill("Talked it through; mornings suit best.")
    page.get_by_role("button", name="Record the intake").click()
    page.get_by_text("The intake conversation is recorded.").wait_for()
    page.get_by_label("Coach to offer the request to").select_option(str(coach.pk))
    reason = page.get_by_label("Why this coach rather than the top suggestion")
    if reason.count():
        reason.fill("Has room this month")
    page.get_by_role("button", name="Offer to this coach").click()
    page.get_by_text("The request was offered to the coach.").wait_for()
    screenshot(page, "lifecycle-2-matching")

    # Another coach does not see the request; the offered coach reads the words, takes it on.
    _sign_in(page, other_coach.work_email, TEST_PASSWORD)
    page.goto("/matching/offers/")
    assert learner.full_name not in _main(page)
    _assert_unseen(page, CONTENT, "another coach's offers")
    _demo(page, "coach")
    page.goto("/matching/offers/")
    offer = page.locator("section", has_text=FOCUS)
    for words in (FOCUS, HOPES, FOR_COACH):
        assert words in offer.inner_text()
    offer.get_by_role("button", name="Take on this learner").click()
    page.get_by_text("You took on the request.").wait_for()
    engagement = Engagement.objects.get(learner=learner)
    assert (engagement.coach_id, engagement.status) == (coach.pk, Engagement.Status.PLANNED)

    # No coaching session before the agreement is in force (what was typed is kept).
    page.goto(f"/coaching/{engagement.pk}/sessions/")
    early = _local((timezone.localtime() + timedelta(days=2)).replace(hour=11, minute=0))
    page.get_by_label("Date and time").fill(early)
    page.get_by_label("Kind of meeting").select_option(label="Coaching session")
    page.get_by_role("button", name="Save the session").click()
    expect(page.locator("main")).to_contain_text(
        "once every party has acknowledged the coaching agreement"
    )
    assert page.get_by_label("Date and time").input_value() == early
    assert not CoachingSession.objects.filter(engagement=engagement).exists()
    page.console_errors.clear()  # the refusal answers 400 on purpose

    # 3. The coach drafts the agreement: the supervisor may see progress and closing
    # summaries, nothing else.
    page.goto(f"/agreements/engagement/{engagement.pk}/")
    page.get_by_label("Start from this template").select_option(label="Internal coach agreement")
    page.get_by_role("button", name="Start the draft").click()
    for label, value in (
        ("What the agency expects within a month", "Staff try scaling questions"),
        ("What the agency expects within a year", "Families heard better"),
        ("What the learner expects within a month", "Ask without notes"),
        ("What the learner expects within a year", "Coach peers"),
        ("What the coach expects within a month", "Three sessions"),
        ("What the coach expects within a year", "Learner teaches it"),
        ("Start date", timezone.localdate().isoformat()),
        ("Planned end date", (timezone.localdate() + timedelta(days=180)).isoformat()),
    ):
        page.get_by_label(label, exact=True).fill(value)
    for label in (
        "The learner is clear what coaching is and is not",
        "The coach has explained their approach",
        "Leadership is clear on the purpose and expected outcomes",
    ):
        page.get_by_label(label).select_option("yes")
    shares = page.get_by_role("group", name="Supervisor may see")
    for label in ("Progress summary", "Closing summary"):
        _tick(shares, label)
    for label in ("Attendance", "Goals", "Goal ratings"):
        _untick(shares, label)
    page.get_by_label("Leadership party (sponsor)").select_option(label=leader.full_name)
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Send to every party").click()
    expect(page.locator("main")).to_contain_text("was sent to every party")
    page.get_by_role("link", name="Read and acknowledge version 1").click()
    page.get_by_role("button", name="I have read this and acknowledge it").click()
    expect(page.locator("main")).to_contain_text("your acknowledgment is recorded")
    agreement = Agreement.objects.get(engagement=engagement)

    # Before every party has acknowledged, the supervisor sees nothing of this coaching.
    _demo(page, "supervisor")
    _refused(page, f"/coaching/{engagement.pk}/", 404)
    page.console_errors.clear()
    for local in ("supervisor", "learner", "leadership"):
        if local == "learner":
            _sign_in(page, learner.work_email, TEST_PASSWORD)
        elif local != "supervisor":
            _demo(page, local)
        page.goto("/agreements/")
        page.get_by_role("link", name=f"{learner.full_name} with {coach.full_name}").click()
        shared = page.locator("pre").inner_text()
        assert "Progress summary" in shared and "Closing summary" in shared
        page.get_by_role("button", name="I have read this and acknowledge it").click()
        expect(page.locator("main")).to_contain_text("your acknowledgment is recorded")
    engagement.refresh_from_db()
    agreement.refresh_from_db()
    assert (engagement.status, agreement.in_force_version.number) == (Engagement.Status.ACTIVE, 1)
    screenshot(page, "lifecycle-3-agreement")

    # 4. The learner sets a goal with a five-level scale and a baseline, and schedules.
    _sign_in(page, learner.work_email, TEST_PASSWORD)
    page.goto(f"/goals/engagements/{engagement.pk}/new/")
    page.get_by_label("What will you do?").fill(GOAL)
    page.get_by_label("Where and when?").fill("in family meetings on my caseload")
    page.get_by_label("How much or how often?").fill("in every meeting")
    page.get_by_label("How will you know?").fill("A tick in my diary after each meeting")
    page.get_by_label("Target date").fill((timezone.localdate() + timedelta(days=150)).isoformat())
    page.get_by_role("button", name="Save goal").click()
    page.wait_for_url("**/scale/")
    for level, text in ANCHORS.items():
        page.get_by_label(f"{level} · ", exact=False).fill(text)
    for radio in page.locator("input[type=radio][value=yes]").all():
        page.locator(f"label[for={radio.get_attribute('id')}]").click()
    page.get_by_role("button", name="Finish scale").click()
    expect(page.locator("main")).to_contain_text("The scale is finished.")
    goal_box = page.locator("article", has_text=GOAL)
    goal_box.get_by_label("Date of the rating").fill(
        (timezone.localdate() - timedelta(days=4)).isoformat()  # before the first session
    )
    goal_box.get_by_text("-1.5 · Between much less than expected and somewhat less").click()
    goal_box.get_by_label("Note").fill(BASELINE_NOTE)
    goal_box.get_by_role("button", name="Save rating").click()
    expect(page.locator("main")).to_contain_text("The rating is saved.")
    goal = Goal.objects.get(engagement=engagement)
    assert [(r.level, r.is_baseline) for r in goal.ratings.all()] == [(-1.5, True)]

    page.goto(f"/coaching/{engagement.pk}/")
    page.get_by_role("link", name="Schedule a session").click()
    upcoming = timezone.localtime() + timedelta(days=7)
    page.get_by_label("Date and time").fill(_local(upcoming.replace(hour=10, minute=0)))
    page.get_by_label("Kind of meeting").select_option(label="Coaching session")
    page.get_by_role("button", name="Save the session").click()
    expect(page.locator("main")).to_contain_text("The session is saved.")

    # 5. Three sessions, recorded by the coach as held; the learner reflects privately.
    _demo(page, "coach")
    now = timezone.localtime()
    for days_ago in (3, 2, 1):
        page.goto(f"/coaching/{engagement.pk}/sessions/")
        held = (now - timedelta(days=days_ago)).replace(hour=9, minute=0)
        page.get_by_label("Date and time").fill(_local(held))
        page.get_by_label("Kind of meeting").select_option(label="Coaching session")
        page.get_by_label("Status").select_option(label="Held")
        page.get_by_role("button", name="Save the session").click()
        expect(page.locator("main")).to_contain_text("The session is saved.")
    sessions = list(
        CoachingSession.objects.filter(
            engagement=engagement, status=CoachingSession.Status.HELD
        ).order_by("starts_at")
    )
    assert len(sessions) == 3
    for number, (session, content) in enumerate(zip(sessions, SESSIONS, strict=True)):
        page.goto(f"/conversation/sessions/{session.pk}/")
        page.get_by_label("Focus of this session").fill(content["focus"])
        stage = page.locator("input[name=stages_done]").nth(number)
        page.locator(f"label[for={stage.get_attribute('id')}]").click()
        page.get_by_role("button", name="Save the session record").click()
        page.wait_for_selector("text=The session record is saved.")
        if number:
            previous = SESSIONS[number - 1]["step"]
            box = page.locator("#review .usa-summary-box", has_text=previous)
            box.get_by_text("Done", exact=True).click()
            box.get_by_role("button", name="Save review").click()
            page.wait_for_selector("text=The review of the action step is saved.")
        scaling = page.locator("#scaling")
        scaling.get_by_label("What the question is about").select_option("confidence")
        scaling.get_by_label("Answer").fill(content["scale"])
        scaling.get_by_role("button", name="Add scaling answer").click()
        page.wait_for_selector(f"#scaling >> text={content['scale']} on a 0 to 10 scale")
        actions = page.locator("#actions")
        actions.get_by_label("Action step").fill(content["step"])
        actions.get_by_label("Commitment (1 to 10)").fill("8")
        actions.get_by_role("button", name="Add action step").click()
        page.wait_for_selector(f"#actions >> text={content['step']}")
        page.get_by_role("link", name="Write a summary to share with the learner").click()
        _write_note(page, "Text", content["summary"])
        page.wait_for_selector(f"text={content['summary']}")
    assert list(
        ScalingAnswer.objects.filter(session__engagement=engagement)
        .order_by("session__starts_at")
        .values_list("value", flat=True)
    ) == [4, 6, 8]
    steps = ActionStep.objects.filter(session__engagement=engagement).order_by("session__starts_at")
    assert [step.review for step in steps][:2] == ["done", "done"]
    screenshot(page, "lifecycle-5-session-summary")
    page.goto(f"/conversation/sessions/{sessions[2].pk}/")
    screenshot(page, "lifecycle-5-session-record")
    page.goto(f"/conversation/engagements/{engagement.pk}/scaling/")
    assert page.locator("svg circle").count() == 3
    screenshot(page, "lifecycle-5-scaling-series")
    page.goto(f"/conversation/engagements/{engagement.pk}/notes/coach_journal/")
    _write_note(page, "What happened in the meeting", COACH_JOURNAL)
    coach_entry = Note.objects.get(engagement=engagement, kind=Note.Kind.COACH_JOURNAL)
    # A progress summary, which the agreement shares with the supervisor.
    page.goto(f"/coaching/{engagement.pk}/")
    page.get_by_label("Kind of note").select_option(label="Progress summary")
    page.get_by_label("Text of the note").fill(PROGRESS)
    page.get_by_role("button", name="Save note").click()
    page.wait_for_selector(f"text={PROGRESS}")

    _sign_in(page, learner.work_email, TEST_PASSWORD)
    page.goto(f"/conversation/sessions/{sessions[0].pk}/")
    main = _main(page)
    assert SESSIONS[0]["focus"] in main and SESSIONS[0]["summary"] in main
    page.goto(f"/conversation/sessions/{sessions[2].pk}/")
    page.locator("label", has_text="4 — Very useful").first.click()
    page.get_by_label("What helped most?").fill(FEEDBACK)
    page.get_by_role("button", name="Send my feedback").click()
    page.wait_for_selector("text=Your coach can read your feedback.")
    page.goto(f"/conversation/engagements/{engagement.pk}/notes/learner_journal/")
    _write_note(page, "The experience", LEARNER_JOURNAL)
    page.wait_for_selector("text=Your entry is saved.")
    learner_entry = Note.objects.get(engagement=engagement, kind=Note.Kind.LEARNER_JOURNAL)
    # The coach's journal is the coach's alone.
    page.goto(f"/coaching/{engagement.pk}/")
    _assert_unseen(page, [COACH_JOURNAL], "the learner's engagement page")
    _refused(page, f"/conversation/notes/{coach_entry.pk}/", 404)
    _refused(page, f"/conversation/engagements/{engagement.pk}/notes/coach_journal/", 403)
    page.console_errors.clear()

    # 6. The learner rates the goal again after the sessions.
    page.goto(f"/goals/engagements/{engagement.pk}/")
    goal_box = page.locator("article", has_text=GOAL)
    goal_box.locator("label", has_text="0 · Expected outcome:").click()
    goal_box.get_by_label("Note").fill(RATING_NOTE)
    goal_box.get_by_role("button", name="Save rating").click()
    expect(page.locator("main")).to_contain_text("The rating is saved.")
    assert [float(r.level) for r in goal.ratings.order_by("pk")] == [-1.5, 0.0]
    screenshot(page, "lifecycle-6-goal-progress")

    # The coach reads the learner's feedback, never the learner's journal.
    _demo(page, "coach")
    page.goto(f"/conversation/sessions/{sessions[2].pk}/")
    assert page.locator(f"#feedback >> text={FEEDBACK}").count() == 1
    page.goto(f"/coaching/{engagement.pk}/")
    _assert_unseen(page, [LEARNER_JOURNAL], "the coach's engagement page")
    page.goto(f"/goals/engagements/{engagement.pk}/")
    assert RATING_NOTE in _main(page)
    _refused(page, f"/conversation/engagements/{engagement.pk}/notes/learner_journal/", 403)
    _refused(page, f"/conversation/notes/{learner_entry.pk}/", 404)
    page.console_errors.clear()

    # The supervisor sees exactly what the agreement shares: the progress summary, not the
    # sessions, the goals or any session content.
    _demo(page, "supervisor")
    page.goto(f"/coaching/{engagement.pk}/")
    main = _main(page)
    assert PROGRESS in main
    assert "Sessions" not in main
    _assert_unseen(page, CONTENT, "the supervisor's engagement page")
    screenshot(page, "lifecycle-6-supervisor")
    for session in sessions:
        _refused(page, f"/conversation/sessions/{session.pk}/", 404)
    _refused(page, f"/goals/engagements/{engagement.pk}/", 403)
    _refused(page, f"/conversation/engagements/{engagement.pk}/scaling/", 403)
    page.console_errors.clear()

    for url in ("/my-team/", "/goals/team/"):
        response = page.goto(url)
        _assert_unseen(page, CONTENT, url)

    # The coach's own supervisor sees administrative facts at most.
    _demo(page, "coach-supervisor")
    response = page.goto(f"/coaching/{engagement.pk}/")
    assert response is not None and response.status == 200
    _assert_unseen(page, CONTENT + [PROGRESS], "the coach supervisor's view")
    for session in sessions:
        _refused(page, f"/conversation/sessions/{session.pk}/", 404)
    page.console_errors.clear()

    # Leadership acknowledged the agreement but it shares nothing with them; the coach who
    # was not chosen has no part at all.
    _demo(page, "leadership")
    response = page.goto(f"/coaching/{engagement.pk}/")
    assert response is not None and response.status == 404
    _assert_unseen(page, CONTENT + [PROGRESS], "leadership's view of the engagement")
    for session in sessions:
        _refused(page, f"/conversation/sessions/{session.pk}/", 404)
    _sign_in(page, other_coach.work_email, TEST_PASSWORD)
    _refused(page, f"/coaching/{engagement.pk}/", 404)
    _refused(page, f"/conversation/sessions/{sessions[0].pk}/", 404)
    page.console_errors.clear()

    # The program lead sees administrative facts only, never content.
    _demo(page, "program-lead")
    for url in (
        f"/coaching/{engagement.pk}/",
        f"/enrollment/requests/{request.pk}/",
        "/lifecycle/stalled/",
        "/enrollment/board/",
        "/program/",
    ):
        response = page.goto(url)
        assert response is not None and response.status == (404 if "requests" in url else 200)
        _assert_unseen(page, CONTENT + [PROGRESS], url)
    page.goto(f"/coaching/{engagement.pk}/")
    assert learner.full_name in _main(page)  # an administrative fact: the coaching exists
    for session in sessions:
        _refused(page, f"/conversation/sessions/{session.pk}/", 404)
    _refused(page, f"/conversation/engagements/{engagement.pk}/", 403)
    _refused(page, f"/goals/engagements/{engagement.pk}/", 403)
    _refused(page, f"/lifecycle/engagements/{engagement.pk}/", 403)
    page.console_errors.clear()

    # 7. The coach closes; the learner is asked for the closing survey.
    _demo(page, "coach")
    page.goto(f"/lifecycle/engagements/{engagement.pk}/")
    page.get_by_role("link", name="Close this coaching").click()
    assert "shares the closing summary with" in page.get_by_test_id("sharing").inner_text()
    for label, value in (
        ("What went well in this coaching?", CLOSING_TALK),
        ("What was hard?", "Finding time between visits"),
        ("What did you, the coach, bring to what worked and what did not?", "Practice"),
        ("What did the learner bring to what worked and what did not?", "Curiosity"),
        ("What got in the way?", "Court weeks"),
    ):
        page.get_by_label(label).fill(value)
    page.get_by_text("Yes, the goals were met", exact=True).click()
    page.get_by_label("Closing summary for the supervisor").fill(CLOSING_SUMMARY)
    page.get_by_role("button", name="Close the coaching").click()
    expect(page.locator("main")).to_contain_text(
        "The learner has been asked to fill in the closing survey."
    )
    screenshot(page, "lifecycle-7-closed")
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.CLOSED
    assert ClosingRecord.objects.get(engagement=engagement).went_well == CLOSING_TALK
    survey = Administration.objects.get(engagement=engagement, respondent=learner)

    _sign_in(page, learner.work_email, TEST_PASSWORD)
    page.goto(f"/lifecycle/engagements/{engagement.pk}/")
    main = _main(page)
    assert CLOSING_TALK in main
    assert (
        page.get_by_role("link", name="fill in the closing survey")
        .get_attribute("href")
        .endswith(f"/{survey.pk}/fill/")
    )
    page.get_by_role("link", name="fill in the closing survey").click()
    page.wait_for_url(f"**/{survey.pk}/fill/")
    screenshot(page, "lifecycle-7-closing-survey")
    expect(page.get_by_role("heading", name="Closing survey")).to_be_visible()
    expect(page.get_by_role("button", name="Save and continue")).to_be_visible()
    page.goto(f"/enrollment/requests/{request.pk}/")
    assert page.get_by_test_id("request-status").inner_text() == "Closed"

    # The supervisor reads the shared closing summary, never the closing conversation.
    _demo(page, "supervisor")
    page.goto(f"/coaching/{engagement.pk}/")
    main = _main(page)
    assert CLOSING_SUMMARY in main and PROGRESS in main
    _assert_unseen(page, CONTENT, "the supervisor's page after closing")
    screenshot(page, "lifecycle-7-supervisor")
    _refused(page, f"/lifecycle/engagements/{engagement.pk}/", 403)
    page.console_errors.clear()

    # The program lead still sees no content, closing summary included.
    _demo(page, "program-lead")
    page.goto(f"/coaching/{engagement.pk}/")
    _assert_unseen(page, CONTENT + [PROGRESS, CLOSING_SUMMARY], "the program lead's page")
    # The supervisor was told a closing summary is ready; nobody was told any content by
    # notification or email.
    assert Notification.objects.filter(
        recipient=supervisor, subject="A closing summary is ready"
    ).exists()
    told = [f"{n.subject} {n.body}" for n in Notification.objects.all()]
    told += [f"{m.subject} {m.body}" for m in mail.outbox]
    assert told and [t for t in told if "LC-" in t] == []
    assert page.console_errors == []
