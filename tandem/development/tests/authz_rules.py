"""Coach development URLs in the authorization matrix (collected by
tandem/privacy/tests/test_matrix.py), one module per area. Objects are built in order, so a
later area may use an earlier one's (the coach's coach supervisor is assigned first)."""

from __future__ import annotations

from typing import Any

from tandem.development.tests import (
    authz_caseload,
    authz_growth,
    authz_onboarding,
    authz_roundtables,
    authz_supervision,
)

AREAS = (authz_supervision, authz_growth, authz_roundtables, authz_caseload, authz_onboarding)
RULES: dict = {}
for _area in AREAS:
    assert not set(_area.RULES) & set(RULES), f"{_area.__name__} redeclares a URL"
    RULES |= _area.RULES


def objects(world: Any) -> dict[str, int | str]:
    found: dict[str, int | str] = {}
    for area in AREAS:
        found |= area.objects(world)
    return found


def needles(world: Any) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for area in AREAS:
        if hasattr(area, "needles"):
            found |= area.needles(world)
    return found
