"""Reflection before feedback: the order a coaching model sets, checked on a session record.

The skills-based model (Table 6.5 of the Coaching Toolkit for Child Welfare Practice) has the
learner reflect on their own (individual analysis and self-reflection) before the coach gives
feedback (facilitated reflection and feedback), so the coach's view does not steer theirs. A
model's stages say which step is which (`ModelStage.role`). Pure functions: no database."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum


class OrderProblem(Enum):
    MISSING = "missing"  # feedback in this session, no reflection of the learner in this cycle
    AFTER = "after"  # this record has the reflection step recorded after the feedback step


def _first(stages: Sequence[str], codes: set[str]) -> int | None:
    return next((i for i, code in enumerate(stages) if code in codes), None)


def feedback_before_reflection(
    *,
    reflection: set[str],
    feedback: set[str],
    current: Sequence[str],
    feedback_notes: bool,
    earlier: Sequence[Sequence[str]] = (),
) -> OrderProblem | None:
    """Whether feedback in this session came before the learner's own reflection.

    `current`: this record's stages in the order they were recorded; `feedback_notes`: feedback
    was written down for this session (the feedback ladder); `earlier`: the stages of the
    engagement's earlier records under the same model, oldest first. A reflection counts for
    this cycle when it is in this record, or in an earlier one after the last feedback.

    >>> feedback_before_reflection(reflection={"r"}, feedback={"f"}, current=["f"],
    ...     feedback_notes=False, earlier=[["r"]])
    >>> feedback_before_reflection(reflection={"r"}, feedback={"f"}, current=["f"],
    ...     feedback_notes=False, earlier=[["r", "f"]])
    <OrderProblem.MISSING: 'missing'>
    """
    if not reflection or not feedback:
        return None  # the model sets no such order
    gave_feedback = _first(current, feedback)
    if gave_feedback is None and not feedback_notes:
        return None
    reflected = _first(current, reflection)
    if reflected is not None:
        if gave_feedback is not None and reflected > gave_feedback:
            return OrderProblem.AFTER
        return None
    for stages in reversed(earlier):
        if _first(stages, feedback) is not None:
            return OrderProblem.MISSING  # the last cycle ended with feedback
        if _first(stages, reflection) is not None:
            return None
    return OrderProblem.MISSING


def stages_in_recorded_order(before: Sequence[str], ticked: Sequence[str]) -> list[str]:
    """The stages now done, keeping the order they were first recorded: those already recorded
    stay where they were, newly ticked ones go at the end (in the model's order)."""
    now = set(ticked)
    kept = [code for code in before if code in now]
    return kept + [code for code in ticked if code not in kept]
