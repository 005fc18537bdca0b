"""Joining a group is voluntary (DOMAIN.md, tenet 1) and the group's agreement binds every
member (issue #16, item 3).

The coach invites; the person is told without any content and accepts or declines on their
invitation page; accepting makes them a party to the group's agreement, which names every
member; only once they have acknowledged it does anything of the group reach them. A member
who declines or leaves reads nothing of it from then on. Every page that lists or shows E1's
content is opened by the member in each of these situations, with E1's confidential texts
present.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.agreements.models import Agreement, AgreementParty, AgreementTemplate
from tandem.agreements.selectors import latest_version
from tandem.agreements.services import agreement_start
from tandem.agreements.tests.helpers import access_of, ack_all
from tandem.coaching.models import Engagement, EngagementMember
from tandem.coaching.services import calendar_feed_regenerate
from tandem.coaching.tests.groups import accepted, acknowledges, everyone_acknowledges, invited
from tandem.notifications.models import Notification
from tandem.people.tests.factories import person_with_account
from tandem.privacy.categories import PartyRole
from tandem.privacy.tests.test_transitions import MEMBER_SEES, PAGES

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(world):
    """E1 as a group, and a colleague of its learner (same agency) to invite."""
    Engagement.objects.filter(pk=world.e1.pk).update(kind=Engagement.Kind.GROUP)
    world.e1.kind = Engagement.Kind.GROUP
    member = person_with_account(org_unit=world.tree["intake"], last_name="Groupmember")
    return world.e1, member


def _answer(client, person, member: EngagementMember, answer: str):
    client.force_login(person.user)
    return client.post(reverse("coaching:invitation", args=[member.pk]), {"answer": answer})


def _acknowledge(client, person, engagement):
    client.force_login(person.user)
    version = latest_version(agreement=Agreement.objects.get(engagement=engagement))
    url = reverse("agreements:acknowledge", args=[version.agreement_id, version.number])
    return client.post(url, {"text_hash": version.text_hash})


def _party_row(html: str, name: str) -> str:
    """The table row of the agreement's parties that names `name`."""
    start = html.index(name)
    return html[html.rindex("<tr", 0, start) : html.index("</tr>", start)]


def _e1_seen(client, world, person) -> set[str]:
    """E1's confidential texts found on every page listing or showing coaching content, the
    group's members page and the person's calendar feed."""
    client.force_login(person.user)
    found: set[str] = set()
    urls = [reverse(name, args=[world.e1.pk for _ in args]) for name, args in PAGES]
    urls.append(reverse("coaching:engagement_members", args=[world.e1.pk]))
    for url in urls:
        found |= world.markers_in(client.get(url, follow=True).content.decode(errors="replace"))
    feed = client.get(
        reverse("coaching:calendar_feed", args=[calendar_feed_regenerate(person=person)])
    )
    if b"BEGIN:VEVENT" in feed.content:
        found.add("CALENDAR-E1")  # the member has no coaching of their own: only E1's session
    return {m for m in found if m.endswith("E1")}


def _invited(client, world, member):
    return invited(world.e1, member)


def _declined(client, world, member):
    row = invited(world.e1, member)
    assert _answer(client, member, row, "decline").status_code == 302
    return row


def _accepted_only(client, world, member):
    row = invited(world.e1, member)
    assert _answer(client, member, row, "accept").status_code == 302
    return row


def _acknowledged_alone(client, world, member):
    row = _accepted_only(client, world, member)
    assert _acknowledge(client, member, world.e1).status_code == 302
    return row


def _joined(client, world, member):
    row = _acknowledged_alone(client, world, member)
    everyone_acknowledges(world.e1)  # the version naming them comes into force
    return row


def _left(client, world, member):
    row = _joined(client, world, member)
    assert _answer(client, member, row, "leave").status_code == 302
    return row


# situation -> (how it comes about, what the member reads of E1)
SITUATIONS = {
    "invited, no answer": (_invited, set()),
    "declined": (_declined, set()),
    "accepted, agreement not acknowledged": (_accepted_only, set()),
    # The others in the group have not yet agreed to a group with this person in it.
    "acknowledged, the others not yet": (_acknowledged_alone, set()),
    "accepted and acknowledged": (_joined, MEMBER_SEES | {"CALENDAR-E1"}),
    "left": (_left, set()),
}


@pytest.mark.parametrize("situation", list(SITUATIONS))
def test_the_member_reads_the_group_only_after_accepting_and_acknowledging(
    client, world, group, situation
):
    engagement, member = group
    happen, expected = SITUATIONS[situation]
    happen(client, world, member)

    assert _e1_seen(client, world, member) == expected
    detail = client.get(reverse("coaching:engagement_detail", args=[engagement.pk]))
    assert detail.status_code == (200 if expected else 404)


