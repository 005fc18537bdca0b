"""Sign in through the real page in Chromium, as a person would."""

import pytest

from tandem.people.models import Role
from tandem.people.tests.factories import make_tree, person_with_account
from tandem.web.tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_wrong_password_shows_an_error_summary_and_keeps_the_email(page):
    tree = make_tree()
    person_with_account(roles=(Role.LEARNER,), org_unit=tree["intake"], work_email="jo@example.org")
    page.goto("/")
    page.get_by_label("Work email").fill("jo@example.org")
    page.get_by_label("Password").fill("not it")
    page.get_by_role("button", name="Sign in").click()
    alert = page.locator("#error-summary")
    assert "That email and password do not match an account." in alert.inner_text()
    assert page.get_by_label("Work email").input_value() == "jo@example.org"
    screenshot(page, "sign-in-error")
    assert page.console_errors == []


def test_skip_link_moves_focus_to_the_main_content(page):
    make_tree()
    page.goto("/accounts/login/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
