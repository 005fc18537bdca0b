"""Fixtures of the evaluation tests: the evaluation world (helpers.py), built once per module."""

from __future__ import annotations

import pytest

from tandem.evaluation.tests.helpers import evaluation_world_build
from tandem.testing import fresh


@pytest.fixture(scope="module")
def evaluation_world_once(module_db):
    return module_db(evaluation_world_build)


@pytest.fixture
def eworld(evaluation_world_once, db):
    return fresh(evaluation_world_once)
