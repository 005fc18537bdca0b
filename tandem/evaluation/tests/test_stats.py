"""The evaluation statistics against small data sets worked by hand (the arithmetic is in the
comments). Plain functions: no database."""

import math
from dataclasses import replace

import pytest

from tandem.evaluation.stats import (
    EFFECT_SIZE_NAME,
    T_TEST,
    WILCOXON,
    SurvivalAt,
    median_and_p90,
    paired_change,
    survival,
)

Z_975 = 1.959963984540054  # standard normal 97.5th percentile


# paired_change: t-test -----------------------------------------------------------------------


def test_paired_change_t_test_hand_worked():
    # differences after - before = [2, 1, 1, 3, 2]; mean 9/5 = 1.8
    # deviations [0.2, -0.8, -0.8, 1.2, 0.2], squares sum 0.04+0.64+0.64+1.44+0.04 = 2.8
    # SD = √(2.8/4) = √0.7 = 0.83666; d_z = 1.8 / 0.83666 = 2.1514
    # SE = 0.83666/√5 = 0.374166; t = 1.8/0.374166 = 4.8107 on 4 df, two-sided p = 0.00858
    # CI = 1.8 ± t(0.975, 4)·SE = 1.8 ± 2.776445·0.374166 = 1.8 ± 1.038851 -> [0.761149, 2.838851]
    result = paired_change([2, 3, 5, 4, 6], [4, 4, 6, 7, 8])

    assert (result.n, result.dropped, result.test) == (5, 0, T_TEST)
    assert (result.mean_before, result.mean_after) == (4.0, 5.8)
    assert result.mean_difference == pytest.approx(1.8)
    assert result.sd_difference == pytest.approx(math.sqrt(0.7))
    assert result.effect_size == pytest.approx(1.8 / math.sqrt(0.7))
    assert result.effect_size == pytest.approx(2.1514, abs=1e-4)
    assert result.effect_size_name == EFFECT_SIZE_NAME == "Cohen's d_z (paired)"
    half_width = 2.7764451051977934 * math.sqrt(0.7) / math.sqrt(5)
    assert result.ci == pytest.approx((1.8 - half_width, 1.8 + half_width))
    assert result.ci == pytest.approx((0.761149, 2.838851), abs=1e-6)
    assert result.statistic == pytest.approx(1.8 / (math.sqrt(0.7) / math.sqrt(5)))
    assert result.p_value == pytest.approx(0.008581, abs=1e-6)
    assert result.confidence_level == 0.95


def test_paired_change_negative_change_keeps_sign():
    # same pairs the other way round: differences [-2, -1, -1, -3, -2]
    result = paired_change([4, 4, 6, 7, 8], [2, 3, 5, 4, 6])

    assert result.mean_difference == pytest.approx(-1.8)
    assert result.effect_size == pytest.approx(-2.1514, abs=1e-4)
    assert result.ci == pytest.approx((-2.838851, -0.761149), abs=1e-6)


# paired_change: Wilcoxon signed-rank ---------------------------------------------------------


def test_paired_change_wilcoxon_with_ties_and_zeros_hand_worked():
    # differences [2, 0, 1, 1, 1, -1, 2]; zero_method="wilcox" drops the 0 -> 6 differences
    # |d| = 1,1,1,1 take ranks 1-4 (2.5 each), |d| = 2,2 take ranks 5-6 (5.5 each)
    # T- = 2.5 (the one -1), T+ = 3·2.5 + 2·5.5 = 18.5; statistic = min = 2.5
    # ties -> all 2^6 = 64 sign patterns: T- <= 2.5 for {} and each single 2.5 -> 5 patterns,
    # likewise T+ <= 2.5 -> 5; p = 10/64 = 0.15625
    result = paired_change([2, 3, 3, 4, 2, 3, 1], [4, 3, 4, 5, 3, 2, 3], ordinal=True)

    assert (result.n, result.test) == (7, WILCOXON)
    assert result.statistic == 2.5
    assert result.p_value == pytest.approx(10 / 64)
    # the mean difference and its interval are reported whatever the test
    assert result.mean_difference == pytest.approx(6 / 7)


