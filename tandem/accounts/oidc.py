"""Single sign-on through the agency's OpenID Connect provider.

An identity is accepted only when its verified email belongs to an active staff record
(Person). Tandem never creates a person from a sign-in: an unknown identity is turned away
with a clear page, because staff records come from HR, not from whoever can sign in.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from tandem.accounts.models import User
from tandem.people.models import Person


def _email(claims: dict[str, Any]) -> str:
    return str(claims.get("email", "")).strip().lower()


class PersonOIDCBackend(OIDCAuthenticationBackend):
    def verify_claims(self, claims: dict[str, Any]) -> bool:
        # An email the provider has not verified could be anybody's.
        return bool(_email(claims)) and claims.get("email_verified", True) is not False

    def filter_users_by_claims(self, claims: dict[str, Any]):  # type: ignore[no-untyped-def]
        return User.objects.filter(
            person__work_email__iexact=_email(claims), person__is_active=True, is_active=True
        )

    @transaction.atomic
    def create_user(self, claims: dict[str, Any]) -> User | None:
        email = _email(claims)
        person = Person.objects.filter(work_email__iexact=email, is_active=True).first()
        if person is None or person.user_id is not None:
            # Unknown identity, or a staff record already tied to another account.
            self.request.session["sso_unrecognized_email"] = email
            return None
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(email)  # no password: signs in only through SSO
        person.user = user
        person.save(update_fields=["user"])
        return user

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        return user
