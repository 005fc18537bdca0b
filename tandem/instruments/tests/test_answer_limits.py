"""Instrument answers are posted without a Django form: answers_validate holds text answers and
notes to the same limit as every text box (tandem/ui/forms.py), so too long a text is not
saved and comes back as a problem beside its question, with the text still in the box."""

from __future__ import annotations

import pytest

from tandem.instruments.schema import definition_from_data
from tandem.instruments.scoring import answers_validate
from tandem.instruments.tests.builders import data
from tandem.ui.forms import LONG_TEXT_LIMIT

TOO_LONG = (
    "This is too long to save: 20,001 characters, and the limit is 20,000. "
    "Shorten it by 1 characters. What you wrote is still here."
)


@pytest.fixture
def definition():
    return definition_from_data(data(), origin="check.yaml")


def test_text_answer_and_note_over_the_limit_are_problems(definition):
    answers = {
        "comments": "a" * (LONG_TEXT_LIMIT + 1),
        "asks.examples": "b" * (LONG_TEXT_LIMIT + 1),
    }
    assert answers_validate(definition, answers) == {
        **answers_validate(definition, {}),
        "comments": TOO_LONG,
        "asks.examples": TOO_LONG,
    }


def test_text_answer_and_note_at_the_limit_are_fine(definition):
    answers = {"comments": "a" * LONG_TEXT_LIMIT, "asks.examples": "b" * LONG_TEXT_LIMIT}
    assert answers_validate(definition, answers) == answers_validate(definition, {})
