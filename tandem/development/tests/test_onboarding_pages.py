"""Onboarding and training pages: allowed and denied with data that could leak, after the
coach supervisor is replaced, bad input, and constant query counts (issue #17 items 2, 6)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tandem.development.models import CoachSupervisorAssignment, OnboardingStep
from tandem.development.tests.onboarding_helpers import (
    Onboarding,
    build,
    rated,
    shadowed,
    supervised,
    trained,
)
from tandem.people.models import ModelTraining, Role
from tandem.people.tests.factories import CoachProfileFactory, person_with_account
from tandem.privacy.models import AccessEvent
from tandem.testing import fresh

MARKER = "TRAINING-PROVIDER-MARKER"


@pytest.fixture(scope="module")
def built(module_db):  # type: ignore[no-untyped-def]
    return module_db(build)


@pytest.fixture
def o(built, db) -> Onboarding:  # type: ignore[no-untyped-def]
    return fresh(built)


def _get(client, o, actor, name, *args):  # type: ignore[no-untyped-def]
    client.force_login(o.person(actor).user)
    return client.get(reverse(f"development:{name}", args=args))


def _with_marker(o: Onboarding) -> ModelTraining:
    return ModelTraining.objects.create(
        coach=o.person("coach"), model=o.grow, completed_on=date(2026, 2, 3), provider=MARKER
    )


@pytest.mark.parametrize("actor", ["coach", "coach_supervisor", "program_lead"])
def test_training_page_shows_the_records_to_fact_readers(client, o, actor):
    _with_marker(o)
    response = _get(client, o, actor, "training_coach", o.person("coach").pk)
    assert response.status_code == 200
    assert MARKER in response.content.decode()


@pytest.mark.parametrize(
    "actor", ["other_coach", "supervisor", "learner", "leadership", "evaluator", "administrator"]
)
def test_training_and_onboarding_pages_do_not_exist_for_others(client, o, actor):
    _with_marker(o)
    coach_pk = o.person("coach").pk
    for name in ("training_coach", "onboarding_coach", "onboarding_shadowing"):
        response = _get(client, o, actor, name, coach_pk)
        assert response.status_code == 404
        assert MARKER not in response.content.decode()


def test_replaced_coach_supervisor_outside_the_scope_reads_nothing_more(client, o):
    """A coach supervisor from South County reads the coach's facts only while assigned."""
    south_sup = person_with_account(
        roles=(Role.COACH_SUPERVISOR,), org_unit=o.world.tree["south_office"]
    )
    CoachSupervisorAssignment.objects.filter(coach=o.person("coach")).update(
        ended_on=date(2026, 6, 1)
    )
    assignment = CoachSupervisorAssignment.objects.create(
        coach=o.person("coach"), supervisor=south_sup, started_on=date(2026, 6, 1)
    )
    _with_marker(o)
    client.force_login(south_sup.user)
    url = reverse("development:training_coach", args=[o.person("coach").pk])
    assert MARKER in client.get(url).content.decode()
    assignment.ended_on = date(2026, 7, 1)
    assignment.save()
    response = client.get(url)
    assert response.status_code == 404
    assert MARKER not in response.content.decode()


