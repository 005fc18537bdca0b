"""The exact text parties acknowledge, its hash, and comparisons between versions. Pure."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from tandem.agreements.fields import KINDS, YES_NO, Field, fields_for, topics_for
from tandem.privacy.categories import DISCLOSABLE, Category, Party

DisclosureMap = dict[str, list[str]]


def display_value(field: Field, value: object) -> str:
    text = "" if value is None else str(value).strip()
    if field.kind == "choice":
        return dict(field.choices).get(text, text)
    return text


def disclosure_lines(disclosure: DisclosureMap) -> list[tuple[str, str]]:
    """(party label, what it may see) for every party, in a fixed order."""
    lines = []
    for party in Party:
        shared = [Category(c).label for c in DISCLOSABLE if c in disclosure.get(party.value, [])]
        lines.append((party.label, ", ".join(shared) if shared else "Nothing"))
    return lines


def agreement_text(
    *,
    kind: str,
    number: int,
    learner: str,
    coach: str,
    parties: list[tuple[str, str]],
    content: dict[str, object],
    disclosure: DisclosureMap,
) -> str:
    """The canonical plain text of one version. Every party acknowledges exactly this."""
    out = [
        f"Coaching agreement, version {number}",
        f"Kind: {KINDS[kind]}",
        f"Learner: {learner}",
        f"Coach: {coach}",
        "Parties: " + "; ".join(f"{role}: {name}" for role, name in parties),
        "",
    ]
    for topic, fields in topics_for(kind):
        out.append(topic.title.upper())
        for field in fields:
            out.append(f"{field.label}: {display_value(field, content.get(field.key)) or '-'}")
        if topic.key == "confidentiality":
            out.append("What other parties may see:")
            out += [f"  {party}: {shared}" for party, shared in disclosure_lines(disclosure)]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def missing_topics(kind: str, content: dict[str, object]) -> list[str]:
    """Titles of topics with a required field left empty, in agreement order."""
    missing = []
    for topic, fields in topics_for(kind):
        if any(_incomplete(f, content.get(f.key)) for f in fields):
            missing.append(topic.title)
    return missing


def _incomplete(field: Field, value: object) -> bool:
    text = str(value or "").strip()
    if field.choices == YES_NO:
        return field.required and text != "yes"  # the pre-start checklist must be all done
    return field.required and not text


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


def versions_compare(
    *,
    kind: str,
    before: dict[str, object],
    after: dict[str, object],
    before_disclosure: DisclosureMap,
    after_disclosure: DisclosureMap,
) -> list[Change]:
    """Every field (and disclosure line) whose text differs between two versions."""
    changes = [
        Change(
            field.label,
            display_value(field, before.get(field.key)),
            display_value(field, after.get(field.key)),
        )
        for field in fields_for(kind)
        if display_value(field, before.get(field.key)) != display_value(field, after.get(field.key))
    ]
    old_lines = dict(disclosure_lines(before_disclosure))
    for party, shared in disclosure_lines(after_disclosure):
        if old_lines[party] != shared:
            changes.append(Change(f"{party} may see", old_lines[party], shared))
    return changes
