"""The administrator sets a supervisor up for supportive supervision from Tandem's own pages,
and the supervisor then finds it named as supportive supervision (issue #16 items 2 and 11)."""

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from tandem.coaching.models import Engagement
from tandem.coaching.services import engagement_create
from tandem.enrollment.matching.selectors import candidates_load
from tandem.people.models import CoachProfile, Person
from tandem.web.tests.browser.conftest import demo_sign_in, screenshot, sign_out

pytestmark = pytest.mark.django_db(transaction=True)


def test_administrator_sets_up_supportive_supervision_and_the_supervisor_sees_it(page):
    call_command("seed", "--scale", "demo", verbosity=0)
    supervisor = Person.objects.get(user__email="supervisor@demo.tandem.test")

    demo_sign_in(page, "administrator")
    page.goto("/administration/")
    page.get_by_role("link", name="Staff roles and coach profiles").click()
    page.get_by_label("Search").fill(supervisor.last_name)
    page.get_by_role("button", name="Show staff").click()
    page.get_by_role("link", name=supervisor.full_name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(supervisor.full_name)

    # A coach profile, with a mistake first: the message says what to fix and keeps the rest.
    page.get_by_role("link", name="Create a coach profile").click()
    page.get_by_label("Type of coach").select_option(
        label="Supervisor running supportive supervision"
    )
    page.get_by_label("Coaching models they are trained in").fill("Supportive supervision")
    page.get_by_label("Most learners at one time").fill("-2")
    page.get_by_role("button", name="Create the profile").click()
    expect(page.locator("#error-summary")).to_contain_text("Enter 0 or more learners.")
    expect(page.locator("#error-summary")).to_contain_text("Choose the coach's experience level.")
    page.console_errors.clear()  # the refused form answers 400 on purpose
    page.get_by_label("Experience level").select_option(label="Competent performer")
    expect(page.get_by_label("Coaching models they are trained in")).to_have_value(
        "Supportive supervision"
    )
    page.get_by_label("Most learners at one time").fill("3")
    page.get_by_role("button", name="Create the profile").click()
    expect(page.locator("main")).to_contain_text("coach profile is created")
    expect(page.locator("main")).to_contain_text("Supervisor running supportive supervision")

    # A role granted and ended; both recorded with the administrator's name.
    page.locator("#id_role").select_option(label="Observer")
    page.locator("#id_scope").select_option(index=1)
    page.get_by_role("button", name="Grant the role").click()
    expect(page.locator("main")).to_contain_text("is now observer")
    page.get_by_role("button", name="End this role: Observer").click()
    expect(page.locator("main")).to_contain_text("The role has ended.")
    changes = page.locator("table", has_text="What").last
    expect(changes.locator("tbody tr")).to_have_count(3)
    screenshot(page, "staffing-supervisor-set-up")
    sign_out(page)

    profile = CoachProfile.objects.get(person=supervisor)
    assert (profile.coach_type, profile.capacity) == ("supportive", 3)
    [pooled] = [
        c for c in candidates_load(today=timezone.localdate()) if c.coach_id == supervisor.pk
    ]
    assert pooled.active

    # A team member who asked for their supervisor: set up for it, she holds supportive
    # supervision with them, not coaching.
    report = supervisor.direct_reports.filter(is_active=True).first()
    engagement = engagement_create(coach=supervisor, learner=report)
    assert engagement.kind == Engagement.Kind.SUPPORTIVE_SUPERVISION

    demo_sign_in(page, "supervisor")
    page.goto("/my-team/")
    expect(page.locator("main")).to_contain_text("You are set up to hold supportive supervision")
    page.get_by_role("link", name=report.full_name).last.click()
    page.wait_for_url(f"**/coaching/{engagement.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"{report.full_name} with supervisor {supervisor.full_name}"
    )
    expect(page.locator("#supportive-supervision-notice")).to_contain_text(
        "not coaching and not a performance review"
    )
    screenshot(page, "supportive-supervision-engagement")
    assert page.console_errors == []
