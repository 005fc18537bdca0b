"""Turning the guided editor's `Draft` back into definition data, and putting the schema's
problem next to the part of the draft it concerns."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from tandem.instruments.builder.editor import Draft, ItemDraft, ScaleDraft
from tandem.instruments.definition import DefinitionError
from tandem.instruments.yaml_text import yaml_load

_INTEGER = re.compile(r"^[+-]?\d+$")


def _parse_pairs(text: str, number: bool) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        value, equals, label = line.partition("=")
        entry: dict[str, Any] = {"value": _number(value.strip()) if number else value.strip()}
        if equals:
            entry["label"] = label.strip()
        entries.append(entry)
    return entries


def _number(text: str) -> Any:
    if _INTEGER.match(text):
        return int(text)
    try:
        return float(text)
    except ValueError:
        return text  # the schema says it must be a number, next to this field


def _notes(text: str) -> list[Any]:
    notes: list[Any] = []
    for line in text.splitlines():
        key, equals, label = line.partition("=")
        if line.strip():
            notes.append({"key": key.strip(), "label": label.strip()} if equals else key.strip())
    return notes


def _item_data(item: ItemDraft) -> dict[str, Any]:
    data: dict[str, Any] = {"key": item.key, "type": item.type}
    if item.text or item.type != "paired":
        data["text"] = item.text
    if item.type in ("likert", "paired"):
        data["scale"] = item.scale
    if item.type == "paired":
        data["pro"], data["anti"] = item.pro, item.anti
    if item.type == "yes_no" and item.red_flag:
        data["red_flag"] = True
    if item.type == "choice":
        data["options"] = _parse_pairs(item.options, number=False)
    if item.type == "number":
        for name in ("min", "max"):
            if getattr(item, name):
                data[name] = _number(getattr(item, name))
    if item.type == "text" and item.long:
        data["long"] = True
    if item.subscale:
        data["subscale"] = item.subscale
    if item.required != (item.type != "text"):
        data["required"] = item.required
    if _notes(item.notes):
        data["notes"] = _notes(item.notes)
    return data


def _scale_data(scale: ScaleDraft) -> dict[str, Any]:
    data: dict[str, Any] = {"points": _parse_pairs(scale.points, number=True)}
    if scale.na_value:
        data["not_applicable"] = {"value": _number(scale.na_value), "label": scale.na_label}
    elif scale.na_label:
        data["not_applicable"] = scale.na_label
    return data


def data_from_draft(draft: Draft, *, origin: str) -> dict[str, Any]:
    """Definition data for the schema to check; a scoring box that is not YAML raises here."""
    data: dict[str, Any] = {"slug": draft.slug, "title": draft.title, "version": draft.version}
    for name in ("purpose", "source", "respondent", "subject"):
        data[name] = getattr(draft, name)
    if draft.instructions:
        data["instructions"] = draft.instructions
    if draft.scales:
        data["scales"] = {}
        for scale in draft.scales:
            if scale.name in data["scales"]:
                raise DefinitionError(
                    f'two scales have the name "{scale.name}"',
                    origin=origin,
                    location=f"scales.{scale.name}",
                )
            data["scales"][scale.name] = _scale_data(scale)
    data["sections"] = []
    for section in draft.sections:
        raw: dict[str, Any] = {"key": section.key, "title": section.title}
        if section.intro:
            raw["intro"] = section.intro
        raw["items"] = [_item_data(item) for item in section.items]
        data["sections"].append(raw)
    data.update(_scoring_data(draft.scoring, origin=origin))
    return data


def _scoring_data(text: str, *, origin: str) -> dict[str, Any]:
    if not text.strip():
        return {}
    rules = yaml_load(text, origin=f"{origin} (scoring rules)")
    if not isinstance(rules, Mapping) or set(rules) - {"scoring", "decision"}:
        raise DefinitionError(
            'write the scoring rules as "scoring:" (a list) and, if needed, "decision:"',
            origin=origin,
            location="scoring",
        )
    return dict(rules)


_SECTION_OR_ITEM = re.compile(r"^sections\[(\d+)\](?:\.items\[(\d+)\])?")
_SCALE = re.compile(r"^scales\.([^.\[ ]*)")


def draft_mark_error(draft: Draft, error: DefinitionError) -> str:
    """Put the problem next to the part it concerns; returns that part's anchor."""
    location = error.location
    if found := _SECTION_OR_ITEM.match(location):
        s_index, i_index = int(found[1]), found[2]
        if s_index < len(draft.sections):
            section = draft.sections[s_index]
            if i_index is not None and int(i_index) < len(section.items):
                section.items[int(i_index)].error = error.problem
                return f"section-{s_index}-item-{i_index}"
            section.error = error.problem
            return f"section-{s_index}"
    if found := _SCALE.match(location):
        for index, scale in enumerate(draft.scales):
            if scale.name == found[1]:
                scale.error = error.problem
                return f"scale-{index}"
    if location.startswith(("scoring", "decision")) or "(scoring rules)" in error.origin:
        draft.scoring_error = str(error)
        return "scoring"
    draft.meta_error = error.problem
    return "about"
