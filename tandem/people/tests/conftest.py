"""Fixtures for the people app's view and admin tests."""

from __future__ import annotations

import pytest
from django.test import Client

from tandem.people.models import Person
from tandem.people.tests.factories import UserFactory, person_with_account


@pytest.fixture
def viewer(tree: dict) -> Person:
    """An ordinary caseworker who can sign in: the directory is open to them."""
    return person_with_account(
        org_unit=tree["intake"], first_name="Vera", last_name="Viewer", job_title="Caseworker"
    )


@pytest.fixture
def viewer_client(client: Client, viewer: Person) -> Client:
    client.force_login(viewer.user)
    return client


@pytest.fixture
def unlinked_client(client: Client, db: None) -> Client:
    """Signed in with an account that no staff record points to."""
    client.force_login(UserFactory())
    return client


@pytest.fixture
def steward_client(client: Client, db: None) -> Client:
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client
