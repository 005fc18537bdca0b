"""The training factor: a coach trained in the coaching model the learner's agency uses most
gains it, with the model and month in the reason (people.ModelTraining, #17 item 2)."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.coaching.models import Engagement
from tandem.enrollment.matching import selectors
from tandem.enrollment.matching.engine import Candidate, Need, factors_for, fit_of
from tandem.enrollment.matching.tests.helpers import coach
from tandem.people.models import ModelTraining
from tandem.people.tests.factories import PersonFactory
from tandem.questionbank.models import CoachingModel

TODAY = date(2026, 11, 2)
GROW_ID = 7


def _need(model_id: int | None) -> Need:
    return Need(
        request_id=1,
        learner_id=1,
        unit_path="0001000100010001",
        model_id=model_id,
        model_name="GROW" if model_id else "",
    )


def _candidate(*trainings: tuple[int, date]) -> Candidate:
    return Candidate(
        coach_id=10, name="A", office_path="000100010001", capacity=4, trainings=trainings
    )


def _training(factors) -> tuple[float, int, str] | None:
    found = [f for f in factors if f.name == "training"]
    return (found[0].points, found[0].weight, found[0].reason) if found else None


def test_trained_coach_gains_the_factor_with_model_and_month():
    factors = factors_for(_need(GROW_ID), _candidate((GROW_ID, date(2026, 3, 12))), {})
    assert _training(factors) == (1.0, 2, "Trained in GROW (March 2026).")


def test_untrained_coach_scores_no_training_point():
    factors = factors_for(_need(GROW_ID), _candidate((GROW_ID + 1, date(2026, 3, 12))), {})
    assert _training(factors) == (0.0, 2, "No training in GROW recorded.")


def test_no_model_named_leaves_the_factor_out_and_the_fit_unchanged():
    """A need without a model scores exactly as before the factor existed."""
    trained = factors_for(_need(None), _candidate((GROW_ID, date(2026, 3, 12))), {})
    untrained = factors_for(_need(None), _candidate(), {})
    assert _training(trained) is None
    assert fit_of(trained) == fit_of(untrained)


def test_trained_coach_ranks_above_an_otherwise_equal_one(scene):
    """In the database: the learner's agency coaches with GROW, one of two equal coaches is
    trained in it (latest training counts), and ranks first with the reason shown."""
    grow = CoachingModel.objects.get(code="grow")
    first, second = scene.coaches[0], scene.coaches[1]
    other_learner = PersonFactory(org_unit=scene.tree["ongoing"])
    Engagement.objects.create(
        learner=other_learner, coach=scene.coaches[2], model=grow, status="closed"
    )
    ModelTraining.objects.create(coach=second, model=grow, completed_on=date(2025, 1, 5))
    ModelTraining.objects.create(coach=second, model=grow, completed_on=date(2026, 3, 12))
    suggestions, _, _ = selectors.suggestions_for(request=scene.request, today=TODAY)
    by_coach = {s.coach_id: s for s in suggestions}
    assert _training(by_coach[second.pk].factors) == (1.0, 2, "Trained in GROW (March 2026).")
    assert _training(by_coach[first.pk].factors) == (0.0, 2, "No training in GROW recorded.")
    ranked = [s.coach_id for s in suggestions if s.coach_id in (first.pk, second.pk)]
    assert ranked == [second.pk, first.pk]


def test_agency_without_a_model_in_use_names_none(scene):
    ModelTraining.objects.create(
        coach=scene.coaches[0],
        model=CoachingModel.objects.get(code="grow"),
        completed_on=date(2026, 3, 12),
    )
    suggestions, _, _ = selectors.suggestions_for(request=scene.request, today=TODAY)
    assert {_training(s.factors) for s in suggestions} == {None}


def test_agency_model_is_the_most_used_one(scene):
    grow, clear = CoachingModel.objects.get(code="grow"), CoachingModel.objects.get(code="clear")
    for model in (grow, clear, clear):
        Engagement.objects.create(
            learner=PersonFactory(org_unit=scene.tree["ongoing"]),
            coach=scene.coaches[2],
            model=model,
            status="active",
        )
    need = selectors.needs_for(requests=[scene.request])[0]
    assert (need.model_id, need.model_name) == (clear.pk, clear.name)


def test_pool_and_needs_queries_do_not_grow_with_trainings(scene):
    grow = CoachingModel.objects.get(code="grow")
    ModelTraining.objects.create(coach=scene.coaches[0], model=grow, completed_on=TODAY)
    with CaptureQueriesContext(connection) as one:
        selectors.suggestions_for(request=scene.request, today=TODAY)
    for extra in (coach(scene.tree["ongoing"]), coach(scene.tree["ongoing"]), scene.coaches[1]):
        ModelTraining.objects.create(coach=extra, model=grow, completed_on=TODAY)
    with CaptureQueriesContext(connection) as many:
        selectors.suggestions_for(request=scene.request, today=TODAY)
    assert len(many) == len(one)
