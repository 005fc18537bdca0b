"""Announcing what an htmx request added to a page.

A screen reader says nothing when htmx swaps a new row into a table. The page has a polite
live region (base.html); `announced` names what was added in an `HX-Trigger` header, and
Tandem's script (tandem/web/static/tandem/tandem.js) writes it into that region.
"""

from __future__ import annotations

import json

from django.http import HttpResponse

EVENT = "tandem:announce"


def announced(response: HttpResponse, message: str) -> HttpResponse:
    """`response`, telling htmx to announce `message` once it is swapped in. Keep `message`
    free of coaching content: headers are not covered by the privacy rules for bodies."""
    response["HX-Trigger"] = json.dumps({EVENT: message})
    return response
