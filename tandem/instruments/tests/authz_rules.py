"""Authorization matrix rules for the instruments app (see tandem/privacy/tests/authz.py).

The rules for giving, filling in and reading instruments live in authz_administrations.py, and
those for observations in authz_observations.py; both are merged here. Builder rules go in
BUILDER_RULES / builder_objects."""

from __future__ import annotations

from tandem.instruments.tests import authz_administrations as administrations
from tandem.instruments.tests import authz_builder as builder
from tandem.instruments.tests import authz_observations as observations
from tandem.privacy.tests.authz import Rule

BUILDER_RULES: dict[str, list[Rule]] = builder.RULES

RULES: dict[str, list[Rule]] = BUILDER_RULES | administrations.RULES | observations.RULES


def builder_objects(world) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return builder.objects(world)


def objects(world) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return builder_objects(world) | administrations.objects(world) | observations.objects(world)


def needles(world) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    return administrations.needles(world) | builder.needles(world) | observations.needles(world)
