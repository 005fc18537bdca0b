"""Hand-worked scoring examples for six shipped instruments.

Each test fills in an answer set, works the arithmetic out by hand in a comment and checks that
the parser and scorer agree exactly: job responsibilities (inverted 1-4 importance scale with
"does not apply"), the family engagement / solution-focused observation form, the safety mapping
observation guide, the quality contact worksheet, session feedback and the closing survey.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tandem.instruments.schema import definition_parse
from tandem.instruments.scoring import score

DEFINITIONS = Path(__file__).resolve().parent.parent / "definitions"

SLUGS = (
    "job-responsibilities",
    "formal-observation-fe-sf",
    "informal-observation-safety-mapping",
    "quality-contact-worksheet",
    "session-feedback",
    "closing-survey",
)


def load(slug: str):
    path = DEFINITIONS / slug / "v1.yaml"
    return definition_parse(path.read_text(encoding="utf-8"), origin=str(path))


def band_label(report, key: str) -> str | None:
    band = report.bands.get(key)
    return None if band is None else band.label


# --- every file parses and has the expected shape -------------------------------------------


@pytest.mark.parametrize(
    ("slug", "respondent", "subject", "item_count", "sections"),
    [
        (
            "job-responsibilities",
            "self",
            "none",
            31,
            [
                "running-the-unit",
                "leading-and-change",
                "practice-and-learning",
                "wellbeing-and-growth",
            ],
        ),
        ("formal-observation-fe-sf", "observer", "learner", 7, ["skills", "engagement"]),
        ("informal-observation-safety-mapping", "observer", "learner", 10, ["safety-mapping"]),
        (
            "quality-contact-worksheet",
            "self",
            "none",
            17,
            ["the-visit", "planning", "looking-back", "confidence"],
        ),
        ("session-feedback", "self", "none", 8, ["the-session", "next-step", "comments"]),
        (
            "closing-survey",
            "self",
            "none",
            19,
            ["looking-back", "goals", "satisfaction", "the-process", "next"],
        ),
    ],
)
def test_definition_shape(slug, respondent, subject, item_count, sections):
    definition = load(slug)
    assert definition.slug == slug
    assert definition.version == 1
    assert definition.respondent == respondent
    assert definition.subject == subject
    assert len(definition.items) == item_count
    assert [section.key for section in definition.sections] == sections
    assert definition.source.strip(), "every shipped instrument cites its source"


# --- 1. Job responsibilities: inverted scale, "does not apply" left out ---------------------


def test_job_responsibilities_items_and_notes():
    definition = load("job-responsibilities")
    likert = [item for item in definition.items if item.type == "likert"]
    assert len(likert) == 31
    # Every item key keeps the seed's item number, and all 31 numbers are there once.
    numbers = sorted(int(item.key[1:3]) for item in likert)
    assert numbers == list(range(1, 32))
    for item in likert:
        assert [note.key for note in item.notes] == ["reason", "obstacles", "supports"]
    scale = definition.scales["importance"]
    # 1 = most important ... 3 = not important; 4 is "does not apply", not a point on the scale.
    assert scale.values == (1, 2, 3)
    assert scale.not_applicable_value == 4


JOB_ANSWERS = {
    # running the unit: 1, 2, 1, 3, n/a, 2, n/a
    "r01-staffing": 1,
    "r02-performance": 2,
    "r05-caseloads": 1,
    "r06-own-time": 3,
    "r07-worker-duties": "na",
    "r12-worker-time": 2,
    "r16-data-systems": "na",
    # leading and change: 2, 2, 1, 3, 2, 2, n/a, 3, 3
    "r03-communication": 2,
    "r04-other-units": 2,
    "r08-lead-unit": 1,
    "r09-lead-agency": 3,
    "r10-change-unit": 2,
    "r11-unit-culture": 2,
    "r13-lead-community": "na",
    "r14-influence-agency": 3,
    "r15-change-agency": 3,
    # practice and learning: 1, 1, 2, 1, 1, 2, 2, 2, 1, 2, 1
    "r17-case-reviews": 1,
    "r18-practice-ethics": 1,
    "r19-supervision-ethics": 2,
    "r21-family-centered": 1,
    "r22-critical-thinking": 1,
    "r23-cultural-competence": 2,
    "r24-worker-development": 2,
    "r25-evidence": 2,
    "r26-training-transfer": 1,
    "r27-child-development": 2,
    "r29-safety-risk": 1,
    # well-being and growth: all four "does not apply"
    "r20-own-development": "na",
    "r28-own-stress": "na",
    "r30-worker-stress": "na",
    "r31-morale": "na",
}


def test_job_responsibilities_mixed_answers_leave_out_not_applicable():
    report = score(load("job-responsibilities"), JOB_ANSWERS)
    # Running the unit: 1 + 2 + 1 + 3 + 2 = 9 over 5 rated items (2 n/a left out) = 1.8
    assert report.scores["mean-running-the-unit"] == pytest.approx(9 / 5)
    # Leading and change: 2+2+1+3+2+2+3+3 = 18 over 8 rated items (1 n/a) = 2.25
    assert report.scores["mean-leading-and-change"] == pytest.approx(2.25)
    # Practice and learning: 1+1+2+1+1+2+2+2+1+2+1 = 16 over 11 = 1.4545...
    assert report.scores["mean-practice-and-learning"] == pytest.approx(16 / 11)
    # Well-being and growth: every item n/a -> nothing to average -> no score (not 4, not 0).
    assert report.scores["mean-wellbeing-and-growth"] is None
    # All items: (9 + 18 + 16) = 43 over (5 + 8 + 11) = 24 rated items = 1.7916...
    # Had the n/a answers counted as 4 the mean would have been (43 + 7*4) / 31 = 2.29.
    assert report.scores["mean-importance"] == pytest.approx(43 / 24)
    # 1.79 lies in 1.5..2.5 -> "A mix of priorities".
    assert band_label(report, "mean-importance") == "A mix of priorities"
    assert "mean-wellbeing-and-growth" not in report.bands
    assert report.red_flags == []
    assert report.decision is None


def test_job_responsibilities_not_applicable_by_its_paper_value_4():
    # A paper form records "does not apply" as 4; entering the 4 must behave exactly like "na".
    answers = {key: (4 if value == "na" else value) for key, value in JOB_ANSWERS.items()}
    report = score(load("job-responsibilities"), answers)
    assert report.scores["mean-importance"] == pytest.approx(43 / 24)
    assert report.scores["mean-running-the-unit"] == pytest.approx(1.8)
    assert report.scores["mean-wellbeing-and-growth"] is None


def test_job_responsibilities_lower_means_more_important():
    definition = load("job-responsibilities")
    keys = [item.key for item in definition.items]

    # Everything rated 1 ("one of the most important parts of my job"): mean 31/31 = 1.0,
    # the top of the scale in meaning, the bottom in number.
    report = score(definition, dict.fromkeys(keys, 1))
    assert report.scores["mean-importance"] == 1.0
    assert band_label(report, "mean-importance") == "Most parts feel central"

    # Everything rated 3 ("not important to me"): mean 93/31 = 3.0.
    report = score(definition, dict.fromkeys(keys, 3))
    assert report.scores["mean-importance"] == 3.0
    assert band_label(report, "mean-importance") == "Many parts feel less important"

    # Bands are 1..1.49, 1.5..2.49 and 2.5..3. With at most 31 ratings a mean below 1.5 is at
    # most 1.5 - 1/62 = 1.484 and a mean below 2.5 at most 2.484, so the gaps hold no possible mean.
    # Boundary: 1 and 2 on two items, rest does not apply -> (1 + 2) / 2 = 1.5 -> middle band.
    answers = dict.fromkeys(keys, "na")
    answers.update({"r01-staffing": 1, "r02-performance": 2})
    report = score(definition, answers)
    assert report.scores["mean-importance"] == 1.5
    assert band_label(report, "mean-importance") == "A mix of priorities"

    # Just under the boundary: 15 items rated 1 and 16 rated 2 -> (15 + 32) / 31 = 1.516...;
    # 16 rated 1 and 15 rated 2 -> (16 + 30) / 31 = 1.4838... -> top band.
    answers = {key: (1 if index < 16 else 2) for index, key in enumerate(keys)}
    report = score(definition, answers)
    assert report.scores["mean-importance"] == pytest.approx(46 / 31)
    assert band_label(report, "mean-importance") == "Most parts feel central"

    # Boundary: 2 and 3 on two items -> 2.5 -> lowest-importance band.
    answers = dict.fromkeys(keys, "na")
    answers.update({"r01-staffing": 2, "r02-performance": 3})
    report = score(definition, answers)
    assert report.scores["mean-importance"] == 2.5
    assert band_label(report, "mean-importance") == "Many parts feel less important"

    # Nothing applies at all -> no score and no band.
    report = score(definition, dict.fromkeys(keys, "na"))
    assert report.scores["mean-importance"] is None
    assert "mean-importance" not in report.bands


# --- 2. Formal observation: mean per section ------------------------------------------------


def test_formal_observation_section_means():
    answers = {
        "genuine-empathy-respect": 4,  # almost always
        "priority-questions": 3,  # often
        "solution-focused-questions": 2,  # now and then
        "body-language": 3,
        "tone-of-voice": 3,
        "family-friendly-language": 4,
        "other-comments": "Good pacing; let the grandmother finish before moving on.",
    }
    report = score(load("formal-observation-fe-sf"), answers)
    # Skills: (4 + 3 + 2) / 3 = 3.0
    assert report.scores["mean-skills"] == pytest.approx(3.0)
    # Family engagement: (3 + 3 + 4) / 3 = 3.333... (the comment box is not scored)
    assert report.scores["mean-engagement"] == pytest.approx(10 / 3)
    # All six: 19 / 6 = 3.1666...
    assert report.scores["mean-all"] == pytest.approx(19 / 6)


def test_formal_observation_unanswered_item_left_out():
    answers = {
        "genuine-empathy-respect": 4,
        "priority-questions": 3,
        # solution-focused questions not rated (no chance to observe)
        "body-language": 1,
        "tone-of-voice": 2,
        "family-friendly-language": 2,
    }
    report = score(load("formal-observation-fe-sf"), answers)
    # Skills: (4 + 3) / 2 = 3.5; engagement: (1 + 2 + 2) / 3 = 1.666...; all: 12 / 5 = 2.4
    assert report.scores["mean-skills"] == pytest.approx(3.5)
    assert report.scores["mean-engagement"] == pytest.approx(5 / 3)
    assert report.scores["mean-all"] == pytest.approx(2.4)


def test_formal_observation_scale_and_examples():
    definition = load("formal-observation-fe-sf")
    scale = definition.scales["frequency4"]
    assert scale.values == (1, 2, 3, 4)
    assert [p.label for p in scale.points][0] == "Almost never"
    assert [p.label for p in scale.points][-1] == "Almost always"
    rated = [item for item in definition.items if item.type == "likert"]
    assert len(rated) == 6
    assert all([note.key for note in item.notes] == ["examples"] for item in rated)


# --- 3. Informal observation guide: open prompts, no scores ---------------------------------


def test_informal_observation_has_ten_open_prompts_and_no_scores():
    definition = load("informal-observation-safety-mapping")
    assert [item.type for item in definition.items] == ["text"] * 10
    assert all(not item.required for item in definition.items)
    assert definition.scoring == ()
    report = score(definition, {"learner-prepared": "Brought the genogram and a draft agenda."})
    assert report.scores == {}
    assert report.bands == {}
    assert report.red_flags == []


# --- 4. Quality contact worksheet ------------------------------------------------------------


def test_quality_contact_worksheet_counts_and_confidence():
    answers = {
        "visit-date": "2025-03-14",
        "visit-with": "parent-caregiver",
        "focus-area": "planning",
        "planned-purpose": True,
        "shared-purpose": False,
        "stayed-focused": True,
        "built-relationship": True,
        "case-plan-together": False,
        "checked-safety-permanency": True,
        "discussed-wellbeing": True,
        "went-well": "Started with what the parent wanted to talk about.",
        "confidence-rating": 6,
        "one-point-up": "Practise the opening with my supervisor first.",
    }
    report = score(load("quality-contact-worksheet"), answers)
    # Yes answers: planned, focused, relationship, safety/permanency, well-being = 5 of 7.
    assert report.scores["practices-yes"] == 5
    # Confidence is a single 1-10 rating: 6 / 1 = 6.0
    assert report.scores["confidence"] == 6.0
    assert report.red_flags == []


def test_quality_contact_worksheet_confidence_ends_of_scale():
    definition = load("quality-contact-worksheet")
    scale = definition.scales["confidence10"]
    assert scale.values == tuple(range(1, 11))
    # No yes/no answered -> count is 0; lowest confidence is 1.0, not "no score".
    report = score(definition, {"confidence-rating": 1})
    assert report.scores["practices-yes"] == 0
    assert report.scores["confidence"] == 1.0
    # Nothing answered -> confidence has no score.
    assert score(definition, {}).scores["confidence"] is None


# --- 5. Session feedback ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ratings", "expected_mean", "expected_band"),
    [
        # 5 + 4 + 5 + 4 + 3 = 21; 21 / 5 = 4.2 -> 4..5
        ((5, 4, 5, 4, 3), 4.2, "Session worked well"),
        # 4 + 4 + 4 + 4 + 4 = 20; 20 / 5 = 4.0 -> 4..5 (bands: 4..5, 3..3.99, 1..2.99)
        ((4, 4, 4, 4, 4), 4.0, "Session worked well"),
        # 4 + 3 + 4 + 3 + 3 = 17; 17 / 5 = 3.4 -> 3..3.99
        ((4, 3, 4, 3, 3), 3.4, "Mixed"),
        # 3 + 3 + 3 + 3 + 3 = 15; 15 / 5 = 3.0 -> 3..3.99 (lower edge of "Mixed")
        ((3, 3, 3, 3, 3), 3.0, "Mixed"),
        # 2 + 3 + 2 + 3 + 4 = 14; 14 / 5 = 2.8 -> 1..2.99
        ((2, 3, 2, 3, 4), 2.8, "Needs attention"),
    ],
)
def test_session_feedback_mean_and_band(ratings, expected_mean, expected_band):
    keys = ("useful", "own-focus", "felt-heard", "felt-safe", "next-step-clear")
    answers: dict[str, object] = dict(zip(keys, ratings, strict=True))
    answers["confidence-next-step"] = 7
    answers["what-helped"] = "Talking through the court report step by step."
    report = score(load("session-feedback"), answers)
    assert report.scores["session-mean"] == pytest.approx(expected_mean)
    assert band_label(report, "session-mean") == expected_band
    # The 0-10 confidence rating is reported on its own and kept out of the 1-5 average.
    assert report.scores["next-step-confidence"] == 7.0


def test_session_feedback_confidence_zero_is_a_score():
    answers = {"useful": 5, "confidence-next-step": 0}
    report = score(load("session-feedback"), answers)
    # Only one statement answered: 5 / 1 = 5.0. Confidence 0 is a real answer, not "no score".
    assert report.scores["session-mean"] == 5.0
    assert report.scores["next-step-confidence"] == 0.0


# --- 6. Closing survey --------------------------------------------------------------------------

CLOSING_KEYS = (
    "satisfied-overall",
    "helped-goals",
    "using-in-practice",
    "worked-well-together",
    "safe-to-try",
    "schedule-fit",
    "would-recommend",
)


@pytest.mark.parametrize(
    ("ratings", "expected_mean", "expected_band"),
    [
        # Bands: 4..5, 3..3.99, 1..2.99 (a mean of 7 ratings below 4 is at most 27/7 = 3.857)
        # 5 + 4 + 4 + 5 + 3 + 4 + 5 = 30; 30 / 7 = 4.2857...
        ((5, 4, 4, 5, 3, 4, 5), 30 / 7, "Satisfied"),
        # 3 + 3 + 2 + 4 + 3 + 3 + 3 = 21; 21 / 7 = 3.0 -> lower edge of "Mixed"
        ((3, 3, 2, 4, 3, 3, 3), 3.0, "Mixed"),
        # 4 + 3 + 3 + 4 + 4 + 3 + 4 = 25; 25 / 7 = 3.571...
        ((4, 3, 3, 4, 4, 3, 4), 25 / 7, "Mixed"),
        # 4 + 4 + 4 + 4 + 4 + 4 + 3 = 27; 27 / 7 = 3.857... -> highest mean below 4, still "Mixed"
        ((4, 4, 4, 4, 4, 4, 3), 27 / 7, "Mixed"),
        # 2 + 2 + 3 + 1 + 2 + 3 + 2 = 15; 15 / 7 = 2.1428...
        ((2, 2, 3, 1, 2, 3, 2), 15 / 7, "Not satisfied"),
    ],
)
def test_closing_survey_satisfaction(ratings, expected_mean, expected_band):
    answers: dict[str, object] = dict(zip(CLOSING_KEYS, ratings, strict=True))
    answers.update(
        {
            "went-well": "Having someone to think out loud with.",
            "goals-reached": "most",
            "supervisor-gave-time": True,
            "plan-with-supervisor": False,
            "another-round": True,
        }
    )
    report = score(load("closing-survey"), answers)
    assert report.scores["satisfaction-mean"] == pytest.approx(expected_mean)
    assert band_label(report, "satisfaction-mean") == expected_band
    # Only the satisfaction statements are scored; yes/no answers are not warning signs here.
    assert list(report.scores) == ["satisfaction-mean"]
    assert report.red_flags == []


def test_closing_survey_partial_answers():
    # Two statements skipped: (5 + 5 + 4 + 4 + 4) / 5 = 22 / 5 = 4.4
    answers = dict(zip(CLOSING_KEYS[:5], (5, 5, 4, 4, 4), strict=True))
    report = score(load("closing-survey"), answers)
    assert report.scores["satisfaction-mean"] == pytest.approx(4.4)
    assert band_label(report, "satisfaction-mean") == "Satisfied"
    assert score(load("closing-survey"), {}).scores["satisfaction-mean"] is None
