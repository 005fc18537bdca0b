"""Who is signed in, and which role-based pages they may open.

Views call `person_for(request)` instead of reading `request.user.person` so a signed-in
account that is not linked to a Person fails closed with a clear page, never a crash.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from tandem.people.models import Person
from tandem.people.selectors import roles_of


def person_for(request: HttpRequest) -> Person:
    person = getattr(request.user, "person", None) if request.user.is_authenticated else None
    if person is None or not person.is_active:
        raise PermissionDenied("Your account is not linked to an active staff record.")
    return person


def request_roles(request: HttpRequest) -> set[str]:
    """The signed-in person's roles, read once per request."""
    cached: set[str] | None = getattr(request, "_tandem_roles", None)
    if cached is None:
        person = getattr(request.user, "person", None) if request.user.is_authenticated else None
        cached = roles_of(person=person) if person is not None else set()
        request._tandem_roles = cached  # type: ignore[attr-defined]
    return cached


def role_required(
    *roles: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Allow the view to people holding at least one of `roles` (any scope)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            person_for(request)
            if not request_roles(request) & set(roles):
                raise PermissionDenied("This page is for another role.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def request_via(request: HttpRequest) -> str:
    """How a read or write arrived, for the audit trail: the method and the page."""
    return f"{request.method} {request.path}"
