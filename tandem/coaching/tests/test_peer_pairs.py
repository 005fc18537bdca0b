"""Peer pairs (issue #16, item 4): a program lead sets one up, or two peers who both agree;
each peer sees both sides and nobody else does; editing one side keeps the mirror in step."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.coaching.models import Engagement, Note, PeerPairProposal
from tandem.coaching.peers import peer_pair_set_up, peer_proposal_create
from tandem.notifications.models import Notification
from tandem.people.tests.factories import person_with_account

pytestmark = pytest.mark.django_db

PAIRS = reverse("coaching:peer_pairs")
NEW = reverse("coaching:peer_pair_new")


@pytest.fixture
def peers(world):
    """Two caseworkers of North County, where the world's program lead works."""
    first = person_with_account(org_unit=world.tree["intake"], last_name="Peerone")
    second = person_with_account(org_unit=world.tree["ongoing"], last_name="Peertwo")
    return first, second


def _pair_of(first, second) -> list[Engagement]:
    return list(
        Engagement.objects.filter(
            kind=Engagement.Kind.PEER, coach__in=[first, second], learner__in=[first, second]
        ).order_by("pk")
    )


def _set_up_by_lead(client, world, first, second, **extra):
    client.force_login(world.people["program_lead"].user)
    data = {
        "first_email": first.work_email,
        "second_email": second.work_email,
        "purpose": "skills",
        "focus": "PEER-FOCUS safety conversations",
        **extra,
    }
    return client.post(NEW, data)


def _leak_note(engagement: Engagement) -> None:
    Note.objects.create(
        engagement=engagement,
        author=engagement.coach,
        kind=Note.Kind.SESSION_SUMMARY,
        category=Note.CATEGORY_OF_KIND[Note.Kind.SESSION_SUMMARY],
        body=f"PEER-LEAK-{engagement.pk}",
    )


def test_a_program_lead_sets_up_a_pair_that_both_see_and_others_do_not(client, world, peers):
    first, second = peers

    response = _set_up_by_lead(client, world, first, second, peer_feedback="on")

    assert response.status_code == 302
    sides = _pair_of(first, second)
    assert len(sides) == 2
    a, b = sides
    assert (a.peer_of_id, b.peer_of_id) == (b.pk, a.pk)
    assert {(a.coach_id, a.learner_id), (b.coach_id, b.learner_id)} == {
        (first.pk, second.pk),
        (second.pk, first.pk),
    }
    assert (a.peer_feedback, b.peer_feedback) == (True, True)
    told = Notification.objects.filter(subject="Your peer coaching pair is set up")
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted([first.pk, second.pk])
    assert "PEER-FOCUS" not in " ".join(told.values_list("body", flat=True))
    for side in sides:
        _leak_note(side)
    leaks = {f"PEER-LEAK-{a.pk}", f"PEER-LEAK-{b.pk}"}
    # Each peer opens both sides (coach in one, learner in the other) and lists both.
    for person in (first, second):
        client.force_login(person.user)
        pages = [client.get(reverse("coaching:engagement_detail", args=[s.pk])) for s in sides]
        assert [p.status_code for p in pages] == [200, 200]
        assert {m for m in leaks if any(m in p.content.decode() for p in pages)} == leaks
        listing = client.get(PAIRS).content.decode()
        assert listing.count("the side where you coach") == 1
        assert listing.count("coaches you</span>") == 1
    # Nobody else reads either side: a colleague, another coach, the pair's own program lead.
    for actor in ("learner", "other_learner", "coach", "other_coach", "program_lead"):
        client.force_login(world.people[actor].user)
        for side in sides:
            page = client.get(reverse("coaching:engagement_detail", args=[side.pk]))
            assert page.status_code == (200 if actor == "program_lead" else 404)
            assert {m for m in leaks if m in page.content.decode()} == set()


def test_a_program_lead_sets_up_only_people_where_they_are_lead(client, world, peers):
    first, _ = peers
    outsider = person_with_account(org_unit=world.tree["permanency"], last_name="Southpeer")

    response = _set_up_by_lead(client, world, first, outsider)

    html = response.content.decode()
    assert response.status_code == 400
    assert "Southpeer" in html and "not work where you are program lead" in html
    assert outsider.work_email in html  # what was typed stays
    assert _pair_of(first, outsider) == []


@pytest.mark.parametrize("actor", ["learner", "coach", "supervisor", "leadership"])
def test_only_program_leads_open_the_set_up_page(client, world, peers, actor):
    first, second = peers
    client.force_login(world.people[actor].user)
    assert client.get(NEW).status_code == 403
    data = {"first_email": first.work_email, "second_email": second.work_email}
    assert client.post(NEW, data | {"purpose": "skills"}).status_code == 403
    assert _pair_of(first, second) == []


def test_a_supervisor_and_their_report_are_not_peers(client, world):
    response = _set_up_by_lead(client, world, world.people["supervisor"], world.people["learner"])
    assert response.status_code == 400
    assert "chain of command" in response.content.decode()
    assert _pair_of(world.people["supervisor"], world.people["learner"]) == []


def test_a_second_pair_of_the_same_two_is_refused(client, world, peers):
    first, second = peers
    assert _set_up_by_lead(client, world, first, second).status_code == 302

    again = _set_up_by_lead(client, world, second, first)

    assert again.status_code == 400
    assert "already coach each other" in again.content.decode()
    assert len(_pair_of(first, second)) == 2


