"""The Goal Attainment Scaling T-score (Kiresuk & Sherman 1968; DOMAIN.md §6). Pure functions.

    T = 50 + 10 · Σ(wᵢ·xᵢ) / √((1 − ρ)·Σwᵢ² + ρ·(Σwᵢ)²)

xᵢ is the level reached on goal i (−2 … +2), wᵢ its weight (1 when unweighted) and ρ the
assumed correlation between goals (0.3 by convention). What users are shown:
50 = goals met as expected on average; above 50 = better than expected; below 50 = less than
expected; the range runs from about 20 to about 80. See docs/GOALS.md.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

Number = int | float | Decimal

RHO = 0.3


def gas_t_score(
    levels: Sequence[Number], weights: Sequence[Number] | None = None, rho: float = RHO
) -> float:
    """The Kiresuk–Sherman T-score of a set of goal levels, exactly as in DOMAIN.md §6."""
    if not levels:
        raise ValueError("A T-score needs at least one rated goal.")
    xs = [float(x) for x in levels]
    if any(x < -2 or x > 2 for x in xs):
        raise ValueError("Every level must be between -2 and +2.")
    ws = [1.0] * len(xs) if weights is None else [float(w) for w in weights]
    if len(ws) != len(xs):
        raise ValueError("Give one weight per goal.")
    if any(w <= 0 for w in ws):
        raise ValueError("Every weight must be more than 0.")
    if not 0 <= rho < 1:
        raise ValueError("rho must be at least 0 and less than 1.")
    weighted_sum = sum(w * x for w, x in zip(ws, xs, strict=True))
    spread = math.sqrt((1 - rho) * sum(w * w for w in ws) + rho * sum(ws) ** 2)
    return 50 + 10 * weighted_sum / spread


@dataclass(frozen=True)
class ScoredGoal:
    """What the T-score needs of one goal: its latest rating after baseline, and its weight."""

    latest_level: Number | None
    weight: Number | None = None


def goals_t_score(goals: Sequence[ScoredGoal]) -> float | None:
    """The T-score of a learner or an engagement over its goals' latest ratings.

    Goals not yet rated since their baseline do not count; a goal without a weight counts
    with weight 1. None when no goal has a rating yet."""
    rated = [g for g in goals if g.latest_level is not None]
    if not rated:
        return None
    levels = [g.latest_level for g in rated if g.latest_level is not None]
    if all(g.weight is None for g in rated):
        return gas_t_score(levels)
    return gas_t_score(levels, [1 if g.weight is None else g.weight for g in rated])


def t_score_meaning(score: float | None) -> str:
    """One plain sentence for a T-score, as shown to learners, coaches and supervisors."""
    if score is None:
        return "No ratings since the baseline yet."
    rounded = round(score)
    if rounded == 50:
        return "Goals met as expected."
    if rounded > 50:
        return "Better than expected, on average across goals."
    return "Not yet where expected, on average across goals."
