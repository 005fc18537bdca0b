"""Citations shown in plain words, never a seed number or a line number."""

from __future__ import annotations

import pytest

from tandem.web.templatetags.sources import source_in_words


@pytest.mark.parametrize(
    ("cited", "shown"),
    [
        (
            "Seed 003, l.6559-6650, Table 6.8 (GROW/REGROW)",
            "The Coaching Toolkit for Child Welfare Practice, Table 6.8 (GROW/REGROW)",
        ),
        (
            "Seed 004, l.52-119 (coaching for quality contacts)",
            "Supporting Quality Contacts Through Supervisor-Worker Coaching (Capacity Building "
            "Center for States) (coaching for quality contacts)",
        ),
        ("seed 001 l.25", "How do some child protection agencies approach coaching?"),
        (
            "Coaching Toolkit for Child Welfare Practice (seed 003), feedback ladder l.3750-3860",
            "Coaching Toolkit for Child Welfare Practice, feedback ladder",
        ),
        ("Our own words", "Our own words"),
        ("", ""),
    ],
)
def test_a_citation_reads_as_the_document_s_title(cited, shown):
    assert source_in_words(cited) == shown
