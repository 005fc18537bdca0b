"""For the "two tabs" tests of every versioned form (tandem/ui/locking.py)."""

from __future__ import annotations

from typing import Any

from django import forms

from tandem.people.tests.html import parse


def as_posted(form: forms.BaseForm, **changes: Any) -> dict[str, Any]:
    """What a browser sends for `form` as it was shown (hidden version included), with
    `changes` typed in. An unticked checkbox and an empty choice are not sent, as in a browser."""
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False or value == []:
            continue
        data[name] = "on" if value is True else value
    return data | changes


def conflict_sides(html: str) -> tuple[str, str]:
    """The text of the two sides of a conflict page: what is saved now, and what was sent."""
    doc = parse(html)
    return doc.find("div", id="conflict-theirs").text, doc.find("div", id="conflict-yours").text
