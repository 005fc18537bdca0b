"""Session records are registered with the privacy policy under coach-and-learner."""

from tandem.coaching.models import CoachingSession
from tandem.conversation.models import ActionStep, ScalingAnswer, SessionRecord
from tandem.conversation.tests.helpers import fill_session
from tandem.privacy.categories import Category
from tandem.privacy.models import AccessEvent
from tandem.privacy.policy import engagement_access, records_visible_to


def visible(person, engagement):
    access = engagement_access(viewer=person, engagement_id=engagement.pk)
    found = records_visible_to(
        viewer=person, access=access, category=Category.COACH_LEARNER, via="test"
    )
    return {type(r) for r in found}


def test_coach_and_learner_read_session_records_through_the_policy(world):
    fill_session(CoachingSession.objects.get(engagement=world.e1), "E1")
    expected = {SessionRecord, ScalingAnswer, ActionStep}
    assert visible(world.people["coach"], world.e1) >= expected
    assert visible(world.people["learner"], world.e1) >= expected
    events = AccessEvent.objects.filter(viewer=world.people["coach"], record_type="scaling_answer")
    assert events.count() == 1


def test_supervisor_never_reads_them_even_with_sharing(world):
    fill_session(CoachingSession.objects.get(engagement=world.e1), "E1")
    assert visible(world.people["supervisor"], world.e1) == set()
