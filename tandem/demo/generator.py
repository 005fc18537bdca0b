"""A realistic, made-up organization as a plain-Python plan, deterministic for a given seed.

`plan_demo`, `plan_county` and `plan_state` return an `OrgPlan` without touching the
database; `tandem.demo.writer.plan_write` then loads it with bulk inserts. Keeping the two
apart lets tests check the invariants (hierarchy, roles, coach supervision) on the plan itself.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from tandem.demo import vocab
from tandem.demo.agency import AgencyPlanner
from tandem.demo.plan import Builder, OrgPlan, proportional
from tandem.people.models import OrgUnit, Role

# Bump when the generated data changes shape, so cached benchmark databases are rebuilt.
GENERATOR_VERSION = 5

# Every demo and benchmark account signs in with this password. Never used in production:
# the seed command refuses to run when settings.PRODUCTION is on.
DEMO_PASSWORD = "tandem-demo-2026"  # noqa: S105 (published on purpose)
DEMO_DOMAIN = "demo.tandem.test"
BENCH_DOMAIN = "bench.tandem.test"

# One sign-in account per role: (local part of the email, role).
ACCOUNT_ROLES: tuple[tuple[str, str], ...] = (
    ("learner", Role.LEARNER),
    ("coach", Role.COACH),
    ("supervisor", Role.SUPERVISOR),
    ("leadership", Role.LEADERSHIP),
    ("program-lead", Role.PROGRAM_LEAD),
    ("coach-supervisor", Role.COACH_SUPERVISOR),
    ("observer", Role.OBSERVER),
    ("evaluator", Role.EVALUATOR),
    ("administrator", Role.ADMINISTRATOR),
)


@dataclass(frozen=True)
class Scale:
    agencies: int
    staff: int
    coaches: int


SCALES: dict[str, Scale] = {
    "demo": Scale(agencies=1, staff=40, coaches=6),
    "county": Scale(agencies=1, staff=1_500, coaches=40),
    "state": Scale(agencies=60, staff=20_000, coaches=600),
    "state10": Scale(agencies=60, staff=200_000, coaches=6_000),
}


def plan_demo(*, seed: int = 1) -> OrgPlan:
    """One county agency of about 40 staff in two offices, with six coaches."""
    scale = SCALES["demo"]
    builder, state = _start(seed)
    agency = AgencyPlanner(builder, state, vocab.COUNTIES[0], scale.staff, scale.coaches, offices=2)
    agency.build()
    return _finish(builder, [agency], domain=DEMO_DOMAIN)


def plan_county(*, seed: int = 1) -> OrgPlan:
    """One large county: about 1,500 staff and 40 coaches."""
    scale = SCALES["county"]
    return plan_state(seed=seed, agencies=1, staff=scale.staff, coaches=scale.coaches)


def plan_state(
    *, seed: int = 1, agencies: int = 60, staff: int = 20_000, coaches: int = 600
) -> OrgPlan:
    """A state with `agencies` county agencies and `staff` people in all (state office included).

    Agency sizes follow a long tail (a few large counties, many small ones), as in real states.
    """
    builder, state = _start(seed)
    state_staff = _state_office(builder, state) if agencies > 1 else []
    sizes = _split(builder.rng, staff - len(state_staff), agencies, minimum=30, skew=1.1)
    coach_counts = proportional(coaches, sizes, minimum=2)
    planners = []
    for i, (size, n_coaches) in enumerate(zip(sizes, coach_counts, strict=True)):
        county = vocab.COUNTIES[i % len(vocab.COUNTIES)]
        name = county if i < len(vocab.COUNTIES) else f"{county} {i // len(vocab.COUNTIES) + 1}"
        planner = AgencyPlanner(builder, state, name, size, n_coaches)
        planner.build()
        planners.append(planner)
    return _finish(builder, planners, domain=BENCH_DOMAIN, state_staff=state_staff)


def _start(seed: int) -> tuple[Builder, int]:
    builder = Builder(seed)
    state = builder.unit(vocab.STATE_NAME, OrgUnit.Kind.STATE, None, code="ST")
    return builder, state


def _state_office(builder: Builder, state: int) -> list[int]:
    """The state division: its director, a statewide program lead, evaluators, administrator."""
    domain = "dcw.columbia.example.org"
    head = builder.person(vocab.STATE_DIRECTOR, state, None, domain, senior=True)
    builder.people[head].roles.append((Role.LEADERSHIP, state))
    staff = [head]
    for title, role in [
        (vocab.STATE_PROGRAM_LEAD, Role.PROGRAM_LEAD),
        (vocab.STATE_EVALUATOR, Role.EVALUATOR),
        (vocab.STATE_EVALUATOR, Role.EVALUATOR),
        (vocab.STATE_ADMIN, Role.ADMINISTRATOR),
    ]:
        index = builder.person(title, state, head, domain, senior=True)
        builder.people[index].roles.append((role, state))
        staff.append(index)
    return staff


def _finish(
    builder: Builder,
    agencies: list[AgencyPlanner],
    *,
    domain: str,
    state_staff: list[int] | None = None,
) -> OrgPlan:
    builder.assign_learner_and_supervisor_roles()
    largest = max(agencies, key=lambda a: a.staff)
    accounts = largest.account_people()
    if state_staff:
        # Statewide evaluator and administrator: the widest scopes there are.
        accounts["evaluator"] = state_staff[2]
        accounts["administrator"] = state_staff[4]
    return OrgPlan(
        units=builder.units,
        people=builder.people,
        agencies=[a.agency for a in agencies],
        accounts=accounts,
        account_domain=domain,
    )


def _split(rng: random.Random, total: int, parts: int, *, minimum: int, skew: float) -> list[int]:
    """`total` split into `parts` sizes on a long-tailed curve, largest first."""
    weights = [1 / (rank + 1) ** skew for rank in range(parts)]
    if parts > 1:
        # A little noise so neighbouring counties are not in a perfect progression.
        weights = [w * rng.uniform(0.85, 1.15) for w in weights]
        weights.sort(reverse=True)
    return proportional(total, weights, minimum=minimum)


def plan_for_scale(scale: str, *, seed: int = 1) -> OrgPlan:
    if scale == "demo":
        return plan_demo(seed=seed)
    if scale == "county":
        return plan_county(seed=seed)
    size = SCALES[scale]
    return plan_state(seed=seed, agencies=size.agencies, staff=size.staff, coaches=size.coaches)
