"""Matching in a real browser: the program lead offers a request to a coach other than the top
suggestion (a reason is asked for, nothing typed is lost), the offered coach reads the
learner's words and takes the learner on."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tandem.coaching.models import Engagement
from tandem.enrollment.matching.tests.helpers import coach, request_in_matching
from tandem.enrollment.models import Match
from tandem.people.models import Role
from tandem.people.tests.factories import TEST_PASSWORD, make_tree, person_with_account
from tandem.web.tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page, person):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("Work email").fill(person.work_email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_lead_offers_and_coach_accepts(page):
    tree = make_tree()
    supervisor = coach(tree["intake"])
    learner = person_with_account(
        org_unit=tree["intake"], supervisor=supervisor, last_name="Lerner"
    )
    lead = person_with_account(roles=(Role.PROGRAM_LEAD,), org_unit=tree["north_office"])
    coaches = [coach(tree["ongoing"]) for _ in range(2)]
    request = request_in_matching(learner)

    _sign_in(page, lead)
    page.goto(f"/matching/requests/{request.pk}/")
    expect(page.get_by_role("heading", name="Excluded coaches")).to_be_visible()
    expect(page.get_by_text("Line supervisor of the learner.")).to_be_visible()
    assert page.get_by_text("FOCUS-Lerner").count() == 0
    select = page.get_by_label("Coach to offer the request to")
    second = select.locator("option").nth(1).get_attribute("value")
    select.select_option(second)
    page.get_by_role("button", name="Offer to this coach").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert select.input_value() == second  # the choice survived the refusal
    page.get_by_label("Why this coach rather than the top suggestion").fill("Knows the unit")
    page.get_by_role("button", name="Offer to this coach").click()
    page.get_by_text("The request was offered to the coach.").wait_for()
    screenshot(page, "matching-request")
    match = Match.objects.get()
    assert (match.coach_id, match.override_reason) == (int(second), "Knows the unit")

    offered = next(c for c in coaches if c.pk == int(second))
    _sign_in(page, offered)
    page.goto("/matching/offers/")
    expect(page.get_by_text("FOCUS-Lerner harm statements")).to_be_visible()
    screenshot(page, "matching-offers")
    page.get_by_role("button", name="Take on this learner").click()
    page.get_by_text("You took on the request.").wait_for()
    engagement = Engagement.objects.get(learner=learner)
    assert (engagement.coach_id, engagement.status) == (offered.pk, Engagement.Status.PLANNED)
    # The refused form answers 400 on purpose; nothing else may fail.
    assert [e for e in page.console_errors if "status of 400" not in e] == []


def test_lead_records_the_intake_before_offering(page):
    """Seed 001: the program lead meets the learner first. A request in matching without an
    intake cannot be offered; a refused intake keeps what was typed; once it says coaching fits
    the offer form appears. The learner reads the note on their request page."""
    tree = make_tree()
    learner = person_with_account(org_unit=tree["intake"], last_name="Intaker")
    lead = person_with_account(roles=(Role.PROGRAM_LEAD,), org_unit=tree["north_office"])
    coach(tree["ongoing"])
    request = request_in_matching(learner, intake=None)

    _sign_in(page, lead)
    page.goto(f"/matching/requests/{request.pk}/")
    expect(page.get_by_test_id("intake-needed")).to_be_visible()
    assert page.get_by_role("button", name="Offer to this coach").count() == 0
    page.get_by_label("Short note").fill("Keen to start after court week.")
    page.get_by_role("button", name="Record the intake").click()
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.get_by_label("Short note")).to_have_value("Keen to start after court week.")
    page.get_by_text("Coaching fits", exact=True).click()
    page.get_by_role("button", name="Record the intake").click()
    page.get_by_text("The intake conversation is recorded.").wait_for()
    intake = page.get_by_test_id("intake")
    expect(intake).to_contain_text("Coaching fits")
    expect(intake).to_contain_text("Keen to start after court week.")
    expect(page.get_by_role("button", name="Offer to this coach")).to_be_visible()
    screenshot(page, "matching-intake")

    _sign_in(page, learner)
    page.goto(f"/enrollment/requests/{request.pk}/")
    expect(page.get_by_test_id("intake")).to_contain_text("Keen to start after court week.")
    screenshot(page, "request-intake-learner")
    assert [e for e in page.console_errors if "status of 400" not in e] == []
