"""The statistics behind program evaluation: change from before to after, how long people stay,
and time in each stage (issue #14, docs/EVALUATION.md).

Plain functions over numbers: no models, no database, no privacy decisions. The callers decide
which people's figures go in and whether a figure may be shown (`tandem.privacy.suppression`).
The docstrings say exactly which method and definition each function uses; docs/EVALUATION.md
quotes them, so keep them in step with the code.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import stats

CONFIDENCE_LEVEL = 0.95
EFFECT_SIZE_NAME = "Cohen's d_z (paired)"
T_TEST = "paired t-test"
WILCOXON = "Wilcoxon signed-rank test"
CI_METHOD = "log-log (exponential Greenwood)"

# Differences that vary by less than this share of their size are equal: what is left is
# floating-point rounding (0.7 - 0.6 vs 0.2 - 0.1), and a t-test or d_z over it means nothing.
_RELATIVE_SPREAD = 1e-12


@dataclass(frozen=True)
class PairedChange:
    """Change from a before to an after measure of the same people. None = not defined here."""

    n: int  # pairs analysed
    dropped: int  # pairs left out because the before or the after value was missing
    mean_before: float | None
    mean_after: float | None
    mean_difference: float | None  # after - before
    sd_difference: float | None  # ddof=1
    ci: tuple[float, float] | None  # of the mean difference, t-based
    effect_size: float | None
    test: str
    statistic: float | None  # t, or the Wilcoxon signed-rank statistic min(T+, T-)
    p_value: float | None  # two-sided
    effect_size_name: str = EFFECT_SIZE_NAME
    confidence_level: float = CONFIDENCE_LEVEL


def paired_change(
    before: Sequence[float | None], after: Sequence[float | None], *, ordinal: bool = False
) -> PairedChange:
    """Change from `before` to `after`, one pair per person (same order in both).

    - Missing values (None or NaN) drop the whole pair; `dropped` says how many pairs.
    - Difference = after - before. Mean difference with its 95% confidence interval from the
      t distribution with n-1 degrees of freedom: mean ± t(0.975, n-1) · SD / √n
      (`scipy.stats.ttest_rel(after, before).confidence_interval(0.95)`).
    - Effect size: Cohen's d_z = mean difference / standard deviation of the differences
      (ddof=1).
    - Test, two-sided: the paired t-test (`scipy.stats.ttest_rel`) by default; with
      `ordinal=True` (rating scales) the Wilcoxon signed-rank test (`scipy.stats.wilcoxon`,
      zero_method="wilcox": pairs with no change are left out of the ranking, as in Wilcoxon's
      original test; method="auto": exact null distribution up to 50 pairs without ties or
      zeros, all sign permutations up to 13 pairs with ties or zeros, normal approximation
      beyond).
    - Fewer than 2 pairs: means only (no SD, interval, effect size or test). Differences that
      are all the same: no SD-based figure (interval, d_z, t-test are undefined); the Wilcoxon
      test still runs unless every difference is zero (then its p-value is None).
    """
    if len(before) != len(after):
        raise ValueError(
            f"before and after must have one value per person: got {len(before)} before "
            f"values and {len(after)} after values"
        )
    before_all, after_all = _floats(before, "before"), _floats(after, "after")
    complete = ~(np.isnan(before_all) | np.isnan(after_all))
    b, a = before_all[complete], after_all[complete]
    n = int(b.size)
    test = WILCOXON if ordinal else T_TEST
    if n == 0:
        return PairedChange(n, len(before), None, None, None, None, None, None, test, None, None)
    differences = a - b
    mean_difference = float(np.mean(differences))
    change = PairedChange(
        n=n,
        dropped=len(before) - n,
        mean_before=float(np.mean(b)),
        mean_after=float(np.mean(a)),
        mean_difference=mean_difference,
        sd_difference=None,
        ci=None,
        effect_size=None,
        test=test,
        statistic=None,
        p_value=None,
    )
    if n < 2:
        return change
    if ordinal:
        statistic, p_value = _wilcoxon(a, b, differences)
        change = replace(change, statistic=statistic, p_value=p_value)
    if _spread(differences) <= _RELATIVE_SPREAD * float(np.max(np.abs(differences))):
        # All differences are equal: the interval, d_z and the t-test are undefined.
        return replace(change, sd_difference=0.0)
    sd = float(np.std(differences, ddof=1))
    t_test = stats.ttest_rel(a, b)
    interval = t_test.confidence_interval(CONFIDENCE_LEVEL)
    change = replace(
        change,
        sd_difference=sd,
        ci=(float(interval.low), float(interval.high)),
        effect_size=mean_difference / sd,
    )
    if not ordinal:
        change = replace(change, statistic=float(t_test.statistic), p_value=float(t_test.pvalue))
    return change


EXACT_WITH_TIES_UP_TO = 10


def _wilcoxon(
    after: NDArray[np.float64], before: NDArray[np.float64], differences: NDArray[np.float64]
) -> tuple[float | None, float | None]:
    if not np.any(differences):  # nobody changed: there is nothing to rank
        return None, None
    nonzero = differences[differences != 0]
    ties = len(np.unique(np.abs(nonzero))) < len(nonzero) or len(nonzero) < len(differences)
    # SciPy's "auto" enumerates every sign pattern when there are ties or zeros (up to 13
    # pairs), which takes most of a second at 13: beyond EXACT_WITH_TIES_UP_TO pairs such data
    # get the normal approximation with the tie correction, as R's wilcox.test does.
    method = "approx" if ties and len(nonzero) > EXACT_WITH_TIES_UP_TO else "auto"
    result = stats.wilcoxon(after, before, zero_method="wilcox", method=method)
    return float(result.statistic), float(result.pvalue)


def _spread(values: NDArray[np.float64]) -> float:
    return float(np.max(values) - np.min(values))


def _floats(values: Sequence[float | None], name: str) -> NDArray[np.float64]:
    array = np.array([math.nan if v is None else v for v in values], dtype=np.float64)
    if np.isinf(array).any():
        raise ValueError(f"{name} holds an infinite value")
    return array


@dataclass(frozen=True)
class SurvivalAt:
    """The estimate on one requested day. `survival` is None past the longest follow-up."""

    day: int
    survival: float | None
    low: float | None
    high: float | None
    at_risk: int  # people followed at least this many days (duration >= day)


@dataclass(frozen=True)
class Step:
    """One point of the curve: the estimate from this day until the next step's day."""

    day: float
    survival: float
    low: float | None
    high: float | None
    at_risk: int
    events: int  # left on this day
    censored: int  # follow-up ended on this day, still employed


