"""Cohort assignment: exact optimum (brute force on small instances), never an exclusion."""

from __future__ import annotations

import itertools
from collections import Counter

import numpy as np
from hypothesis import given, settings

from tandem.enrollment.matching.cohort import NO_COACH_AT_ALL, assign, score_matrix
from tandem.enrollment.matching.engine import (
    DEFAULT_WEIGHTS,
    Candidate,
    Need,
    factors_for,
    intrinsic_exclusions,
)
from tandem.enrollment.matching.tests.strategies import instances

Instance = tuple[list[Need], list[Candidate], dict[int, dict[int, list[str]]], dict[str, int]]


def allowed(need: Need, candidate: Candidate, excluded: dict[int, dict[int, list[str]]]) -> bool:
    return not excluded.get(need.request_id, {}).get(candidate.coach_id) and not (
        intrinsic_exclusions(need, candidate)
    )


def total_fit(
    chosen: dict[int, int], needs: list[Need], pool: list[Candidate], weights: dict[str, int]
) -> float:
    """Sum of fits, each coach's k-th new learner scored at load + k (order does not matter)."""
    by_id = {c.coach_id: c for c in pool}
    by_request = {n.request_id: n for n in needs}
    used: Counter[int] = Counter()
    total = 0.0
    for request_id, coach_id in sorted(chosen.items()):
        base = by_id[coach_id]
        at = Candidate(**{**base.__dict__, "load": base.load + used[coach_id]})
        used[coach_id] += 1
        factors = factors_for(by_request[request_id], at, weights)
        # A learner's fit counts the weights of the factors that apply to them (training
        # only when their need names a coaching model), as engine.fit_of does.
        total += sum(f.points * f.weight for f in factors) / max(1, sum(f.weight for f in factors))
    return total


def brute_force(instance: Instance) -> tuple[int, float]:
    """The best (learners placed, total fit) over every possible assignment."""
    needs, pool, excluded, weights = instance
    options = [[None] + [c.coach_id for c in pool if allowed(n, c, excluded)] for n in needs]
    room = {c.coach_id: max(0, c.capacity - c.load) for c in pool}
    best = (0, 0.0)
    for choice in itertools.product(*options):
        counts = Counter(c for c in choice if c is not None)
        if any(counts[c] > room[c] for c in counts):
            continue
        chosen = {n.request_id: c for n, c in zip(needs, choice, strict=True) if c is not None}
        value = (len(chosen), total_fit(chosen, needs, pool, weights))
        if value[0] > best[0] or (value[0] == best[0] and value[1] > best[1] + 1e-9):
            best = value
    return best


@settings(max_examples=150, deadline=None)
@given(instances())
def test_cohort_equals_brute_force(instance: Instance):
    needs, pool, excluded, weights = instance
    assignments, unassigned = assign(needs, pool, excluded, weights)
    chosen = {a.request_id: a.coach_id for a in assignments}
    placed, best = brute_force(instance)
    assert len(chosen) == placed
    assert abs(total_fit(chosen, needs, pool, weights) - best) < 1e-9
    assert {u.request_id for u in unassigned} == {n.request_id for n in needs} - set(chosen)


@settings(max_examples=200, deadline=None)
@given(instances(max_needs=8, max_coaches=5))
def test_cohort_never_breaks_an_exclusion_or_a_capacity(instance: Instance):
    needs, pool, excluded, weights = instance
    assignments, _ = assign(needs, pool, excluded, weights)
    by_id = {c.coach_id: c for c in pool}
    by_request = {n.request_id: n for n in needs}
    for a in assignments:
        assert allowed(by_request[a.request_id], by_id[a.coach_id], excluded)
    counts = Counter(a.coach_id for a in assignments)
    for coach_id, count in counts.items():
        assert count <= by_id[coach_id].capacity - by_id[coach_id].load


@settings(max_examples=100, deadline=None)
@given(instances(max_needs=4, max_coaches=4))
def test_score_matrix_equals_engine_factors(instance: Instance):
    needs, pool, _, weights = instance
    if not pool:
        return
    matrix = score_matrix(needs, pool, weights)
    for i, need in enumerate(needs):
        for j, candidate in enumerate(pool):
            factors = factors_for(need, candidate, weights)
            expected = sum(f.points * f.weight for f in factors if f.name != "load")
            assert np.isclose(matrix[i, j], expected)


def test_cohort_spreads_load_and_waitlists_the_rest():
    needs = [Need(request_id=i, learner_id=i, unit_path="0001000100010001") for i in (1, 2, 3)]
    pool = [
        Candidate(coach_id=10, name="A", office_path="000100010001", capacity=1),
        Candidate(coach_id=11, name="B", office_path="000100010001", capacity=1),
    ]
    assignments, unassigned = assign(needs, pool, {3: {10: ["x"], 11: ["y"]}}, DEFAULT_WEIGHTS)
    assert sorted((a.request_id, a.coach_id) for a in assignments) in (
        [(1, 10), (2, 11)],
        [(1, 11), (2, 10)],
    )
    assert [(u.request_id, u.reason) for u in unassigned] == [(3, NO_COACH_AT_ALL)]
