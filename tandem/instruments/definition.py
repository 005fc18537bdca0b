"""The parsed form of an instrument definition (docs/INSTRUMENTS.md), as frozen dataclasses.

`schema.definition_parse` builds these from YAML; scoring and, later, the fill-in pages read them.
Nothing here touches Django or the database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

ITEM_TYPES = ("likert", "yes_no", "paired", "choice", "number", "date", "text")
RESPONDENTS = ("self", "observer", "other")
SUBJECTS = ("none", "learner", "coach", "supervisor", "team")
METHODS = ("sum", "mean", "count_yes", "count_no", "pro_total", "anti_total")
# Which item types each scoring method reads; other items in a selection are left out.
METHOD_ITEM_TYPES = {
    "sum": ("likert", "number"),
    "mean": ("likert", "number"),
    "count_yes": ("yes_no",),
    "count_no": ("yes_no",),
    "pro_total": ("paired",),
    "anti_total": ("paired",),
}
NOT_APPLICABLE = "na"


class DefinitionError(ValueError):
    """A definition that cannot be used, with the file, the place and the problem in plain words."""

    def __init__(self, problem: str, *, origin: str, location: str = "", line: int | None = None):
        self.origin = origin
        self.location = location
        self.line = line
        self.problem = problem
        where = origin if line is None else f"{origin}, line {line}"
        super().__init__(f"{where}: {location}: {problem}" if location else f"{where}: {problem}")


@dataclass(frozen=True)
class Point:
    value: int
    label: str


@dataclass(frozen=True)
class Scale:
    key: str
    points: tuple[Point, ...]
    not_applicable: str | None = None  # the label of the "not applicable" choice, if offered
    not_applicable_value: int | None = None  # the number a paper form uses for it, if any

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(point.value for point in self.points)

    def is_not_applicable(self, answer: object) -> bool:
        if self.not_applicable is None or isinstance(answer, bool):
            return False
        return answer == NOT_APPLICABLE or (
            self.not_applicable_value is not None and answer == self.not_applicable_value
        )


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Note:
    """An optional free-text field beside an item (reason, obstacles, supports, examples...)."""

    key: str
    label: str


@dataclass(frozen=True)
class Item:
    key: str
    type: str
    section: str
    text: str = ""
    required: bool = True
    subscale: str | None = None
    notes: tuple[Note, ...] = ()
    scale: Scale | None = None  # likert and paired
    red_flag: bool = False  # yes_no
    pro: str = ""  # paired
    anti: str = ""  # paired
    options: tuple[Option, ...] = ()  # choice
    min: float | None = None  # number
    max: float | None = None  # number
    long: bool = False  # text


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    items: tuple[Item, ...]
    intro: str = ""


@dataclass(frozen=True)
class Band:
    """An interpretation of a score (or a decision outcome, which has no range)."""

    label: str
    text: str = ""
    min: float | None = None
    max: float | None = None

    def contains(self, value: float) -> bool:
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)


@dataclass(frozen=True)
class ScoreRule:
    key: str
    label: str
    method: str
    section: str | None = None
    subscale: str | None = None
    items: tuple[str, ...] | None = None  # None: every item (or the section/subscale given)
    exclude_red_flags: bool = False
    bands: tuple[Band, ...] = ()


@dataclass(frozen=True)
class Decision:
    compare: tuple[str, str]
    greater: Band
    less: Band
    equal: Band


@dataclass(frozen=True)
class Definition:
    slug: str
    title: str
    version: int
    purpose: str
    source: str
    respondent: str
    subject: str
    sections: tuple[Section, ...]
    instructions: str = ""
    scales: dict[str, Scale] = field(default_factory=dict)
    scoring: tuple[ScoreRule, ...] = ()
    decision: Decision | None = None

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for section in self.sections for item in section.items)

    def item(self, key: str) -> Item:
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(key)

    def selected_items(self, rule: ScoreRule) -> tuple[Item, ...]:
        return rule_items(rule, self.items)


def rule_items(rule: ScoreRule, items: Iterable[Item]) -> tuple[Item, ...]:
    """The items a score reads: its selection, limited to the types its method uses."""
    types = METHOD_ITEM_TYPES[rule.method]
    return tuple(
        item
        for item in items
        if item.type in types
        and (rule.section is None or item.section == rule.section)
        and (rule.subscale is None or item.subscale == rule.subscale)
        and (rule.items is None or item.key in rule.items)
        and not (rule.exclude_red_flags and item.red_flag)
    )
