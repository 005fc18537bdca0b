"""`{{ question.text|question_in_words }}`: a question as a coach reads it.

Question texts hold placeholders (``{skill}``, ``{goal}``) that a session page fills from what it
knows. Where nothing is known (the question bank's own pages) each placeholder reads as its
plain blank ("this skill"), never as code in braces (issue #16 item 8)."""

from __future__ import annotations

from django import template

from tandem.questionbank.placeholders import MEANINGS, fill, placeholders_in

register = template.Library()


@register.filter
def question_in_words(text: str) -> str:
    return fill(text)


@register.filter
def question_blanks(text: str) -> str:
    """What a session fills in, in words ("the skill, the goal"), for the bank's editors."""
    return ", ".join(MEANINGS.get(name, name) for name in placeholders_in(text))


@register.filter
def tag_in_words(slug: str) -> str:
    """A tag as words: "open-question" reads "open question"."""
    return slug.replace("-", " ")
