"""Passwords are hashed with Argon2id at OWASP's minimum; older, heavier hashes still work and
are brought to these parameters when their owner signs in."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, check_password, make_password

import tandem.settings as production
from tandem.people.tests.factories import TEST_PASSWORD, make_tree, person_with_account


@pytest.fixture(autouse=True)
def _production_hashers(settings):
    """The suite hashes with MD5 for speed (tandem/conftest.py); these tests check the real ones."""
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS


def test_new_passwords_get_argon2id_with_owasps_minimum_parameters():
    encoded = make_password("a long pass phrase")
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert check_password("a long pass phrase", encoded)
    assert not check_password("a long pass phrasE", encoded)


def test_a_hash_with_djangos_heavier_defaults_is_upgraded_at_sign_in(client, db):
    tree = make_tree()
    person = person_with_account(org_unit=tree["intake"])
    user = person.user
    old = Argon2PasswordHasher()
    user.password = old.encode(TEST_PASSWORD, old.salt())
    user.save(update_fields=["password"])
    assert "$m=102400,t=2,p=8$" in user.password
    response = client.post("/accounts/login/", {"username": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302  # signed in with the old hash
    user.refresh_from_db()
    assert "$m=19456,t=2,p=1$" in user.password
    assert check_password(TEST_PASSWORD, user.password)


def test_behind_the_proxy_throttling_counts_the_address_the_proxy_saw(settings):
    from django.test import RequestFactory

    from tandem.accounts.throttle import client_address

    settings.BEHIND_TLS_PROXY = True
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    via_proxy = RequestFactory().post("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.7")
    assert client_address(via_proxy) == "203.0.113.7"
    # Anyone else claiming an address is counted by their own.
    forged = RequestFactory().post("/", REMOTE_ADDR="198.51.100.9", HTTP_X_REAL_IP="203.0.113.7")
    assert client_address(forged) == "198.51.100.9"
    settings.BEHIND_TLS_PROXY = False
    assert client_address(via_proxy) == "127.0.0.1"
