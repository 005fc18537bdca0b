"""Group, peer and other kinds of engagement, and how the privacy policy treats members."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tandem.coaching.models import Engagement, Note
from tandem.coaching.services import engagement_create, member_add
from tandem.coaching.tests.groups import joined
from tandem.people.tests.factories import person_with_account
from tandem.privacy.policy import engagement_access, engagements_visible_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(world):
    people = world.people
    member_supervisor = person_with_account(
        org_unit=world.tree["intake"], last_name="Membersup", roles=("supervisor", "learner")
    )
    member = person_with_account(
        org_unit=world.tree["intake"], supervisor=member_supervisor, last_name="Member"
    )
    engagement = engagement_create(
        coach=people["coach"],
        learner=people["learner"],
        kind=Engagement.Kind.GROUP,
        focus="Group on safety planning",
        members=[member],
    )
    Engagement.objects.filter(pk=engagement.pk).update(status=Engagement.Status.ACTIVE)
    joined(engagement, member)  # accepted, and acknowledged the agreement naming them
    notes = {
        "SHARED-G": (people["coach"], Note.Kind.SESSION_SUMMARY),
        "LEARNER-JOURNAL-G": (people["learner"], Note.Kind.LEARNER_JOURNAL),
        "MEMBER-JOURNAL-G": (member, Note.Kind.LEARNER_JOURNAL),
        "COACH-JOURNAL-G": (people["coach"], Note.Kind.COACH_JOURNAL),
    }
    for text, (author, kind) in notes.items():
        Note.objects.create(
            engagement=engagement,
            author=author,
            kind=kind,
            category=Note.CATEGORY_OF_KIND[kind],
            body=text,
        )
    return engagement, member, member_supervisor


def _page(client, person, engagement):
    client.force_login(person.user)
    return client.get(reverse("coaching:engagement_detail", args=[engagement.pk]))


def test_a_group_member_reads_what_the_group_shares_and_their_own_journal(client, group):
    engagement, member, _ = group
    response = _page(client, member, engagement)

    html = response.content.decode()
    assert response.status_code == 200
    assert "SHARED-G" in html and "MEMBER-JOURNAL-G" in html
    assert "LEARNER-JOURNAL-G" not in html and "COACH-JOURNAL-G" not in html
    assert "Group members" in html and member.full_name in html


def test_the_first_learner_does_not_read_a_members_private_journal(client, world, group):
    engagement, _, _ = group
    html = _page(client, world.people["learner"], engagement).content.decode()

    assert "SHARED-G" in html and "LEARNER-JOURNAL-G" in html
    assert "MEMBER-JOURNAL-G" not in html


def test_people_outside_the_group_do_not_find_it(client, world, group):
    engagement, _, member_supervisor = group
    for person in (world.people["other_learner"], member_supervisor):
        response = _page(client, person, engagement)
        assert response.status_code == 404
        assert "SHARED-G" not in response.content.decode()


def test_policy_lists_the_group_for_its_member_as_a_learner(group):
    engagement, member, _ = group
    assert engagement in engagements_visible_to(viewer=member)
    access = engagement_access(viewer=member, engagement_id=engagement.pk)
    assert access.relation_label == "Learner"


def test_a_member_may_schedule_but_not_record_attendance(client, group):
    engagement, member, _ = group
    client.force_login(member.user)
    response = client.get(reverse("coaching:session_add", args=[engagement.pk]))
    assert response.status_code == 200
    assert 'name="status"' not in response.content.decode()


def test_peer_coaching_is_two_mirrored_engagements(world):
    a, b = world.people["learner"], world.people["coach"]
    first = engagement_create(coach=a, learner=b, kind=Engagement.Kind.PEER, peer_feedback=True)

    mirror = first.peer_of
    assert mirror is not None and mirror.peer_of_id == first.pk
    assert (mirror.coach, mirror.learner) == (b, a)
    assert mirror.peer_feedback and mirror.kind == Engagement.Kind.PEER
    assert {e.pk for e in engagements_visible_to(viewer=a)} >= {first.pk, mirror.pk}


def test_only_a_group_has_members(world):
    with pytest.raises(ValidationError):
        member_add(engagement=world.e1, person=world.people["other_learner"])


def test_engagement_page_links_its_request_for_the_pair_only(client, world):
    from django.utils import timezone

    from tandem.enrollment.models import CoachingRequest

    request = CoachingRequest.objects.create(
        learner=world.people["learner"], engagement=world.e1, status_changed_at=timezone.now()
    )
    link = reverse("enrollment:request_detail", args=[request.pk])
    assert link in _page(client, world.people["learner"], world.e1).content.decode()
    assert link not in _page(client, world.people["supervisor"], world.e1).content.decode()
