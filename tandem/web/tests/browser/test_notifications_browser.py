"""Notifications as a person meets them: the count in the header, the list, marking one read
in place (htmx) and opening another, which lands on the page it is about (issue #16, 6a)."""

import pytest
from playwright.sync_api import expect

from tandem.notifications.services import notification_send
from tandem.people.models import Role
from tandem.people.tests.factories import TEST_PASSWORD, make_tree, person_with_account
from tandem.web.tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_from_the_header_to_the_list_then_mark_read_and_open(page):
    tree = make_tree()
    jo = person_with_account(
        roles=(Role.LEARNER,), org_unit=tree["intake"], work_email="jo@example.org"
    )
    notification_send(
        recipient=jo,
        subject="Your coaching request was received",
        body="A program lead will be in touch. Open Tandem to see your request.",
        url="/my-coaching/",
    )
    notification_send(
        recipient=jo, subject="A session was scheduled", body="Open Tandem to see when."
    )

    page.goto("/accounts/login/")
    page.get_by_label("Work email").fill("jo@example.org")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/my-coaching/")

    page.get_by_role("link", name="Notifications, 2 unread").click()
    page.wait_for_url("**/notifications/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    expect(page.get_by_role("status")).to_have_text("2 unread.")
    screenshot(page, "notifications-list")

    # Marking one read replaces its row and the header's count in place.
    page.get_by_role("button", name="Mark as read: A session was scheduled").click()
    expect(page.get_by_role("link", name="Notifications, 1 unread")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("Marked as read. 1 unread.")
    expect(page.get_by_role("button", name="Mark as read: A session was scheduled")).to_have_count(
        0
    )
    assert page.url.endswith("/notifications/")

    page.get_by_role("button", name="Open: Your coaching request was received").click()
    page.wait_for_url("**/my-coaching/")
    expect(page.locator("#notifications-link")).to_have_text("Notifications")
    assert page.console_errors == []
