"""answers_validate(): one plain instruction per problem, keyed by the question."""

from __future__ import annotations

import pytest

from tandem.instruments.schema import definition_from_data
from tandem.instruments.scoring import answers_validate
from tandem.instruments.tests.builders import data

COMPLETE = {
    "ready": True,
    "stressed": False,
    "listens": 4,
    "asks": "na",
    "plans": 4,
    "culture": {"pro": 4, "anti": 1},
    "setting": "home",
    "minutes": 45,
    "held-on": "2025-03-31",
}


@pytest.fixture
def definition():
    return definition_from_data(data(), origin="check.yaml")


def test_answers_validate_accepts_complete_answers(definition):
    assert answers_validate(definition, COMPLETE) == {}
    with_notes = {**COMPLETE, "comments": "Good visit.", "asks.examples": "Asked about school."}
    assert answers_validate(definition, with_notes) == {}


def test_answers_validate_lists_every_missing_required_item(definition):
    assert answers_validate(definition, {"comments": ""}) == {
        "ready": "Choose yes or no.",
        "stressed": "Choose yes or no.",
        "listens": 'Choose a number from 1 to 4, or "Not applicable".',
        "asks": 'Choose a number from 1 to 4, or "Not applicable".',
        "plans": 'Choose a number from 1 to 3, or "Not part of my job".',
        "culture": 'Rate both statements: for each, choose a number from 1 to 4, or "Not applicable".',
        "setting": "Choose one of the options.",
        "minutes": "Enter a number from 0 to 600.",
        "held-on": "Enter a date.",
    }


def test_answers_validate_explains_wrong_values(definition):
    answers = {
        **COMPLETE,
        "ready": "yes",
        "listens": 5,
        "plans": True,
        "culture": {"pro": 4},
        "setting": "court",
        "minutes": 601,
        "held-on": "2025-02-30",
        "comments": 12,
        "asks.examples": ["a list"],
        "mood": 3,
    }
    assert answers_validate(definition, answers) == {
        "ready": "Choose yes or no.",
        "listens": 'Choose a number from 1 to 4, or "Not applicable".',
        "plans": 'Choose a number from 1 to 3, or "Not part of my job".',
        "culture": 'Rate both statements: for each, choose a number from 1 to 4, or "Not applicable".',
        "setting": "Choose one of the options.",
        "minutes": "Enter a number from 0 to 600.",
        "held-on": "Enter a real date as year-month-day, for example 2025-03-31.",
        "comments": "Write your answer as text.",
        "asks.examples": "Write the note as text.",
        "mood": "This question is not on this form.",
    }


def test_answers_validate_offers_not_applicable_only_where_the_scale_does():
    value = data()
    del value["scales"]["agree4"]["not_applicable"]
    definition = definition_from_data(value, origin="check.yaml")
    problems = answers_validate(definition, {**COMPLETE, "asks": "na", "ready": "na"})
    assert problems == {
        "asks": '"Not applicable" is not a choice here. Choose a number from 1 to 4.',
        "ready": '"Not applicable" is not a choice here. Choose yes or no.',
    }
    problems = answers_validate(definition, {**COMPLETE, "asks": 3, "listens": 0})
    assert problems == {"listens": "Choose a number from 1 to 4."}


def test_answers_validate_accepts_text_na_as_a_written_answer(definition):
    assert answers_validate(definition, {**COMPLETE, "comments": "na"}) == {}


def test_answers_validate_names_uneven_scales_and_open_number_ranges():
    value = data()
    value["scales"]["agree4"] = {
        "points": [
            {"value": 0, "label": "Never"},
            {"value": 5, "label": "Half"},
            {"value": 10, "label": "Always"},
        ]
    }
    value["sections"][1]["items"][4] = {
        "key": "minutes",
        "type": "number",
        "text": "Minutes",
        "min": 0,
    }
    definition = definition_from_data(value, origin="check.yaml")
    problems = answers_validate(definition, {**COMPLETE, "listens": 4, "asks": 5, "minutes": -1})
    assert problems == {
        "listens": "Choose 0, 5 or 10.",
        "culture": "Rate both statements: for each, choose 0, 5 or 10.",
        "minutes": "Enter a number of 0 or more.",
    }
