"""Fixtures shared by every test module.

Worlds are built once per test module inside one transaction (`module_db`) and each test rolls
back to a savepoint (`db`), so a test that changes data never leaks it into the next one, and
the expensive set-up is paid once per module instead of once per test. See docs/TESTING.md.
"""

from __future__ import annotations

import importlib
import os
import tempfile
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any, TypeVar

import pytest
from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db import connection, transaction
from django.db.models.signals import post_migrate
from django.dispatch import receiver
from django.test.utils import CaptureQueriesContext

from tandem.people.tests.factories import make_tree
from tandem.testing import SharedDatabase, fresh, shared_database

T = TypeVar("T")

# `TANDEM_TEST_CLOCK=2026-10-31T23:40-06:00 make test` runs the whole suite as if it were that
# moment (the clock keeps ticking from there). CI uses it to catch tests that only pass at some
# hours or on some dates: late evening, a month's last day, a daylight-saving change.
_CLOCK = os.environ.get("TANDEM_TEST_CLOCK", "")
_traveller: Any = None


def pytest_configure(config: pytest.Config) -> None:
    global _traveller
    # Uploaded files (roundtable resources) go to a directory of this run, never the checkout.
    from django.conf import settings

    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="tandem-test-media-")
    if _CLOCK:
        import time_machine

        _traveller = time_machine.travel(datetime.fromisoformat(_CLOCK), tick=True)
        _traveller.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    if _traveller is not None:
        _traveller.stop()


def pytest_report_header(config: pytest.Config) -> str | None:
    return f"clock set to {_CLOCK} (TANDEM_TEST_CLOCK)" if _CLOCK else None


@receiver(post_migrate, dispatch_uid="tandem-tests-reference-data")
def _reference_data_after_flush(sender: AppConfig, **kwargs: Any) -> None:
    """Transactional tests (the browser tests) flush every table after themselves, which also
    removes the reference rows that migrations load (modalities, competencies, coaching models
    and questions). A flush sends post_migrate: load them again, so the next test finds them."""
    if sender.label != "questionbank":
        return
    people = importlib.import_module("tandem.people.migrations.0002_competencies_and_modalities")
    people.load(global_apps, None)
    importlib.import_module("tandem.questionbank.reference").load_reference_data(global_apps, None)


@pytest.fixture(autouse=True)
def _test_settings(settings: pytest.FixtureRequest) -> None:
    """Argon2 is deliberately slow: tests that check hashing itself restore it."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "tandem.accounts.hashers.TandemArgon2PasswordHasher",
    ]
    # Evaluation figures are computed on every visit, so a test that changes records and opens
    # the page again sees the change; tandem/evaluation/tests/test_snapshots.py keeps them.
    settings.EVALUATION_REFRESH_MINUTES = 0


@pytest.fixture(scope="module")
def module_db(
    django_db_setup: None, django_db_blocker: Any
) -> Iterator[Callable[[Callable[[], T]], T]]:
    """One transaction around a whole test module, rolled back when the module ends.

    Yields `build(builder)`, which runs `builder` with database access and returns what it
    built. Every test that takes `db` then runs in a savepoint inside this transaction, so it
    sees what was built and its own changes are rolled back after it. Not for modules with
    `transactional_db` tests (they commit, so they cannot share an open transaction)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()

    def build(builder: Callable[[], T]) -> T:
        with django_db_blocker.unblock():
            return builder()

    try:
        yield build
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def threads_db(transactional_db: None, tmp_path: Any) -> Iterator[SharedDatabase]:
    """The test database as several threads reach it at once: `threads_db.at_once(a, b)` runs
    `a` and `b` in threads released together. On SQLite the test works on a file copy of the
    in-memory database (tandem/testing.py says why); build the test's data after taking it."""
    with shared_database(tmp_path / "threads.sqlite3") as shared:
        yield shared


@pytest.fixture
def tree(db: None) -> dict:
    # Per test: it is cheap, and modules that use it also test imports into an empty tree.
    return make_tree()


@pytest.fixture(scope="module")
def world_once(module_db: Callable[..., Any]) -> Any:
    from tandem.privacy.tests.world import build_world

    return module_db(build_world)


@pytest.fixture
def world(world_once: Any, db: None) -> Any:
    """The privacy world (tandem/privacy/tests/world.py), built once per module."""
    return fresh(world_once)


@pytest.fixture
def as_actor(client: Any, world: Any) -> Callable[[str], Any]:
    """Sign the test client in as one of the world's actors (or nobody for "anonymous")."""

    def sign_in(actor: str) -> Any:
        client.logout()
        if actor != "anonymous":
            client.force_login(world.people[actor].user)
        return client

    return sign_in


@pytest.fixture
def page_queries(client: Any) -> Callable[..., int]:
    """How many queries a page runs: `page_queries(url)` (or `(url, params, client=other)`).

    The page is opened once first so per-session work (sign-in, caches) is not counted, and it
    must answer 200. For query-count tests: the same count with 1 and with 3 items."""

    def count(url: str, params: dict | None = None, *, client: Any = client) -> int:
        client.get(url, params)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, params)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        return len(captured)

    return count