def test_the_coach_invites_and_the_person_is_told_without_any_content(client, world, group):
    engagement, member = group
    client.force_login(world.people["coach"].user)
    url = reverse("coaching:engagement_members", args=[engagement.pk])

    response = client.post(url, {"email": member.work_email}, follow=True)

    row = EngagementMember.objects.get(engagement=engagement, person=member)
    assert (row.state, row.invited_at is not None) == ("invited", True)
    assert "is invited" in response.content.decode()
    told = Notification.objects.get(recipient=member)
    assert told.url == reverse("coaching:invitation", args=[row.pk])
    words = f"{told.subject} {told.body}"
    assert world.markers_in(words) == set()
    assert engagement.focus not in words
    assert world.people["learner"].last_name not in words
    # The invitation names the coach and nothing of the group.
    client.force_login(member.user)
    page = client.get(told.url).content.decode()
    assert world.people["coach"].full_name in page
    assert (world.markers_in(page), engagement.focus in page) == (set(), False)
    assert world.people["learner"].full_name not in page


def test_an_invitation_is_answered_only_by_its_person(client, world, group):
    engagement, member = group
    row = invited(engagement, member)
    url = reverse("coaching:invitation", args=[row.pk])

    for other in ("learner", "coach", "other_learner", "program_lead"):
        client.force_login(world.people[other].user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"answer": "accept"}).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the sign-in page
    row.refresh_from_db()
    assert row.state == "invited"


def test_the_engagement_list_shows_the_invitation_and_nothing_of_the_group(client, world, group):
    engagement, member = group
    row = invited(engagement, member)
    client.force_login(member.user)

    page = client.get(reverse("coaching:engagement_list")).content.decode()

    assert reverse("coaching:invitation", args=[row.pk]) in page
    assert world.people["learner"].full_name not in page
    assert "0 engagements" in page


def test_the_agreement_names_every_member_and_each_acknowledges(client, world, group):
    engagement, member = group
    second = person_with_account(org_unit=world.tree["intake"], last_name="Secondmember")
    in_force = Agreement.objects.get(engagement=engagement).in_force_version_id
    for person in (member, second):
        _accepted_only(client, world, person)

    agreement = Agreement.objects.get(engagement=engagement)
    version = latest_version(agreement=agreement)
    named = AgreementParty.objects.filter(version=version, role=PartyRole.MEMBER)
    assert sorted(named.values_list("person__last_name", flat=True)) == [
        "Groupmember",
        "Secondmember",
    ]
    assert f"Group member: {member.full_name}" in version.rendered_text
    assert f"Group member: {second.full_name}" in version.rendered_text
    # The version in force keeps applying until every party acknowledges the new one.
    assert agreement.in_force_version_id == in_force
    acknowledges(engagement, member)
    client.force_login(world.people["learner"].user)
    page = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert (member.full_name in page, second.full_name in page) == (True, True)
    rows = {
        name: _party_row(page, name).count("Waiting")
        for name in (member.full_name, second.full_name)
    }
    assert rows == {member.full_name: 0, second.full_name: 1}
    ack_all(agreement)
    agreement.refresh_from_db()
    assert agreement.in_force_version_id == version.pk
    acknowledged = version.acknowledgments.filter(role=PartyRole.MEMBER)
    assert sorted(acknowledged.values_list("person__last_name", flat=True)) == [
        "Groupmember",
        "Secondmember",
    ]


def test_a_member_who_accepted_before_the_draft_is_a_party_of_it(client, world):
    coach, learner = world.people["coach"], world.people["learner"]
    group = Engagement.objects.create(coach=coach, learner=learner, kind=Engagement.Kind.GROUP)
    member = person_with_account(org_unit=world.tree["intake"], last_name="Earlymember")
    row = invited(group, member)
    assert _answer(client, member, row, "accept").status_code == 302
    assert not Agreement.objects.filter(engagement=group).exists()

    template = AgreementTemplate.objects.get(slug="group-coaching")
    agreement = agreement_start(coach=coach, access=access_of(coach, group), template=template)

    parties = latest_version(agreement=agreement).parties.filter(role=PartyRole.MEMBER)
    assert list(parties.values_list("person_id", flat=True)) == [member.pk]


def test_a_member_who_leaves_no_longer_holds_up_a_waiting_version(client, world, group):
    engagement, member = group
    stays = person_with_account(org_unit=world.tree["intake"], last_name="Staysmember")
    _joined(client, world, stays)
    row = _accepted_only(client, world, member)  # a new version, waiting for everyone
    assert _answer(client, member, row, "leave").status_code == 302

    agreement = Agreement.objects.get(engagement=engagement)
    version = latest_version(agreement=agreement)
    named = version.parties.filter(role=PartyRole.MEMBER).values_list("person_id", flat=True)
    assert list(named) == [stays.pk]
    assert member.full_name not in version.rendered_text
    ack_all(agreement)
    agreement.refresh_from_db()
    assert agreement.in_force_version_id == version.pk
    # The coach was told someone left, without who or anything of the group.
    told = Notification.objects.filter(recipient=world.people["coach"], subject__contains="left")
    assert told.count() == 1
    assert member.last_name not in told.get().body