def test_paired_change_wilcoxon_exact_without_ties_hand_worked():
    # differences [1, -2, 3, 4, 5, 6]: distinct, no zeros -> exact distribution
    # T- = 2; subsets of {1..6} with sum <= 2: {}, {1}, {2} = 3 of 64; two-sided p = 6/64
    result = paired_change([5, 5, 5, 5, 5, 5], [6, 3, 8, 9, 10, 11], ordinal=True)

    assert result.statistic == 2.0
    assert result.p_value == pytest.approx(6 / 64)


def test_paired_change_wilcoxon_normal_approximation_beyond_13_tied_pairs():
    # 20 differences of +1: all tied, rank 10.5 each; T- = 0
    # mean n(n+1)/4 = 105; variance n(n+1)(2n+1)/24 - Σ(t³-t)/48 = 717.5 - 7980/48 = 551.25
    # z = -105/√551.25 = -√20; p = 2Φ(-√20) = erfc(√10)
    result = paired_change([3] * 20, [4] * 20, ordinal=True)

    assert result.statistic == 0.0
    assert result.p_value == pytest.approx(math.erfc(math.sqrt(10)))
    # every difference is the same: no SD-based figure
    assert (result.sd_difference, result.ci, result.effect_size) == (0.0, None, None)


def test_paired_change_wilcoxon_eleven_tied_pairs_use_the_normal_approximation_quickly():
    # 11 differences: six +1, four +2, one -1 (ties) -> normal approximation with tie correction
    # ranks of |d|: the seven 1s share rank 4, the four 2s rank 9.5; T- = 4 (the one -1)
    # mean 11·12/4 = 33; variance 11·12·23/24 - ((7³-7) + (4³-4))/48 = 126.5 - 8.25 = 118.25
    # z = (4 - 33)/√118.25; p = 2Φ(z) = erfc(29/√(2·118.25))
    before = [3] * 11
    after = [4] * 6 + [5] * 4 + [2]
    result = paired_change(before, after, ordinal=True)

    assert result.statistic == 4.0
    assert result.p_value == pytest.approx(math.erfc(29 / math.sqrt(2 * 118.25)))


def test_paired_change_wilcoxon_all_differences_zero_has_no_p_value():
    result = paired_change([3, 4, 2], [3, 4, 2], ordinal=True)

    assert (result.n, result.mean_difference) == (3, 0.0)
    assert (result.statistic, result.p_value) == (None, None)
    assert (result.ci, result.effect_size) == (None, None)


# paired_change: edge cases -------------------------------------------------------------------


def test_paired_change_lengths_differ_raises():
    with pytest.raises(ValueError, match="got 3 before values and 2 after values"):
        paired_change([1, 2, 3], [1, 2])


def test_paired_change_infinite_value_raises():
    with pytest.raises(ValueError, match="after holds an infinite value"):
        paired_change([1, 2], [1, math.inf])


def test_paired_change_missing_values_drop_the_pair():
    # pairs 2 (after None) and 4 (before NaN) go; what is left is the hand-worked t-test set
    before = [2, 9, 3, 5, math.nan, 4, 6]
    after = [4, None, 4, 6, 1, 7, 8]

    result = paired_change(before, after)

    assert (result.n, result.dropped) == (5, 2)
    assert result == replace(paired_change([2, 3, 5, 4, 6], [4, 4, 6, 7, 8]), dropped=2)


def test_paired_change_no_complete_pairs():
    result = paired_change([None, 1], [2, math.nan])

    assert (result.n, result.dropped) == (0, 2)
    assert (result.mean_before, result.mean_after, result.mean_difference) == (None, None, None)
    assert (result.ci, result.effect_size, result.p_value) == (None, None, None)


def test_paired_change_empty():
    result = paired_change([], [])

    assert (result.n, result.dropped, result.mean_difference, result.p_value) == (0, 0, None, None)


@pytest.mark.parametrize("ordinal", [False, True])
def test_paired_change_one_pair_has_means_only(ordinal):
    result = paired_change([2], [5], ordinal=ordinal)

    assert (result.n, result.mean_before, result.mean_after, result.mean_difference) == (
        1,
        2.0,
        5.0,
        3.0,
    )
    assert (result.sd_difference, result.ci, result.effect_size) == (None, None, None)
    assert (result.statistic, result.p_value) == (None, None)


