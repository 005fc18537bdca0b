"""Varied, plausible coach profiles: what each kind of coach typically looks like."""

from __future__ import annotations

import importlib
import random
from datetime import timedelta

from tandem.demo import vocab
from tandem.demo.plan import REFERENCE_DATE, CoachPlan
from tandem.people.models import CoachProfile

# Modality and competency rows come from this migration; reuse its codes rather than copy them.
_reference = importlib.import_module("tandem.people.migrations.0002_competencies_and_modalities")
MODALITY_CODES: list[str] = [code for code, _name in _reference.MODALITIES]
COMPETENCY_CODES: list[str] = [code for code, _strategy, _ability in _reference.COMPETENCIES]

Type = CoachProfile.CoachType
Level = CoachProfile.Expertise

# Per coach type: capacity range, expertise levels to draw from, how many practice areas.
_SHAPES: dict[str, tuple[tuple[int, int], list[str], tuple[int, int]]] = {
    Type.INTERNAL: ((8, 12), [Level.COMPETENT, Level.COMPETENT, Level.EXPERT], (2, 4)),
    Type.EXTERNAL: ((4, 8), [Level.COMPETENT, Level.EXPERT, Level.EXPERT], (2, 3)),
    Type.PEER: ((1, 3), [Level.NOVICE, Level.ADVANCED_BEGINNER, Level.COMPETENT], (1, 2)),
    Type.SUPERVISOR_AS_COACH: ((2, 4), [Level.ADVANCED_BEGINNER, Level.COMPETENT], (1, 2)),
    Type.SUPPORTIVE_SUPERVISOR: ((2, 4), [Level.ADVANCED_BEGINNER, Level.COMPETENT], (1, 2)),
}
_COMPETENCIES_BY_LEVEL: dict[str, tuple[int, int]] = {
    Level.NOVICE: (3, 6),
    Level.ADVANCED_BEGINNER: (5, 9),
    Level.COMPETENT: (9, 14),
    Level.EXPERT: (14, len(COMPETENCY_CODES)),
}


def coach_profile(rng: random.Random, coach_type: str, office: int | None) -> CoachPlan:
    capacity, levels, n_areas = _SHAPES[coach_type]
    level = rng.choice(levels)
    areas = rng.sample(vocab.PRACTICE_AREAS, rng.randint(*n_areas))
    if coach_type in (Type.SUPERVISOR_AS_COACH, Type.SUPPORTIVE_SUPERVISOR) and (
        "Supervision" not in areas
    ):
        areas.append("Supervision")
    languages = [vocab.ENGLISH] + [lang for lang, share in vocab.LANGUAGES if rng.random() < share]
    plan = CoachPlan(
        coach_type=coach_type,
        capacity=rng.randint(*capacity),
        expertise_level=level,
        office=office,
        practice_areas=sorted(areas),
        languages=languages,
        modalities=_modalities(rng, coach_type),
        competencies=sorted(
            rng.sample(COMPETENCY_CODES, rng.randint(*_COMPETENCIES_BY_LEVEL[level])),
            key=COMPETENCY_CODES.index,
        ),
        trained_models="; ".join(rng.sample(vocab.TRAINED_MODELS, rng.randint(1, 2))),
        bio=rng.choice(vocab.BIO_OPENERS),
        accepting_learners=rng.random() < 0.85,
    )
    if coach_type == Type.EXTERNAL:
        # Contracts are current: started in the last two years, for one to three years.
        start = REFERENCE_DATE - timedelta(days=rng.randint(30, 700))
        plan.external_organization = rng.choice(vocab.EXTERNAL_ORGANIZATIONS)
        plan.contract_start = start
        plan.contract_end = start + timedelta(days=rng.choice([365, 730, 1095]))
    return plan


def _modalities(rng: random.Random, coach_type: str) -> list[str]:
    """Internal coaches meet in person; external coaches mostly by video and phone."""
    in_person, phone, video, email, webinar = MODALITY_CODES
    if coach_type == Type.EXTERNAL:
        chosen = [video, phone] + ([in_person] if rng.random() < 0.4 else [])
    else:
        chosen = [in_person] + [m for m in (phone, video) if rng.random() < 0.6]
    if rng.random() < 0.15:
        chosen.append(email)
    if coach_type == Type.INTERNAL and rng.random() < 0.2:
        chosen.append(webinar)
    return chosen
