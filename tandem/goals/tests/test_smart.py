"""Each SMART rule on its own, and the seed's worked example (Eileen, l.2140) passing them all."""

from datetime import date

from tandem.goals.smart import GoalDraft, goal_sentence, smart_advice

TODAY = date(2026, 11, 23)
EILEEN = GoalDraft(
    behavior="Use solution-focused questions",
    context="when I lead formal case staffings or conferences with my staff",
    target="in 75% of staffings",
    measure="After each staffing, write in my calendar which solution-focused question I used",
    reporting_frequency="monthly",
    due_on=date(2027, 7, 31),
    why="Solution-focused questions help my staff find their own answers.",
)


def rules(draft: GoalDraft) -> list[str]:
    return [advice.rule for advice in smart_advice(draft, today=TODAY)]


def with_(**changes) -> GoalDraft:
    return GoalDraft(**(EILEEN.__dict__ | changes))


def test_smart_eileens_goal_gets_no_advice():
    assert rules(EILEEN) == []


def test_smart_empty_goal_asks_for_a_behavior_first():
    assert rules(GoalDraft()) == ["behavior"]


def test_smart_no_number_or_frequency():
    assert rules(with_(target="in my staffings")) == ["number"]
    assert rules(with_(target="twice a week")) == []
    assert rules(with_(target="in half of my cases")) == []


def test_smart_no_date():
    assert rules(with_(due_on=None)) == ["date"]


def test_smart_date_already_passed():
    advice = smart_advice(with_(due_on=date(2012, 7, 31)), today=TODAY)
    assert [a.rule for a in advice] == ["date_passed"]
    assert advice[0].message.startswith("The target date (July 31, 2012) has already passed.")


def test_smart_date_years_away():
    assert rules(with_(due_on=date(2030, 1, 1))) == ["date_far"]


def test_smart_two_behaviors_joined_by_and():
    # The seed's own double-barreled example (l.2220).
    assert rules(with_(behavior="Use family team meetings and safe measures")) == ["two_behaviors"]
    assert rules(with_(behavior="Use genograms & ecomaps")) == ["two_behaviors"]


def test_smart_depends_on_someone_else():
    advice = smart_advice(
        with_(context="so that the family will complete its case plan"), today=TODAY
    )
    assert [a.rule for a in advice] == ["depends_on_others"]
    assert "“the family will”" in advice[0].message
    assert rules(with_(behavior="Help families reunify with their children")) == [
        "depends_on_others"
    ]


def test_smart_vague_verb_without_a_measure():
    assert rules(with_(behavior="Learn motivational interviewing", measure="")) == [
        "vague_verb",
        "measure",
    ]
    # With a measure, the verb is no longer a problem on its own.
    assert rules(with_(behavior="Improve my use of scaling questions each visit")) == []


def test_smart_no_measure():
    assert rules(with_(measure="  ")) == ["measure"]


def test_smart_worthwhile_questions_when_why_is_missing():
    advice = smart_advice(with_(why=""), today=TODAY)
    assert [a.rule for a in advice] == ["worthwhile"]
    assert "Is this the right time?" in advice[0].message


def test_smart_notices_a_goal_that_waits_on_someone_elses_help():
    advice = smart_advice(
        with_(context="with help from my supervisor in my monthly staffings"), today=TODAY
    )
    assert [a.rule for a in advice] == ["depends_on_others"]
    assert "“with help from my supervisor”" in advice[0].message
    assert "action steps" in advice[0].message
    for waiting in (
        "once my supervisor approves the schedule",
        "if the court allows it",
        "depending on the team",
        "when my manager gives me the time",
        "as long as my supervisor lets me",
    ):
        assert rules(with_(context=waiting)) == ["depends_on_others"], waiting
    # Helping others is the learner's own doing, not waiting on them.
    assert rules(with_(context="when I help my staff prepare for court")) == []
    assert rules(EILEEN) == []


def test_the_goal_reads_as_one_natural_sentence():
    assert (
        goal_sentence(
            "use solution-focused questions.", "When I lead case staffings,", "In 75% of staffings."
        )
        == "Use solution-focused questions when I lead case staffings in 75% of staffings."
    )
    # Names, "I" and acronyms keep their capitals; empty parts leave no double spaces.
    assert goal_sentence("Ask Ms. Ortiz  about  ICWA", "", "At each visit") == (
        "Ask Ms. Ortiz about ICWA at each visit."
    )
    assert goal_sentence("", "", "") == ""
