"""How login throttling names an account and an address.

Emails are case-insensitive, so the count is too. Behind the reverse proxy every connection
comes from the proxy, so the address is the one the proxy saw (its `X-Real-IP`), trusted only
from the proxies listed in FORWARDED_ALLOW_IPS: otherwise five wrong passwords from anywhere
would lock an account for everyone."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def throttle_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    username = (credentials or {}).get("username") or request.POST.get("username")
    return str(username).strip().lower() if username else None


def client_address(request: HttpRequest) -> str:
    peer = request.META.get("REMOTE_ADDR", "")
    if settings.BEHIND_TLS_PROXY and peer in settings.TRUSTED_PROXIES:
        return request.META.get("HTTP_X_REAL_IP", "").strip() or peer
    return peer
