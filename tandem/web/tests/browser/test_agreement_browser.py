"""A coaching agreement as its parties live it: the coach drafts from a template, sends it,
learner, supervisor and leadership acknowledge, and the supervisor's view changes as the
disclosure map says."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tandem.coaching.models import Engagement
from tandem.demo.coaching import TEXTS
from tandem.demo.generator import DEMO_DOMAIN
from tandem.people.models import Person
from tandem.web.tests.browser.conftest import demo_sign_in, screenshot, sign_out

pytestmark = pytest.mark.django_db(transaction=True)


def test_agreement_is_drafted_acknowledged_and_enforced(page):
    call_command("seed", "--scale", "demo", verbosity=0)
    learner = Person.objects.get(user__email=f"learner@{DEMO_DOMAIN}")
    coach = Person.objects.get(user__email=f"coach@{DEMO_DOMAIN}")
    # A new engagement for the demo pair, with no agreement yet (the earlier one is closed).
    Engagement.objects.filter(learner=learner).update(status=Engagement.Status.CLOSED)
    engagement = Engagement.objects.create(learner=learner, coach=coach, focus="Court preparation")
    from tandem.coaching.models import Note

    Note.objects.create(
        engagement=engagement,
        author=coach,
        kind="progress_summary",
        category="progress_summary",
        body=TEXTS["progress_summary"][0],
    )

    demo_sign_in(page, "coach")
    page.goto(f"/agreements/engagement/{engagement.pk}/")
    page.get_by_label("Start from this template").select_option(label="Internal coach agreement")
    page.get_by_role("button", name="Start the draft").click()
    page.get_by_role("button", name="Save").click()  # save the template text as it is
    page.get_by_role("button", name="Send to every party").click()
    assert (
        "Before sending, fill in:" in page.locator("main").inner_text()
    )  # nothing lost, told what
    for label, value in (
        ("What the agency expects within a month", "Staff try solution-focused questions"),
        ("What the agency expects within a year", "Fewer re-referrals"),
        ("What the learner expects within a month", "Feel ready for court"),
        ("What the learner expects within a year", "Testify calmly"),
        ("What the coach expects within a month", "Two role plays"),
        ("What the coach expects within a year", "Learner coaches peers"),
        ("Start date", "2026-12-01"),
        ("Planned end date", "2027-06-01"),
    ):
        page.get_by_label(label, exact=True).fill(value)
    for label in (
        "The learner is clear what coaching is and is not",
        "The coach has explained their approach",
        "Leadership is clear on the purpose and expected outcomes",
    ):
        page.get_by_label(label).select_option("yes")
    page.get_by_role("group", name="Supervisor may see").get_by_text("Progress summary").click()
    leader = Person.objects.get(user__email=f"leadership@{DEMO_DOMAIN}")
    page.get_by_label("Leadership party (sponsor)").select_option(label=leader.full_name)
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Send to every party").click()
    expect(page.locator("main")).to_contain_text("was sent to every party")
    page.get_by_role("link", name="Read and acknowledge version 1").click()
    page.get_by_role("button", name="I have read this and acknowledge it").click()
    expect(page.locator("main")).to_contain_text("your acknowledgment is recorded")
    screenshot(page, "agreement-coach")
    sign_out(page)

    # Before everyone acknowledges, the supervisor sees nothing of this coaching.
    demo_sign_in(page, "supervisor")
    response = page.goto(f"/coaching/{engagement.pk}/")
    assert response.status == 404
    page.console_errors.clear()  # that 404 was the point
    for local in ("supervisor", "learner", "leadership"):
        if local != "supervisor":
            sign_out(page)
            demo_sign_in(page, local)
        page.goto("/agreements/")
        page.get_by_role("link", name="version 1").click()
        assert "Progress summary" in page.locator("pre").inner_text()
        page.get_by_role("button", name="I have read this and acknowledge it").click()
        expect(page.locator("main")).to_contain_text("your acknowledgment is recorded")
    screenshot(page, "agreement-in-force")
    sign_out(page)

    demo_sign_in(page, "supervisor")
    page.goto(f"/coaching/{engagement.pk}/")
    main = page.locator("main").inner_text()
    assert TEXTS["progress_summary"][0] in main
    assert "Sessions" not in main  # attendance was not shared
    assert page.console_errors == []
