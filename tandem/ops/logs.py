"""Logs an operator can follow: one line per request with a request id, the id on every log
record written while serving it, and JSON lines when LOG_FORMAT=json.

The id comes from the reverse proxy's X-Request-ID header when it sends a plausible one (so
proxy and app logs join up), otherwise it is made here; the response carries it back."""

from __future__ import annotations

import logging
import re
import time
import traceback
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.core.mail import mail_admins
from django.http import HttpRequest, HttpResponse

request_id: ContextVar[str] = ContextVar("request_id", default="-")
_PLAUSIBLE = re.compile(r"[A-Za-z0-9._-]{8,64}")
logger = logging.getLogger("tandem.request")


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (`-` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


def logged_path(request: HttpRequest) -> str:
    """The path as logged: the URL pattern when one matched (`coaching/<int:pk>/`), so neither
    record numbers nor secrets in a path (a calendar feed's token) reach the logs; otherwise
    the path itself with control characters escaped, so it cannot forge a log line."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.route:
        return "/" + match.route
    return request.path.encode("unicode_escape").decode("ascii")[:200]


def request_log(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable:
    """Middleware: give the request its id and log it when answered (method, the logged path,
    never the query string, which may hold a search for a name; status, duration, account id)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        offered = request.headers.get("X-Request-ID", "")
        token = request_id.set(offered if _PLAUSIBLE.fullmatch(offered) else uuid.uuid4().hex)
        started = time.perf_counter()
        try:
            response = get_response(request)
            response["X-Request-ID"] = request_id.get()
            user = getattr(request, "user", None)
            duration = round((time.perf_counter() - started) * 1000, 1)
            path = logged_path(request)
            logger.info(
                "%s %s %s %.0fms",
                request.method,
                path,
                response.status_code,
                duration,
                extra={
                    "method": request.method,
                    "path": path,
                    "status": response.status_code,
                    "duration_ms": duration,
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                },
            )
            return response
        finally:
            request_id.reset(token)

    return middleware


class ErrorReportHandler(logging.Handler):
    """Mails a server error to ADMINS with what an operator needs and nothing a person typed:
    the request id, method, logged path, status and the exception's class with the stack's
    file, line and function names. Django's own report is not used: it carries every form
    field, the query string and each frame's local variables, which here would be coaching
    notes and names."""

    def emit(self, record: logging.LogRecord) -> None:
        request = getattr(record, "request", None)
        lines = [f"Request id: {getattr(record, 'request_id', '-')}"]
        if request is not None:
            lines.append(f"Request: {request.method} {logged_path(request)}")
        lines.append(f"Status: {getattr(record, 'status_code', '-')}")
        if record.exc_info and record.exc_info[0] is not None:
            kind, _, trace = record.exc_info
            lines.append(f"Exception: {kind.__module__}.{kind.__qualname__}")
            lines.append("Stack (most recent call last):")
            lines += [
                f"  {frame.filename}:{frame.lineno} in {frame.name}"
                for frame in traceback.extract_tb(trace)
            ]
        subject = f"Tandem server error {getattr(record, 'status_code', '')}".strip()
        try:
            mail_admins(subject, "\n".join(lines), fail_silently=True)
        except Exception:  # noqa: BLE001 - a failing report must not fail the request
            self.handleError(record)


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
                "class": "tandem.ops.logs.ErrorReportHandler",
                "level": "ERROR",
                "filters": ["request_id"],
            },
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Server errors (500s) reach the administrators' mailbox when ADMINS is set.
            "django.request": {"handlers": handlers, "level": "ERROR", "propagate": False},
            # A request naming another host is a scanner or a misconfigured probe, not a fault
            # of Tandem's: logged, never mailed.
            "django.security.DisallowedHost": {
                "handlers": ["console"],
                "level": "WARNING",
                "propagate": False,
            },
            # One line per request, at INFO.
            "tandem.request": {"level": "INFO" if requests else "WARNING"},
        },
    }
