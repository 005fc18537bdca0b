"""Agreement lifecycle, tampering and enforcement, with content present that could leak."""

import pytest

from tandem.agreements import services
from tandem.coaching.models import Engagement
from tandem.privacy.tests.world import build_world
from tandem.testing import fresh

pytestmark = pytest.mark.django_db


def _build():
    world = build_world()
    leader = world.people["leadership"]
    engagement = Engagement.objects.create(
        learner=world.people["learner"], coach=world.people["other_coach"]
    )
    services.templates_ensure_builtin()
    return world, engagement, leader


@pytest.fixture(scope="module")
def setup_once(module_db):
    return module_db(_build)


@pytest.fixture
def setup(setup_once, db):
    """(world, an engagement without an agreement yet, a leadership person), once per module."""
    return fresh(setup_once)
