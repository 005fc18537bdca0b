"""The six instruments written from seed 003 (readiness, learning culture, trust, supervisory
coaching skills, coaching skills, coaching practices fidelity), scored on hand-worked examples;
and every definition file present, whoever wrote it, loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from tandem.instruments.management.commands.load_instruments import DEFINITIONS_DIR
from tandem.instruments.schema import Band, definition_parse
from tandem.instruments.scoring import answers_validate, score
from tandem.instruments.services import LoadOutcome, instrument_load

ALL_FILES = sorted(DEFINITIONS_DIR.glob("**/*.yaml"))


def _load(slug: str):
    path = DEFINITIONS_DIR / slug / "v1.yaml"
    return definition_parse(path.read_text(encoding="utf-8"), origin=str(path))


def _keys(definition, section: str) -> list[str]:
    return [item.key for item in definition.items if item.section == section]


# --- Coaching readiness ----------------------------------------------------------------------


def _readiness(individual: list[bool], organizational: list[bool], strain: bool, conflict: bool):
    definition = _load("coaching-readiness")
    answers = dict(zip(_keys(definition, "individual")[:12], individual, strict=True))
    answers |= dict(zip(_keys(definition, "organizational")[:4], organizational, strict=True))
    answers |= {"personal-strain": strain, "conflict-in-agency": conflict}
    assert answers_validate(definition, answers) == {}
    return score(definition, answers)


def test_coaching_readiness_shape():
    definition = _load("coaching-readiness")
    assert (len(_keys(definition, "individual")), len(_keys(definition, "organizational"))) == (
        13,
        5,
    )
    assert [item.key for item in definition.items if item.red_flag] == [
        "personal-strain",
        "conflict-in-agency",
    ]


def test_coaching_readiness_more_yes_is_probably_ready_with_red_flag_apart():
    # Individual: 10 yes, 2 no (relevant-learning, need-tools); organizational: 2 yes, 2 no.
    # yes = 10 + 2 = 12 > no = 2 + 2 = 4. The "yes" to personal-strain is not counted but listed.
    individual = [True, True, True, False, True, True, True, True, True, False, True, True]
    report = _readiness(individual, [True, False, True, False], strain=True, conflict=False)
    assert report.scores == {
        "yes-count": 12,
        "no-count": 4,
        "individual-yes": 10,
        "organizational-yes": 2,
    }
    assert report.red_flags == ["personal-strain"]
    assert report.decision is not None and report.decision.label == "Probably ready for coaching"


def test_coaching_readiness_tie_means_talk_it_through():
    # Individual: 6 yes, 6 no; organizational: 2 yes, 2 no → 8 yes = 8 no. Both warning signs
    # answered yes: listed, and still not counted (otherwise yes would be 10).
    report = _readiness([True] * 6 + [False] * 6, [True, True, False, False], True, True)
    assert (report.scores["yes-count"], report.scores["no-count"]) == (8, 8)
    assert report.red_flags == ["personal-strain", "conflict-in-agency"]
    assert (
        report.decision is not None and report.decision.label == "Talk it through before starting"
    )


def test_coaching_readiness_more_no_means_build_learning_culture_first():
    # 3 yes + 9 no individual, 1 yes + 3 no organizational: 4 yes < 12 no.
    report = _readiness([True] * 3 + [False] * 9, [True, False, False, False], False, False)
    assert (report.scores["yes-count"], report.scores["no-count"]) == (4, 12)
    assert report.red_flags == []
    assert report.decision is not None and report.decision.label == "Build a learning culture first"


# --- Learning culture self-audit -------------------------------------------------------------


def _culture(pro: list[int], anti: list[int]):
    definition = _load("learning-culture-audit")
    keys = _keys(definition, "culture")
    answers = {key: {"pro": p, "anti": a} for key, p, a in zip(keys, pro, anti, strict=True)}
    answers["sharing-lessons.attention"] = "Managers still hold back news."
    assert answers_validate(definition, answers) == {}
    return score(definition, answers)


def test_learning_culture_audit_totals_and_comparison():
    pro = [5, 4, 4, 3, 3, 2, 2, 1, 4, 3, 5, 4, 3]
    anti = [1, 2, 2, 3, 3, 4, 4, 5, 2, 3, 1, 2, 3]
    # pro: 5+4+4+3+3+2+2+1+4+3+5+4+3 = 43; anti: 1+2+2+3+3+4+4+5+2+3+1+2+3 = 35; 43 > 35.
    report = _culture(pro, anti)
    assert report.scores == {"pro-total": 43, "anti-total": 35}
    assert report.decision is not None and report.decision.label == "Leans toward learning"
    # Swapped: 35 < 43.
    assert _culture(anti, pro).decision.label == "Leans away from learning"
    # All 3s: 13 × 3 = 39 on both sides.
    report = _culture([3] * 13, [3] * 13)
    assert report.scores == {"pro-total": 39, "anti-total": 39}
    assert report.decision.label == "Evenly balanced"


def test_learning_culture_audit_needs_both_sides():
    definition = _load("learning-culture-audit")
    problems = answers_validate(definition, {"sharing-lessons": {"pro": 4}})
    assert (
        problems["sharing-lessons"]
        == "Rate both statements: for each, choose a number from 1 to 5."
    )
    assert len(problems) == 13


# --- Organizational trust --------------------------------------------------------------------


def test_organizational_trust_means_per_group():
    definition = _load("organizational-trust")
    coach, agency = _keys(definition, "supervisor-or-coach"), _keys(definition, "agency")
    assert (len(coach), len(agency)) == (8, 4)
    answers = dict(zip(coach, [7, 6, 6, 5, 7, 6, 5, 6], strict=True))
    answers |= dict(zip(agency, [3, 4, 5, 2], strict=True))
    assert answers_validate(definition, answers) == {}
    # Coach: 7+6+6+5+7+6+5+6 = 48 / 8 = 6.0; agency: 3+4+5+2 = 14 / 4 = 3.5;
    # overall: (48 + 14) / 12 = 62 / 12.
    assert score(definition, answers).scores == {
        "coach-trust": 6.0,
        "agency-trust": 3.5,
        "overall-trust": 62 / 12,
    }
    assert answers_validate(definition, {**answers, "treated-fairly": 8})["treated-fairly"] == (
        "Choose a number from 1 to 7."
    )


# --- Supervisory coaching skills -------------------------------------------------------------


def test_supervisory_coaching_skills_item_and_average_bands():
    definition = _load("supervisory-coaching-skills")
    keys = _keys(definition, "coaching-as-supervisor")
    ratings = [4, 3, 3, 2, 1, 4, 3, 2, 4, 3, 3, 2]
    answers = dict(zip(keys, ratings, strict=True))
    assert answers_validate(definition, answers) == {}
    report = score(definition, answers)
    # 4+3+3+2+1+4+3+2+4+3+3+2 = 34; 34 / 12 = 2.83 → "Room to grow" (1 to 2.99).
    assert report.scores["average"] == 34 / 12
    assert report.bands["average"].label == "Room to grow"
    # Each statement: 3-4 probably a strength, 1-2 probably needs improvement.
    strength, improve = (
        Band("Probably a strength", "", 3, 4),
        Band("Probably needs improvement", "", 1, 2),
    )
    assert [report.bands[key] for key in keys] == [
        strength if rating >= 3 else improve for rating in ratings
    ]
    # All "Agree": 36 / 12 = 3.0 → "Mostly strengths".
    report = score(definition, dict.fromkeys(keys, 3))
    assert (report.scores["average"], report.bands["average"].label) == (3.0, "Mostly strengths")


# --- Coaching skills self-assessment ---------------------------------------------------------


def test_coach_skills_average():
    definition = _load("coach-skills")
    keys = _keys(definition, "skills")
    assert len(keys) == 14
    answers = dict(zip(keys, [5, 4, 4, 3, 5, 4, 3, 4, 2, 5, 3, 4, 4, 3], strict=True))
    assert answers_validate(definition, answers) == {}  # the closing question is optional
    # 5+4+4+3+5+4+3+4+2+5+3+4+4+3 = 53; 53 / 14.
    assert score(definition, answers).scores == {"average": 53 / 14}


# --- Coaching practices rating (fidelity) ----------------------------------------------------


def test_coaching_practices_rating_leaves_out_no_opportunity():
    definition = _load("coaching-practices-rating")
    assert (definition.respondent, definition.subject) == ("observer", "coach")
    keys = _keys(definition, "practices")
    ratings = [5, 4, "na", 4, 3, "na", 2, 4, 5, "na", 3, 4, 4, 5]
    answers = dict(zip(keys, ratings, strict=True))
    answers |= {
        "observed-on": "2025-03-31",
        "observed-how": "recording",
        "improvement-plan": "Ask for the learner's own plan before offering ideas.",
        "action-plan.circumstances": "Agreed next steps at the end of the call.",
    }
    assert answers_validate(definition, answers) == {}
    # 11 practices rated (3 had no opportunity): 5+4+4+3+2+4+5+3+4+4+5 = 43; 43 / 11.
    assert score(definition, answers).scores == {"average": 43 / 11}
    # No opportunity for anything: no score, not zero.
    assert score(definition, dict.fromkeys(keys, "na")).scores == {"average": None}


def test_coaching_practices_rating_requires_date_setting_and_plan():
    definition = _load("coaching-practices-rating")
    answers = dict.fromkeys(_keys(definition, "practices"), 3)
    assert answers_validate(definition, answers) == {
        "observed-on": "Enter a date.",
        "observed-how": "Choose one of the options.",
        "improvement-plan": "Write an answer.",
    }
    assert answers_validate(definition, {**answers, "review-coaching": 0})["review-coaching"] == (
        'Choose a number from 1 to 5, or "No opportunity to observe".'
    )


# --- Every file under definitions/ -----------------------------------------------------------


def test_definitions_folder_has_files():
    assert len(ALL_FILES) >= 6


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda path: str(path.relative_to(DEFINITIONS_DIR)))
def test_definition_file_is_valid_and_loads(db, path: Path):
    text = path.read_text(encoding="utf-8")
    definition = definition_parse(text, origin=str(path))
    assert (definition.slug, f"v{definition.version}.yaml") == (path.parent.name, path.name)
    result = instrument_load(text=text, origin=str(path), is_builtin=True)
    assert result.outcome == LoadOutcome.CREATED
    # Every file scores an empty response without failing.
    assert set(score(definition, {}).scores) == {rule.key for rule in definition.scoring}
