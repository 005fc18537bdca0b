"""What every directory page shares: who may open it, pagination and htmx partial rendering."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from tandem.people.access import person_for

View = Callable[..., HttpResponse]


def directory_view(view: View) -> View:
    """Open to any signed-in person with an active staff record.

    The directory holds no coaching content, so no role is needed; an account that is not
    linked to a staff record is refused (403) by `person_for`.
    """

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        person_for(request)
        return view(request, *args, **kwargs)

    return wrapped


def render_results(
    request: HttpRequest, template: str, partial: str, context: dict[str, Any]
) -> HttpResponse:
    """The whole page, or only the results when htmx asks for them after a filter change."""
    is_htmx = request.headers.get("HX-Request") == "true"
    restoring = request.headers.get("HX-History-Restore-Request") == "true"
    response = render(request, partial if is_htmx and not restoring else template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
