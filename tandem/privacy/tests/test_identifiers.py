"""The identifier warning: what looks like it names a child, a family or a learner, and what
does not (tenet 6; issue #17)."""

from __future__ import annotations

import pytest
from django import forms

from tandem.privacy.identifiers import IdentifierCheckedForm, identifier_hints


def _kinds(text: str) -> list[tuple[str, str]]:
    return [(hint.kind, hint.text) for hint in identifier_hints(text)]


@pytest.mark.parametrize(
    "text",
    [
        "My learner finds it hard to open a home visit when a parent is angry.",
        "We tried Solution Focused questions in the Family Team meeting on Monday.",
        "In GROW the Reality stage went well; Signs of Safety mapping helped.",
        "She asked three scaling questions and waited ten seconds each time.",
        "",
    ],
)
def test_plain_coaching_talk_raises_no_warning(text):
    assert identifier_hints(text) == []


def test_each_kind_of_identifier_is_named_once():
    text = (
        "The worker met Maria Lopez and the mother, Dana, at 1420 Elm Street. "
        "Case 2024-0113, DOB 3/14/2016, call 303-555-0199. Maria Lopez cried."
    )
    assert _kinds(text) == [
        ("date of birth", "DOB 3/14/2016"),
        ("phone number", "303-555-0199"),
        ("address", "1420 Elm Street"),
        ("case number", "Case 2024-0113"),
        ("name", "mother, Dana"),
        ("name", "Maria Lopez"),
    ]


def test_family_surnames_titles_and_record_numbers_are_noticed():
    assert _kinds("She said the Ortiz family was upset. Ms. Kim was there. #448812") == [
        ("case number", "#448812"),
        ("name", "the Ortiz family"),
        ("name", "Ms. Kim"),
    ]


def test_messages_read_as_sentences():
    hints = identifier_hints("Call (303) 555-0199 about 12 Oak Street.")
    assert [hint.message for hint in hints] == [
        "“(303) 555-0199” looks like a phone number.",
        "“12 Oak Street” looks like an address.",
    ]


class Situation(IdentifierCheckedForm):
    identifier_checked_fields = ("situation",)
    situation = forms.CharField(widget=forms.Textarea)


def test_form_warns_once_and_keeps_the_text():
    form = Situation(data={"situation": "The Ortiz family cancelled again."})
    assert not form.is_valid()
    assert form.errors["situation"] == [
        "“The Ortiz family” looks like a name. Rephrase it without identifying anyone, or "
        "tick the box below if it names nobody."
    ]
    assert form.warned
    assert form["situation"].value() == "The Ortiz family cancelled again."


def test_form_saves_after_the_writer_confirms():
    form = Situation(data={"situation": "The Ortiz family cancelled again.", "names_nobody": "on"})
    assert form.is_valid()
    assert form.cleaned_data["situation"] == "The Ortiz family cancelled again."


def test_form_without_identifiers_needs_no_confirmation():
    form = Situation(data={"situation": "A family cancelled twice; how do I reopen the talk?"})
    assert form.is_valid()
    assert not form.warned


def test_a_name_opening_the_text_is_noticed_but_an_opening_word_is_not():
    assert _kinds("Maria Lopez keeps postponing the visit.") == [("name", "Maria Lopez")]
    assert _kinds("When Maria called, we talked.") == []
    assert _kinds("We Practised role play. Then Reflection came first.") == []
