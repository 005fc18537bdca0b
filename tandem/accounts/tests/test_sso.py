"""Single sign-on: an identity maps to its staff record, and an unknown identity gets no account.

The identity provider is the only thing replaced: its three network calls (token exchange,
token verification, userinfo) return canned answers; everything of ours runs for real.
"""

from urllib.parse import parse_qs, urlparse

import pytest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from tandem.accounts.models import User
from tandem.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sso(settings, monkeypatch):
    settings.ROOT_URLCONF = "tandem.accounts.tests.oidc_urls"
    settings.OIDC_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "django.contrib.auth.backends.ModelBackend",
        "tandem.accounts.oidc.PersonOIDCBackend",
    ]
    settings.OIDC_RP_CLIENT_ID = "tandem"
    settings.OIDC_RP_CLIENT_SECRET = "not-a-secret"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://idp.example.org/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://idp.example.org/token"
    settings.OIDC_OP_USER_ENDPOINT = "https://idp.example.org/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = "https://idp.example.org/jwks"
    claims: dict = {}
    monkeypatch.setattr(
        OIDCAuthenticationBackend,
        "get_token",
        lambda self, payload: {"id_token": "i", "access_token": "a"},
    )
    monkeypatch.setattr(
        OIDCAuthenticationBackend, "verify_token", lambda self, token, **kw: {"sub": "x"}
    )
    monkeypatch.setattr(OIDCAuthenticationBackend, "get_userinfo", lambda self, *args: claims)
    return claims


def _sign_in_through_provider(client):
    start = client.get("/oidc/authenticate/")
    assert start.status_code == 302
    state = parse_qs(urlparse(start["Location"]).query)["state"][0]
    return client.get("/oidc/callback/", {"code": "abc", "state": state})


def test_sso_identity_maps_to_its_person_and_links_an_account(client, tree, sso):
    person = PersonFactory(work_email="dana.reyes@county.example.org", org_unit=tree["intake"])
    sso.update({"email": "Dana.Reyes@County.example.org", "email_verified": True})

    response = _sign_in_through_provider(client)

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.user is not None
    assert person.user.email == "dana.reyes@county.example.org"
    assert person.user.has_usable_password() is False
    assert int(client.session["_auth_user_id"]) == person.user.pk


def test_sso_second_sign_in_reuses_the_same_account(client, tree, sso):
    person = PersonFactory(work_email="dana.reyes@county.example.org", org_unit=tree["intake"])
    sso.update({"email": "dana.reyes@county.example.org"})
    _sign_in_through_provider(client)
    client.logout()
    _sign_in_through_provider(client)
    assert User.objects.count() == 1
    person.refresh_from_db()
    assert int(client.session["_auth_user_id"]) == person.user.pk


def test_sso_unknown_identity_gets_a_clear_message_and_no_account(client, tree, sso):
    PersonFactory(work_email="someone.else@county.example.org", org_unit=tree["intake"])
    sso.update({"email": "stranger@elsewhere.example.com"})

    response = _sign_in_through_provider(client)
    assert response.status_code == 302
    page = client.get(response["Location"])

    assert page.status_code == 403
    assert "We could not match your sign-in to a staff record" in page.content.decode()
    assert "stranger@elsewhere.example.com" in page.content.decode()
    assert User.objects.count() == 0
    assert "_auth_user_id" not in client.session


def test_sso_separated_staff_member_is_turned_away(client, tree, sso):
    PersonFactory(work_email="gone@county.example.org", org_unit=tree["intake"], is_active=False)
    sso.update({"email": "gone@county.example.org"})
    _sign_in_through_provider(client)
    assert User.objects.count() == 0
    assert "_auth_user_id" not in client.session


def test_sso_unverified_email_is_refused(client, tree, sso):
    PersonFactory(work_email="dana.reyes@county.example.org", org_unit=tree["intake"])
    sso.update({"email": "dana.reyes@county.example.org", "email_verified": False})
    _sign_in_through_provider(client)
    assert User.objects.count() == 0
    assert "_auth_user_id" not in client.session
