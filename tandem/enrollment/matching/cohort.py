"""Whole-cohort matching: every learner of a cohort to a coach at once, best total fit.

Each coach offers one column per free place ("capacity slot"). The k-th free place of a coach
scores the load factor as if k learners had already been added, so filling a coach's last place
counts less than a lighter coach's first one and load spreads. SciPy's `linear_sum_assignment`
then solves the assignment exactly. Pairs under a hard exclusion cost more than any fit could
gain, so as many learners as possible get a coach and, among those assignments, the total fit is
the highest; a pair left with that cost is dropped and the learner goes to the waitlist with the
reason. Scores are the engine's factors computed on whole arrays (numpy), the same numbers
`engine.factors_for` gives one pair at a time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
from scipy.optimize import linear_sum_assignment

from tandem.enrollment.matching.engine import (
    AGENCY_PATH_LEN,
    EXPERTISE_ORDER,
    STEPLEN,
    Candidate,
    Factor,
    Need,
    factors_for,
    fit_of,
    trained_on,
    weights_normalized,
)

NO_COACH_AT_ALL = "Every coach is excluded for this learner or has no free place."
NO_ROOM_LEFT = "The coaches who could take this learner are full with others of this cohort."


@dataclass(frozen=True)
class Assignment:
    request_id: int
    learner_id: int
    coach_id: int
    fit: float
    factors: tuple[Factor, ...]


@dataclass(frozen=True)
class Unassigned:
    request_id: int
    learner_id: int
    reason: str


def _ids(sets: Sequence[frozenset[int]]) -> dict[int, int]:
    return {value: i for i, value in enumerate(sorted({v for s in sets for v in s}))}


def _incidence(sets: Sequence[frozenset[int]], index: dict[int, int]) -> np.ndarray:
    matrix = np.zeros((len(sets), max(1, len(index))), dtype=np.float64)
    for row, values in enumerate(sets):
        for value in values:
            if value in index:
                matrix[row, index[value]] = 1.0
    return matrix


def score_matrix(
    needs: Sequence[Need], candidates: Sequence[Candidate], weights: Mapping[str, int]
) -> np.ndarray:
    """Weighted points of every factor but load, learners × coaches (not divided by the total
    weight)."""
    w = weights_normalized(weights)
    n, m = len(needs), len(candidates)

    areas = _ids([c.practice_area_ids for c in candidates])
    wanted = _incidence([x.practice_area_ids for x in needs], areas)
    offered = _incidence([c.practice_area_ids for c in candidates], areas)
    any_area = np.array([bool(x.practice_area_ids) for x in needs])
    area = np.where(any_area[:, None], (wanted @ offered.T) > 0, True).astype(np.float64)

    # Office: the learner's unit lies under the coach's office (prefix), else the same agency.
    paths = sorted({c.office_path for c in candidates})
    path_id = {p: i for i, p in enumerate(paths)}
    depth = max([len(x.unit_path) // STEPLEN for x in needs] + [1])
    ancestors = np.full((n, depth + 1), -1, dtype=np.int64)
    for row, x in enumerate(needs):
        for level in range(1, len(x.unit_path) // STEPLEN + 1):
            ancestors[row, level] = path_id.get(x.unit_path[: level * STEPLEN], -1)
    coach_level = np.array([min(len(c.office_path) // STEPLEN, depth) for c in candidates])
    coach_path = np.array([path_id[c.office_path] for c in candidates])
    too_deep = np.array(
        [len(c.office_path) // STEPLEN > depth or not c.office_path for c in candidates]
    )
    covers = (ancestors[:, coach_level] == coach_path[None, :]) & ~too_deep[None, :]
    agencies = {p[:AGENCY_PATH_LEN] for p in paths} | {x.unit_path[:AGENCY_PATH_LEN] for x in needs}
    agency_id = {a: i for i, a in enumerate(sorted(agencies))}
    learner_agency = np.array([agency_id[x.unit_path[:AGENCY_PATH_LEN]] for x in needs])
    coach_agency = np.array(
        [
            agency_id[c.office_path[:AGENCY_PATH_LEN]]
            if len(c.office_path) >= AGENCY_PATH_LEN
            else -2
            for c in candidates
        ]
    )
    same_agency = learner_agency[:, None] == coach_agency[None, :]
    office = np.where(covers, 1.0, np.where(same_agency, 0.5, 0.0))

    languages = _ids([c.language_ids for c in candidates])
    speaks = _incidence([c.language_ids for c in candidates], languages)
    language = np.ones((n, m))
    for row, x in enumerate(needs):
        if x.language_id is not None:
            col = languages.get(x.language_id)
            language[row] = speaks[:, col] if col is not None else 0.0

    modes = _ids([c.modality_ids for c in candidates] + [x.modality_ids for x in needs])
    asked = _incidence([x.modality_ids for x in needs], modes)
    offers = _incidence([c.modality_ids for c in candidates], modes)
    count = asked.sum(axis=1)
    modality = np.where(count[:, None] > 0, (asked @ offers.T) / np.maximum(count, 1)[:, None], 1.0)

    want = np.array(
        [EXPERTISE_ORDER.index(x.wanted_expertise) if x.wanted_expertise else -1 for x in needs]
    )
    levels = np.array([EXPERTISE_ORDER.index(c.expertise) for c in candidates])
    gap = want[:, None] - levels[None, :]
    expertise = np.where(
        want[:, None] < 0, 1.0, np.where(gap <= 0, 1.0, np.where(gap == 1, 0.5, 0.0))
    )

    preference = np.full((n, m), 0.5)
    column = {c.coach_id: j for j, c in enumerate(candidates)}
    for row, x in enumerate(needs):
        for coach_id in x.preferred_coach_ids:
            if coach_id in column:
                preference[row, column[coach_id]] = 1.0
        if x.supervisor_as_coach and x.supervisor_id in column:
            preference[row, column[x.supervisor_id]] = 1.0  # type: ignore[index]
        for coach_id in x.avoided_coach_ids:
            if coach_id in column:
                preference[row, column[coach_id]] = 0.0

    # Training: only for learners whose need names a model (engine.training_factor).
    training = np.zeros((n, m))
    for row, x in enumerate(needs):
        if x.model_id is not None:
            training[row] = [
                1.0 if trained_on(c, x.model_id) is not None else 0.0 for c in candidates
            ]

    return (
        w["practice_area"] * area
        + w["office"] * office
        + w["language"] * language
        + w["modality"] * modality
        + w["expertise"] * expertise
        + w["preference"] * preference
        + w["training"] * training
    )


def assign(
    needs: Sequence[Need],
    candidates: Sequence[Candidate],
    excluded: Mapping[int, Mapping[int, Sequence[str]]],
    weights: Mapping[str, int],
) -> tuple[list[Assignment], list[Unassigned]]:
    """The optimal assignment. `excluded[request_id][coach_id]` holds hard-exclusion reasons."""
    w = weights_normalized(weights)
    n = len(needs)
    if n == 0:
        return [], []
    # Hard exclusions, as a mask: inactive or full coaches, the learner themselves, and the
    # pairs the database excludes (chain of command, conflicts of interest).
    open_coach = np.array([c.active and c.load < c.capacity for c in candidates], dtype=bool)
    coach_ids = np.array([c.coach_id for c in candidates], dtype=np.int64)
    learner_ids = np.array([x.learner_id for x in needs], dtype=np.int64)
    allowed = open_coach[None, :] & (learner_ids[:, None] != coach_ids[None, :])
    column = {c.coach_id: j for j, c in enumerate(candidates)}
    for row, need in enumerate(needs):
        for coach_id, reasons in excluded.get(need.request_id, {}).items():
            if reasons and coach_id in column:
                allowed[row, column[coach_id]] = False
    base = score_matrix(needs, candidates, weights) if candidates else np.zeros((n, 0))

    # One column per free place, at most n per coach (more could never be used).
    slot_coach: list[int] = []
    slot_load: list[float] = []
    for col, c in enumerate(candidates):
        if not c.active or c.capacity <= 0:
            continue
        for k in range(min(max(0, c.capacity - c.load), n)):
            slot_coach.append(col)
            slot_load.append(max(0.0, 1.0 - (c.load + k) / c.capacity))
    if not slot_coach:
        return [], [Unassigned(x.request_id, x.learner_id, NO_COACH_AT_ALL) for x in needs]
    coach_of_slot = np.array(slot_coach)
    # Each learner's fit is divided by the weights of the factors that apply to them: the
    # training factor applies only when the need names a coaching model (engine.fit_of).
    named = np.array([x.model_id is not None for x in needs], dtype=np.float64)
    total_weight = sum(w.values()) - w["training"] + w["training"] * named
    fit = (base[:, coach_of_slot] + w["load"] * np.array(slot_load)[None, :]) / np.maximum(
        1, total_weight
    )[:, None]
    ok = allowed[:, coach_of_slot]
    # Fits lie in [0, 1]; one excluded pair costs more than all fits of the cohort together.
    cost = np.where(ok, -fit, float(n + 1))
    rows, cols = linear_sum_assignment(cost)

    assignments: list[Assignment] = []
    placed: set[int] = set()
    slots_used: dict[int, int] = {}
    for row, col in sorted(zip(rows.tolist(), cols.tolist(), strict=True), key=lambda rc: rc[1]):
        if not ok[row, col]:
            continue
        need = needs[row]
        candidate = candidates[int(coach_of_slot[col])]
        k = slots_used.get(candidate.coach_id, 0)
        slots_used[candidate.coach_id] = k + 1
        # Explain the pair as the coach will stand once the earlier places are filled.
        at_slot = replace(candidate, load=candidate.load + k)
        factors = tuple(factors_for(need, at_slot, weights))
        assignments.append(
            Assignment(
                need.request_id, need.learner_id, candidate.coach_id, fit_of(factors), factors
            )
        )
        placed.add(row)
    unassigned = [
        Unassigned(
            need.request_id,
            need.learner_id,
            NO_ROOM_LEFT if allowed[row].any() and ok[row].any() else NO_COACH_AT_ALL,
        )
        for row, need in enumerate(needs)
        if row not in placed
    ]
    assignments.sort(key=lambda a: a.request_id)
    return assignments, unassigned
