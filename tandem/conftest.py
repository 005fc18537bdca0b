"""Fixtures shared by every test module."""

from __future__ import annotations

import pytest

from tandem.people.tests.factories import make_tree


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: pytest.FixtureRequest) -> None:
    # Argon2 is deliberately slow. Tests that check hashing itself restore it.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]


@pytest.fixture
def tree(db: None) -> dict:
    return make_tree()
