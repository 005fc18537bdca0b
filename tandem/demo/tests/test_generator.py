from __future__ import annotations

from collections import Counter

from tandem.demo.generator import ACCOUNT_ROLES, plan_demo, plan_state
from tandem.demo.plan import proportional
from tandem.demo.tests.invariants import agency_of, problems
from tandem.people.models import CoachProfile, Person, Role


def _identity(plan) -> list[tuple[str, str, str]]:
    return [(p.first_name, p.last_name, p.work_email) for p in plan.people]


def test_plan_demo_same_seed_same_people() -> None:
    assert _identity(plan_demo(seed=7)) == _identity(plan_demo(seed=7))


def test_plan_demo_other_seed_other_people() -> None:
    assert _identity(plan_demo(seed=7)) != _identity(plan_demo(seed=8))


def test_plan_demo_is_one_agency_of_about_forty() -> None:
    plan = plan_demo(seed=1)

    assert len(plan.agencies) == 1
    assert len(plan.people) == 40
    assert {agency_of(plan, p.unit) for p in plan.people} == {plan.agencies[0]}
    assert problems(plan) == []


def test_plan_demo_has_every_kind_of_coach_and_some_leavers() -> None:
    plan = plan_demo(seed=1)
    coach_types = Counter(p.coach.coach_type for p in plan.people if p.coach)

    assert set(coach_types) == set(CoachProfile.CoachType.values)
    assert sum(coach_types.values()) == 6
    assert sum(1 for p in plan.people if not p.is_active) == 3


def test_plan_every_person_has_a_hire_date_and_every_leaver_a_reason() -> None:
    plan = plan_state(seed=1, agencies=3, staff=400, coaches=12)
    leavers = [p for p in plan.people if p.separation_date is not None]

    assert all(p.hire_date is not None for p in plan.people)
    assert all(p.hire_date <= p.separation_date for p in leavers)
    assert {p.separation_reason for p in leavers} == set(Person.SeparationReason.values)
    assert all(p.separation_reason == "" for p in plan.people if p.separation_date is None)


def test_plan_demo_accounts_hold_their_roles() -> None:
    plan = plan_demo(seed=1)
    people = {local: plan.people[index] for local, index in plan.accounts.items()}

    for local, role in ACCOUNT_ROLES:
        assert role in {r for r, _scope in people[local].roles}, local
    assert people["learner"].supervisor == people["supervisor"].index
    assert people["learner"].coach is None
    assert len({p.index for p in people.values()}) == len(ACCOUNT_ROLES)


def test_plan_state_small_run_obeys_the_same_rules() -> None:
    plan = plan_state(seed=3, agencies=3, staff=300, coaches=12)

    assert len(plan.agencies) == 3
    assert len(plan.people) == 300
    assert sum(1 for p in plan.people if p.coach) == 12
    assert problems(plan) == []


def test_plan_state_has_statewide_roles() -> None:
    plan = plan_state(seed=3, agencies=3, staff=300, coaches=12)
    statewide = {role for p in plan.people for role, scope in p.roles if scope == 0}

    assert {Role.PROGRAM_LEAD, Role.EVALUATOR, Role.ADMINISTRATOR} <= statewide
    assert plan.people[plan.accounts["evaluator"]].unit == 0


def test_plan_state_agency_sizes_are_long_tailed() -> None:
    plan = plan_state(seed=1, agencies=10, staff=3_000, coaches=60)
    sizes = sorted(
        Counter(agency_of(plan, p.unit) for p in plan.people if p.unit != 0).values(),
        reverse=True,
    )

    assert sizes[0] > 4 * sizes[-1]


def test_proportional_sums_to_total_and_respects_minimum() -> None:
    sizes = proportional(100, [5, 3, 1, 1], minimum=10)

    assert sum(sizes) == 100
    assert min(sizes) >= 10
    assert sizes == sorted(sizes, reverse=True)
