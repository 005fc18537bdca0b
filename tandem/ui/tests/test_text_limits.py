"""Every text box has a length limit (issue #15: a 3 MB session summary was accepted).

UswdsFormMixin gives a CharField without its own max_length the long limit (text areas) or the
short one (one-line boxes). Too long a text is refused with a message that says how much to
cut, and the page comes back with the form holding the whole text, so nothing typed is lost."""

from __future__ import annotations

import pytest
from django import forms
from django.urls import reverse

from tandem.coaching.models import Note
from tandem.conversation.models import NoteDraft
from tandem.questionbank.models import CoachingModel
from tandem.ui.forms import LONG_TEXT_LIMIT, SHORT_TEXT_LIMIT, UswdsFormMixin

THREE_MB = 3 * 1024 * 1024
TYPED = "TYPED" + "x" * (THREE_MB - 5)
TOO_LONG = (
    f"This is too long to save: {THREE_MB:,} characters, and the limit is 20,000. "
    f"Shorten it by {THREE_MB - LONG_TEXT_LIMIT:,} characters. What you wrote is still here."
)


class Sample(UswdsFormMixin, forms.Form):
    story = forms.CharField(widget=forms.Textarea)
    title = forms.CharField()
    code = forms.CharField(max_length=8)
    summary = forms.CharField(max_length=300, widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["later"] = forms.CharField(required=False, widget=forms.Textarea)


def _textarea(html: str, text: str) -> bool:
    """Whether a text area on the page holds exactly `text`."""
    return f">\n{text}</textarea>" in html


def test_text_area_without_a_limit_gets_the_long_one_and_no_browser_maxlength():
    form = Sample()
    assert form.fields["story"].max_length == LONG_TEXT_LIMIT
    assert "maxlength" not in str(form["story"])


def test_one_line_box_without_a_limit_gets_the_short_one_with_maxlength():
    form = Sample()
    assert form.fields["title"].max_length == SHORT_TEXT_LIMIT
    assert 'maxlength="500"' in str(form["title"])


def test_a_field_keeps_its_own_limit_and_a_text_area_never_cuts_a_paste():
    form = Sample()
    assert (form.fields["code"].max_length, form.fields["summary"].max_length) == (8, 300)
    assert 'maxlength="8"' in str(form["code"])
    assert "maxlength" not in str(form["summary"])  # Django would add it; a paste would be cut


def test_too_long_text_is_refused_saying_how_much_to_cut():
    form = Sample({"story": "a" * 20_001, "title": "t" * 501, "code": "c", "summary": "s"})
    assert not form.is_valid()
    assert form.errors["story"] == [
        "This is too long to save: 20,001 characters, and the limit is 20,000. "
        "Shorten it by 1 characters. What you wrote is still here."
    ]
    assert form.errors["title"] == [
        "This is too long to save: 501 characters, and the limit is 500. "
        "Shorten it by 1 characters. What you wrote is still here."
    ]
    assert _textarea(str(form["story"]), "a" * 20_001)


def test_fields_added_after_the_form_is_built_are_limited_too():
    form = Sample({"story": "a", "title": "t", "code": "c", "summary": "s", "later": "b" * 20_001})
    assert not form.is_valid()
    assert list(form.errors) == ["later"]


def test_text_at_the_limit_is_accepted():
    form = Sample({"story": "a" * LONG_TEXT_LIMIT, "title": "t" * 500, "code": "c", "summary": "s"})
    assert form.is_valid(), form.errors


@pytest.mark.django_db
def test_a_3_mb_session_summary_is_refused_kept_in_the_form_and_not_saved(as_actor, world):
    before = Note.objects.filter(kind=Note.Kind.SESSION_SUMMARY).count()
    page = as_actor("coach").post(
        reverse("conversation:note_list", args=[world.e1.pk, Note.Kind.SESSION_SUMMARY]),
        {"base_version": 0, "draft_sequence": 0, "body": TYPED},
    )
    html = page.content.decode()
    # The page comes back with the form: 400, as this page answers every refused form.
    assert page.status_code == 400
    assert TOO_LONG in html
    assert _textarea(html, TYPED)
    assert Note.objects.filter(kind=Note.Kind.SESSION_SUMMARY).count() == before


@pytest.mark.django_db
def test_a_3_mb_draft_is_not_saved_and_the_writer_is_told(as_actor, world):
    client = as_actor("coach")
    url = reverse("conversation:note_autosave", args=[world.e1.pk, Note.Kind.SESSION_SUMMARY])
    data = {"base_version": 0, "draft_sequence": 0}
    client.post(url, {**data, "body": "Short words"}, headers={"HX-Request": "true"})
    page = client.post(url, {**data, "body": TYPED}, headers={"HX-Request": "true"})
    assert page.status_code == 200
    assert f"Not saved as a draft. {TOO_LONG}" in page.content.decode()
    assert NoteDraft.objects.get(kind=Note.Kind.SESSION_SUMMARY).body == "Short words"


@pytest.mark.django_db
def test_a_3_mb_coaching_model_description_is_refused_and_kept(as_actor, world):
    page = as_actor("program_lead").post(
        reverse("questionbank:model_new"), {"name": "Long model", "description": TYPED}
    )
    html = page.content.decode()
    assert page.status_code == 400
    assert TOO_LONG in html
    assert _textarea(html, TYPED)
    assert not CoachingModel.objects.filter(name="Long model").exists()


@pytest.mark.django_db
def test_a_3_mb_note_on_the_engagement_page_is_refused_and_kept(as_actor, world):
    before = Note.objects.count()
    page = as_actor("coach").post(
        reverse("coaching:note_add", args=[world.e1.pk]),
        {"kind": Note.Kind.SESSION_SUMMARY, "body": TYPED},
    )
    html = page.content.decode()
    assert page.status_code == 400
    # This box has its own limit (20,000), so Django's own message.
    assert f"Ensure this value has at most 20000 characters (it has {THREE_MB})." in html
    assert _textarea(html, TYPED)
    assert Note.objects.count() == before
