"""The seed's worked examples entered through the UI: Eileen's SMART goal (seed l.2140) with
live SMART advice, and Natalie's harm and danger statements scale (l.2332) with a baseline
between "much less" and "somewhat less than expected"."""

from datetime import date

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tandem.coaching.models import Engagement
from tandem.demo.generator import DEMO_DOMAIN, DEMO_PASSWORD
from tandem.goals.models import Goal
from tandem.web.tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)

NATALIE_ANCHORS = {
    "+2": "Wrote the harm and danger statements using words from the parents, child and "
    "extended family. Supervisor and agency counsel agree with proposed next steps.",
    "+1": "Engages family members to write the harm and danger statements, but may be missing "
    "statements from the extended family.",
    "0": "Met the overall goal: statements with the family's worries in their own words, the "
    "child's voice used and extended family engaged.",
    "-1": "Engaged some family members in writing the harm and danger statements but important "
    "people are missing. Children's voices are not used.",
    "-2": "Did not engage families in writing the harm and danger statements. Their words are "
    "used minimally or not at all. Voice of the child and extended family are absent.",
}


def _sign_in(page, local):
    page.goto("/accounts/login/")
    page.get_by_label("Work email").fill(f"{local}@{DEMO_DOMAIN}")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/my-coaching/")


def _advice(page):
    return page.locator("#smart-advice")


def _scale(page, anchors, *, finish=True):
    for level, text in anchors.items():
        page.get_by_label(f"{level} · ", exact=False).fill(text)
    if finish:
        for radio in page.locator("input[type=radio][value=yes]").all():
            page.locator(f"label[for={radio.get_attribute('id')}]").click()
        page.get_by_role("button", name="Finish scale").click()


def test_learner_enters_eileens_goal_and_natalies_scale(page):
    call_command("seed", "--scale", "demo", verbosity=0)
    engagement = Engagement.objects.get(
        learner__user__email=f"learner@{DEMO_DOMAIN}", status=Engagement.Status.ACTIVE
    )
    _sign_in(page, "learner")

    # Eileen's goal, typed field by field; the advice follows as she types (htmx).
    page.goto(f"/goals/engagements/{engagement.pk}/new/")
    page.get_by_label("What will you do?").press_sequentially("Use solution-focused questions")
    advice = _advice(page)
    advice.get_by_text("Say how much or how often").wait_for()
    page.get_by_label("Where and when?").fill(
        "when I lead formal case staffings or conferences with my staff"
    )
    page.get_by_label("How much or how often?").fill("in 75% of staffings")
    page.get_by_label("How will you know?").fill(
        "After each staffing, write in my calendar which solution-focused question I used"
    )
    page.get_by_label("How often will you report").select_option(label="Monthly")
    page.get_by_label("Target date").fill("2012-07-31")  # the seed's date, long past
    advice.get_by_text("The target date (July 31, 2012) has already passed.").wait_for()
    screenshot(page, "goals-builder-advice")
    next_july = date(date.today().year + 1, 7, 31)
    page.get_by_label("Target date").fill(next_july.isoformat())
    page.get_by_label("Why does this goal matter?").press_sequentially(
        "Solution-focused questions help my staff find their own answers."
    )
    advice.get_by_text("This goal is specific, measurable").wait_for()
    assert advice.locator("li").count() == 0
    screenshot(page, "goals-builder-smart")
    page.get_by_role("button", name="Save goal").click()
    page.wait_for_url("**/scale/")
    _scale(
        page,
        {
            "+2": "In every staffing, and my staff start asking them too",
            "+1": "In 90% of staffings",
            "-1": "In half of staffings",
            "-2": "In a quarter of staffings",
        },
    )
    assert "The scale is finished." in page.locator("main").inner_text()

    # Natalie's goal: the "and" advice is only advice; the goal saves.
    page.goto(f"/goals/engagements/{engagement.pk}/new/")
    page.get_by_label("What will you do?").press_sequentially(
        "Write harm and danger statements with families"
    )
    advice.get_by_text("The behavior has “and” in it.").wait_for()
    page.get_by_label("Where and when?").fill("on my caseload, with the family's own words")
    page.get_by_label("How much or how often?").fill("for at least half of my caseload")
    page.get_by_label("Target date").fill(date(date.today().year + 1, 5, 31).isoformat())
    page.get_by_role("button", name="Save goal").click()
    page.wait_for_url("**/scale/")

    # Bad scale first: a level missing and two levels the same, each flagged by level.
    _scale(page, {**NATALIE_ANCHORS, "+1": NATALIE_ANCHORS["+2"], "-1": ""})
    errors = page.locator("#error-summary").inner_text()
    assert "This is the same as the description for level +2." in errors
    assert "Describe what “somewhat less than expected” (-1) looks like." in errors
    # Nothing typed is lost.
    assert page.get_by_label("-2 · ").input_value() == NATALIE_ANCHORS["-2"]
    screenshot(page, "goals-scale-errors")
    _scale(page, {"+1": NATALIE_ANCHORS["+1"], "-1": NATALIE_ANCHORS["-1"]})
    assert "The scale is finished." in page.locator("main").inner_text()

    # Baseline: "somewhere between much less than expected and less than expected".
    natalie = page.locator("article", has_text="with the family's own words")
    natalie.get_by_text("-1.5 · Between much less than expected and somewhat less").click()
    natalie.get_by_label("Note").fill(
        "Apprehensive and a bit nervous about this goal, but excited; right where she should be."
    )
    natalie.get_by_role("button", name="Save rating").click()
    expect(page.locator("main")).to_contain_text("The rating is saved.")
    natalie = page.locator("article", has_text="with the family's own words")
    table = natalie.locator("table", has_text="Ratings of goal").inner_text()
    assert "(baseline)" in table
    assert "-1.5 Between much less than expected and somewhat less than expected" in table
    assert natalie.locator("svg[role=img] circle").count() == 1
    screenshot(page, "goals-progress")

    goal = Goal.objects.get(engagement=engagement, context__endswith="with the family's own words")
    assert [(r.level, r.is_baseline) for r in goal.ratings.all()] == [(-1.5, True)]
    assert goal.checklist == {key: True for key in goal.checklist} and len(goal.checklist) == 8
    # The one expected error: the bad scale was answered "400 Bad Request" (and shown again).
    assert page.console_errors == [
        "Failed to load resource: the server responded with a status of 400 (Bad Request)"
    ]
