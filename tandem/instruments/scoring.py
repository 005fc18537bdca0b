"""Scores and answer checks for an instrument: pure functions over a `Definition` and answers.

`answers` maps an item key to its answer (docs/INSTRUMENTS.md): an int (likert, number),
True/False (yes_no), {"pro": int, "anti": int} (paired), a string (choice value, text, ISO date)
or "na" (not applicable). Free-text notes beside an item use the key "<item-key>.<note-key>".
`score` reads only answers that `answers_validate` would accept; anything else counts as
unanswered, so a half-filled draft can be scored too.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from tandem.instruments.definition import (
    NOT_APPLICABLE,
    Band,
    Definition,
    Item,
    Scale,
    ScoreRule,
)
from tandem.ui.forms import LONG_TEXT_LIMIT, too_long_message

__all__ = ["ScoreReport", "answers_validate", "score"]

# Item types whose answers are never free text, so "na" can only mean "not applicable".
NUMERIC_TYPES = ("likert", "paired", "yes_no", "number")


@dataclass(frozen=True)
class ScoreReport:
    scores: dict[str, float | None]  # None: no score (nothing to count or average)
    bands: dict[str, Band]  # score key → the band it falls in, for scores that have one
    red_flags: list[str]  # keys of warning-sign items answered "yes", in form order
    decision: Band | None  # None when there is no decision or a compared score is missing


def score(definition: Definition, answers: Mapping[str, object]) -> ScoreReport:
    scores: dict[str, float | None] = {}
    bands: dict[str, Band] = {}
    for rule in definition.scoring:
        value = _rule_value(definition, rule, answers)
        scores[rule.key] = value
        band = _band_for(rule, value)
        if band is not None:
            bands[rule.key] = band
    red_flags = [
        item.key for item in definition.items if item.red_flag and answers.get(item.key) is True
    ]
    return ScoreReport(scores, bands, red_flags, _decision(definition, scores))


def _rule_value(
    definition: Definition, rule: ScoreRule, answers: Mapping[str, object]
) -> float | None:
    items = definition.selected_items(rule)
    values: list[float | None]
    if rule.method in ("count_yes", "count_no"):
        wanted = rule.method == "count_yes"
        return sum(1 for item in items if answers.get(item.key) is wanted)
    if rule.method in ("pro_total", "anti_total"):
        side = "pro" if rule.method == "pro_total" else "anti"
        values = [_paired_side(item, answers.get(item.key), side) for item in items]
    else:
        values = [_rated(item, answers.get(item.key)) for item in items]
    counted = [value for value in values if value is not None]
    if not counted:
        return None
    total = sum(counted)
    return total / len(counted) if rule.method == "mean" else total


def _rated(item: Item, answer: object) -> float | None:
    """The number an answer contributes to a sum or mean, or None when it is left out."""
    if item.type == "likert" and item.scale is not None:
        return answer if _on_scale(item.scale, answer) else None  # type: ignore[return-value]
    if item.type == "number" and _number_problem(item, answer) is None:
        return answer  # type: ignore[return-value]
    return None


def _paired_side(item: Item, answer: object, side: str) -> int | None:
    if not isinstance(answer, Mapping) or item.scale is None:
        return None
    value = answer.get(side)
    return value if _on_scale(item.scale, value) else None  # type: ignore[return-value]


def _on_scale(scale: Scale, value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value in scale.values


def _band_for(rule: ScoreRule, value: float | None) -> Band | None:
    if value is None:
        return None
    return next((band for band in rule.bands if band.contains(value)), None)


def _decision(definition: Definition, scores: Mapping[str, float | None]) -> Band | None:
    decision = definition.decision
    if decision is None:
        return None
    first, second = (scores.get(key) for key in decision.compare)
    if first is None or second is None:
        return None
    if first > second:
        return decision.greater
    return decision.less if first < second else decision.equal


# --- Checking answers before they are saved -------------------------------------------------


def answers_validate(definition: Definition, answers: Mapping[str, object]) -> dict[str, str]:
    """Problems with `answers`, as item key → what the person filling in the form should do.

    An empty result means the answers can be submitted. Notes are keyed "<item>.<note>".
    """
    problems: dict[str, str] = {}
    known: set[str] = set()
    for item in definition.items:
        known.add(item.key)
        problem = _answer_problem(item, answers.get(item.key))
        if problem:
            problems[item.key] = problem
        for note in item.notes:
            key = f"{item.key}.{note.key}"
            known.add(key)
            written = answers.get(key, "")
            if not isinstance(written, str | None):
                problems[key] = "Write the note as text."
            elif written is not None and len(written) > LONG_TEXT_LIMIT:
                problems[key] = too_long_message(len(written), LONG_TEXT_LIMIT)
    for key in answers:
        if key not in known:
            problems[key] = "This question is not on this form."
    return problems


def _blank(answer: object) -> bool:
    return answer is None or (isinstance(answer, str) and not answer.strip())


def _answer_problem(item: Item, answer: object) -> str | None:
    if _blank(answer):
        return _what_to_do(item) if item.required else None
    if isinstance(answer, str) and len(answer) > LONG_TEXT_LIMIT:
        return too_long_message(len(answer), LONG_TEXT_LIMIT)
    offers_na = item.scale is not None and item.scale.not_applicable is not None
    if answer == NOT_APPLICABLE and item.type in NUMERIC_TYPES and not offers_na:
        return f'"Not applicable" is not a choice here. {_what_to_do(item)}'
    if item.type == "likert" and item.scale is not None:
        ok = _on_scale(item.scale, answer) or item.scale.is_not_applicable(answer)
        return None if ok else _what_to_do(item)
    if item.type == "yes_no":
        return None if isinstance(answer, bool) else _what_to_do(item)
    if item.type == "paired":
        return _paired_problem(item, answer)
    if item.type == "choice":
        values = [option.value for option in item.options]
        return None if isinstance(answer, str) and answer in values else _what_to_do(item)
    if item.type == "number":
        return _number_problem(item, answer)
    if item.type == "date":
        return _date_problem(answer)
    return None if isinstance(answer, str) else "Write your answer as text."


def _paired_problem(item: Item, answer: object) -> str | None:
    assert item.scale is not None  # the schema requires a scale on paired items
    scale = item.scale
    if scale.is_not_applicable(answer):
        return None
    if not isinstance(answer, Mapping) or set(answer) - {"pro", "anti"}:
        return _what_to_do(item)
    for side in ("pro", "anti"):
        value = answer.get(side)
        if not (_on_scale(scale, value) or scale.is_not_applicable(value)):
            return _what_to_do(item)
    return None


def _number_problem(item: Item, answer: object) -> str | None:
    if isinstance(answer, bool) or not isinstance(answer, int | float):
        return _what_to_do(item)
    too_low = item.min is not None and answer < item.min
    too_high = item.max is not None and answer > item.max
    return _what_to_do(item) if too_low or too_high else None


def _date_problem(answer: object) -> str | None:
    try:
        datetime.date.fromisoformat(str(answer))
    except ValueError:
        return "Enter a real date as year-month-day, for example 2025-03-31."
    return None


def _what_to_do(item: Item) -> str:
    """The plain instruction shown when an answer is missing or cannot be used."""
    if item.type == "likert" and item.scale is not None:
        return f"Choose {_scale_phrase(item.scale)}."
    if item.type == "paired" and item.scale is not None:
        return f"Rate both statements: for each, choose {_scale_phrase(item.scale)}."
    if item.type == "yes_no":
        return "Choose yes or no."
    if item.type == "choice":
        return "Choose one of the options."
    if item.type == "number":
        return _number_instruction(item)
    if item.type == "date":
        return "Enter a date."
    return "Write an answer."


def _scale_phrase(scale: Scale) -> str:
    """'a number from 1 to 5', or '0, 2 or 4', plus the not-applicable choice if offered."""
    values = sorted(scale.values)
    na = f', or "{scale.not_applicable}"' if scale.not_applicable else ""
    if values == list(range(values[0], values[-1] + 1)):
        return f"a number from {values[0]} to {values[-1]}{na}"
    listed = ", ".join(str(value) for value in values[:-1])
    return f"{listed} or {values[-1]}{na}"


def _number_instruction(item: Item) -> str:
    if item.min is not None and item.max is not None:
        return f"Enter a number from {item.min:g} to {item.max:g}."
    if item.min is not None:
        return f"Enter a number of {item.min:g} or more."
    if item.max is not None:
        return f"Enter a number of {item.max:g} or less."
    return "Enter a number."
