"""A form larger than Tandem accepts (DATA_UPLOAD_MAX_MEMORY_SIZE, files apart) gets a page
that says so, with status 413, instead of Django's bare "Bad Request". Checked from the
request's declared length before anything reads the body. Nothing typed is lost: the browser
still has the form, and each box's own limit is far below this one."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from tandem.ui.forms import LONG_TEXT_LIMIT


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # Django's own check applies when the body is read


def request_size_limit(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable:
    def middleware(request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        # Multipart bodies carry files, which the limit leaves out: Django checks their fields.
        multipart = (request.content_type or "").startswith("multipart/")
        if limit is not None and not multipart and _declared_length(request) > limit:
            # Rendered without the request: no session, user or database is needed.
            context = {"limit_mb": limit // (1024 * 1024), "text_limit": f"{LONG_TEXT_LIMIT:,}"}
            return HttpResponse(render_to_string("413.html", context), status=413)
        return get_response(request)

    return middleware
