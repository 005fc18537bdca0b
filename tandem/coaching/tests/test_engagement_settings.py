"""Purpose, coaching model, focus and kind of an engagement, and the members of a group."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.coaching.models import CoachingSession, Engagement, EngagementMember
from tandem.coaching.services import engagement_create
from tandem.coaching.tests.groups import invited, joined
from tandem.people.tests.factories import person_with_account
from tandem.privacy.models import AccessEvent
from tandem.questionbank.models import CoachingModel
from tandem.ui.tests.helpers import as_posted, conflict_sides

pytestmark = pytest.mark.django_db

FOCUS = "FOCUS-MARKER-E1 safety conversations"


@pytest.fixture
def e1(world):
    Engagement.objects.filter(pk=world.e1.pk).update(focus=FOCUS)
    return world.e1


def _get(client, person, name, engagement):
    client.force_login(person.user)
    return client.get(reverse(name, args=[engagement.pk]))


def _post(client, person, name, engagement, data):
    client.force_login(person.user)
    if name == "coaching:engagement_settings":
        # As the page sends it: the version of the settings it was opened at.
        data = {"base_version": Engagement.objects.get(pk=engagement.pk).version, **data}
    return client.post(reverse(name, args=[engagement.pk]), data)


# --- Purpose, model and kind ---------------------------------------------------------------


@pytest.mark.parametrize("actor", ["coach", "learner"])
def test_the_coach_and_the_learner_see_the_settings_with_the_focus(client, world, e1, actor):
    response = _get(client, world.people[actor], "coaching:engagement_settings", e1)

    html = response.content.decode()
    assert response.status_code == 200
    assert FOCUS in html
    assert "GROW" in html
    assert "Peer coaching is not offered here" in html


@pytest.mark.parametrize(
    ("actor", "status"),
    [("supervisor", 403), ("program_lead", 403), ("coach_supervisor", 403), ("other_coach", 404)],
)
def test_others_are_refused_the_settings_without_seeing_the_focus(client, world, e1, actor, status):
    get = _get(client, world.people[actor], "coaching:engagement_settings", e1)
    post = _post(
        client,
        world.people[actor],
        "coaching:engagement_settings",
        e1,
        {"purpose": "performance", "model": "", "focus": "changed", "kind": "online"},
    )

    assert get.status_code == status and post.status_code == status
    assert FOCUS not in get.content.decode()
    assert Engagement.objects.get(pk=e1.pk).focus == FOCUS


def test_anonymous_is_sent_to_sign_in(client, e1):
    for name in ("coaching:engagement_settings", "coaching:engagement_members"):
        response = client.get(reverse(name, args=[e1.pk]))
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_choosing_grow_puts_its_stages_on_the_session_page(client, world, e1):
    coach = world.people["coach"]
    session = CoachingSession.objects.filter(engagement=e1).first()
    session_url = reverse("conversation:session_detail", args=[session.pk])
    grow = CoachingModel.objects.get(code="grow")
    client.force_login(coach.user)
    assert "Wrap-up (will)" not in client.get(session_url).content.decode()

    response = _post(
        client,
        coach,
        "coaching:engagement_settings",
        e1,
        {
            "purpose": "performance",
            "model": str(grow.pk),
            "focus": "Engaging fathers",
            "kind": "online",
        },
    )

    assert response.status_code == 302
    engagement = Engagement.objects.get(pk=e1.pk)
    assert (engagement.purpose, engagement.model_id, engagement.focus, engagement.kind) == (
        "performance",
        grow.pk,
        "Engaging fathers",
        "online",
    )
    assert "Wrap-up (will)" in client.get(session_url).content.decode()
    assert AccessEvent.objects.filter(
        viewer=coach,
        engagement=e1,
        record_type="engagement",
        record_id=e1.pk,
        action=AccessEvent.Action.UPDATE,
        category="administrative",
    ).exists()


def test_bad_input_is_refused_with_a_summary_and_what_was_typed_is_kept(client, world, e1):
    response = _post(
        client,
        world.people["learner"],
        "coaching:engagement_settings",
        e1,
        {"purpose": "fame", "model": "", "focus": "Typed words stay", "kind": "peer"},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Please fix 2 problems" in html
    assert "Typed words stay" in html
    assert Engagement.objects.get(pk=e1.pk).focus == FOCUS


def test_a_model_of_another_agency_cannot_be_chosen(client, world, e1):
    other = CoachingModel.objects.create(
        code="south-own", name="South own model", agency=world.tree["south"]
    )
    response = _post(
        client,
        world.people["coach"],
        "coaching:engagement_settings",
        e1,
        {"purpose": "skills", "model": str(other.pk), "focus": "", "kind": "individual"},
    )

    assert response.status_code == 400
    assert Engagement.objects.get(pk=e1.pk).model_id is None


# --- Group members -------------------------------------------------------------------------


@pytest.fixture
def group(world):
    engagement = engagement_create(
        coach=world.people["coach"],
        learner=world.people["learner"],
        kind=Engagement.Kind.GROUP,
        focus=FOCUS,
    )
    return engagement


def _staff(world, n, **kwargs):
    return person_with_account(org_unit=world.tree["intake"], last_name=f"Member{n}", **kwargs)


def test_a_group_with_members_cannot_become_individual_coaching(client, world, group):
    member = _staff(world, 1)
    EngagementMember.objects.create(engagement=group, person=member)

    response = _post(
        client,
        world.people["coach"],
        "coaching:engagement_settings",
        group,
        {"purpose": "skills", "model": "", "focus": "Kept focus", "kind": "individual"},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "This group still has members" in html
    assert "Kept focus" in html
    assert Engagement.objects.get(pk=group.pk).kind == Engagement.Kind.GROUP


def test_the_coach_adds_and_removes_a_member_by_work_email(client, world, group):
    member = _staff(world, 1)
    coach = world.people["coach"]

    added = _post(
        client,
        coach,
        "coaching:engagement_members",
        group,
        {"email": member.work_email.upper()},
    )

    assert added.status_code == 302
    row = EngagementMember.objects.get(engagement=group, person=member)
    page = client.get(reverse("coaching:engagement_members", args=[group.pk])).content.decode()
    assert member.full_name in page
    removed = _post(client, coach, "coaching:engagement_members", group, {"remove": row.pk})
    assert removed.status_code == 302
    assert not EngagementMember.objects.filter(engagement=group).exists()
    events = AccessEvent.objects.filter(record_type="engagement_member", record_id=row.pk)
    assert sorted(events.values_list("action", flat=True)) == ["create", "update"]


def test_a_person_of_another_agency_is_not_added(client, world, group):
    outsider = person_with_account(org_unit=world.tree["south_office"], last_name="Outsider")

    response = _post(
        client,
        world.people["coach"],
        "coaching:engagement_members",
        group,
        {"email": outsider.work_email},
    )

    assert response.status_code == 400
    assert "No active staff member of the learner&#x27;s agency" in response.content.decode()
    assert outsider.work_email in response.content.decode()
    assert not EngagementMember.objects.filter(engagement=group).exists()


def test_the_learner_reads_the_members_but_cannot_change_them(client, world, group):
    member, undecided = _staff(world, 1), _staff(world, 2)
    joined(group, member)
    invited(group, undecided)  # who was invited, or declined, is the coach's to know
    learner = world.people["learner"]

    page = _get(client, learner, "coaching:engagement_members", group)
    post = _post(client, learner, "coaching:engagement_members", group, {"email": "x@example.org"})

    assert page.status_code == 200
    assert member.full_name in page.content.decode()
    assert undecided.full_name not in page.content.decode()
    assert "Add a member" not in page.content.decode()
    assert post.status_code == 403


@pytest.mark.parametrize(
    ("actor", "status"),
    # The group has no agreement yet, so it shares nothing with the supervisor: not found.
    [("supervisor", 404), ("program_lead", 403), ("coach_supervisor", 403), ("other_coach", 404)],
)
def test_others_do_not_see_the_members(client, world, group, actor, status):
    member = _staff(world, 1)
    EngagementMember.objects.create(engagement=group, person=member)

    response = _get(client, world.people[actor], "coaching:engagement_members", group)

    assert response.status_code == status
    assert member.full_name not in response.content.decode()
    assert FOCUS not in response.content.decode()


def test_the_engagement_page_links_to_settings_and_members(client, world, group):
    response = _get(client, world.people["learner"], "coaching:engagement_detail", group)

    html = response.content.decode()
    assert reverse("coaching:engagement_settings", args=[group.pk]) in html
    assert reverse("coaching:engagement_members", args=[group.pk]) in html


def test_the_members_page_makes_as_many_queries_for_three_members_as_for_one(
    client, world, group, page_queries
):
    client.force_login(world.people["coach"].user)
    url = reverse("coaching:engagement_members", args=[group.pk])
    EngagementMember.objects.create(engagement=group, person=_staff(world, 1))
    one = page_queries(url)
    for n in (2, 3):
        EngagementMember.objects.create(engagement=group, person=_staff(world, n))

    assert page_queries(url) == one
    assert client.get(url).content.decode().count("Remove<span") == 3


def test_a_peer_engagement_keeps_its_kind(client, world):
    pair = engagement_create(
        coach=world.people["coach"], learner=world.people["learner"], kind=Engagement.Kind.PEER
    )
    page = _get(client, world.people["learner"], "coaching:engagement_settings", pair)
    saved = _post(
        client,
        world.people["learner"],
        "coaching:engagement_settings",
        pair,
        {"purpose": "development", "model": "", "focus": "Leading", "kind": "individual"},
    )

    assert "each of you coaches the other" in page.content.decode()
    assert saved.status_code == 302
    engagement = Engagement.objects.get(pk=pair.pk)
    assert (engagement.kind, engagement.purpose) == (Engagement.Kind.PEER, "development")


def test_coach_and_learner_changing_the_settings_never_overwrite_each_other(client, world, e1):
    url = reverse("coaching:engagement_settings", args=[e1.pk])
    coach, learner = world.people["coach"], world.people["learner"]
    client.force_login(coach.user)
    coach_form = client.get(url).context["form"]
    client.force_login(learner.user)
    learner_form = client.get(url).context["form"]

    client.force_login(coach.user)
    assert client.post(url, as_posted(coach_form, focus="COACH-FOCUS fathers")).status_code == 302
    client.force_login(learner.user)
    page = client.post(url, as_posted(learner_form, purpose="development"))

    assert page.status_code == 409
    theirs, yours = conflict_sides(page.content.decode())
    assert ("COACH-FOCUS fathers" in theirs, "Development" in yours) == (True, True)
    engagement = Engagement.objects.get(pk=e1.pk)
    assert (engagement.focus, engagement.purpose, engagement.version) == (
        "COACH-FOCUS fathers",
        e1.purpose,
        2,
    )
    form = page.context["form"]
    assert (form["purpose"].value(), form["base_version"].value()) == ("development", "2")


def test_supportive_supervision_is_never_chosen_on_the_settings_page(client, world, e1):
    # An external coach's ordinary coaching would otherwise read "with supervisor... kept out
    # of performance records"; who holds supportive supervision decides it (seed 002).
    data = {"purpose": e1.purpose, "model": "", "focus": FOCUS, "kind": "supportive_supervision"}
    response = _post(client, world.people["coach"], "coaching:engagement_settings", e1, data)
    assert response.status_code == 400
    assert "Supportive supervision comes from who holds it" in response.content.decode()
    assert Engagement.objects.get(pk=e1.pk).kind == e1.kind