def test_paired_change_equal_differences_leave_t_test_undefined():
    # differences [1, 1, 1]: SD 0, so t = 1/0 and d_z = 1/0 are undefined
    result = paired_change([1, 2, 3], [2, 3, 4])

    assert (result.mean_difference, result.sd_difference) == (1.0, 0.0)
    assert (result.ci, result.effect_size, result.statistic, result.p_value) == (
        None,
        None,
        None,
        None,
    )


def test_paired_change_equal_differences_still_have_a_wilcoxon_test():
    # differences [1, 1, 1] all positive, tied: T- = 0; 2 of 2^3 patterns as extreme -> p = 2/8
    result = paired_change([1, 2, 3], [2, 3, 4], ordinal=True)

    assert (result.statistic, result.p_value) == (0.0, 0.25)
    assert (result.ci, result.effect_size) == (None, None)


def test_paired_change_rounding_noise_counts_as_equal_differences():
    # 0.7 - 0.6 and 0.3 - 0.2 differ only by floating-point rounding
    result = paired_change([0.6, 0.2], [0.7, 0.3])

    assert result.mean_difference == pytest.approx(0.1)
    assert (result.sd_difference, result.effect_size, result.p_value) == (0.0, None, None)


# survival (Kaplan–Meier) ---------------------------------------------------------------------

# 8 staff: days to leaving (event) or to the end of follow-up still employed (censored, "+")
#   3, 5, 5+, 8, 10+, 12, 15+, 20+
# day  at risk n  left d  S = Π(1 - d/n)             Greenwood Σ d/(n(n-d))
#  3       8        1     7/8          = 0.875        1/56
#  5       7        1     0.875·6/7    = 0.75         1/56 + 1/42            = 1/24
#  8       5        1     0.75·4/5     = 0.6          1/24 + 1/20
# 12       3        1     0.6·2/3      = 0.4          1/24 + 1/20 + 1/6      = 0.258333
# (the person censored on day 5 still counts at risk on day 5)
DURATIONS = [3, 5, 5, 8, 10, 12, 15, 20]
OBSERVED = [True, True, False, True, False, True, False, False]


def log_log_interval(s, greenwood_sum):
    # exponential Greenwood: V = Σ/(ln S)², bounds S^exp(±z·√V)
    v = greenwood_sum / math.log(s) ** 2
    return s ** math.exp(Z_975 * math.sqrt(v)), s ** math.exp(-Z_975 * math.sqrt(v))


def test_survival_kaplan_meier_two_days_hand_worked():
    result = survival(DURATIONS, OBSERVED, at_days=[6, 13])

    day6, day13 = result.at
    # day 6: S = 0.75 (last drop on day 5); followed >= 6 days: 8, 10, 12, 15, 20 -> 5
    # V = (1/24)/ln(0.75)² = 0.041667/0.082761 = 0.503458; z√V = 1.390688
    # low = 0.75^e^1.390688 = 0.75^4.01761 = 0.314807; high = 0.75^0.248904 = 0.930898
    assert (day6.day, day6.at_risk) == (6, 5)
    assert day6.survival == pytest.approx(0.75)
    assert (day6.low, day6.high) == pytest.approx(log_log_interval(0.75, 1 / 24))
    assert (day6.low, day6.high) == pytest.approx((0.314807, 0.930898), abs=1e-6)
    # day 13: S = 0.4; followed >= 13 days: 15, 20 -> 2
    # V = 0.258333/ln(0.4)² = 0.258333/0.839589 = 0.307690; z√V = 1.087189
    # low = 0.4^2.96592 = 0.066030; high = 0.4^0.337163 = 0.734225
    assert (day13.day, day13.at_risk) == (13, 2)
    assert day13.survival == pytest.approx(0.4)
    assert (day13.low, day13.high) == pytest.approx(log_log_interval(0.4, 1 / 24 + 1 / 20 + 1 / 6))
    assert (day13.low, day13.high) == pytest.approx((0.066030, 0.734225), abs=1e-6)
    assert (result.n, result.events, result.censored, result.last_day) == (8, 4, 4, 20.0)
    assert result.ci_method == "log-log (exponential Greenwood)"


def test_survival_includes_departures_on_the_day_itself():
    result = survival(DURATIONS, OBSERVED, at_days=[2, 3, 5])

    assert [p.survival for p in result.at] == pytest.approx([1.0, 0.875, 0.75])
    assert [p.at_risk for p in result.at] == [8, 8, 7]


