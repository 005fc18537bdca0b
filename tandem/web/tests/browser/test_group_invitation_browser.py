"""Joining group coaching as the invited person lives it (issue #16, item 3): the coach
invites by work email, the person finds the invitation, accepts, reads and acknowledges the
group's agreement (which names them), and only then sees the group's coaching."""

import pytest
from playwright.sync_api import expect

from tandem.agreements.demo import agreement_in_force_create
from tandem.coaching.models import Engagement, EngagementMember, Note
from tandem.coaching.tests.groups import everyone_acknowledges
from tandem.people.models import Role
from tandem.people.tests.factories import make_tree, person_with_account
from tandem.web.tests.browser.conftest import screenshot, sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "group-invite-2026!"
SHARED = "GROUP-SHARED the role play on safety questions went well"


def _sign_in(page, person) -> None:
    sign_in(page, person.work_email, PASSWORD)


def _with_password(person):
    person.user.set_password(PASSWORD)
    person.user.save()
    return person


def test_an_invited_person_accepts_acknowledges_and_then_sees_the_group(page):
    tree = make_tree()
    coach = _with_password(
        person_with_account(roles=(Role.COACH,), org_unit=tree["ongoing"], last_name="Groupcoach")
    )
    learner = person_with_account(org_unit=tree["intake"], last_name="Firstlearner")
    member = _with_password(person_with_account(org_unit=tree["intake"], last_name="Newmember"))
    group = Engagement.objects.create(
        coach=coach,
        learner=learner,
        kind=Engagement.Kind.GROUP,
        status=Engagement.Status.ACTIVE,
        focus="Safety questions",
    )
    agreement_in_force_create(engagement=group, shares={}, template_slug="group-coaching")
    Note.objects.create(
        engagement=group,
        author=coach,
        kind=Note.Kind.SESSION_SUMMARY,
        category=Note.CATEGORY_OF_KIND[Note.Kind.SESSION_SUMMARY],
        body=SHARED,
    )

    _sign_in(page, coach)
    page.goto(f"/coaching/{group.pk}/members/")
    page.get_by_label("Work email of the person to add").fill(member.work_email)
    page.get_by_role("button", name="Invite to the group").click()
    expect(page.locator("main")).to_contain_text("is invited")
    expect(page.locator("main")).to_contain_text("Invited, no answer yet")
    sign_out(page)

    _sign_in(page, member)
    page.goto("/coaching/")
    page.get_by_role("link", name=f"Group coaching with {coach.full_name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invitation to group coaching")
    assert SHARED not in page.content()
    screenshot(page, "group-invitation")
    page.get_by_role("button", name="Accept and read the agreement").click()
    page.wait_for_url("**/agreements/")
    expect(page.locator("main")).to_contain_text("You joined the group.")
    # Accepted, not yet acknowledged: the group's page is still closed to them.
    response = page.request.get(f"/coaching/{group.pk}/")
    assert response.status == 404
    page.get_by_role("link", name=f"{learner.full_name} with {coach.full_name}").click()
    text = page.locator("pre.tandem-agreement-text").inner_text()
    assert f"Group member: {member.full_name}" in text
    expect(page.locator("main")).to_contain_text("You acknowledge as: Group member")
    screenshot(page, "group-invitation-agreement")
    page.get_by_role("button", name="I have read this and acknowledge it").click()
    expect(page.locator("main")).to_contain_text("your acknowledgment is recorded")
    # Still closed until the group's other parties agree to the group with them in it.
    assert page.request.get(f"/coaching/{group.pk}/").status == 404
    everyone_acknowledges(group)

    page.goto(f"/coaching/{group.pk}/")
    expect(page.locator("main")).to_contain_text(SHARED)
    screenshot(page, "group-member-reads-the-group")
    membership = EngagementMember.objects.get(engagement=group, person=member)
    assert membership.state == "joined"
    assert page.console_errors == []
