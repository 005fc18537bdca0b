"""Logs an operator can follow: one line per request with a request id, the id on every log
record written while serving it, and JSON lines when LOG_FORMAT=json.

The id comes from the reverse proxy's X-Request-ID header when it sends a plausible one (so
proxy and app logs join up), otherwise it is made here; the response carries it back."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

request_id: ContextVar[str] = ContextVar("request_id", default="-")
_PLAUSIBLE = re.compile(r"[A-Za-z0-9._-]{8,64}")
logger = logging.getLogger("tandem.request")


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (`-` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


def request_log(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable:
    """Middleware: give the request its id and log it when answered (method, path without the
    query string, which may hold search terms, status, duration, the account's id)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        offered = request.headers.get("X-Request-ID", "")
        token = request_id.set(offered if _PLAUSIBLE.fullmatch(offered) else uuid.uuid4().hex)
        started = time.perf_counter()
        try:
            response = get_response(request)
            response["X-Request-ID"] = request_id.get()
            user = getattr(request, "user", None)
            logger.info(
                "%s %s %s %.0fms",
                request.method,
                request.path,
                response.status_code,
                (time.perf_counter() - started) * 1000,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                },
            )
            return response
        finally:
            request_id.reset(token)

    return middleware


def logging_config(*, level: str, json: bool, admins: bool, requests: bool) -> dict:
    """settings.LOGGING: console (text or JSON lines), request ids everywhere, and mail to
    ADMINS on server errors when error reports are configured."""
    text = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
    handlers = ["console"] + (["mail_admins"] if admins else [])
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "tandem.ops.logs.RequestIdFilter"}},
        "formatters": {
            "text": {"format": text},
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
                "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            },
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json" if json else "text",
                "filters": ["request_id"],
            },
            "mail_admins": {
                "class": "django.utils.log.AdminEmailHandler",
                "level": "ERROR",
                "filters": ["request_id"],
            },
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Server errors (500s) reach the administrators' mailbox when ADMINS is set.
            "django.request": {"handlers": handlers, "level": "ERROR", "propagate": False},
            # One line per request, at INFO.
            "tandem.request": {"level": "INFO" if requests else "WARNING"},
        },
    }
