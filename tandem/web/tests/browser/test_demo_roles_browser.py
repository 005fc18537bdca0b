"""Sign in as each demo role in Chromium and check the home page it lands on."""

import pytest

from tandem.demo.generator import ACCOUNT_ROLES, DEMO_DOMAIN, DEMO_PASSWORD
from tandem.web.tests.browser.conftest import screenshot

# Where each demo role lands, the navigation item marked current there, and how the page's
# heading starts.
EVALUATION = ("/evaluation/", "Evaluation", "Program evaluation")
EXPECTED_HOME = {
    "learner": ("/my-coaching/", "My coaching", "My coaching"),
    "coach": ("/my-learners/", "My learners", "My learners"),
    "supervisor": ("/my-team/", "My team", "My team"),
    "leadership": EVALUATION,
    "program-lead": ("/program/", "Program", "Program"),
    "coach-supervisor": ("/coach-development/", "Coach development", "Coach development"),
    "observer": ("/my-ratings/", "My ratings", "My ratings"),
    "evaluator": EVALUATION,
    "administrator": ("/administration/", "Administration", "Administration"),
}


def test_every_demo_role_has_a_home():
    assert {local for local, _ in ACCOUNT_ROLES} == set(EXPECTED_HOME)


@pytest.mark.parametrize("local", list(EXPECTED_HOME))
def test_demo_role_signs_in_and_sees_its_home(page, demo_agency_for_module, local):
    path, nav_label, heading = EXPECTED_HOME[local]
    page.goto("/")
    page.get_by_label("Work email").fill(f"{local}@{DEMO_DOMAIN}")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**{path}")
    assert page.get_by_role("heading", level=1).inner_text().startswith(heading)
    current = page.locator("nav[aria-label='Primary navigation'] a[aria-current='page']")
    assert current.inner_text() == nav_label
    screenshot(page, f"home-{local}")
    assert page.console_errors == []
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/")
