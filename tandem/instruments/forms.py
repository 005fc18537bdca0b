"""The form for giving an instrument to someone. The rules of who may give what live in
administration_services; this form only offers sensible choices and checks the input's shape."""

from __future__ import annotations

from typing import Any

from django import forms

from tandem.instruments.administration_selectors import (
    assignable_versions,
    engagements_for_assigning,
    people_for_assigning,
    pre_administrations_for,
)
from tandem.instruments.models import Administration
from tandem.people.models import Person
from tandem.ui.forms import UswdsFormMixin


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.org_unit.name})" if obj.org_unit_id else obj.full_name


class AssignForm(UswdsFormMixin, forms.Form):
    instrument: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None,  # type: ignore[arg-type]
        label="Instrument",
    )
    respondent = PersonChoiceField(
        queryset=None,  # type: ignore[arg-type]
        label="Who fills it in",
        help_text="For an observation or rating, the observer.",
    )
    subject = PersonChoiceField(
        queryset=None,  # type: ignore[arg-type]
        required=False,
        label="About whom",
        help_text="Only for ratings and observations of another person: the coach or learner.",
    )
    engagement: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None,  # type: ignore[arg-type]
        required=False,
        label="Coaching it belongs to",
        help_text="A self-assessment linked to coaching can be shared with that coach.",
    )
    period_start = forms.DateField(
        required=False, label="Period covered: first day", widget=forms.DateInput({"type": "date"})
    )
    period_end = forms.DateField(
        required=False, label="Period covered: last day", widget=forms.DateInput({"type": "date"})
    )
    due_on = forms.DateField(
        required=False, label="Fill in by", widget=forms.DateInput({"type": "date"})
    )
    phase = forms.ChoiceField(
        choices=Administration.Phase.choices,
        initial=Administration.Phase.SINGLE,
        label="Before and after",
        help_text="Give the same instrument before and after, to compare the two.",
    )
    pre: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None,  # type: ignore[arg-type]
        required=False,
        label="The 'before' it follows",
        help_text="Only for the second of a pair.",
    )
    note = forms.CharField(required=False, max_length=500, label="Note to the person filling it in")

    def __init__(self, *args: Any, assigner: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["instrument"].queryset = assignable_versions()
        fields["instrument"].label_from_instance = lambda v: v.instrument.title
        people = people_for_assigning(person=assigner).select_related("org_unit")
        fields["respondent"].queryset = people
        fields["respondent"].initial = assigner.pk
        fields["subject"].queryset = people
        fields["engagement"].queryset = engagements_for_assigning(person=assigner)
        fields["engagement"].label_from_instance = lambda e: (
            f"{e.learner.full_name} with coach {e.coach.full_name}"
        )
        fields["pre"].queryset = pre_administrations_for(person=assigner)
        fields["pre"].label_from_instance = lambda a: (
            f"{a.version.instrument.title} — {a.respondent.full_name}, {a.created_at:%b %-d, %Y}"
        )
