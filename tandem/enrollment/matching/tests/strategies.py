"""Hypothesis strategies for needs and coach pools (pure engine inputs)."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from tandem.enrollment.matching.engine import EXPERTISE_ORDER, Candidate, Need

PATHS = [
    "0001000100010001",
    "0001000100010002",
    "0001000100020001",
    "0001000200010001",
]
OFFICES = ["000100010001", "000100010002", "000100020001", "00010001", "0001"]
small_ids = st.frozensets(st.integers(1, 4), max_size=3)


@st.composite
def candidates(draw: st.DrawFn, coach_id: int) -> Candidate:
    capacity = draw(st.integers(0, 3))
    return Candidate(
        coach_id=coach_id,
        name=f"Coach {coach_id}",
        office_path=draw(st.sampled_from(OFFICES)),
        practice_area_ids=draw(small_ids),
        language_ids=draw(small_ids),
        modality_ids=draw(small_ids),
        expertise=draw(st.sampled_from(EXPERTISE_ORDER)),
        capacity=capacity,
        load=draw(st.integers(0, capacity + 1)),
        active=draw(st.booleans() | st.just(True)),
        trainings=tuple((m, date(2026, m, 1)) for m in sorted(draw(small_ids))),
    )


@st.composite
def needs(draw: st.DrawFn, request_id: int, coach_ids: list[int]) -> Need:
    return Need(
        request_id=request_id,
        learner_id=request_id,
        unit_path=draw(st.sampled_from(PATHS)),
        practice_area_ids=draw(small_ids),
        language_id=draw(st.none() | st.integers(1, 4)),
        modality_ids=draw(small_ids),
        wanted_expertise=draw(st.none() | st.sampled_from(EXPERTISE_ORDER)),
        preferred_coach_ids=draw(st.frozensets(st.sampled_from(coach_ids), max_size=1))
        if coach_ids
        else frozenset(),
        avoided_coach_ids=draw(st.frozensets(st.sampled_from(coach_ids), max_size=1))
        if coach_ids
        else frozenset(),
        model_id=draw(st.none() | st.integers(1, 4)),
        model_name="GROW",
    )


@st.composite
def instances(
    draw: st.DrawFn, max_needs: int = 5, max_coaches: int = 3
) -> tuple[list[Need], list[Candidate], dict[int, dict[int, list[str]]], dict[str, int]]:
    coach_ids = list(range(100, 100 + draw(st.integers(0, max_coaches))))
    pool = [draw(candidates(coach_id)) for coach_id in coach_ids]
    wanted = [draw(needs(i, coach_ids)) for i in range(1, draw(st.integers(1, max_needs)) + 1)]
    excluded: dict[int, dict[int, list[str]]] = {}
    for need in wanted:
        for coach_id in draw(st.lists(st.sampled_from(coach_ids), max_size=2)) if coach_ids else []:
            excluded.setdefault(need.request_id, {})[coach_id] = ["Excluded."]
    weights = draw(
        st.fixed_dictionaries(
            {
                name: st.integers(0, 9)
                for name in (
                    "practice_area",
                    "office",
                    "language",
                    "modality",
                    "load",
                    "expertise",
                    "preference",
                    "training",
                )
            }
        )
    )
    return wanted, pool, excluded, weights
