"""What a results page shows, as plain rows: scores with their meaning, warning signs, the
answers given, and how scores changed across repeated administrations. Pure functions over a
definition and stored answers and scores; no database access."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tandem.instruments.definition import NOT_APPLICABLE, Band, Definition, Item
from tandem.instruments.models import Response
from tandem.instruments.scoring import ScoreReport


@dataclass(frozen=True)
class ScoreRow:
    key: str
    label: str
    value: float | None
    band: Band | None


@dataclass(frozen=True)
class AnswerRow:
    number: int
    text: str
    answer: str
    notes: list[tuple[str, str]]  # (label, text) of notes written


@dataclass(frozen=True)
class ChangeRow:
    label: str
    values: list[float | None]
    change: float | None  # last minus first, when both exist


def score_rows(definition: Definition, scores: Mapping[str, object], report: ScoreReport) -> list:
    rows = []
    for rule in definition.scoring:
        value = scores.get(rule.key)
        number = float(value) if isinstance(value, int | float) else None
        rows.append(ScoreRow(rule.key, rule.label, number, report.bands.get(rule.key)))
    return rows


def red_flag_texts(definition: Definition, report: ScoreReport) -> list[str]:
    return [definition.item(key).text for key in report.red_flags]


def _point_label(item: Item, value: object) -> str:
    if item.scale is None:
        return str(value)
    if item.scale.is_not_applicable(value):
        return item.scale.not_applicable or "Not applicable"
    label = next((p.label for p in item.scale.points if p.value == value), "")
    return f"{value} — {label}" if label else str(value)


def answer_text(item: Item, answer: object) -> str:
    if answer is None or answer == "":
        return "Not answered"
    if item.type == "yes_no":
        return "Yes" if answer is True else "No" if answer is False else str(answer)
    if item.type == "likert":
        return _point_label(item, answer)
    if item.type == "paired":
        if answer == NOT_APPLICABLE or not isinstance(answer, Mapping):
            return _point_label(item, answer)
        return (
            f"{item.pro}: {_point_label(item, answer.get('pro'))}. "
            f"{item.anti}: {_point_label(item, answer.get('anti'))}."
        )
    if item.type == "choice":
        return next((o.label for o in item.options if o.value == answer), str(answer))
    if item.type == "number" and isinstance(answer, float):
        return f"{answer:g}"
    return str(answer)


def answer_rows(definition: Definition, answers: Mapping[str, object]) -> list[tuple[str, list]]:
    """(section title, rows) for every section, in form order."""
    sections = []
    number = 0
    for section in definition.sections:
        rows = []
        for item in section.items:
            number += 1
            notes = [
                (note.label, str(answers[f"{item.key}.{note.key}"]))
                for note in item.notes
                if answers.get(f"{item.key}.{note.key}")
            ]
            text = item.text or f"{item.pro} / {item.anti}"
            rows.append(AnswerRow(number, text, answer_text(item, answers.get(item.key)), notes))
        sections.append((section.title, rows))
    return sections


def change_rows(definition: Definition, responses: Sequence[Response]) -> list[ChangeRow]:
    """One row per score of `definition`, one value per response (oldest first)."""
    rows = []
    for rule in definition.scoring:
        values: list[float | None] = []
        for response in responses:
            value = response.scores.get(rule.key)
            values.append(float(value) if isinstance(value, int | float) else None)
        first, last = values[0] if values else None, values[-1] if values else None
        change = last - first if first is not None and last is not None else None
        rows.append(ChangeRow(rule.label, values, change))
    return rows