def test_survival_before_the_first_departure_is_one_to_one():
    result = survival(DURATIONS, OBSERVED, at_days=[0])

    assert result.at[0] == SurvivalAt(0, 1.0, 1.0, 1.0, 8)


def test_survival_steps_cover_every_distinct_day():
    result = survival(DURATIONS, OBSERVED, at_days=[])

    assert [(s.day, s.at_risk, s.events, s.censored) for s in result.steps] == [
        (3.0, 8, 1, 0),
        (5.0, 7, 1, 1),
        (8.0, 5, 1, 0),
        (10.0, 4, 0, 1),
        (12.0, 3, 1, 0),
        (15.0, 2, 0, 1),
        (20.0, 1, 0, 1),
    ]
    assert [s.survival for s in result.steps] == pytest.approx(
        [0.875, 0.75, 0.6, 0.6, 0.4, 0.4, 0.4]
    )
    # day 8: Σ = 1/24 + 1/20; low 0.195496, high 0.852254
    assert (result.steps[2].low, result.steps[2].high) == pytest.approx(
        log_log_interval(0.6, 1 / 24 + 1 / 20)
    )


def test_survival_past_the_longest_follow_up_is_not_estimated():
    # the last person (day 20) was still employed: nobody was followed to day 25
    result = survival(DURATIONS, OBSERVED, at_days=[20, 25])

    assert result.at[0].survival == pytest.approx(0.4)
    assert result.at[0].at_risk == 1
    assert result.at[1] == SurvivalAt(25, None, None, None, 0)


def test_survival_everybody_left_stays_zero_without_interval():
    # 1, 2, 3 all left: S = 2/3, 1/3, 0; log-log is undefined at S = 0
    result = survival([1, 2, 3], [True, True, True], at_days=[2, 3, 30])

    assert result.at[0].survival == pytest.approx(1 / 3)
    assert [(p.survival, p.low, p.high, p.at_risk) for p in result.at[1:]] == [
        (0.0, None, None, 1),
        (0.0, None, None, 0),
    ]


def test_survival_nobody_left_is_one_until_the_last_follow_up():
    result = survival([30, 60], [False, False], at_days=[30, 60, 61])

    assert [(p.survival, p.low, p.high) for p in result.at] == [
        (1.0, 1.0, 1.0),
        (1.0, 1.0, 1.0),
        (None, None, None),
    ]
    assert (result.events, result.censored) == (0, 2)


def test_survival_empty():
    result = survival([], [], at_days=[30, 90])

    assert (result.n, result.last_day, result.steps) == (0, None, ())
    assert [(p.day, p.survival, p.low, p.high, p.at_risk) for p in result.at] == [
        (30, None, None, None, 0),
        (90, None, None, None, 0),
    ]


def test_survival_lengths_differ_raises():
    with pytest.raises(ValueError, match="got 2 durations and 1 observed flags"):
        survival([1, 2], [True], at_days=[1])


@pytest.mark.parametrize("durations", [[-1, 2], [math.nan, 2]])
def test_survival_bad_duration_raises(durations):
    with pytest.raises(ValueError, match="zero or more"):
        survival(durations, [True, True], at_days=[1])


# median_and_p90 ------------------------------------------------------------------------------


def test_median_and_p90_hand_worked():
    # 1..10, linear (type 7): rank 1 + p(n-1); median rank 5.5 -> 5.5;
    # p90 rank 1 + 0.9·9 = 9.1 -> 9 + 0.1·(10 - 9) = 9.1
    assert median_and_p90([7, 1, 10, 3, 2, 9, 4, 8, 6, 5]) == pytest.approx((5.5, 9.1))


def test_median_and_p90_leaves_out_missing_values():
    # [2, 4, 40]: median 4; p90 rank 1 + 0.9·2 = 2.8 -> 4 + 0.8·(40 - 4) = 32.8
    assert median_and_p90([2, None, 40, math.nan, 4]) == pytest.approx((4.0, 32.8))


def test_median_and_p90_one_value():
    assert median_and_p90([12]) == (12.0, 12.0)


def test_median_and_p90_no_values():
    assert median_and_p90([]) == (None, None)
    assert median_and_p90([None]) == (None, None)
