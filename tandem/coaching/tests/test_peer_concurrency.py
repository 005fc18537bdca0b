"""Two people are one live peer pair at most, also when requests come at the same moment
(issue #16, item 4). Real requests from two threads released together (`threads_db.at_once`),
several times over: exactly one succeeds, the other is told why (never a 500), and the
database holds one pair. On PostgreSQL the threads share the test database; on SQLite a file
copy of it (docs/TESTING.md)."""

from __future__ import annotations

from functools import partial

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from tandem.coaching.models import Engagement, PeerPairProposal
from tandem.coaching.peers import peer_proposal_create
from tandem.people.models import Person, Role
from tandem.people.tests.factories import make_tree, person_with_account
from tandem.testing import Outcome, SharedDatabase

pytestmark = pytest.mark.django_db(transaction=True)

TRIES = 4


def _signed_in(person: Person) -> Client:
    client = Client()
    client.force_login(person.user)
    return client


def _responses(outcomes: list[Outcome]) -> list:
    for outcome in outcomes:
        if outcome.error is not None:
            raise outcome.error
    return [outcome.value for outcome in outcomes]


def _peers(tree, n: int) -> tuple[Person, Person]:
    return (
        person_with_account(org_unit=tree["intake"], last_name=f"Racea{n}"),
        person_with_account(org_unit=tree["ongoing"], last_name=f"Raceb{n}"),
    )


def _sides(a: Person, b: Person) -> int:
    return Engagement.objects.filter(
        kind=Engagement.Kind.PEER, coach__in=[a, b], learner__in=[a, b]
    ).count()


def test_two_leads_setting_up_one_pair_at_once_make_one_pair(threads_db: SharedDatabase):
    tree = make_tree()
    leads = [
        person_with_account(roles=(Role.PROGRAM_LEAD,), org_unit=tree["north_office"])
        for _ in range(2)
    ]
    tries = []
    for n in range(TRIES):
        a, b = _peers(tree, n)
        clients = [_signed_in(lead) for lead in leads]
        url = reverse("coaching:peer_pair_new")
        # Each lead names the two in the other order.
        posts = [
            partial(
                client.post,
                url,
                {
                    "first_email": first.work_email,
                    "second_email": second.work_email,
                    "purpose": "skills",
                },
            )
            for client, (first, second) in zip(clients, [(a, b), (b, a)], strict=True)
        ]
        responses = _responses(threads_db.at_once(*posts))
        refused = [r.content.decode() for r in responses if r.status_code == 400]
        tries.append(
            (
                sorted(r.status_code for r in responses),
                _sides(a, b),
                ["already coach each other" in page for page in refused],
            )
        )
    assert tries == [([302, 400], 2, [True])] * TRIES


def test_two_peers_asking_each_other_at_once_leave_one_request(threads_db: SharedDatabase):
    tree = make_tree()
    tries = []
    for n in range(TRIES):
        a, b = _peers(tree, n)
        url = reverse("coaching:peer_pairs")
        posts = [
            partial(_signed_in(asker).post, url, {"email": asked.work_email})
            for asker, asked in ((a, b), (b, a))
        ]
        responses = _responses(threads_db.at_once(*posts))
        refused = [r.content.decode() for r in responses if r.status_code == 400]
        open_requests = PeerPairProposal.objects.filter(
            proposer__in=[a, b], status=PeerPairProposal.Status.OPEN
        ).count()
        tries.append(
            (
                sorted(r.status_code for r in responses),
                open_requests,
                ["has already asked the other" in page for page in refused],
            )
        )
    assert tries == [([302, 400], 1, [True])] * TRIES


def test_agreeing_in_two_tabs_at_once_makes_one_pair(threads_db: SharedDatabase):
    tree = make_tree()
    tries = []
    for n in range(TRIES):
        a, b = _peers(tree, n)
        proposal = peer_proposal_create(proposer=a, partner=b)
        url = reverse("coaching:peer_pairs")
        posts = [
            partial(_signed_in(b).post, url, {"proposal": proposal.pk, "answer": "agree"})
            for _ in range(2)
        ]
        responses = _responses(threads_db.at_once(*posts))
        tries.append(([r.status_code for r in responses], _sides(a, b)))
    assert tries == [([302, 302], 2)] * TRIES


def test_the_database_refuses_a_second_live_pair(threads_db: SharedDatabase):
    tree = make_tree()
    a, b = _peers(tree, 0)
    Engagement.objects.create(coach=a, learner=b, kind=Engagement.Kind.PEER)
    with pytest.raises(IntegrityError), transaction.atomic():
        Engagement.objects.create(coach=a, learner=b, kind=Engagement.Kind.PEER)
    # A closed pair does not stop a new one.
    Engagement.objects.filter(coach=a).update(status=Engagement.Status.CLOSED)
    Engagement.objects.create(coach=a, learner=b, kind=Engagement.Kind.PEER)
    assert _sides(a, b) == 2
