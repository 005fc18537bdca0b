"""One current coach supervisor per coach, also when two program leads assign at the same
moment (issue #17 item 1): real requests from two threads released together, several times
over. Exactly one is saved; the other is told why (never a 500). On PostgreSQL the threads
share the test database; on SQLite a file copy of it (docs/TESTING.md)."""

from __future__ import annotations

from functools import partial

import pytest
from django.test import Client
from django.urls import reverse

from tandem.development.models import CoachSupervisorAssignment
from tandem.people.models import Person, Role
from tandem.people.tests.factories import make_tree, person_with_account
from tandem.testing import SharedDatabase

pytestmark = pytest.mark.django_db(transaction=True)

TRIES = 4


def _signed_in(person: Person) -> Client:
    client = Client()
    client.force_login(person.user)
    return client


def test_two_leads_assigning_at_once_leave_one_current_coach_supervisor(
    threads_db: SharedDatabase,
):
    tree = make_tree()
    leads = [
        person_with_account(roles=(Role.PROGRAM_LEAD,), org_unit=tree["north_office"])
        for _ in range(2)
    ]
    supervisors = [
        person_with_account(roles=(Role.COACH_SUPERVISOR,), org_unit=tree["north_office"])
        for _ in range(2)
    ]
    tries = []
    for n in range(TRIES):
        coach = person_with_account(
            roles=(Role.COACH,), org_unit=tree["ongoing"], last_name=f"Race{n}"
        )
        url = reverse("development:coach_supervisor_assign", args=[coach.pk])
        posts = [
            partial(_signed_in(lead).post, url, {"supervisor": supervisor.pk, "replacing": ""})
            for lead, supervisor in zip(leads, supervisors, strict=True)
        ]
        outcomes = threads_db.at_once(*posts)
        for outcome in outcomes:
            if outcome.error is not None:
                raise outcome.error
        responses = [outcome.value for outcome in outcomes]
        refused = [r.content.decode() for r in responses if r.status_code == 400]
        current = CoachSupervisorAssignment.objects.filter(coach=coach, ended_on__isnull=True)
        tries.append(
            (
                sorted(r.status_code for r in responses),
                current.count(),
                CoachSupervisorAssignment.objects.filter(coach=coach).count(),
                [
                    "changed after you opened this page" in page or "same moment" in page
                    for page in refused
                ],
            )
        )
    assert tries == [([302, 400], 1, 1, [True])] * TRIES
