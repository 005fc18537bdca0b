"""When the database cannot be reached (a restart, a failover), answer 503 with a page that
says so and when to try again, instead of a 500. Nothing typed is lost: the browser keeps the
form, and going back and sending it again is safe."""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string
from django.views.defaults import server_error

RETRY_AFTER_SECONDS = 30


def server_error_or_unavailable(request: HttpRequest) -> HttpResponse:
    """Django's handler500, called while the exception is being handled (so it is in
    sys.exc_info). A lost database connection is a 503; anything else the usual 500."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        # Rendered without the request: the usual page context reads the database.
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    response = server_error(request)
    return response if response.status_code == 500 else HttpResponseServerError()
