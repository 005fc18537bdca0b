"""The fill-in form of one section: posted fields ↔ answers, and what each question shows.

Field names: `answer.<item>` (and `answer.<item>.pro` / `.anti` for paired statements) and
`note.<item>.<note>`. Values are read as posted: something that cannot be an answer (a tampered
radio value, "12" on a 1-5 scale, letters in a number box) is passed on as typed, so that
`answers_validate` explains what to do next to the question.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.http import QueryDict

from tandem.instruments.definition import NOT_APPLICABLE, Item, Section

ANSWER, NOTE = "answer.", "note."


def _number(text: str) -> object:
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def _parse(item: Item, text: str) -> object | None:
    text = text.strip() if item.type != "text" else text
    if not text.strip():
        return None
    if text == NOT_APPLICABLE and item.type in ("likert", "paired"):
        return NOT_APPLICABLE
    if item.type in ("likert", "number", "paired"):
        return _number(text)
    if item.type == "yes_no":
        return {"yes": True, "no": False}.get(text, text)
    return text


@dataclass(frozen=True)
class PostedSection:
    answers: dict[str, object | None]  # item or note key → answer (None clears it)
    typed: dict[str, str]  # field name → text as posted, to show it again
    unknown: list[str]  # answer fields that are not questions of this section


def section_from_post(section: Section, data: QueryDict) -> PostedSection:
    answers: dict[str, object | None] = {}
    typed: dict[str, str] = {}
    names: set[str] = set()
    for item in section.items:
        if item.type == "paired":
            sides = {}
            for side in ("pro", "anti"):
                name = f"{ANSWER}{item.key}.{side}"
                names.add(name)
                typed[name] = data.get(name, "")
                value = _parse(item, typed[name])
                if value is not None:
                    sides[side] = value
            # One "not applicable" for the pair stands for the whole item.
            if sides and all(v == NOT_APPLICABLE for v in sides.values()):
                answers[item.key] = NOT_APPLICABLE
            else:
                answers[item.key] = sides or None
        else:
            name = f"{ANSWER}{item.key}"
            names.add(name)
            typed[name] = data.get(name, "")
            answers[item.key] = _parse(item, typed[name])
        for note in item.notes:
            name = f"{NOTE}{item.key}.{note.key}"
            names.add(name)
            typed[name] = data.get(name, "")
            answers[f"{item.key}.{note.key}"] = typed[name] if typed[name].strip() else None
    unknown = sorted(name for name in data if name.startswith((ANSWER, NOTE)) and name not in names)
    return PostedSection(answers, typed, unknown)


# --- What the template shows --------------------------------------------------------------


@dataclass
class Choice:
    value: str
    label: str
    checked: bool


@dataclass
class Field:
    name: str
    id: str
    value: str
    label: str = ""
    choices: list[Choice] = field(default_factory=list)
    error: str = ""


@dataclass
class Question:
    item: Item
    number: int
    id: str
    fields: list[Field]  # one, or two for a paired item (pro, anti)
    notes: list[Field]
    error: str = ""

    @property
    def is_group(self) -> bool:
        """Radio buttons (or two sets of them) go in a fieldset with a legend."""
        return bool(self.fields[0].choices)


def _text_of(answer: object) -> str:
    if answer is True:
        return "yes"
    if answer is False:
        return "no"
    return "" if answer is None else str(answer)


def _choices(item: Item, current: str) -> list[Choice]:
    if item.type == "yes_no":
        options = [("yes", "Yes"), ("no", "No")]
    elif item.type in ("likert", "paired") and item.scale is not None:
        options = [(str(p.value), f"{p.value} — {p.label}") for p in item.scale.points]
        if item.scale.not_applicable:
            options.append((NOT_APPLICABLE, item.scale.not_applicable))
    elif item.type == "choice":
        options = [(o.value, o.label) for o in item.options]
    else:
        return []
    return [Choice(value, label, value == current) for value, label in options]


def questions_for(
    section: Section,
    *,
    first_number: int,
    answers: Mapping[str, object],
    typed: Mapping[str, str] | None = None,
    problems: Mapping[str, str] | None = None,
) -> list[Question]:
    """The section's questions with the answers to show: as typed when given, else as stored."""
    typed = typed or {}
    problems = problems or {}
    questions = []
    for number, item in enumerate(section.items, start=first_number):
        stored = answers.get(item.key)
        if item.type == "paired":
            sides = stored if isinstance(stored, Mapping) else {}
            fields = []
            for side, label in (("pro", item.pro), ("anti", item.anti)):
                name = f"{ANSWER}{item.key}.{side}"
                fallback = NOT_APPLICABLE if stored == NOT_APPLICABLE else _text_of(sides.get(side))
                value = typed.get(name, fallback)
                fields.append(
                    Field(name, f"q-{item.key}-{side}", value, label, _choices(item, value))
                )
        else:
            name = f"{ANSWER}{item.key}"
            value = typed.get(name, _text_of(stored))
            fields = [Field(name, f"q-{item.key}", value, item.text, _choices(item, value))]
        notes = []
        for note in item.notes:
            key = f"{item.key}.{note.key}"
            name = f"{NOTE}{key}"
            value = typed.get(name, _text_of(answers.get(key)))
            error = problems.get(key, "")
            notes.append(Field(name, f"q-{item.key}-{note.key}", value, note.label, error=error))
        questions.append(
            Question(item, number, f"q-{item.key}", fields, notes, problems.get(item.key, ""))
        )
    return questions
