"""The guided editor's working copy of a definition, kept as the text people typed.

A `Draft` is read from definition data (to start editing) or from the editor's posted fields,
changed by the editor's buttons (add, remove, move), and turned back into definition data for
the schema to check (draft_data.py). Values stay text until then, so nothing typed is lost
when the schema rejects it: the schema's own message says what to fix.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tandem.instruments.builder.dump import definition_dump
from tandem.instruments.definition import ITEM_TYPES

ITEM_TYPE_LABELS = {
    "likert": "Rating on a scale",
    "yes_no": "Yes or no",
    "paired": "Two opposite statements",
    "choice": "Choose one option",
    "number": "Number",
    "date": "Date",
    "text": "Written answer",
}
assert tuple(ITEM_TYPE_LABELS) == ITEM_TYPES


@dataclass
class ItemDraft:
    key: str = ""
    type: str = "likert"
    text: str = ""
    scale: str = ""
    required: bool = True
    red_flag: bool = False
    subscale: str = ""
    notes: str = ""  # one per line: "reason" or "key = Label"
    pro: str = ""
    anti: str = ""
    options: str = ""  # one per line: "value = Label"
    min: str = ""
    max: str = ""
    long: bool = False
    prefix: str = ""
    error: str = ""


@dataclass
class SectionDraft:
    key: str = ""
    title: str = ""
    intro: str = ""
    items: list[ItemDraft] = field(default_factory=list)
    prefix: str = ""
    error: str = ""


@dataclass
class ScaleDraft:
    name: str = ""
    points: str = ""  # one per line: "1 = Strongly disagree"
    na_label: str = ""
    na_value: str = ""
    prefix: str = ""
    error: str = ""


@dataclass
class Draft:
    slug: str
    version: int
    title: str = ""
    purpose: str = ""
    source: str = ""
    respondent: str = "self"
    subject: str = "none"
    instructions: str = ""
    scales: list[ScaleDraft] = field(default_factory=list)
    sections: list[SectionDraft] = field(default_factory=list)
    scoring: str = ""  # the scoring and decision fields, as YAML
    meta_error: str = ""
    scoring_error: str = ""

    def numbered(self) -> Draft:
        """Give every part the prefix of its form fields (done before rendering)."""
        for index, scale in enumerate(self.scales):
            scale.prefix = f"scale-{index}"
        for s_index, section in enumerate(self.sections):
            section.prefix = f"section-{s_index}"
            for i_index, item in enumerate(section.items):
                item.prefix = f"{section.prefix}-item-{i_index}"
        return self


# --- From definition data ---


def _pairs(entries: list[Any]) -> str:
    return "\n".join(f"{entry.get('value', '')} = {entry.get('label', '')}" for entry in entries)


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _item_draft(raw: Mapping[str, Any]) -> ItemDraft:
    kind = _text(raw.get("type"))
    notes = [
        f"{n.get('key', '')} = {n.get('label', '')}" if isinstance(n, Mapping) else _text(n)
        for n in raw.get("notes") or []
    ]
    return ItemDraft(
        key=_text(raw.get("key")),
        type=kind,
        text=_text(raw.get("text")),
        scale=_text(raw.get("scale")),
        required=bool(raw.get("required", kind != "text")),
        red_flag=bool(raw.get("red_flag", False)),
        subscale=_text(raw.get("subscale")),
        notes="\n".join(notes),
        pro=_text(raw.get("pro")),
        anti=_text(raw.get("anti")),
        options=_pairs(raw.get("options") or []),
        min=_text(raw.get("min")),
        max=_text(raw.get("max")),
        long=bool(raw.get("long", False)),
    )


def draft_from_data(data: Mapping[str, Any]) -> Draft:
    scales = []
    for name, body in (data.get("scales") or {}).items():
        na = body.get("not_applicable")
        scales.append(
            ScaleDraft(
                name=str(name),
                points=_pairs(body.get("points") or []),
                na_label=_text(na.get("label") if isinstance(na, Mapping) else na),
                na_value=_text(na.get("value") if isinstance(na, Mapping) else None),
            )
        )
    sections = [
        SectionDraft(
            key=_text(raw.get("key")),
            title=_text(raw.get("title")),
            intro=_text(raw.get("intro")),
            items=[_item_draft(item) for item in raw.get("items") or []],
        )
        for raw in data.get("sections") or []
    ]
    rules = {name: data[name] for name in ("scoring", "decision") if name in data}
    return Draft(
        slug=_text(data.get("slug")),
        version=int(data.get("version") or 1),
        title=_text(data.get("title")),
        purpose=_text(data.get("purpose")),
        source=_text(data.get("source")),
        respondent=_text(data.get("respondent") or "self"),
        subject=_text(data.get("subject") or "none"),
        instructions=_text(data.get("instructions")),
        scales=scales,
        sections=sections,
        scoring=definition_dump(rules) if rules else "",
    )


# --- From the editor's posted fields ---


def _count(post: Mapping[str, Any], name: str) -> int:
    value = str(post.get(name, "0"))
    return min(int(value), 500) if value.isdigit() else 0


def draft_from_post(post: Mapping[str, Any], *, slug: str, version: int) -> Draft:
    def get(name: str) -> str:
        return str(post.get(name, "")).replace("\r\n", "\n").strip()

    def on(name: str) -> bool:
        return name in post

    draft = Draft(slug=slug, version=version)
    for name in ("title", "purpose", "source", "respondent", "subject", "instructions"):
        setattr(draft, name, get(name))
    draft.scoring = get("scoring")
    for index in range(_count(post, "scale-count")):
        p = f"scale-{index}-"
        draft.scales.append(
            ScaleDraft(
                name=get(p + "name"),
                points=get(p + "points"),
                na_label=get(p + "na_label"),
                na_value=get(p + "na_value"),
            )
        )
    for s_index in range(_count(post, "section-count")):
        p = f"section-{s_index}-"
        section = SectionDraft(key=get(p + "key"), title=get(p + "title"), intro=get(p + "intro"))
        for i_index in range(_count(post, p + "item-count")):
            q = f"{p}item-{i_index}-"
            item = ItemDraft()
            for name in _ITEM_TEXT_FIELDS:
                setattr(item, name, get(q + name))
            item.required = on(q + "required")
            item.red_flag = on(q + "red_flag")
            item.long = on(q + "long")
            section.items.append(item)
        draft.sections.append(section)
    return draft


_ITEM_TEXT_FIELDS = (
    "key", "type", "text", "scale", "subscale", "notes", "pro", "anti", "options", "min", "max",
)  # fmt: skip


# --- The editor's buttons ---


def _move(entries: list[Any], index: int, step: int) -> None:
    target = index + step
    if 0 <= index < len(entries) and 0 <= target < len(entries):
        entries[index], entries[target] = entries[target], entries[index]


def _new_key(prefix: str, taken: set[str]) -> str:
    number = 1
    while f"{prefix}-{number}" in taken:
        number += 1
    return f"{prefix}-{number}"


def draft_apply(draft: Draft, action: str) -> str | None:
    """Apply an editor button ("add-item:0", "item-up:0:2" ...); returns the part to show next.

    Unknown or out-of-range actions change nothing (a stale page, a hand-made request).
    """
    name, _, rest = action.partition(":")
    numbers = [int(n) for n in rest.split(":") if n.isdigit()]
    item_keys = {item.key for section in draft.sections for item in section.items}
    if name == "add-scale":
        names = {scale.name for scale in draft.scales}
        draft.scales.append(ScaleDraft(name=_new_key("scale", names)))
        return f"scale-{len(draft.scales) - 1}"
    if name == "remove-scale" and len(numbers) == 1 and numbers[0] < len(draft.scales):
        del draft.scales[numbers[0]]
        return "scales"
    if name == "add-section":
        keys = {section.key for section in draft.sections}
        draft.sections.append(SectionDraft(key=_new_key("section", keys)))
        draft.sections[-1].items.append(_new_item(draft, item_keys))
        return f"section-{len(draft.sections) - 1}"
    if len(numbers) >= 1 and numbers[0] < len(draft.sections):
        s_index = numbers[0]
        section = draft.sections[s_index]
        if name == "remove-section":
            del draft.sections[s_index]
            return "sections"
        if name in ("section-up", "section-down"):
            _move(draft.sections, s_index, -1 if name == "section-up" else 1)
            return "sections"
        if name == "add-item":
            section.items.append(_new_item(draft, item_keys))
            return f"section-{s_index}-item-{len(section.items) - 1}"
        if len(numbers) == 2 and numbers[1] < len(section.items):
            if name == "type":  # the kind of answer changed: show that kind's fields
                return f"section-{s_index}-item-{numbers[1]}"
            if name == "remove-item":
                del section.items[numbers[1]]
                return f"section-{s_index}"
            if name in ("item-up", "item-down"):
                _move(section.items, numbers[1], -1 if name == "item-up" else 1)
                return f"section-{s_index}"
    return None


def _new_item(draft: Draft, taken: set[str]) -> ItemDraft:
    scale = draft.scales[0].name if draft.scales else ""
    return ItemDraft(key=_new_key("item", taken), type="likert" if scale else "yes_no", scale=scale)
