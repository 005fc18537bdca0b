"""Authorization matrix rules for the caseload pages (merged by authz_rules.py)."""

from __future__ import annotations

from typing import Any

from tandem.privacy.tests.authz import Rule

RULES: dict[str, list[Rule]] = {}


def objects(world: Any) -> dict[str, int | str]:
    return {}
