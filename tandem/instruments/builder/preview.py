"""The preview: a definition laid out as the person filling it in sees it, and "try scoring".

Nothing here is stored. Answers typed into the preview are read back into the shape
`scoring.score` takes, so the lead can check their scoring rules on made-up answers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tandem.instruments.definition import NOT_APPLICABLE, Definition, Item, Scale
from tandem.instruments.scoring import answers_validate, score

_INTEGER = re.compile(r"^[+-]?\d+$")


@dataclass
class Choice:
    value: str
    label: str
    checked: bool


@dataclass
class PreviewItem:
    item: Item
    name: str
    choices: list[Choice] = field(default_factory=list)  # likert, yes_no, choice
    pro: list[Choice] = field(default_factory=list)  # paired
    anti: list[Choice] = field(default_factory=list)  # paired
    value: str = ""  # number, date, text
    notes: list[tuple[str, str, str]] = field(default_factory=list)  # name, label, value
    problem: str = ""


@dataclass
class ScoreLine:
    label: str
    value: str
    band: str
    band_text: str


@dataclass
class Tried:
    scores: list[ScoreLine]
    red_flags: list[str]
    decision: str
    decision_text: str
    problems: int


def _scale_choices(scale: Scale, posted: str) -> list[Choice]:
    choices = [
        Choice(str(p.value), f"{p.value} – {p.label}", posted == str(p.value)) for p in scale.points
    ]
    if scale.not_applicable:
        choices.append(Choice(NOT_APPLICABLE, scale.not_applicable, posted == NOT_APPLICABLE))
    return choices


def preview_sections(
    definition: Definition, post: Mapping[str, Any], problems: Mapping[str, str] | None = None
) -> list[tuple[Any, list[PreviewItem]]]:
    """Each section with its items ready to render, keeping what was typed into the preview."""

    def posted(name: str) -> str:
        return str(post.get(name, ""))

    sections = []
    for section in definition.sections:
        rows = []
        for item in section.items:
            name = f"answer-{item.key}"
            row = PreviewItem(item=item, name=name, value=posted(name))
            row.problem = (problems or {}).get(item.key, "")
            if item.type == "likert" and item.scale:
                row.choices = _scale_choices(item.scale, posted(name))
            elif item.type == "paired" and item.scale:
                row.pro = _scale_choices(item.scale, posted(f"{name}-pro"))
                row.anti = _scale_choices(item.scale, posted(f"{name}-anti"))
            elif item.type == "yes_no":
                row.choices = [Choice(v, v.capitalize(), posted(name) == v) for v in ("yes", "no")]
            elif item.type == "choice":
                row.choices = [
                    Choice(o.value, o.label, posted(name) == o.value) for o in item.options
                ]
            row.notes = [
                (f"{name}.{n.key}", n.label, posted(f"{name}.{n.key}")) for n in item.notes
            ]
            rows.append(row)
        sections.append((section, rows))
    return sections


def _answer(item: Item, post: Mapping[str, Any]) -> object:
    name = f"answer-{item.key}"
    raw = str(post.get(name, "")).strip()
    if item.type == "paired":
        sides = {s: str(post.get(f"{name}-{s}", "")).strip() for s in ("pro", "anti")}
        if not any(sides.values()):
            return None
        return {s: int(v) if _INTEGER.match(v) else v for s, v in sides.items()}
    if not raw:
        return None
    if item.type == "yes_no":
        return {"yes": True, "no": False}.get(raw, raw)
    if item.type in ("likert", "number") and _INTEGER.match(raw):
        return int(raw)
    if item.type == "number":
        try:
            return float(raw)
        except ValueError:
            return raw
    return raw


def answers_from_post(definition: Definition, post: Mapping[str, Any]) -> dict[str, object]:
    answers: dict[str, object] = {}
    for item in definition.items:
        answer = _answer(item, post)
        if answer is not None:
            answers[item.key] = answer
    return answers


def _shown(value: float | None) -> str:
    if value is None:
        return "No score (no usable answers)"
    return f"{value:.2f}".rstrip("0").rstrip(".")


def try_scoring(
    definition: Definition, answers: Mapping[str, object]
) -> tuple[Tried, dict[str, str]]:
    """Scores for made-up answers, and what a real respondent would be asked to fix."""
    problems = answers_validate(definition, answers)
    report = score(definition, answers)
    lines = []
    for rule in definition.scoring:
        band = report.bands.get(rule.key)
        lines.append(
            ScoreLine(
                rule.label,
                _shown(report.scores.get(rule.key)),
                band.label if band else "",
                band.text if band else "",
            )
        )
    flags = [definition.item(key).text for key in report.red_flags]
    decision = report.decision
    tried = Tried(
        lines,
        flags,
        decision.label if decision else "",
        decision.text if decision else "",
        len(problems),
    )
    return tried, problems