def test_two_peers_who_both_agree_make_a_pair_and_one_alone_does_not(client, world, peers):
    first, second = peers
    client.force_login(first.user)

    asked = client.post(PAIRS, {"email": second.work_email, "focus": "Court reports"})

    assert asked.status_code == 302
    proposal = PeerPairProposal.objects.get()
    assert (proposal.proposer_id, proposal.partner_id, proposal.status) == (
        first.pk,
        second.pk,
        "open",
    )
    assert _pair_of(first, second) == []  # one peer agreeing alone sets nothing up
    # The one who asked cannot agree in the other's place.
    client.post(PAIRS, {"proposal": proposal.pk, "answer": "agree"})
    assert _pair_of(first, second) == []
    assert Notification.objects.filter(recipient=second).count() == 1

    client.force_login(second.user)
    assert "asks you to coach each other" in client.get(PAIRS).content.decode()
    agreed = client.post(PAIRS, {"proposal": proposal.pk, "answer": "agree"})

    assert agreed.status_code == 302
    sides = _pair_of(first, second)
    assert len(sides) == 2
    proposal.refresh_from_db()
    assert (proposal.status, proposal.engagement_id in {s.pk for s in sides}) == (
        "accepted",
        True,
    )
    assert [s.focus for s in sides] == ["Court reports", "Court reports"]


def test_a_declined_or_withdrawn_request_sets_nothing_up(client, world, peers):
    first, second = peers
    declined = peer_proposal_create(proposer=first, partner=second)
    client.force_login(second.user)
    client.post(PAIRS, {"proposal": declined.pk, "answer": "decline"})
    withdrawn = peer_proposal_create(proposer=second, partner=first)
    client.post(PAIRS, {"proposal": withdrawn.pk, "answer": "withdraw"})
    client.force_login(first.user)
    late = client.post(PAIRS, {"proposal": withdrawn.pk, "answer": "agree"}, follow=True)

    assert "already been answered" in late.content.decode()
    statuses = PeerPairProposal.objects.order_by("pk").values_list("status", flat=True)
    assert list(statuses) == ["declined", "withdrawn"]
    assert _pair_of(first, second) == []


def test_someone_elses_request_is_not_answered(client, world, peers):
    first, second = peers
    proposal = peer_proposal_create(proposer=first, partner=second)
    client.force_login(world.people["learner"].user)

    assert client.post(PAIRS, {"proposal": proposal.pk, "answer": "agree"}).status_code == 403
    assert _pair_of(first, second) == []


def test_asking_twice_keeps_one_request_and_says_so(client, world, peers):
    first, second = peers
    peer_proposal_create(proposer=first, partner=second)
    client.force_login(second.user)

    response = client.post(PAIRS, {"email": first.work_email, "focus": "Kept words"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "has already asked the other" in html
    assert "Kept words" in html
    assert PeerPairProposal.objects.count() == 1


def test_editing_one_side_keeps_the_mirror_in_step(client, world, peers):
    first, second = peers
    side = peer_pair_set_up(lead=world.people["program_lead"], first=first, second=second)
    mirror = Engagement.objects.get(pk=side.peer_of_id)
    client.force_login(second.user)
    url = reverse("coaching:engagement_settings", args=[side.pk])
    assert "We give each other feedback" in client.get(url).content.decode()

    saved = client.post(
        url,
        {
            "purpose": "development",
            "model": "",
            "focus": "This side's own focus",
            "peer_feedback": "on",
            "base_version": side.version,
        },
    )

    assert saved.status_code == 302
    side.refresh_from_db()
    mirror.refresh_from_db()
    assert (side.purpose, side.peer_feedback, side.kind) == ("development", True, "peer")
    assert (mirror.purpose, mirror.peer_feedback, mirror.kind) == ("development", True, "peer")
    assert (side.focus, mirror.focus) == ("This side's own focus", "")
    # A form opened on the mirror before this save cannot undo it.
    client.force_login(first.user)
    stale = client.post(
        reverse("coaching:engagement_settings", args=[mirror.pk]),
        {"purpose": "skills", "model": "", "focus": "", "base_version": mirror.version - 1},
    )
    assert stale.status_code == 409
    mirror.refresh_from_db()
    assert (mirror.purpose, mirror.peer_feedback) == ("development", True)


def test_the_peer_page_costs_as_many_queries_for_three_pairs_as_for_one(
    client, world, peers, page_queries
):
    first, second = peers
    lead = world.people["program_lead"]
    peer_pair_set_up(lead=lead, first=first, second=second)
    peer_proposal_create(proposer=first, partner=world.people["learner"])
    client.force_login(first.user)
    one = page_queries(PAIRS)
    for n in (3, 4):
        other = person_with_account(org_unit=world.tree["intake"], last_name=f"Peer{n}")
        peer_pair_set_up(lead=lead, first=first, second=other)
        peer_proposal_create(proposer=other, partner=world.people["coach"])
        peer_proposal_create(
            proposer=first,
            partner=person_with_account(org_unit=world.tree["ongoing"], last_name=f"Asked{n}"),
        )

    assert page_queries(PAIRS) == one
    assert client.get(PAIRS).content.decode().count("the side where you coach") == 3


def test_the_program_leads_list_costs_as_many_queries_for_three_pairs_as_for_one(
    client, world, page_queries
):
    lead = world.people["program_lead"]

    def pair(n: int) -> None:
        a = person_with_account(org_unit=world.tree["intake"], last_name=f"Lista{n}")
        b = person_with_account(org_unit=world.tree["ongoing"], last_name=f"Listb{n}")
        peer_pair_set_up(lead=lead, first=a, second=b)

    pair(1)
    client.force_login(lead.user)
    one = page_queries(PAIRS)
    pair(2)
    pair(3)

    assert page_queries(PAIRS) == one
    html = client.get(PAIRS).content.decode()
    assert sum(html.count(f"Lista{n}") for n in (1, 2, 3)) == 3
