"""The question bank in a real browser: live search as you type, and a program lead's edit of a
built-in question that becomes the agency's own version."""

import pytest

from tandem.people.models import Role
from tandem.people.tests.factories import make_tree, person_with_account
from tandem.questionbank.models import Question
from tandem.web.tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long test password 42"


def _account(roles, unit):
    person = person_with_account(roles=roles, org_unit=unit)
    person.user.set_password(PASSWORD)
    person.user.save()
    return person


def _sign_in(page, person):
    page.goto("/accounts/login/")
    page.get_by_label("Work email").fill(person.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_live_search_and_copy_on_edit(page):
    tree = make_tree()
    coach = _account((Role.COACH,), tree["ongoing"])
    lead = _account((Role.PROGRAM_LEAD,), tree["north_office"])

    _sign_in(page, coach)
    page.goto("/questions/")
    page.get_by_label("Words").fill("unusual option")
    results = page.locator("#results")
    results.get_by_text("1 question", exact=True).wait_for()
    assert "What is the most unusual option you can think of?" in results.inner_text()
    assert "q=unusual" in page.url  # the search is in the address for sharing/back
    page.get_by_label("Category").select_option("resilience")
    page.get_by_label("Words").fill("")
    results.get_by_text("11 questions").wait_for()
    screenshot(page, "questionbank-coach-search")
    assert page.console_errors == []

    page.context.clear_cookies()
    _sign_in(page, lead)
    page.goto("/questions/?q=unusual")
    page.get_by_role("link", name="Edit question").first.click()
    page.get_by_label("Question").fill("What is the boldest way you could approach this?")
    page.get_by_role("button", name="Save question").click()
    page.get_by_text("Saved as your agency's version").wait_for()
    assert Question.objects.get(builtin_key="clear-wildest").text.startswith("What is the most")
    page.goto("/questions/?q=boldest")
    page.get_by_text("Your agency").wait_for()
    screenshot(page, "questionbank-lead-copy")
