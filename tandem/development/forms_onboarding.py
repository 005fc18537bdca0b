"""Forms for training records and the shadowing confirmation (issue #17 items 2 and 6)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from tandem.development.selectors_onboarding import coaching_models_offered
from tandem.questionbank.models import CoachingModel
from tandem.ui.forms import UswdsFormMixin

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _not_in_future(day: date) -> date:
    if day > timezone.localdate():
        raise forms.ValidationError("Enter a date that is today or earlier.")
    return day


class TrainingForm(UswdsFormMixin, forms.Form):
    model = forms.ModelChoiceField(
        label="Coaching model",
        queryset=CoachingModel.objects.none(),  # the models in use, set in __init__
        empty_label="Choose a coaching model",
    )
    completed_on = forms.DateField(label="Completed on", widget=DATE_WIDGET)
    provider = forms.CharField(
        label="Training provider",
        required=False,
        max_length=200,
        help_text="Who gave the training, for example the state training academy.",
    )
    hours = forms.DecimalField(
        label="Hours",
        required=False,
        min_value=Decimal("0.5"),
        max_value=Decimal("999.5"),
        max_digits=5,
        decimal_places=1,
        help_text="Length of the training in hours, if known.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["model"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = coaching_models_offered()

    def clean_completed_on(self) -> date:
        return _not_in_future(self.cleaned_data["completed_on"])


class ShadowingForm(UswdsFormMixin, forms.Form):
    completed_on = forms.DateField(label="Date of the shadowing", widget=DATE_WIDGET)
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=300,
        help_text="For example whom the coach shadowed. Do not name learners, children or "
        "families.",
    )

    def clean_completed_on(self) -> date:
        return _not_in_future(self.cleaned_data["completed_on"])
