"""Asking for coaching as a learner would: the home page link, the request form (a mistake
loses nothing), the status page with its dated timeline, the readiness check through the
instruments app, its result on the status page, and on to matching."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tandem.enrollment.models import CoachingRequest
from tandem.instruments.selectors import instrument_version_find, version_definition
from tandem.people.models import Role
from tandem.people.tests.factories import TEST_PASSWORD, make_tree, person_with_account
from tandem.web.tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def _question(page, text):
    legend = page.locator("legend", has_text=" ".join(text.split())[:40])
    return page.locator("fieldset.usa-fieldset").filter(has=legend).first


def test_learner_requests_coaching_and_completes_readiness(page):
    call_command("load_instruments", stdout=io.StringIO())
    tree = make_tree()
    supervisor = person_with_account(roles=(Role.SUPERVISOR,), org_unit=tree["intake"])
    learner = person_with_account(
        roles=(Role.LEARNER,),
        org_unit=tree["intake"],
        supervisor=supervisor,
        work_email="robin@example.org",
    )
    page.goto("/accounts/login/")
    page.get_by_label("Work email").fill("robin@example.org")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()

    page.get_by_role("link", name="Request coaching").first.click()
    page.get_by_role("link", name="Request coaching").click()
    # A mistake first: no focus. The error summary says so and keeps what was typed.
    page.get_by_label("Times that suit you").fill("Tuesday mornings")
    page.get_by_role("button", name="Send my request").click()
    expect(page.locator("main")).to_contain_text("Please fix 1 problem")
    assert page.get_by_label("Times that suit you").input_value() == "Tuesday mornings"
    page.console_errors.clear()  # the refused form answers 400 on purpose
    page.get_by_label("What would you like to work on?").fill(
        "Asking families about safety without sounding scripted."
    )
    page.get_by_text("My supervisor may be told when my request moves").click()
    page.get_by_role("button", name="Send my request").click()
    main = page.locator("main").inner_text()
    assert "Your request is in." in main
    assert page.get_by_test_id("request-status").inner_text() == "Requested"
    request = CoachingRequest.objects.get(learner=learner)
    assert request.supervisor_informed

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
    main = page.locator("main").inner_text()
    assert page.get_by_test_id("request-status").inner_text() == "Readiness"
    assert "Probably ready for coaching" in main
    assert "Warning signs" not in main
    screenshot(page, "enrollment-readiness-result")
    page.get_by_role("button", name="Go on to matching with a coach").click()
    assert page.get_by_test_id("request-status").inner_text() == "Matching"
    timeline = page.locator("ol.usa-process-list").inner_text()
    for step in ("Requested", "Readiness", "Matching"):
        assert step in timeline
    screenshot(page, "enrollment-status")
    assert page.console_errors == []
