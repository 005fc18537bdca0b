"""The one optimistic lock (tandem/ui/locking.py): a save only from the version it opened, a
form that must say which version, and what the conflict page shows."""

from __future__ import annotations

from datetime import date

import pytest
from django import forms
from django.http import QueryDict

from tandem.questionbank.models import CoachingModel
from tandem.ui.locking import (
    INCOMPLETE,
    Conflict,
    VersionedFormMixin,
    form_differences,
    rebased,
    version_bump,
    version_claim,
    version_expect,
)


class _Form(VersionedFormMixin, forms.Form):
    name = forms.CharField(required=False)
    kind = forms.ChoiceField(choices=[("a", "Apples"), ("b", "Bananas")], required=False)
    tags = forms.MultipleChoiceField(choices=[("x", "Ex"), ("y", "Why")], required=False)
    ready = forms.BooleanField(required=False)
    due = forms.DateField(required=False)


@pytest.mark.django_db
def test_a_claim_from_the_saved_version_takes_the_next_one_and_a_stale_one_changes_nothing():
    model = CoachingModel.objects.create(code="lock-test", name="Saved")
    rows = CoachingModel.objects.all()
    assert version_claim(rows, pk=model.pk, seen=1) == 2
    with pytest.raises(Conflict) as caught:
        version_claim(rows, pk=model.pk, seen=1)
    assert (caught.value.seen, caught.value.saved, caught.value.current.name) == (1, 2, "Saved")
    version_bump(rows, pk=model.pk)
    assert CoachingModel.objects.get(pk=model.pk).version == 3


def test_expecting_a_version_numbered_by_saves():
    version_expect(seen=4, saved=4)
    with pytest.raises(Conflict):
        version_expect(seen=3, saved=4)


@pytest.mark.parametrize("data", [{"name": "x"}, {"name": "x", "base_version": "abc"}])
def test_a_form_without_a_usable_version_is_refused_at_the_top(data):
    form = _Form(data)
    assert (form.is_valid(), form.non_field_errors(), "base_version" in form.errors) == (
        False,
        [INCOMPLETE],
        False,
    )


def test_a_form_for_a_new_record_needs_no_version():
    form = _Form({"name": "x"}, versioned=False)
    assert (form.is_valid(), "base_version" in form.fields) == (True, False)


def test_the_hidden_version_has_no_id_so_a_page_may_hold_several_forms():
    html = str(_Form(version=7)["base_version"])
    assert html == '<input type="hidden" name="base_version" value="7">'


def test_rebased_data_keeps_what_was_typed_and_carries_the_saved_version():
    posted = QueryDict("name=mine&base_version=1&tags=x&tags=y")
    data = rebased(posted, Conflict(seen=1, saved=3))
    assert (data["name"], data["base_version"], data.getlist("tags")) == ("mine", "3", ["x", "y"])


def test_differences_are_the_changed_visible_fields_in_words():
    saved = _Form(
        initial={
            "name": "Same",
            "kind": "a",
            "tags": ["x"],
            "ready": False,
            "due": date(2027, 1, 2),
        },
        version=2,
    )
    yours = _Form(
        {"name": "Same", "kind": "b", "tags": ["x", "y"], "ready": "on", "due": "2027-01-02"}
        | {"base_version": "1"}
    )
    found = [(d.label, d.saved, d.yours) for d in form_differences(saved, yours)]
    assert found == [
        ("Kind", "Apples", "Bananas"),
        ("Tags", "Ex", "Ex, Why"),
        ("Ready", "No", "Yes"),
    ]
