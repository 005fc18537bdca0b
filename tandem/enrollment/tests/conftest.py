import io

import pytest
from django.core.management import call_command

from tandem.privacy.tests.world import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def as_actor(client, world):
    def sign_in(actor: str):
        client.logout()
        if actor != "anonymous":
            client.force_login(world.people[actor].user)
        return client

    return sign_in


@pytest.fixture
def instruments(db):
    call_command("load_instruments", stdout=io.StringIO())
