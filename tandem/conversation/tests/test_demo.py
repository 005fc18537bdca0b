from tandem.coaching.models import CoachingSession
from tandem.conversation.demo import conversation_seed
from tandem.conversation.models import ActionStep, ScalingAnswer, SessionRecord


def test_conversation_seed_records_every_held_session_once(world):
    held = CoachingSession.objects.filter(status="held").count()
    assert conversation_seed(seed=1) == held == SessionRecord.objects.count()
    assert ScalingAnswer.objects.count() == held
    assert ActionStep.objects.filter(session__status="held").count() >= held
    # Running it again adds nothing.
    assert conversation_seed(seed=1) == 0
