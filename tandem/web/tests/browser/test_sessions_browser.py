"""Sessions as people meet them: the learner schedules, the coach sees it coming and cancels."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tandem.web.tests.browser.conftest import demo_sign_in, screenshot, sign_out

pytestmark = pytest.mark.django_db(transaction=True)


def test_learner_schedules_and_coach_cancels_a_session(page):
    call_command("seed", "--scale", "demo", verbosity=0)

    demo_sign_in(page, "learner")
    page.wait_for_url("**/my-coaching/")
    page.get_by_role("link", name="With ").first.click()
    page.get_by_role("link", name="Schedule a session").click()
    page.get_by_label("Date and time").fill("2027-01-12T10:30")
    page.get_by_label("How you meet").select_option(label="Video call")
    page.get_by_label("Place or link").fill("https://video.example.test/jan12")
    screenshot(page, "sessions-schedule-form")
    page.get_by_role("button", name="Save the session").click()
    expect(page.locator("main")).to_contain_text("The session is saved.")
    sign_out(page)

    demo_sign_in(page, "coach")
    page.goto("/coaching/schedule/")
    main = page.locator("main").inner_text()
    assert "Jan 12, 2027" in main and "Invitation (.ics)" in main
    screenshot(page, "sessions-my-sessions")
    page.get_by_role("link", name="Tue Jan 12, 2027").click()
    page.get_by_role("link", name="Cancel or mark missed the session of Jan 12").click()
    expect(page.locator("main")).to_contain_text("What your agreement says")
    page.get_by_label("The session is cancelled").check()
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator("main")).to_contain_text("The people your agreement names are told")
    assert page.console_errors == []
