import pytest

from tandem.privacy.tests.world import build_world


@pytest.fixture
def world(db):
    return build_world()
