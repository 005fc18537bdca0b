"""Fill a question's placeholders (``{skill}``, ``{goal}``, ...) from what the page knows.

A missing or empty value becomes a readable blank ("this skill"), so a question always reads as
a sentence; text that merely contains braces is left alone. Never raises.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

PLACEHOLDER = re.compile(r"\{([a-z_]{1,30})\}")

# What a question says when the page has no value for a placeholder.
BLANKS: dict[str, str] = {
    "learner": "the learner",
    "skill": "this skill",
    "goal": "this goal",
    "focus": "this focus area",
    "topic": "this",
    "behavior": "this behavior",
    "weeks": "few weeks",
}
DEFAULT_BLANK = "this"
# What each placeholder stands for, for readers of the question bank.
MEANINGS: dict[str, str] = {
    "learner": "the learner's name",
    "skill": "the skill being practised",
    "goal": "the learner's goal",
    "focus": "the coaching's focus",
    "topic": "the topic",
    "behavior": "the behavior",
    "weeks": "a number of weeks",
}
KNOWN = tuple(BLANKS)


def placeholders_in(text: str) -> list[str]:
    """The placeholder names a text uses, in order, each once."""
    return list(dict.fromkeys(PLACEHOLDER.findall(text or "")))


def fill(text: str, context: Mapping[str, str] | None = None) -> str:
    """``text`` with each ``{name}`` replaced by ``context[name]`` or a readable blank."""
    values = context or {}

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        value = values.get(name)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
        return BLANKS.get(name, DEFAULT_BLANK)

    try:
        return PLACEHOLDER.sub(replace, text or "")
    except Exception:  # pragma: no cover - a question must never break a page
        return text or ""