def test_coach_records_own_training_marked_self_reported(client, o):
    client.force_login(o.person("coach").user)
    url = reverse("development:training_coach", args=[o.person("coach").pk])
    response = client.post(
        url,
        {"model": o.grow.pk, "completed_on": "2026-03-12", "provider": "Academy", "hours": "7.5"},
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "The coach (self-reported)" in page
    assert AccessEvent.objects.filter(record_type="model_training").count() == 0


def test_program_lead_records_training_and_is_audited(client, o):
    client.force_login(o.person("program_lead").user)
    url = reverse("development:training_coach", args=[o.person("coach").pk])
    response = client.post(url, {"model": o.clear.pk, "completed_on": "2026-03-12"})
    assert response.status_code == 302
    training = ModelTraining.objects.get(coach=o.person("coach"))
    assert (training.model, training.recorded_by) == (o.clear, o.person("program_lead"))
    event = AccessEvent.objects.get(record_type="model_training")
    assert (event.viewer, event.subject, event.record_id) == (
        o.person("program_lead"),
        o.person("coach"),
        training.pk,
    )


def test_training_bad_input_keeps_what_was_typed(client, o):
    client.force_login(o.person("coach_supervisor").user)
    url = reverse("development:training_coach", args=[o.person("coach").pk])
    response = client.post(url, {"completed_on": "2999-01-01", "provider": "KEEP-THIS"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter a date that is today or earlier." in page
    assert "KEEP-THIS" in page
    trained(o.person("coach"), o.grow, on=date(2026, 3, 12))
    response = client.post(url, {"model": o.grow.pk, "completed_on": "2026-03-12"})
    assert response.status_code == 400
    assert "is already recorded" in response.content.decode()


def test_shadowing_is_confirmed_by_the_coach_supervisor_not_the_coach(client, o):
    coach = o.person("coach")
    url = reverse("development:onboarding_shadowing", args=[coach.pk])
    client.force_login(coach.user)
    assert client.get(url).status_code == 403
    assert client.post(url, {"completed_on": "2026-04-02"}).status_code == 403
    client.force_login(o.person("coach_supervisor").user)
    response = client.post(url, {"completed_on": "2026-04-02", "note": "Two home visits"})
    assert response.status_code == 302
    step = OnboardingStep.objects.get(coach=coach)
    assert (step.completed_on, step.confirmed_by) == (
        date(2026, 4, 2),
        o.person("coach_supervisor"),
    )
    response = client.post(url, {"completed_on": ""})
    assert response.status_code == 400


def test_coach_sees_what_is_done_and_what_is_next(client, o):
    coach = o.person("coach")
    trained(coach, o.grow)
    trained(coach, o.clear)
    shadowed(coach, o.person("coach_supervisor"))
    response = _get(client, o, "coach", "onboarding_mine")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Not yet ready to take learners: 2 of 4 steps to go." in page
    assert "First observed session rated: Ask your coach supervisor to observe" in page
    rated(o, coach, o.person("coach_supervisor"))
    session = supervised(coach, o.person("coach_supervisor"))
    page = _get(client, o, "coach", "onboarding_mine").content.decode()
    assert "You are ready to take learners." in page
    assert reverse("development:supervision_detail", args=[session.pk]) in page


def test_onboarding_mine_is_for_coaches(client, o):
    assert _get(client, o, "program_lead", "onboarding_mine").status_code == 403


def test_readiness_table_shows_who_is_ready_and_what_is_missing(client, o):
    coach = o.person("coach")
    trained(coach, o.grow)
    response = _get(client, o, "program_lead", "onboarding_readiness")
    page = response.content.decode()
    assert response.status_code == 200
    row = page.split(f'data-testid="readiness-{coach.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "Not yet" in row
    assert f"Missing: {o.clear.name}." in row
    assert "Shadowed an experienced coach" in row


def test_readiness_table_is_for_program_leads_and_coach_supervisors(client, o):
    assert _get(client, o, "coach_supervisor", "onboarding_readiness").status_code == 200
    for actor in ("coach", "supervisor", "leadership", "evaluator"):
        assert _get(client, o, actor, "onboarding_readiness").status_code == 403


def test_readiness_table_leaves_out_coaches_outside_the_scope(client, o):
    south = person_with_account(roles=(Role.COACH,), org_unit=o.world.tree["permanency"])
    CoachProfileFactory(person=south)
    page = _get(client, o, "program_lead", "onboarding_readiness").content.decode()
    assert f'data-testid="readiness-{south.pk}"' not in page
    assert f'data-testid="readiness-{o.person("coach").pk}"' in page


def test_readiness_queries_same_for_one_and_three_coaches(client, o, page_queries):
    client.force_login(o.person("program_lead").user)
    url = reverse("development:onboarding_readiness")
    one = page_queries(url)
    for _ in range(2):
        extra = person_with_account(roles=(Role.COACH,), org_unit=o.world.tree["intake"])
        CoachProfileFactory(person=extra)
        trained(extra, o.grow)
        shadowed(extra, o.person("program_lead"))
    assert page_queries(url) == one


def test_training_page_queries_same_for_one_and_three_records(client, o, page_queries):
    client.force_login(o.person("coach_supervisor").user)
    url = reverse("development:training_coach", args=[o.person("coach").pk])
    trained(o.person("coach"), o.grow, on=date(2026, 1, 1))
    one = page_queries(url)
    trained(o.person("coach"), o.clear, on=date(2026, 1, 2))
    trained(o.person("coach"), o.grow, on=date(2026, 1, 3))
    assert page_queries(url) == one
