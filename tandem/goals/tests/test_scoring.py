"""The GAS T-score against values worked out by hand (DOMAIN.md §6, ρ = 0.3):

T = 50 + 10 · Σ(wᵢxᵢ) / √((1 − ρ)·Σwᵢ² + ρ·(Σwᵢ)²)
"""

import math

import pytest

from tandem.goals.scoring import ScoredGoal, gas_t_score, goals_t_score, t_score_meaning


def test_gas_t_score_single_goal_at_each_level():
    # One goal, w = 1: the denominator is √(0.7·1 + 0.3·1²) = √1 = 1, so T = 50 + 10·x.
    assert [gas_t_score([x]) for x in (-2, -1, 0, 1, 2)] == [30.0, 40.0, 50.0, 60.0, 70.0]


def test_gas_t_score_all_goals_at_expected_is_50():
    # Σwx = 0 whatever the weights.
    assert gas_t_score([0, 0, 0]) == 50.0
    assert gas_t_score([0, 0], weights=[3, 1]) == 50.0


def test_gas_t_score_unweighted_two_goals():
    # x = (1, 2): Σx = 3; √(0.7·2 + 0.3·2²) = √(1.4 + 1.2) = √2.6 = 1.612452
    # T = 50 + 10 · 3 / 1.612452 = 50 + 18.605210 = 68.605210
    assert gas_t_score([1, 2]) == pytest.approx(68.605210, abs=1e-6)


def test_gas_t_score_unweighted_mixed_goals_cancel():
    # x = (1, 0, −1): Σx = 0 → T = 50.
    assert gas_t_score([1, 0, -1]) == 50.0


def test_gas_t_score_extremes_with_three_goals():
    # x = (2, 2, 2): Σx = 6; √(0.7·3 + 0.3·3²) = √(2.1 + 2.7) = √4.8 = 2.190890
    # T = 50 + 10 · 6 / 2.190890 = 50 + 27.386128 = 77.386128; all −2 mirrors it: 22.613872
    assert gas_t_score([2, 2, 2]) == pytest.approx(77.386128, abs=1e-6)
    assert gas_t_score([-2, -2, -2]) == pytest.approx(22.613872, abs=1e-6)


def test_gas_t_score_weighted():
    # x = (1, −1), w = (2, 1): Σwx = 2 − 1 = 1; Σw² = 5; (Σw)² = 9
    # √(0.7·5 + 0.3·9) = √(3.5 + 2.7) = √6.2 = 2.489980; T = 50 + 10/2.489980 = 54.016097
    assert gas_t_score([1, -1], weights=[2, 1]) == pytest.approx(54.016097, abs=1e-6)


def test_gas_t_score_equal_weights_equal_unweighted():
    assert gas_t_score([1, 2], weights=[3, 3]) == pytest.approx(gas_t_score([1, 2]))


def test_gas_t_score_rho_zero():
    # ρ = 0: √(Σw²) = √2; T = 50 + 10 · 2 / √2 = 50 + 14.142136
    assert gas_t_score([1, 1], rho=0) == pytest.approx(50 + 20 / math.sqrt(2))


@pytest.mark.parametrize(
    "levels,weights",
    [([], None), ([3], None), ([-2.5], None), ([1], [0]), ([1], [-1]), ([1, 2], [1])],
)
def test_gas_t_score_rejects_bad_input(levels, weights):
    with pytest.raises(ValueError):
        gas_t_score(levels, weights)


def test_goals_t_score_skips_goals_without_a_rating_after_baseline():
    goals = [ScoredGoal(1), ScoredGoal(None), ScoredGoal(2)]
    assert goals_t_score(goals) == pytest.approx(68.605210, abs=1e-6)
    assert goals_t_score([ScoredGoal(None)]) is None


def test_goals_t_score_counts_a_goal_without_weight_as_1():
    goals = [ScoredGoal(1, weight=2), ScoredGoal(-1)]
    assert goals_t_score(goals) == pytest.approx(54.016097, abs=1e-6)


def test_t_score_meaning_in_plain_words():
    assert t_score_meaning(50.2) == "Goals met as expected."
    assert t_score_meaning(60) == "Better than expected, on average across goals."
    assert t_score_meaning(40) == "Not yet where expected, on average across goals."
    assert t_score_meaning(None) == "No ratings since the baseline yet."
