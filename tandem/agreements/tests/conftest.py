"""Agreement lifecycle, tampering and enforcement, with content present that could leak."""

import pytest

from tandem.agreements import services
from tandem.coaching.models import Engagement
from tandem.privacy.tests.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(db):
    world = build_world()
    leader = world.people["leadership"]
    engagement = Engagement.objects.create(
        learner=world.people["learner"], coach=world.people["other_coach"]
    )
    services.templates_ensure_builtin()
    return world, engagement, leader
