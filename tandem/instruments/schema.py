"""Parse and check an instrument definition (docs/INSTRUMENTS.md) into `Definition` dataclasses.

Every problem is reported as a `DefinitionError` naming the file, the line when known, the place
(`sections[1].items[3] (key "culture-4")`) and what is wrong, in words an agency's instrument
editor can act on. Checks stop at the first problem.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Collection, Mapping
from typing import Any, NoReturn

from tandem.instruments.definition import (
    ITEM_TYPES,
    RESPONDENTS,
    SUBJECTS,
    Band,
    Decision,
    Definition,
    DefinitionError,
    Item,
    Note,
    Option,
    Point,
    Scale,
    ScoreRule,
    Section,
)
from tandem.instruments.scoring_rules import decision_parse, scoring_parse
from tandem.instruments.yaml_text import LineDict, yaml_load

__all__ = [
    "Band",
    "Decision",
    "Definition",
    "DefinitionError",
    "Item",
    "Point",
    "Scale",
    "ScoreRule",
    "Section",
    "Place",
    "definition_from_data",
    "definition_parse",
]

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KEY = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
TOP_FIELDS = [
    "slug",
    "title",
    "version",
    "purpose",
    "source",
    "respondent",
    "subject",
    "instructions",
    "scales",
    "sections",
    "scoring",
    "decision",
]
REQUIRED_TOP = ("slug", "title", "version", "purpose", "source", "respondent", "sections")
ITEM_COMMON = ("key", "type", "text", "subscale", "required", "notes")
ITEM_TYPE_FIELDS: dict[str, tuple[str, ...]] = {
    "likert": ("scale",),
    "yes_no": ("red_flag",),
    "paired": ("scale", "pro", "anti"),
    "choice": ("options",),
    "number": ("min", "max"),
    "date": (),
    "text": ("long",),
}
ALL_ITEM_FIELDS = {name for names in ITEM_TYPE_FIELDS.values() for name in names}


def definition_parse(text: str, *, origin: str) -> Definition:
    """The definition in YAML `text`; `origin` (usually the file name) is used in error messages."""
    return definition_from_data(yaml_load(text, origin=origin), origin=origin)


def definition_from_data(data: object, *, origin: str) -> Definition:
    """The definition in already-loaded data (YAML or the JSON cached in the database)."""
    if data is None:
        raise DefinitionError("the file is empty", origin=origin)
    top = Place(origin, "", data if isinstance(data, Mapping) else {})
    if not isinstance(data, Mapping):
        top.fail("the file must be a set of fields (slug, title, version, sections ...)")
    top.only(TOP_FIELDS, what="top-level field")
    for name in REQUIRED_TOP:
        top.require(name)
    slug = top.text("slug")
    if not SLUG.match(slug):
        top.fail(f'the slug "{slug}" must use lowercase letters, digits and hyphens', "slug")
    version = top.integer("version")
    if version < 1:
        top.fail("the version must be a whole number of 1 or more", "version")
    scales = _scales(top)
    sections = _sections(top, scales)
    scoring = scoring_parse(top, sections)
    return Definition(
        slug=slug,
        title=top.text("title"),
        version=version,
        purpose=top.text("purpose"),
        source=top.text("source"),
        respondent=top.one_of("respondent", RESPONDENTS),
        subject=top.one_of("subject", SUBJECTS, default="none"),
        instructions=top.text("instructions", default=""),
        scales=scales,
        sections=sections,
        scoring=scoring,
        decision=decision_parse(top, scoring),
    )


class Place:
    """A mapping in the definition and where it is: reads its fields and reports problems."""

    def __init__(self, origin: str, location: str, data: Mapping[str, Any]):
        self.origin = origin
        self.location = location
        self.data = data

    def child(self, location: str, data: object, what: str) -> Place:
        if not isinstance(data, Mapping):
            self.fail(f"expected a set of fields ({what})", at=location)
        return Place(self.origin, location, data)

    def keyed(self, base: str) -> str:
        key = self.data.get("key")
        return f'{base} (key "{key}")' if isinstance(key, str) and key else base

    def fail(self, problem: str, name: str | None = None, *, at: str | None = None) -> NoReturn:
        line = None
        if isinstance(self.data, LineDict):
            line = self.data.line_of(name) if name else self.data.line
        location = self.location if at is None else at
        raise DefinitionError(problem, origin=self.origin, location=location, line=line)

    def only(self, allowed: Collection[str], *, what: str = "field") -> None:
        for name in self.data:
            if name not in allowed:
                close = difflib.get_close_matches(str(name), list(allowed), n=1)
                hint = f' (did you mean "{close[0]}"?)' if close else ""
                self.fail(f'unknown {what} "{name}"{hint}', str(name))

    def require(self, name: str) -> None:
        if name not in self.data or self.data[name] is None:
            self.fail(f'the required field "{name}" is missing')

    def text(self, name: str, *, default: str | None = None) -> str:
        value = self.data.get(name)
        if value is None and default is not None:
            return default
        if value is None:
            self.require(name)
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.fail(f'"{name}" must be text', name)
        value = str(value).strip()
        if not value and default is None:
            self.fail(f'"{name}" must not be empty', name)
        return value

    def key(self, name: str = "key") -> str:
        value = self.text(name)
        if not KEY.match(value):
            self.fail(f'"{value}" is not a usable key: use lowercase letters, digits and -', name)
        return value

    def integer(self, name: str) -> int:
        value = self.data.get(name)
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(f'"{name}" must be a whole number', name)
        return value

    def number(self, name: str) -> float | None:
        value = self.data.get(name)
        if value is None:
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            self.fail(f'"{name}" must be a number', name)
        return value

    def flag(self, name: str, default: bool) -> bool:
        value = self.data.get(name, default)
        if not isinstance(value, bool):
            self.fail(f'"{name}" must be true or false', name)
        return value

    def one_of(self, name: str, choices: tuple[str, ...], *, default: str | None = None) -> str:
        value = self.text(name, default=default)
        if value not in choices:
            self.fail(f'unknown {name} "{value}"; use one of: {", ".join(choices)}', name)
        return value

    def items_list(self, name: str, *, minimum: int = 1) -> list[Any]:
        value = self.data.get(name)
        if not isinstance(value, list) or len(value) < minimum:
            self.fail(
                f'"{name}" must be a list with at least {minimum} entr'
                + ("y" if minimum == 1 else "ies"),
                name,
            )
        return value


def _scales(top: Place) -> dict[str, Scale]:
    raw = top.data.get("scales") or {}
    if not isinstance(raw, Mapping):
        top.fail('"scales" must be a set of named scales', "scales")
    scales: dict[str, Scale] = {}
    for name, body in raw.items():
        place = top.child(f"scales.{name}", body, "points, not_applicable")
        if not KEY.match(str(name)):
            place.fail(f'"{name}" is not a usable scale name: use lowercase letters, digits and -')
        place.only(("points", "not_applicable"))
        place.require("points")
        if not isinstance(place.data["points"], list) or len(place.data["points"]) < 2:
            place.fail("a scale needs at least 2 points", "points")
        points: list[Point] = []
        for index, raw_point in enumerate(place.data["points"]):
            point = place.child(f"scales.{name}.points[{index}]", raw_point, "value, label")
            point.only(("value", "label"))
            point.require("value")
            point.require("label")
            value = point.integer("value")
            if value in (p.value for p in points):
                point.fail(f"two points have the value {value}", "value")
            points.append(Point(value=value, label=point.text("label")))
        na_label, na_value = _not_applicable(place, points)
        scales[str(name)] = Scale(str(name), tuple(points), na_label, na_value)
    return scales


def _not_applicable(place: Place, points: list[Point]) -> tuple[str | None, int | None]:
    raw = place.data.get("not_applicable")
    if raw is None:
        return None, None
    if not isinstance(raw, Mapping):
        return place.text("not_applicable"), None
    na = place.child(f"{place.location}.not_applicable", raw, "value, label")
    na.only(("value", "label"))
    na.require("label")
    value = na.integer("value") if "value" in raw else None
    if value is not None and value in (point.value for point in points):
        na.fail(f"the not-applicable value {value} is also a point on the scale", "value")
    return na.text("label"), value


def _sections(top: Place, scales: Mapping[str, Scale]) -> tuple[Section, ...]:
    sections: list[Section] = []
    section_keys: set[str] = set()
    item_keys: set[str] = set()
    for s_index, raw in enumerate(top.items_list("sections")):
        place = top.child(f"sections[{s_index}]", raw, "key, title, items")
        place = Place(top.origin, place.keyed(place.location), place.data)
        place.only(("key", "title", "intro", "items"))
        place.require("key")
        key = place.key()
        if key in section_keys:
            place.fail(f'two sections have the key "{key}"', "key")
        section_keys.add(key)
        place.require("title")
        place.require("items")
        items = []
        for i_index, raw_item in enumerate(place.items_list("items")):
            item_place = place.child(f"sections[{s_index}].items[{i_index}]", raw_item, "key, type")
            item_place = Place(top.origin, item_place.keyed(item_place.location), item_place.data)
            item = _item(item_place, key, scales)
            if item.key in item_keys:
                item_place.fail(f'two items have the key "{item.key}"; keys must be unique', "key")
            item_keys.add(item.key)
            items.append(item)
        sections.append(
            Section(key, place.text("title"), tuple(items), place.text("intro", default=""))
        )
    return tuple(sections)


def _item(place: Place, section: str, scales: Mapping[str, Scale]) -> Item:
    place.require("key")
    key = place.key()
    place.require("type")
    kind = place.text("type")
    if kind not in ITEM_TYPES:
        place.fail(f'unknown item type "{kind}"; use one of: {", ".join(ITEM_TYPES)}', "type")
    allowed = ITEM_COMMON + ITEM_TYPE_FIELDS[kind]
    for name in place.data:
        if name in ALL_ITEM_FIELDS and name not in allowed:
            place.fail(f'a {kind} item cannot have "{name}"', str(name))
    place.only(allowed)
    fields: dict[str, Any] = {"key": key, "type": kind, "section": section}
    if kind != "paired":
        place.require("text")
    fields["text"] = place.text("text", default="")
    fields["required"] = place.flag("required", default=kind != "text")
    if "subscale" in place.data:
        fields["subscale"] = place.key("subscale")
    fields["notes"] = _notes(place)
    if kind in ("likert", "paired"):
        place.require("scale")
        name = place.text("scale")
        if name not in scales:
            place.fail(f'item refers to scale "{name}", which is not defined under scales', "scale")
        fields["scale"] = scales[name]
    if kind == "paired":
        for side in ("pro", "anti"):
            if place.data.get(side) is None:
                place.fail(
                    f'a paired item needs both "pro" and "anti" statements; "{side}" is missing'
                )
            fields[side] = place.text(side)
    if kind == "yes_no":
        fields["red_flag"] = place.flag("red_flag", default=False)
    if kind == "choice":
        fields["options"] = _options(place)
    if kind == "number":
        fields["min"], fields["max"] = place.number("min"), place.number("max")
        if (
            fields["min"] is not None
            and fields["max"] is not None
            and fields["min"] > fields["max"]
        ):
            place.fail('"min" must not be more than "max"', "min")
    if kind == "text":
        fields["long"] = place.flag("long", default=False)
    return Item(**fields)


def _notes(place: Place) -> tuple[Note, ...]:
    raw = place.data.get("notes")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        place.fail('"notes" must be a list of note names, like [reason, examples]', "notes")
    notes: list[Note] = []
    for entry in raw:
        if isinstance(entry, Mapping):
            note = place.child(f"{place.location}.notes", entry, "key, label")
            note.only(("key", "label"))
            key, label = note.key(), note.text("label")
        elif isinstance(entry, str) and KEY.match(entry):
            key, label = entry, entry.replace("-", " ").replace("_", " ").capitalize()
        else:
            place.fail(f'"{entry}" is not a usable note name: use lowercase letters, digits and -')
        if key in (n.key for n in notes):
            place.fail(f'the note "{key}" is listed twice', "notes")
        notes.append(Note(key, label))
    return tuple(notes)


def _options(place: Place) -> tuple[Option, ...]:
    options: list[Option] = []
    for index, raw in enumerate(place.items_list("options", minimum=2)):
        option = place.child(f"{place.location}.options[{index}]", raw, "value, label")
        option.only(("value", "label"))
        option.require("value")
        option.require("label")
        value = option.text("value")
        if value in (o.value for o in options):
            option.fail(f'two options have the value "{value}"', "value")
        options.append(Option(value, option.text("label")))
    return tuple(options)
