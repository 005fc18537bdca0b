"""The engine's factors and ranking, with worked examples."""

from __future__ import annotations

from tandem.enrollment.matching.engine import (
    DEFAULT_WEIGHTS,
    Candidate,
    Need,
    factors_for,
    fit_of,
    rank,
)

# Paths: state 0001, agency 00010001, office 000100010001, unit 0001000100010001.
UNIT = "0001000100010001"
OFFICE = "000100010001"
OTHER_OFFICE = "000100010002"
OTHER_AGENCY = "000100020001"


def need(**kwargs: object) -> Need:
    base: dict[str, object] = {"request_id": 1, "learner_id": 1, "unit_path": UNIT}
    return Need(**(base | kwargs))  # type: ignore[arg-type]


def coach(coach_id: int, **kwargs: object) -> Candidate:
    base: dict[str, object] = {
        "coach_id": coach_id,
        "name": f"Coach {coach_id}",
        "office_path": OFFICE,
        "capacity": 4,
    }
    return Candidate(**(base | kwargs))  # type: ignore[arg-type]


def test_factors_perfect_fit_scores_100():
    wanted = need(
        practice_area_ids=frozenset({7}),
        language_id=2,
        modality_ids=frozenset({3}),
        preferred_coach_ids=frozenset({10}),
    )
    offered = coach(
        10,
        practice_area_ids=frozenset({7}),
        language_ids=frozenset({2}),
        modality_ids=frozenset({3}),
    )
    factors = factors_for(wanted, offered, DEFAULT_WEIGHTS)
    assert [f.points for f in factors] == [1.0] * 7
    assert fit_of(factors) == 100.0


def test_factors_worked_example():
    # Wants practice area 7 (coach lacks it), Spanish (has it), phone and video (has video),
    # another office of the same agency, 2 of 4 places taken, no history.
    wanted = need(practice_area_ids=frozenset({7}), language_id=2, modality_ids=frozenset({3, 4}))
    offered = coach(
        10,
        office_path=OTHER_OFFICE,
        language_ids=frozenset({2}),
        modality_ids=frozenset({4}),
        load=2,
    )
    factors = {f.name: f for f in factors_for(wanted, offered, DEFAULT_WEIGHTS)}
    assert {n: f.points for n, f in factors.items()} == {
        "practice_area": 0.0,
        "office": 0.5,
        "language": 1.0,
        "modality": 0.5,
        "load": 0.5,
        "expertise": 1.0,
        "preference": 0.5,
    }
    # (0*5 + .5*3 + 1*4 + .5*2 + .5*3 + 1*2 + .5*2) / 21 = 11 / 21
    assert fit_of(list(factors.values())) == 52.4
    assert factors["load"].reason == "Coaching 2 of up to 4 learners."
    assert factors["modality"].reason == "Offers 1 of the 2 ways of meeting asked for."


def test_rank_orders_by_fit_then_load():
    wanted = need(language_id=2)
    pool = [
        coach(10, language_ids=frozenset({2}), load=3),
        coach(11, language_ids=frozenset(), load=0),
        coach(12, language_ids=frozenset({2}), load=1),
    ]
    suggestions, exclusions = rank(wanted, pool, {}, DEFAULT_WEIGHTS)
    assert [s.coach_id for s in suggestions] == [12, 10, 11]
    assert [s.rank for s in suggestions] == [1, 2, 3]
    assert exclusions == []


def test_rank_excludes_with_every_reason():
    pool = [
        coach(1),  # the learner
        coach(10, load=4),
        coach(11, active=False, inactive_reason="Contract ended on Jan 1, 2026."),
        coach(12),
        coach(13),
    ]
    suggestions, exclusions = rank(
        need(), pool, {12: ["Line supervisor of the learner."]}, DEFAULT_WEIGHTS
    )
    assert [s.coach_id for s in suggestions] == [13]
    assert {e.coach_id: e.reasons for e in exclusions} == {
        1: ("This is the learner.",),
        10: ("At capacity (4 of 4 learners).",),
        11: ("Contract ended on Jan 1, 2026.",),
        12: ("Line supervisor of the learner.",),
    }


def test_weights_change_the_order():
    wanted = need(language_id=2, practice_area_ids=frozenset({7}))
    speaks = coach(10, language_ids=frozenset({2}))
    knows_area = coach(11, practice_area_ids=frozenset({7}))
    by_language = rank(wanted, [speaks, knows_area], {}, DEFAULT_WEIGHTS | {"language": 9})[0]
    by_area = rank(wanted, [speaks, knows_area], {}, DEFAULT_WEIGHTS | {"language": 1})[0]
    assert [s.coach_id for s in by_language] == [10, 11]
    assert [s.coach_id for s in by_area] == [11, 10]


def test_office_other_agency_scores_nothing():
    factors = {f.name: f for f in factors_for(need(), coach(10, office_path=OTHER_AGENCY), {})}
    assert factors["office"].points == 0.0


def test_supervisor_as_coach_is_preferred():
    wanted = need(supervisor_as_coach=True, supervisor_id=10)
    suggestions, _ = rank(wanted, [coach(11), coach(10)], {}, DEFAULT_WEIGHTS)
    assert [s.coach_id for s in suggestions] == [10, 11]


def test_avoided_coach_ranks_below():
    wanted = need(avoided_coach_ids=frozenset({10}))
    suggestions, _ = rank(wanted, [coach(10), coach(11)], {}, DEFAULT_WEIGHTS)
    assert [s.coach_id for s in suggestions] == [11, 10]
