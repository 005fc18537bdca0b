"""Reflection before feedback, as a pure rule (tandem/conversation/cycle.py)."""

from tandem.conversation.cycle import (
    OrderProblem,
    feedback_before_reflection,
    stages_in_recorded_order,
)

RULE = {"reflection": {"self-reflection"}, "feedback": {"facilitated-reflection"}}


def check(current, earlier=(), notes=False):
    return feedback_before_reflection(
        **RULE, current=current, feedback_notes=notes, earlier=earlier
    )


def test_reflection_then_feedback_in_one_session_is_in_order():
    assert check(["self-reflection", "facilitated-reflection"]) is None


def test_feedback_without_any_reflection_is_missing():
    assert check(["facilitated-reflection"]) == OrderProblem.MISSING


def test_feedback_notes_alone_count_as_feedback():
    assert check([], notes=True) == OrderProblem.MISSING
    assert check(["self-reflection"], notes=True) is None


def test_reflection_recorded_after_feedback_is_after():
    assert check(["facilitated-reflection", "self-reflection"]) == OrderProblem.AFTER


def test_reflection_in_an_earlier_session_of_this_cycle_counts():
    assert (
        check(["facilitated-reflection"], earlier=[["joint-planning"], ["self-reflection"]]) is None
    )


def test_reflection_before_the_last_feedback_belongs_to_the_last_cycle():
    earlier = [["self-reflection"], ["facilitated-reflection"]]
    assert check(["facilitated-reflection"], earlier=earlier) == OrderProblem.MISSING


def test_no_feedback_no_notice_and_a_model_without_the_order_has_none():
    assert check(["joint-planning"]) is None
    assert (
        feedback_before_reflection(
            reflection=set(), feedback={"f"}, current=["f"], feedback_notes=True
        )
        is None
    )


def test_newly_ticked_stages_go_after_those_already_recorded():
    before = ["facilitated-reflection"]
    ticked = ["self-reflection", "facilitated-reflection"]  # the form sends the model's order
    assert stages_in_recorded_order(before, ticked) == ["facilitated-reflection", "self-reflection"]
    assert stages_in_recorded_order(["a", "b"], ["b"]) == ["b"]
