"""Helpers for tests that are not fixtures (fixtures live in tandem/conftest.py)."""

from __future__ import annotations

import copy
from typing import TypeVar

T = TypeVar("T")


def fresh(built: T) -> T:
    """A private copy of objects built once per module: a test may change them without the next
    test seeing it (the rows behind them roll back with the test's savepoint)."""
    return copy.deepcopy(built)
