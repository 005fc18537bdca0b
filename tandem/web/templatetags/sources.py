"""`{{ text|source_in_words }}`: a citation of the program's source documents in plain words.

Content shipped with Tandem cites the documents it was written from by their number in the
repository's seeds and their lines ("Seed 003, l.6559-6650, Table 6.8"), so a maintainer can
check it. People using Tandem see the document's title instead, and the table or figure, never
a line number (issue #16)."""

from __future__ import annotations

import re

from django import template

register = template.Library()

TITLES = {
    "000": "a guide to coaching child welfare specialists",
    "001": "How do some child protection agencies approach coaching?",
    "002": "the QIC-WD supportive supervision protocol",
    "003": "the Coaching Toolkit for Child Welfare Practice",
    "004": "Supporting Quality Contacts Through Supervisor-Worker Coaching (Capacity Building "
    "Center for States)",
}
_SEED = re.compile(r"\b[Ss]eed (\d{3})")
_SEED_ASIDE = re.compile(r"\s*\([Ss]eed \d{3}\)")  # "Title (seed 003)": the title is there
_LINES = re.compile(r",?\s*\bl\.\s?\d+(?:\s?[-–]\s?\d+)?")


@register.filter
def source_in_words(text: str) -> str:
    """For example: Seed 003, l.6559-6650, Table 6.8 (GROW) becomes: The Coaching Toolkit for
    Child Welfare Practice, Table 6.8 (GROW)."""
    words = _SEED_ASIDE.sub("", _LINES.sub("", str(text or "")))
    words = _SEED.sub(lambda found: TITLES.get(found[1], "a source document"), words)
    words = re.sub(r"\s+([,.;)])", r"\1", re.sub(r"\(\s*\)", "", words)).strip(" ,;")
    return words[:1].upper() + words[1:]
