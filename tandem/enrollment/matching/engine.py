"""The matching engine: pure functions from a learner's need and the coach pool to a ranked list.

No database here. `selectors.py` turns requests and coach profiles into `Need` and `Candidate`;
this module scores each pair factor by factor and says, in plain words, why. Every factor scores
0 to 1 points; the fit is the weighted mean of the points (0-100). Hard exclusions are never scored:
a coach with any exclusion reason is listed with the reasons and never suggested.

Source: coaches are matched on workload and on the strengths and needs of coach and learner
(seed 001 l.25); practice area, office, language and modality (DOMAIN.md §4 step 3); never the
learner's supervisor or anyone above them unless the engagement is supervisor-as-coach, nor a
coach with a declared conflict of interest (DOMAIN.md §3, §4 step 3).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

# Toolkit Table 6.3 (l.5081), lowest to highest.
EXPERTISE_ORDER = ("novice", "advanced_beginner", "competent", "expert")
EXPERTISE_LABEL = {
    "novice": "novice",
    "advanced_beginner": "advanced beginner",
    "competent": "competent performer",
    "expert": "expert",
}
FACTOR_NAMES = (
    "practice_area",
    "office",
    "language",
    "modality",
    "load",
    "expertise",
    "preference",
    "training",
)
FACTOR_LABELS = {
    "practice_area": "Practice area",
    "office": "Office or region",
    "language": "Language",
    "modality": "Way of meeting",
    "load": "Current load",
    "expertise": "Experience",
    "preference": "Learner's history and wishes",
    "training": "Trained in the coaching model",
}
DEFAULT_WEIGHTS: dict[str, int] = {
    "practice_area": 5,
    "office": 3,
    "language": 4,
    "modality": 2,
    "load": 3,
    "expertise": 2,
    "preference": 2,
    "training": 2,
}
# treebeard's materialized path: four characters per level; the agency is level 2.
STEPLEN = 4
AGENCY_PATH_LEN = 2 * STEPLEN


@dataclass(frozen=True)
class Need:
    """What one request asks for, in ids and paths only (never the learner's words)."""

    request_id: int
    learner_id: int
    unit_path: str
    practice_area_ids: frozenset[int] = frozenset()
    language_id: int | None = None
    modality_ids: frozenset[int] = frozenset()
    wanted_expertise: str | None = None
    preferred_coach_ids: frozenset[int] = frozenset()
    avoided_coach_ids: frozenset[int] = frozenset()
    supervisor_as_coach: bool = False
    supervisor_id: int | None = None
    # The coaching model the learner's agency uses most (selectors.needs_for); None when the
    # agency has no engagement with a model yet, and then the training factor is left out.
    model_id: int | None = None
    model_name: str = ""


@dataclass(frozen=True)
class Candidate:
    """One coach as the engine sees them. `office_path` is the coach's office, or own unit."""

    coach_id: int
    name: str
    office_path: str
    office_name: str = ""
    practice_area_ids: frozenset[int] = frozenset()
    language_ids: frozenset[int] = frozenset()
    modality_ids: frozenset[int] = frozenset()
    expertise: str = "competent"
    capacity: int = 0
    load: int = 0
    active: bool = True
    inactive_reason: str = ""
    # (coaching model id, latest completion date) of every model the coach is trained in.
    trainings: tuple[tuple[int, date], ...] = ()


@dataclass(frozen=True)
class Factor:
    name: str
    points: float  # 0..1
    weight: int
    reason: str

    @property
    def label(self) -> str:
        return FACTOR_LABELS[self.name]

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "points": self.points,
            "weight": self.weight,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Suggestion:
    coach_id: int
    name: str
    rank: int
    fit: float  # 0..100
    factors: tuple[Factor, ...]
    load: int
    capacity: int


@dataclass(frozen=True)
class Exclusion:
    coach_id: int
    name: str
    reasons: tuple[str, ...] = field(default_factory=tuple)


def weights_normalized(weights: Mapping[str, int]) -> dict[str, int]:
    """Every factor's weight, missing ones at their default, never negative."""
    return {name: max(0, int(weights.get(name, DEFAULT_WEIGHTS[name]))) for name in FACTOR_NAMES}


def intrinsic_exclusions(need: Need, candidate: Candidate) -> list[str]:
    """Exclusions the candidate's own data shows: inactive, full, or the learner themselves."""
    reasons = []
    if candidate.coach_id == need.learner_id:
        reasons.append("This is the learner.")
    if not candidate.active:
        reasons.append(candidate.inactive_reason or "Not taking learners.")
    elif candidate.load >= candidate.capacity:
        reasons.append(f"At capacity ({candidate.load} of {candidate.capacity} learners).")
    return reasons


def office_points(unit_path: str, office_path: str) -> float:
    if office_path and unit_path.startswith(office_path):
        return 1.0
    if office_path[:AGENCY_PATH_LEN] == unit_path[:AGENCY_PATH_LEN] and len(office_path) >= 8:
        return 0.5
    return 0.0


def expertise_points(wanted: str | None, level: str) -> float:
    if wanted is None:
        return 1.0
    gap = EXPERTISE_ORDER.index(wanted) - EXPERTISE_ORDER.index(level)
    return 1.0 if gap <= 0 else 0.5 if gap == 1 else 0.0


def load_points(load: int, capacity: int) -> float:
    return max(0.0, 1.0 - load / capacity) if capacity > 0 else 0.0


def factors_for(need: Need, candidate: Candidate, weights: Mapping[str, int]) -> list[Factor]:
    """Each factor's points and the reason in words, for one allowed coach."""
    w = weights_normalized(weights)
    out: list[Factor] = []

    if not need.practice_area_ids:
        out.append(Factor("practice_area", 1.0, w["practice_area"], "No practice area asked for."))
    elif need.practice_area_ids & candidate.practice_area_ids:
        out.append(Factor("practice_area", 1.0, w["practice_area"], "Coaches this practice area."))
    else:
        out.append(
            Factor("practice_area", 0.0, w["practice_area"], "Does not list this practice area.")
        )

    points = office_points(need.unit_path, candidate.office_path)
    where = candidate.office_name or "another office"
    reason = {
        1.0: f"Works in the learner's office or region ({where}).",
        0.5: f"Same agency, another office ({where}).",
        0.0: f"Another agency ({where}).",
    }[points]
    out.append(Factor("office", points, w["office"], reason))

    if need.language_id is None:
        out.append(Factor("language", 1.0, w["language"], "No language asked for."))
    elif need.language_id in candidate.language_ids:
        out.append(Factor("language", 1.0, w["language"], "Speaks the language asked for."))
    else:
        out.append(Factor("language", 0.0, w["language"], "Does not speak the language asked for."))

    if not need.modality_ids:
        out.append(Factor("modality", 1.0, w["modality"], "No way of meeting asked for."))
    else:
        shared = len(need.modality_ids & candidate.modality_ids)
        points = shared / len(need.modality_ids)
        reason = f"Offers {shared} of the {len(need.modality_ids)} ways of meeting asked for."
        out.append(Factor("modality", points, w["modality"], reason))

    out.append(
        Factor(
            "load",
            load_points(candidate.load, candidate.capacity),
            w["load"],
            f"Coaching {candidate.load} of up to {candidate.capacity} learners.",
        )
    )

    level = EXPERTISE_LABEL.get(candidate.expertise, candidate.expertise)
    points = expertise_points(need.wanted_expertise, candidate.expertise)
    if need.wanted_expertise is None:
        reason = f"No experience level needed; coach is {level}."
    else:
        wanted = EXPERTISE_LABEL[need.wanted_expertise]
        reason = f"Needs at least {wanted}; coach is {level}."
    out.append(Factor("expertise", points, w["expertise"], reason))

    if candidate.coach_id in need.avoided_coach_ids:
        out.append(
            Factor("preference", 0.0, w["preference"], "Declined or was replaced on this request.")
        )
    elif need.supervisor_as_coach and candidate.coach_id == need.supervisor_id:
        out.append(
            Factor("preference", 1.0, w["preference"], "The learner asked for their supervisor.")
        )
    elif candidate.coach_id in need.preferred_coach_ids:
        out.append(Factor("preference", 1.0, w["preference"], "Coached this learner before."))
    else:
        out.append(Factor("preference", 0.5, w["preference"], "No wish for or against."))

    if need.model_id is not None:
        out.append(training_factor(need, candidate, w["training"]))
    return out


def trained_on(candidate: Candidate, model_id: int) -> date | None:
    """When the coach last completed training in the model, or None."""
    return dict(candidate.trainings).get(model_id)


def training_factor(need: Need, candidate: Candidate, weight: int) -> Factor:
    """Only when the need names a model: 1 point if the coach is trained in it, else 0."""
    assert need.model_id is not None
    name = need.model_name or "the agency's coaching model"
    when = trained_on(candidate, need.model_id)
    if when is None:
        return Factor("training", 0.0, weight, f"No training in {name} recorded.")
    return Factor("training", 1.0, weight, f"Trained in {name} ({when:%B %Y}).")


def fit_of(factors: Sequence[Factor]) -> float:
    total = sum(f.weight for f in factors)
    if total == 0:
        return 0.0
    return round(100 * sum(f.points * f.weight for f in factors) / total, 1)


def rank(
    need: Need,
    candidates: Sequence[Candidate],
    excluded: Mapping[int, Sequence[str]],
    weights: Mapping[str, int],
) -> tuple[list[Suggestion], list[Exclusion]]:
    """Allowed coaches best first (ties: lighter load, then id), and every excluded coach with
    the reasons. `excluded` holds the hard exclusions the database knows (chain of command,
    conflicts of interest), by coach id."""
    scored: list[tuple[float, int, int, Candidate, list[Factor]]] = []
    exclusions: list[Exclusion] = []
    for candidate in candidates:
        reasons = [*excluded.get(candidate.coach_id, ()), *intrinsic_exclusions(need, candidate)]
        if reasons:
            exclusions.append(Exclusion(candidate.coach_id, candidate.name, tuple(reasons)))
            continue
        factors = factors_for(need, candidate, weights)
        scored.append((-fit_of(factors), candidate.load, candidate.coach_id, candidate, factors))
    scored.sort(key=lambda row: row[:3])
    suggestions = [
        Suggestion(
            coach_id=c.coach_id,
            name=c.name,
            rank=index,
            fit=-neg_fit,
            factors=tuple(factors),
            load=c.load,
            capacity=c.capacity,
        )
        for index, (neg_fit, _, _, c, factors) in enumerate(scored, start=1)
    ]
    exclusions.sort(key=lambda e: (e.name, e.coach_id))
    return suggestions, exclusions
