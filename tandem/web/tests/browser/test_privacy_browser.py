"""Confidentiality as people meet it: the learner writes, the supervisor sees only the shared
part, and the learner sees who looked."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tandem.demo.coaching import TEXTS
from tandem.web.tests.browser.conftest import demo_sign_in, screenshot, sign_out

pytestmark = pytest.mark.django_db(transaction=True)


def test_supervisor_sees_only_what_the_learner_shares_and_the_learner_sees_who_looked(page):
    call_command("seed", "--scale", "demo", verbosity=0)

    demo_sign_in(page, "learner")
    page.wait_for_url("**/my-coaching/")
    page.get_by_role("link", name="With ").first.click()
    page.get_by_label("Kind of note").select_option(label="Learner's reflective journal")
    page.get_by_label("Text of the note").fill(
        "Private thought: I froze when the judge asked me a question."
    )
    page.get_by_role("button", name="Save note").click()
    expect(page.locator("main")).to_contain_text("Your note is saved.")
    journal = page.locator("section", has=page.locator("#section-private")).inner_text()
    assert "I froze when the judge" in journal
    screenshot(page, "privacy-learner-engagement")
    sign_out(page)

    demo_sign_in(page, "supervisor")
    page.wait_for_url("**/my-team/")
    page.locator("main ul.usa-list a").first.click()
    main = page.locator("main").inner_text()
    assert TEXTS["progress_summary"][0] in main
    assert "Sessions" in main
    assert "I froze when the judge" not in main
    assert TEXTS["session_summary"][0] not in main
    assert TEXTS["coach_journal"][0] not in main
    screenshot(page, "privacy-supervisor-engagement")
    sign_out(page)

    demo_sign_in(page, "learner")
    page.goto("/privacy/my-record/")
    rows = page.locator("table").last.inner_text()
    assert "Learner's supervisor" in rows
    assert "Progress summary" in rows
    screenshot(page, "privacy-who-viewed")
    assert page.console_errors == []