def test_a_member_who_left_no_longer_reads_the_agreement_text(client, world, group):
    engagement, member = group
    _left(client, world, member)
    agreement = Agreement.objects.get(engagement=engagement)
    client.force_login(member.user)

    page = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert "You are no longer a member of this group." in page
    assert latest_version(agreement=agreement).rendered_text.splitlines()[0] not in page
    version_url = reverse("agreements:version", args=[agreement.pk, 1])
    assert client.get(version_url).status_code == 403
    acknowledgments = agreement.versions.filter(acknowledgments__person=member).count()
    assert _acknowledge(client, member, engagement).status_code == 403
    assert agreement.versions.filter(acknowledgments__person=member).count() == acknowledgments


def test_someone_invited_again_acknowledges_again(client, world, group):
    engagement, member = group
    row = _left(client, world, member)
    client.force_login(world.people["coach"].user)
    url = reverse("coaching:engagement_members", args=[engagement.pk])
    assert client.post(url, {"email": member.work_email}).status_code == 302
    row.refresh_from_db()
    assert row.state == "invited"
    assert _answer(client, member, row, "accept").status_code == 302

    assert _e1_seen(client, world, member) == set()  # the old acknowledgment does not count
    assert _acknowledge(client, member, engagement).status_code == 302
    assert _e1_seen(client, world, member) == set()  # nor theirs alone on the new version
    everyone_acknowledges(engagement)
    assert _e1_seen(client, world, member) == MEMBER_SEES | {"CALENDAR-E1"}


def test_nobody_shares_a_group_with_their_supervisor_or_their_report(client, world, group):
    engagement, member = group
    url = reverse("coaching:engagement_members", args=[engagement.pk])
    client.force_login(world.people["coach"].user)
    # The learner's line supervisor, and someone the learner supervises.
    report = person_with_account(
        org_unit=world.tree["intake"], supervisor=world.people["learner"], last_name="Report"
    )
    for person, why in (
        (world.people["supervisor"], "This person supervises someone in this group"),
        (report, "is this person&#x27;s supervisor or above them"),
    ):
        response = client.post(url, {"email": person.work_email})
        assert response.status_code == 400, person
        html = response.content.decode()
        assert why in html, html[html.find("usa-error-message") :][:300]
        assert not EngagementMember.objects.filter(engagement=engagement, person=person).exists()
    # Invited, then HR makes the group's learner their supervisor: they cannot accept.
    row = invited(engagement, member)
    member.supervisor = world.people["learner"]
    member.save(update_fields=["supervisor"])
    page = client.get(_answer(client, member, row, "accept").url).content.decode()
    assert "they cannot share a group" in page
    row.refresh_from_db()
    assert row.state == "invited"


def test_answering_twice_is_refused_with_a_message(client, world, group):
    engagement, member = group
    row = _declined(client, world, member)

    response = _answer(client, member, row, "accept")

    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "You have already answered this invitation." in page
    row.refresh_from_db()
    assert row.state == "declined"


def test_the_coach_sees_where_each_invited_person_stands(client, world, group):
    engagement, member = group
    waiting = person_with_account(org_unit=world.tree["intake"], last_name="Waitingmember")
    said_no = person_with_account(org_unit=world.tree["intake"], last_name="Saidnomember")
    _joined(client, world, member)
    invited(engagement, waiting)
    _declined(client, world, said_no)
    client.force_login(world.people["coach"].user)

    page = client.get(reverse("coaching:engagement_members", args=[engagement.pk])).content
    html = page.decode()

    assert "Invited, no answer yet" in html
    assert "Declined" in html
    # The learner sees only who reads the group.
    client.force_login(world.people["learner"].user)
    html = client.get(reverse("coaching:engagement_detail", args=[engagement.pk])).content.decode()
    assert member.full_name in html
    assert (waiting.full_name in html, said_no.full_name in html) == (False, False)


def test_the_engagement_list_costs_as_many_queries_for_three_invitations_as_for_one(
    client, world, page_queries
):
    coach, learner = world.people["coach"], world.people["learner"]
    member = person_with_account(org_unit=world.tree["intake"], last_name="Manyinvites")
    client.force_login(member.user)
    url = reverse("coaching:engagement_list")

    def another_group() -> Engagement:
        return Engagement.objects.create(coach=coach, learner=learner, kind=Engagement.Kind.GROUP)

    invited(another_group(), member)
    one = page_queries(url)
    for _ in range(2):
        invited(another_group(), member)

    assert page_queries(url) == one
    assert client.get(url).content.decode().count("Group coaching with") == 3


def test_a_joined_member_is_asked_to_acknowledge_complete_text(world, group):
    # The new version carries the text the other parties agreed to, unchanged.
    engagement, member = group
    before = latest_version(agreement=Agreement.objects.get(engagement=engagement))
    accepted(engagement, member)
    after = latest_version(agreement=Agreement.objects.get(engagement=engagement))
    assert (after.number, after.content) == (before.number + 1, before.content)
    assert after.sent_at is not None
    acknowledges(engagement, member)
    assert after.acknowledgments.filter(person=member, role=PartyRole.MEMBER).count() == 1
