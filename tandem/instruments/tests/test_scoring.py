"""score(): each method, not-applicable answers, bands, red flags and the decision."""

from __future__ import annotations

from tandem.instruments.schema import Band, definition_from_data
from tandem.instruments.scoring import score
from tandem.instruments.tests.builders import data


def _definition(**changes):
    return definition_from_data(data(**changes), origin="check.yaml")


def _with_scores(*rules: dict):
    return _definition(scoring=list(rules), decision=None)


def test_score_counts_yes_and_no_leaving_out_red_flags_and_lists_red_flags():
    report = score(_definition(), {"ready": True, "stressed": True, "listens": 3, "asks": 4})
    # Red-flag "stressed" is left out of the counts: yes = 1 (ready), no = 0.
    assert (report.scores["yes"], report.scores["no"]) == (1, 0)
    assert report.red_flags == ["stressed"]
    assert report.decision == Band("Ready")


def test_score_counts_red_flags_when_not_excluded():
    definition = _with_scores({"key": "all-yes", "label": "Yes", "method": "count_yes"})
    assert score(definition, {"ready": True, "stressed": True}).scores == {"all-yes": 2}


def test_score_decision_uses_equal_branch_on_tie():
    report = score(_definition(), {"ready": False, "stressed": False})
    assert (report.scores["yes"], report.scores["no"]) == (0, 1)
    assert report.decision == Band("Not yet")
    # No yes/no answers at all: 0 against 0 is a tie.
    assert score(_definition(), {}).decision == Band("Talk it through")
    assert score(_definition(), {}).red_flags == []


def test_score_mean_leaves_out_not_applicable_and_unanswered():
    definition = _with_scores(
        {"key": "avg", "label": "Average", "method": "mean", "items": ["listens", "asks", "plans"]},
        {"key": "total", "label": "Total", "method": "sum", "items": ["listens", "asks", "plans"]},
    )
    # listens 4, asks "na" (left out), plans 4 = the rank3 scale's not-applicable value (left out).
    report = score(definition, {"listens": 4, "asks": "na", "plans": 4})
    assert report.scores == {"avg": 4.0, "total": 4}
    # listens 3, asks 2, plans 1: sum 6, mean 6 / 3 = 2.0.
    assert score(definition, {"listens": 3, "asks": 2, "plans": 1}).scores == {
        "avg": 2.0,
        "total": 6,
    }


def test_score_mean_of_no_answers_is_no_score():
    definition = _with_scores({"key": "avg", "label": "Average", "method": "mean"})
    report = score(definition, {"listens": "na", "asks": "na"})
    assert report.scores == {"avg": None}
    assert report.bands == {}


def test_score_mean_selects_all_likert_and_number_items_by_default():
    definition = _with_scores({"key": "avg", "label": "Average", "method": "mean", "items": "all"})
    # listens 4 + asks 2 + plans 3 + minutes 31 = 40 over 4 answers = 10.0; text and yes/no ignored.
    answers = {"listens": 4, "asks": 2, "plans": 3, "minutes": 31, "ready": True, "comments": "x"}
    assert score(definition, answers).scores == {"avg": 10.0}


def test_score_selects_by_section_and_subscale():
    definition = _with_scores(
        {"key": "first", "label": "First", "method": "sum", "section": "about-you"},
        {"key": "skills", "label": "Skills", "method": "sum", "subscale": "skills"},
    )
    assert score(definition, {"listens": 2, "asks": 3, "plans": 1}).scores == {
        "first": 2,
        "skills": 3,
    }


def test_score_paired_totals_leave_out_not_applicable_sides():
    definition = _with_scores(
        {"key": "pro", "label": "Pro", "method": "pro_total"},
        {"key": "anti", "label": "Anti", "method": "anti_total"},
    )
    assert score(definition, {"culture": {"pro": 4, "anti": 2}}).scores == {"pro": 4, "anti": 2}
    assert score(definition, {"culture": {"pro": "na", "anti": 1}}).scores == {
        "pro": None,
        "anti": 1,
    }


def test_score_bands_first_match_and_gap():
    definition = _definition()
    # listens 4 + asks 3 = 7 / 2 = 3.5 → "Strength" (3 to 4).
    assert score(definition, {"listens": 4, "asks": 3}).bands == {
        "mean": Band("Strength", "", 3, 4)
    }
    # listens 3 + asks 2 = 5 / 2 = 2.5 → "Room to grow" (1 to 2.5, inclusive).
    assert score(definition, {"listens": 3, "asks": 2}).bands["mean"].label == "Room to grow"
    # 4 + 3 + 1 ... with only listens 3 and asks 3 → 3.0: the lower edge of "Strength".
    assert score(definition, {"listens": 3, "asks": 3}).bands["mean"].label == "Strength"
    # A score in the gap between bands (2.5 < 2.75 < 3) has no band: not possible with two
    # answers on a 1-4 scale, so narrow the upper band instead.
    value = data()
    value["scoring"][2]["bands"][0]["min"] = 3.6
    assert score(definition_from_data(value, origin="x"), {"listens": 4, "asks": 3}).bands == {}


def test_score_ignores_answers_that_do_not_fit():
    definition = _with_scores({"key": "avg", "label": "Average", "method": "mean"})
    # True is not a rating, 9 is off the scale, "3" is text: only listens 2 counts.
    report = score(definition, {"listens": 2, "asks": True, "plans": 9, "minutes": "3"})
    assert report.scores == {"avg": 2.0}


def test_score_decision_is_none_when_a_compared_score_is_missing():
    value = data()
    value["decision"]["compare"] = ["yes", "mean"]
    definition = definition_from_data(value, origin="x")
    assert score(definition, {"ready": True}).decision is None
    # yes 1 vs mean (listens 1) 1.0: equal.
    assert score(definition, {"ready": True, "listens": 1}).decision == Band("Talk it through")