@dataclass(frozen=True)
class Survival:
    n: int
    events: int
    censored: int
    last_day: float | None  # the longest follow-up; None when there is nobody
    at: tuple[SurvivalAt, ...]
    steps: tuple[Step, ...]
    confidence_level: float = CONFIDENCE_LEVEL
    ci_method: str = CI_METHOD


def survival(
    durations_days: Sequence[float], observed: Sequence[bool], *, at_days: Sequence[int]
) -> Survival:
    """Kaplan–Meier estimate of the share still employed (retention), with right censoring.

    - One person per index: `durations_days` from the start to leaving (`observed=True`) or
      to the end of follow-up while still employed (`observed=False`, right-censored).
    - S(t) = Π over days tᵢ ≤ t with departures of (1 − dᵢ/nᵢ), dᵢ = departures on day tᵢ,
      nᵢ = people followed at least tᵢ days (someone censored on tᵢ still counts at risk on tᵢ).
      Computed by `scipy.stats.ecdf(scipy.stats.CensoredData(uncensored=..., right=...)).sf`.
      S(t) includes the departures on day t itself.
    - 95% pointwise confidence interval: `.sf.confidence_interval(0.95, method="log-log")`,
      the log-log ("exponential Greenwood") interval, which stays within 0..1. Before the first
      departure S = 1 and the interval is 1 to 1 (Greenwood variance 0); where S = 0 the
      log-log interval is undefined and `low`/`high` are None.
    - `at_risk` on day t = people whose duration is at least t.
    - Days past the longest follow-up: `survival`, `low`, `high` are None (nobody was followed
      that long), except that S = 0 stays 0 once everybody has left. No people: every figure is
      None and `steps` is empty.
    - `steps`: one per distinct duration (departure or censoring), in order; the curve is 1
      before the first step.
    """
    durations = np.asarray(durations_days, dtype=np.float64)
    left = np.asarray(observed, dtype=bool)
    if durations.shape != left.shape:
        raise ValueError(
            f"durations_days and observed must have one value per person: got "
            f"{durations.size} durations and {left.size} observed flags"
        )
    if not np.isfinite(durations).all() or (durations < 0).any():
        raise ValueError("every duration must be a number of days, zero or more")
    if any(day < 0 for day in at_days):
        raise ValueError("at_days must be zero or more")
    if durations.size == 0:
        nobody = tuple(SurvivalAt(day, None, None, None, 0) for day in at_days)
        return Survival(0, 0, 0, None, nobody, ())

    sf = stats.ecdf(stats.CensoredData(uncensored=durations[left], right=durations[~left])).sf
    with warnings.catch_warnings():
        # SciPy warns where the log-log interval is undefined (S = 0 or 1); _estimate handles it.
        warnings.filterwarnings("ignore", "The confidence interval is undefined", RuntimeWarning)
        interval = sf.confidence_interval(CONFIDENCE_LEVEL, method="log-log")
    last_day = float(durations.max())

    steps = []
    for day in np.unique(durations).tolist():
        on_day = durations == day
        steps.append(
            Step(
                day,
                *_estimate(sf, interval, day),
                at_risk=int(np.count_nonzero(durations >= day)),
                events=int(np.count_nonzero(on_day & left)),
                censored=int(np.count_nonzero(on_day & ~left)),
            )
        )
    points = []
    for day in at_days:
        s, low, high = _estimate(sf, interval, day)
        if day > last_day and s > 0:  # nobody was followed that long
            points.append(SurvivalAt(day, None, None, None, 0))
        else:
            points.append(SurvivalAt(day, s, low, high, int(np.count_nonzero(durations >= day))))
    events = int(np.count_nonzero(left))
    return Survival(
        n=int(durations.size),
        events=events,
        censored=int(durations.size) - events,
        last_day=last_day,
        at=tuple(points),
        steps=tuple(steps),
    )


def _estimate(sf: Any, interval: Any, day: float) -> tuple[float, float | None, float | None]:
    """S(day) and its interval. Until the first departure S = 1 and so is each bound; where
    the log-log interval is undefined (S = 0) the bounds are None."""
    s = float(sf.evaluate(day))
    if s == 1.0:
        return 1.0, 1.0, 1.0
    low, high = float(interval.low.evaluate(day)), float(interval.high.evaluate(day))
    return s, None if math.isnan(low) else low, None if math.isnan(high) else high


def median_and_p90(values: Sequence[float | None]) -> tuple[float | None, float | None]:
    """Median and 90th percentile, e.g. of days spent in a stage.

    `numpy.percentile(values, [50, 90])` with its default "linear" method (Hyndman & Fan type
    7, the same as R's default and spreadsheets' PERCENTILE.INC): the value at rank
    1 + p·(n − 1) of the sorted values, interpolating between neighbours. Missing values (None
    or NaN) are left out; with no values, (None, None).
    """
    array = np.array([math.nan if v is None else v for v in values], dtype=np.float64)
    array = array[~np.isnan(array)]
    if array.size == 0:
        return None, None
    median, p90 = np.percentile(array, [50, 90])
    return float(median), float(p90)
