"""Does this text look like it identifies a child, a family or a learner? (tenet 6: coaching
records hold no case identifiers, seed 003 l.10193; issue #17: situations brought to coach
supervision or a roundtable are told without naming the learner).

A warning, never a block: the patterns cannot know a name from a place, so the writer either
rephrases or confirms that the text names nobody (`IdentifierCheckedForm`). The checks:

- a case or record number: "case 2024-0113", "#448812", "CW-55120", any run of six digits;
- a date that could be a date of birth ("DOB", "born on", 3/14/2016);
- a phone number; a street address ("1420 Elm Street");
- a name: two capitalized words in a row that are not at the start of a sentence and not
  words of the trade ("Child Welfare", "Family Team"), a capitalized word right after a family
  word ("mother Dana", "the Lopez family"), or a title and a name ("Ms. Ortiz").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django import forms

CASE_NUMBER = re.compile(
    r"(?:\b(?:case|file|record|referral|intake)\s*(?:no\.?|number|#)?\s*[:#]?\s*[A-Z]{0,4}-?\d[\d-]{2,})"
    r"|(?:#\s?\d{3,})|(?:\b[A-Z]{1,4}-\d{4,}\b)|(?:\b\d{2,4}-\d{3,}\b)|(?:\b\d{6,}\b)",
    re.IGNORECASE,
)
BIRTH_DATE = re.compile(
    r"\b(?:DOB|D\.O\.B\.|date of birth|born(?: on)?)\b[:\s]*[\w/,.-]*"
    r"|\b\d{1,2}/\d{1,2}/(?:19|20)?\d{2}\b",
    re.IGNORECASE,
)
PHONE = re.compile(r"(?:\(\d{3}\)\s?|\b\d{3}[-. ])\d{3}[-. ]\d{4}\b")
ADDRESS = re.compile(
    r"\b\d{1,6}\s+(?:[A-Z][a-z]+\s){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Drive|Dr|Lane|Ln|"
    r"Boulevard|Blvd|Court|Ct|Way|Place|Pl|Circle|Terrace)\b\.?"
)
FAMILY_WORDS = (
    r"mother|father|mom|dad|parent|stepmother|stepfather|grandmother|grandfather|grandma|"
    r"grandpa|aunt|uncle|cousin|sister|brother|son|daughter|child|baby|infant|toddler|youth|"
    r"teen|girl|boy|caregiver|kinship caregiver|foster parent|guardian|learner|caseworker|worker"
)
FAMILY_NAME = re.compile(
    rf"\b(?:{FAMILY_WORDS}),?\s+(?!And\b|But\b|The\b|I\b)([A-Z][a-z]{{2,}})\b"
    r"|\b[Tt]he\s+([A-Z][a-z]+)\s+(?:family|children|kids|household|case)\b"
    r"|\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+([A-Z][a-z]+)\b"
)
TWO_CAPITALS = re.compile(r"\b([A-Z][a-z]+)\s+([A-Z][a-z]+)\b")
# Words that open a sentence, capitalized only for that: "When Maria…" still finds the name
# only if it is followed by another capitalized word.
_OPENERS_TEXT = (
    "i we you he she they it my our your his her their this that these those when after "
    "before during while if then so but and or yesterday today tomorrow last next each "
    "every some one two three how what why where who which at in on for with from by to as "
)
SENTENCE_OPENERS = frozenset(_OPENERS_TEXT.split())
# Capitalized words of the trade and the calendar, which are not names.
_NOT_NAMES_TEXT = (
    "child welfare family team engagement solution focused safety organized practice coaching "
    "toolkit grow clear regrow reality options wrap will review contracting listening "
    "exploring action motivational interviewing appreciative inquiry skills based quality "
    "contact contacts court department human services county state office unit supervisor "
    "program lead coach coaches roundtable collaborative monday tuesday wednesday thursday "
    "friday saturday sunday january february march april may june july august september "
    "october november december spring summer fall winter resilience alliance signs of mapping "
    "plan planning meeting meetings conference permanency intake ongoing adoption foster care "
    "kinship assessment investigation investigations english spanish the a an "
)
NOT_NAMES = frozenset(_NOT_NAMES_TEXT.split())


@dataclass(frozen=True)
class IdentifierHint:
    kind: str  # "case number", "date of birth", "phone number", "address", "name"
    text: str  # the words that looked like it

    @property
    def message(self) -> str:
        article = "an" if self.kind[0] in "aeiou" else "a"
        return f"“{self.text}” looks like {article} {self.kind}."


def _name_pairs(text: str) -> list[str]:
    found = []
    for match in TWO_CAPITALS.finditer(text):
        first, second = match.group(1), match.group(2)
        if first.lower() in NOT_NAMES | SENTENCE_OPENERS or second.lower() in NOT_NAMES:
            continue
        found.append(f"{first} {second}")
    return found


def identifier_hints(text: str) -> list[IdentifierHint]:
    """What in the text looks like it identifies someone, in the order found, each once."""
    hints: list[IdentifierHint] = []
    seen: set[str] = set()

    def add(kind: str, words: str) -> None:
        words = words.strip(" ,.;:")
        if words and words.lower() not in seen:
            seen.add(words.lower())
            hints.append(IdentifierHint(kind, words))

    for match in BIRTH_DATE.finditer(text):
        add("date of birth", match.group(0))
    for match in PHONE.finditer(text):
        add("phone number", match.group(0))
    for match in ADDRESS.finditer(text):
        add("address", match.group(0))
    for match in CASE_NUMBER.finditer(text):
        if not any(match.group(0).strip() in hint.text for hint in hints):
            add("case number", match.group(0))
    for match in FAMILY_NAME.finditer(text):
        name = next(group for group in match.groups() if group)
        if name.lower() not in NOT_NAMES:
            add("name", match.group(0))
    for pair in _name_pairs(text):
        if not any(pair in hint.text for hint in hints):
            add("name", pair)
    return hints


CONFIRM_FIELD = "names_nobody"


class IdentifierCheckedForm(forms.Form):
    """A form whose free-text fields (`identifier_checked_fields`) must not identify a child,
    a family or a learner. When one looks like it does, the form is refused once with each
    hint under its field, the text kept; ticking "It names nobody" saves it as written."""

    identifier_checked_fields: tuple[str, ...] = ()

    names_nobody = forms.BooleanField(
        required=False,
        label="I have checked: this text names no learner, child or family and holds no case "
        "number, date of birth, address or phone number.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The confirmation comes after the text it confirms.
        self.order_fields([name for name in self.fields if name != CONFIRM_FIELD] + [CONFIRM_FIELD])

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        if cleaned.get(CONFIRM_FIELD):
            return cleaned
        for name in self.identifier_checked_fields:
            hints = identifier_hints(cleaned.get(name) or "")
            if hints:
                self.add_error(
                    name,
                    " ".join(hint.message for hint in hints)
                    + " Rephrase it without identifying anyone, or tick the box below if it "
                    "names nobody.",
                )
        return cleaned

    @property
    def warned(self) -> bool:
        """Whether the last check found something (the confirm box is then shown)."""
        return any(name in self.errors for name in self.identifier_checked_fields) or bool(
            self.data.get(CONFIRM_FIELD)
        )
