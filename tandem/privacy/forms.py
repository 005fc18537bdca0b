from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from tandem.privacy.categories import DISCLOSABLE, Category, ExceptionKind
from tandem.web.forms import UswdsFormMixin


class ExceptionDisclosureForm(UswdsFormMixin, forms.Form):
    exception = forms.ChoiceField(
        label="Which exception applied", choices=ExceptionKind.choices, widget=forms.RadioSelect
    )
    recipient = forms.CharField(
        label="Shared with", max_length=200, help_text="Name, role and organization."
    )
    disclosed_on = forms.DateField(
        label="Date shared",
        help_text="For example: 2026-11-23",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    categories = forms.MultipleChoiceField(
        label="Kinds of information shared",
        choices=[(c.value, c.label) for c in (Category.COACH_LEARNER, *DISCLOSABLE)],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    summary = forms.CharField(
        label="What was shared", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    reason = forms.CharField(
        label="Why the exception applied",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )

    def clean_disclosed_on(self) -> Any:
        value = self.cleaned_data["disclosed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        return value
