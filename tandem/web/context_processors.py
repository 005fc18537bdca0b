from __future__ import annotations

from functools import partial
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from tandem.notifications.selectors import notifications_unread_count
from tandem.people.access import request_roles
from tandem.web.navigation import WHO_IS_WHO, directory_for, homes_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    if not request.user.is_authenticated:
        return {"nav_items": [], "nav_directory": [], **_sign_in_options()}
    roles = request_roles(request)
    items = [(reverse(h.url_name), h.label) for h in homes_for(roles)]
    person = getattr(request.user, "person", None)
    directory = []
    if person is not None:
        items += [(reverse(name), label) for name, label in directory_for(roles)]
        directory = [(reverse(name), label) for name, label in WHO_IS_WHO]
    admin = [(reverse("admin:index"), "Data admin")] if request.user.is_staff else []
    # The current section is the longest nav URL that starts the page's path.
    everything = items + directory + admin
    matches = [url for url, _ in everything if url != "/" and request.path.startswith(url)]
    current = max(matches, key=len, default=None)

    def entries(pairs: list[tuple[str, str]]) -> list[dict[str, Any]]:
        return [{"url": url, "label": label, "current": url == current} for url, label in pairs]

    return {
        "nav_items": entries(items),
        "nav_directory": entries(directory),
        "nav_directory_current": any(url == current for url, _ in directory),
        "nav_after": entries(admin),
        # A callable: the one COUNT query runs only when the header shows it.
        "notifications_unread": partial(notifications_unread_count, recipient_id=person.pk)
        if person is not None
        else 0,
        **_sign_in_options(),
    }


def _sign_in_options() -> dict[str, Any]:
    return {
        "oidc_enabled": settings.OIDC_ENABLED,
        "oidc_provider_name": settings.OIDC_PROVIDER_NAME,
    }
