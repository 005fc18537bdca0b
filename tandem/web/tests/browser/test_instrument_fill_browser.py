"""Filling in an instrument as a person would: answers are saved as you go, a closed page
loses nothing, and submitting shows the score and what it means."""

import pytest
from playwright.sync_api import expect

from tandem.instruments.administration_services import administration_assign
from tandem.instruments.tests.answering import load
from tandem.people.models import Role
from tandem.people.tests.factories import TEST_PASSWORD, make_tree, person_with_account
from tandem.web.tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Supervisory coaching skills self-assessment"


def _question(page, number):
    return (
        page.locator("fieldset.usa-fieldset")
        .filter(has=page.locator("legend", has_text=f"{number}. "))
        .first
    )


def _answer(page, number, label):
    _question(page, number).get_by_text(label, exact=True).click()


def test_fill_leave_come_back_to_the_draft_submit_and_see_the_score(page):
    tree = make_tree()
    person = person_with_account(
        roles=(Role.SUPERVISOR, Role.LEARNER), org_unit=tree["intake"], work_email="sam@example.org"
    )
    administration_assign(
        assigned_by=person, version=load("supervisory-coaching-skills"), respondent=person
    )
    page.goto("/accounts/login/")
    page.get_by_label("Work email").fill("sam@example.org")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()

    page.goto("/instruments/")
    page.get_by_role("link", name=TITLE).click()
    for number in range(1, 6):
        _answer(page, number, "3 — Agree")
    page.get_by_text("Draft saved at").wait_for()
    page.wait_for_load_state("networkidle")  # the last automatic save has answered
    # Leave without pressing any button, as if the tab were closed, then come back.
    page.goto("/instruments/")
    assert "(draft started)" in page.locator("main").inner_text()
    page.get_by_role("link", name=TITLE).click()
    for number in range(1, 6):
        assert _question(page, number).get_by_label("3 — Agree").is_checked()
    for number in range(6, 13):
        _answer(page, number, "4 — Strongly agree")
    # Let the automatic save of the last answer finish, as the "Draft saved" line shows. (A
    # click racing it gets the page back with a clear note and nothing lost: test_views.py.)
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Save and review").click()
    expect(page.locator("main")).to_contain_text("Check and submit")
    page.get_by_role("button", name="Submit answers").click()
    page.wait_for_url("**/results/")
    main = page.locator("main").inner_text()
    assert "Thank you: your answers are submitted." in main
    assert "3.58" in main  # (5 × 3 + 7 × 4) / 12
    assert "Mostly strengths" in main
    assert "Private to you" in main
    screenshot(page, "instrument-results")
    assert page.console_errors == []
