"""Coach development in the demo agency (issue #17): each area's seeder, in the order their
records depend on each other (supervision first: the other areas read who supervises whom)."""

from __future__ import annotations

import random
from datetime import date

from tandem.development.demo_caseload import caseload_demo_seed
from tandem.development.demo_growth import growth_demo_seed
from tandem.development.demo_onboarding import onboarding_demo_seed
from tandem.development.demo_roundtables import roundtables_demo_seed
from tandem.development.demo_supervision import supervision_demo_seed

# Onboarding picks its "new coach" among coaches with no rating and no supervision yet, so it
# runs after the areas that give coaches those.
SEEDERS = (
    supervision_demo_seed,
    caseload_demo_seed,
    growth_demo_seed,
    onboarding_demo_seed,
    roundtables_demo_seed,
)


def development_seed(*, seed: int, today: date) -> int:
    """Every area's demo records; returns how many rows were made."""
    rng = random.Random(seed)
    return sum(seeder(rng=rng, today=today) for seeder in SEEDERS)
