"""How login throttling names an account: emails are case-insensitive, so the count is too."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def throttle_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    username = (credentials or {}).get("username") or request.POST.get("username")
    return str(username).strip().lower() if username else None
