"""A team member who asks for their supervisor, matched with a supervisor set up for
supportive supervision, gets supportive supervision, not coaching (issue #16 item 11)."""

from __future__ import annotations

from tandem.coaching.models import Engagement
from tandem.enrollment.matching import services
from tandem.people.models import CoachProfile


def test_a_supervisor_set_up_for_it_takes_the_learner_on_as_supportive_supervision(scene):
    CoachProfile.objects.filter(person=scene.supervisor).update(
        coach_type=CoachProfile.CoachType.SUPPORTIVE_SUPERVISOR
    )
    scene.request.wants_supervisor_as_coach = True
    scene.request.save()
    match = services.match_propose(
        request=scene.request, coach_id=scene.supervisor.pk, by=scene.lead, override_reason="x"
    )
    engagement = services.match_accept(match=match, coach=scene.supervisor)
    assert engagement.kind == Engagement.Kind.SUPPORTIVE_SUPERVISION
