"""SMART checks (seed l.1943–2147): plain-language advice while a goal is written.

Advisory, never blocking: `smart_advice` returns what to consider, and a goal saves anyway.
Each rule is a small function so it can be tested (and reworded) on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class GoalDraft:
    behavior: str = ""
    context: str = ""
    target: str = ""
    measure: str = ""
    reporting_frequency: str = ""
    due_on: date | None = None
    why: str = ""


@dataclass(frozen=True)
class Advice:
    rule: str
    message: str


_NUMBER_WORDS = (
    r"\d|\bhalf\b|\bonce\b|\btwice\b|\bone\b|\btwo\b|\bthree\b|\bfour\b|\bfive\b|\bsix\b"
    r"|\bseven\b|\beight\b|\bnine\b|\bten\b|\bdaily\b|\bweekly\b|\bmonthly\b|\bevery\b|\beach\b"
    r"|\bper\b|\bpercent\b|\bmost\b|\ball\b"
)
_AND = re.compile(r"\band\b|&|\bas well as\b|\bplus\b", re.IGNORECASE)
_VAGUE = re.compile(
    r"\b(learn|understand|improve|know|get better|be aware|become aware|become familiar"
    r"|appreciate|explore|be more comfortable)\b",
    re.IGNORECASE,
)
_OTHERS = re.compile(
    r"\b(the family|families|parents?|clients?|caregivers?|child(?:ren)?|youth|court|judge"
    r"|my supervisor|others|they|staff|the team)\s+(will|would|must|should|agrees?|complete[sd]?"
    r"|attends?|follows?|comply|complies|reunif\w*)\b|\breunif\w*|\bmake (?:them|the family)\b",
    re.IGNORECASE,
)
# A goal that waits on someone else's help, leave or say-so (#16 item 14): "with help from my
# supervisor", "if my supervisor lets me", "once the team approves".
_PEOPLE = (
    r"(?:my |the |our )?(?:supervisor|manager|coach|team|colleagues?|co-?workers?|peers?"
    r"|director|agency|county|court|judge|famil(?:y|ies)|parents?|caregivers?|others?)"
)
_RELIES = re.compile(
    rf"\b(?:(?:with |getting |get |need |needs )?(?:the )?(?:help|support|approval|permission"
    rf"|sign-?off|go-ahead|okay|ok) (?:from|of) {_PEOPLE}"
    rf"|(?:if|once|when|after|as soon as|provided|unless) {_PEOPLE} (?:\w+ )?(?:lets?|allows?"
    rf"|approves?|agrees?|gives?|provides?|helps?|sets?|assigns?|schedules?|signs?)"
    rf"|{_PEOPLE} (?:lets?|allows?|gives?|approves?|provides?|helps?) me"
    rf"|(?:depends?|depending|relies|relying|rely) on {_PEOPLE})",
    re.IGNORECASE,
)
# "Can only be measured after many years" (seed): a date this far out is hard to work toward.
FAR_AWAY = timedelta(days=548)


# Words that start a goal's later parts in lower case, however they were typed ("In 75% of
# staffings" reads "in 75% of staffings" after the behavior). Anything else (a name, "I", an
# acronym) is left as written.
_JOINING = frozenset(
    [
        "a",
        "an",
        "the",
        "in",
        "at",
        "on",
        "during",
        "with",
        "when",
        "whenever",
        "while",
        "for",
        "by",
        "before",
        "after",
        "every",
        "each",
        "once",
        "twice",
        "to",
        "at",
        "least",
        "within",
        "from",
        "as",
    ]
)


def goal_sentence(behavior: str, context: str = "", target: str = "") -> str:
    """The goal's parts as one sentence: "Use solution-focused questions when I lead case
    staffings in 75% of staffings." The first word takes a capital, later parts lose a
    capital that only came from starting their own box, and stray end punctuation goes."""
    parts = [" ".join(p.split()).rstrip(" .,;:") for p in (behavior, context, target)]
    parts = [p for p in parts if p]
    if not parts:
        return ""
    words = []
    for index, part in enumerate(parts):
        first, _, rest = part.partition(" ")
        if index == 0:
            part = part[0].upper() + part[1:]
        elif first.lower() in _JOINING and (len(first) == 1 or first[1:].islower()):
            part = f"{first.lower()} {rest}".rstrip()
        words.append(part)
    return " ".join(words) + "."


def _text(draft: GoalDraft) -> str:
    return " ".join((draft.behavior, draft.context, draft.target, draft.measure))


def check_number(draft: GoalDraft) -> Advice | None:
    if re.search(_NUMBER_WORDS, " ".join((draft.behavior, draft.target)), re.IGNORECASE):
        return None
    return Advice(
        "number",
        "Say how much or how often: a number, a share or a frequency, for example "
        "“in 3 of every 4 staffings” or “twice a week”. Without it you cannot tell when the "
        "goal is met.",
    )


def check_date(draft: GoalDraft, today: date) -> Advice | None:
    if draft.due_on is None:
        return Advice(
            "date",
            "Add a target date. A deadline keeps the goal from being pushed aside by "
            "day-to-day crises. What can you do six weeks from now? Six months?",
        )
    if draft.due_on < today:
        return Advice(
            "date_passed",
            f"The target date ({draft.due_on:%B} {draft.due_on.day}, {draft.due_on.year}) has "
            "already passed. Choose a date "
            "that is still ahead.",
        )
    if draft.due_on - today > FAR_AWAY:
        return Advice(
            "date_far",
            "The target date is more than a year and a half away. Choose a nearer date so "
            "you can see progress while coaching lasts.",
        )
    return None


def check_one_behavior(draft: GoalDraft) -> Advice | None:
    if not _AND.search(draft.behavior):
        return None
    return Advice(
        "two_behaviors",
        "The behavior has “and” in it. If it joins two behaviors (like “use family team "
        "meetings and safety measures”), make two goals so each can be rated on its own. "
        "If “and” is part of one thing (like “harm and danger statements”), you can ignore "
        "this.",
    )


def check_depends_on_others(draft: GoalDraft) -> Advice | None:
    found = _OTHERS.search(_text(draft))
    if found:
        return Advice(
            "depends_on_others",
            f"Part of this goal seems to depend on what someone else does (“{found.group(0)}”). "
            "Choose something you yourself will do, so you can reach the goal whatever others "
            "decide.",
        )
    relied = _RELIES.search(_text(draft))
    if relied:
        return Advice(
            "depends_on_others",
            f"This goal waits on someone else (“{relied.group(0)}”). Keep their help out of the "
            "goal itself: say what you will do, and make asking for that help one of your action "
            "steps, so the goal is still yours if the help comes late.",
        )
    return None


def check_vague_verb(draft: GoalDraft) -> Advice | None:
    found = _VAGUE.search(draft.behavior)
    if not found or draft.measure.strip():
        return None
    return Advice(
        "vague_verb",
        f"“{found.group(0).capitalize()}” is hard to see from the outside. Say what you will "
        "do that shows it, and how you will know: for example, instead of “learn motivational "
        "interviewing”, “use rolling with resistance in each client interview, and note it "
        "afterwards”.",
    )


def check_measure(draft: GoalDraft) -> Advice | None:
    if draft.measure.strip():
        return None
    return Advice(
        "measure",
        "Say how you and your coach will know progress is being made: what will you count, "
        "log or look at?",
    )


def check_worthwhile(draft: GoalDraft) -> Advice | None:
    if draft.why.strip():
        return None
    return Advice(
        "worthwhile",
        "Say why this goal matters. Ask yourself: Does it seem worthwhile? Is this the right "
        "time? Does it fit with your other work and needs? Are you the right person?",
    )


def smart_advice(draft: GoalDraft, *, today: date) -> list[Advice]:
    """Everything worth reconsidering in a draft goal, most basic first. Empty = no advice."""
    if not draft.behavior.strip():
        return [Advice("behavior", "Start with what you will do: one behavior or skill.")]
    found = [
        check_number(draft),
        check_date(draft, today),
        check_one_behavior(draft),
        check_depends_on_others(draft),
        check_vague_verb(draft),
        check_measure(draft),
        check_worthwhile(draft),
    ]
    return [advice for advice in found if advice is not None]
