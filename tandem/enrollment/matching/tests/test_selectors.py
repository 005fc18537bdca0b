"""Reads: the pool with its load, each request's need, hard exclusions, weights."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tandem.coaching.models import Engagement
from tandem.enrollment.matching import selectors
from tandem.enrollment.matching.engine import DEFAULT_WEIGHTS
from tandem.enrollment.matching.tests.helpers import coach, offer, profile_of, request_in_matching
from tandem.enrollment.models import ConflictOfInterest, Match, MatchingWeights
from tandem.people.tests.factories import PersonFactory

TODAY = date(2026, 11, 23)


def test_load_counts_engagements_and_open_offers(scene):
    busy = scene.coaches[0]
    other = PersonFactory(org_unit=scene.tree["intake"])
    Engagement.objects.create(learner=other, coach=busy, status=Engagement.Status.ACTIVE)
    Engagement.objects.create(learner=other, coach=busy, status=Engagement.Status.CLOSED)
    offer(scene.request, busy, scene.lead)
    offer(scene.request, busy, scene.lead, status=Match.Status.DECLINED)
    assert selectors.coach_loads()[busy.pk] == 2


def test_inactive_coaches_carry_the_reason(scene):
    ended, paused, gone = scene.coaches
    profile_of(ended).__class__.objects.filter(person=ended).update(
        contract_start=date(2025, 1, 1), contract_end=date(2026, 1, 31)
    )
    profile_of(paused).__class__.objects.filter(person=paused).update(accepting_learners=False)
    gone.is_active = False
    gone.save()
    pool = {c.coach_id: c for c in selectors.candidates_load(today=TODAY)}
    assert pool[ended.pk].inactive_reason == "Contract ended on Jan 31, 2026."
    assert pool[paused.pk].inactive_reason == "Not taking new learners."
    assert pool[gone.pk].inactive_reason == "No longer on staff."
    assert pool[scene.supervisor.pk].active is True


def test_chain_of_command_is_excluded(scene):
    excluded = selectors.exclusions_for(requests=[scene.request])[scene.request.pk]
    assert excluded == {
        scene.supervisor.pk: [selectors.SUPERVISOR_REASON],
        scene.director.pk: [selectors.ABOVE_REASON],
    }


def test_supervisor_as_coach_lifts_only_the_line_supervisor(scene):
    scene.request.wants_supervisor_as_coach = True
    excluded = selectors.exclusions_for(requests=[scene.request])[scene.request.pk]
    assert excluded == {scene.director.pk: [selectors.ABOVE_REASON]}


def test_conflict_of_interest_is_excluded(scene):
    ConflictOfInterest.objects.create(
        coach=scene.coaches[1], person=scene.learner, declared_by=scene.coaches[1]
    )
    excluded = selectors.exclusions_for(requests=[scene.request])[scene.request.pk]
    assert excluded[scene.coaches[1].pk] == [selectors.CONFLICT_REASON]


def test_need_reads_structured_fields_and_history(scene):
    declined = offer(scene.request, scene.coaches[0], scene.lead, status=Match.Status.DECLINED)
    Engagement.objects.create(
        learner=scene.learner, coach=scene.coaches[2], status=Engagement.Status.CLOSED
    )
    need = selectors.needs_for(requests=[scene.request])[0]
    assert need.unit_path == scene.tree["intake"].path
    assert need.avoided_coach_ids == {declined.coach_id}
    assert need.preferred_coach_ids == {scene.coaches[2].pk}
    assert need.wanted_expertise == "competent"  # the learner supervises someone
    assert need.supervisor_id == scene.supervisor.pk


def test_weights_nearest_scope_wins(scene):
    assert selectors.weights_for(unit_path=scene.tree["intake"].path) == DEFAULT_WEIGHTS
    MatchingWeights.objects.create(scope=scene.tree["state"], language=9)
    MatchingWeights.objects.create(scope=scene.tree["north"], language=1)
    assert selectors.weights_for(unit_path=scene.tree["intake"].path)["language"] == 1
    assert selectors.weights_for(unit_path=scene.tree["permanency"].path)["language"] == 9


def _queries_for_suggestions(request) -> int:
    with CaptureQueriesContext(connection) as captured:
        selectors.suggestions_for(request=request, today=timezone.localdate())
    return len(captured.captured_queries)


def test_suggestions_constant_queries(scene):
    few = _queries_for_suggestions(scene.request)
    for _ in range(5):
        coach(scene.tree["permanency"], account=False)
    assert _queries_for_suggestions(scene.request) == few


def test_cohort_constant_queries(scene):
    def count(requests):
        with CaptureQueriesContext(connection) as captured:
            selectors.cohort_run(requests=requests, weights=DEFAULT_WEIGHTS, today=TODAY)
        return len(captured.captured_queries)

    one = count([scene.request])
    others = [
        request_in_matching(PersonFactory(org_unit=scene.tree["intake"], supervisor=scene.learner))
        for _ in range(3)
    ]
    assert count([scene.request, *others]) == one
