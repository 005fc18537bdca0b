"""Matching forms. Every form keeps what was typed when it is refused."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from tandem.enrollment.matching.engine import (
    DEFAULT_WEIGHTS,
    FACTOR_LABELS,
    FACTOR_NAMES,
    Suggestion,
)
from tandem.enrollment.models import Campaign
from tandem.people.models import OrgUnit, Person
from tandem.ui.forms import UswdsFormMixin

WEIGHT_HELP = {
    "practice_area": "The coach works in the practice area the learner asked for.",
    "office": "The coach works in the learner's office (half for the same agency).",
    "language": "The coach speaks the language the learner asked for.",
    "modality": "The coach offers the ways of meeting the learner asked for.",
    "load": "The coach has free places (an empty caseload counts most).",
    "expertise": "The coach's experience meets what the learner needs.",
    "preference": "The learner's history: a former coach counts more; one who declined, less.",
    "training": "The coach is trained in the coaching model the learner's agency uses most.",
}


class ProposeForm(UswdsFormMixin, forms.Form):
    coach = forms.TypedChoiceField(
        label="Coach to offer the request to",
        coerce=int,
        help_text="Listed best fit first. The top suggestion is chosen for you.",
        # The coach was on the page the lead opened, but filled up or was excluded since.
        error_messages={
            "invalid_choice": "This coach can no longer be offered the request: they are full "
            "or excluded now (see Excluded coaches). Choose again."
        },
    )
    override_reason = forms.CharField(
        label="Why this coach rather than the top suggestion",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed only when you choose a coach other than the top suggestion.",
    )
    chemistry = forms.BooleanField(
        label="Ask for a chemistry meeting first",
        required=False,
        help_text="Coach and learner meet to see whether they work well together before the "
        "coach answers.",
    )

    def __init__(self, *args: Any, suggestions: Sequence[Suggestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["coach"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [
            (s.coach_id, f"{s.rank}. {s.name} — fit {s.fit:g}, {s.load} of {s.capacity} places")
            for s in suggestions
        ]
        if suggestions and not self.is_bound:
            self.initial["coach"] = suggestions[0].coach_id
        self.top = suggestions[0].coach_id if suggestions else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        coach = data.get("coach")
        if coach is not None and coach != self.top and not data.get("override_reason", "").strip():
            self.add_error(
                "override_reason", "Say why you chose a coach other than the top suggestion."
            )
        return data


class DeclineForm(UswdsFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why you decline",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The program lead reads this to find another coach. Do not write about the "
        "learner's work or personal matters.",
    )


class WeightsForm(UswdsFormMixin, forms.Form):
    scope = forms.ModelChoiceField(
        label="Where these weights apply",
        queryset=OrgUnit.objects.none(),
        empty_label=None,
    )

    def __init__(self, *args: Any, scopes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope_field = self.fields["scope"]
        assert isinstance(scope_field, forms.ModelChoiceField)
        scope_field.queryset = scopes
        for name in FACTOR_NAMES:
            self.fields[name] = forms.IntegerField(
                label=FACTOR_LABELS[name],
                min_value=0,
                max_value=10,
                initial=DEFAULT_WEIGHTS[name],
                help_text=f"{WEIGHT_HELP[name]} 0 (ignore) to 10 (counts most).",
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if all(data.get(name) == 0 for name in FACTOR_NAMES):
            raise forms.ValidationError("At least one factor must count more than 0.")
        return data


class ConflictForm(UswdsFormMixin, forms.Form):
    coach = forms.ModelChoiceField(
        label="Coach", queryset=Person.objects.none(), empty_label="Choose a coach"
    )
    person_email = forms.EmailField(
        label="Work email of the person the coach must not coach",
        help_text="For example a relative, a friend, or someone the coach supervises.",
    )
    reason = forms.CharField(
        label="Kind of conflict (optional)",
        required=False,
        max_length=200,
        help_text="A few words, such as “family member”. No details are needed.",
    )

    def __init__(self, *args: Any, coaches: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        coach_field = self.fields["coach"]
        assert isinstance(coach_field, forms.ModelChoiceField)
        coach_field.queryset = coaches

    def clean_person_email(self) -> Person:
        email = self.cleaned_data["person_email"]
        person = Person.objects.filter(work_email__iexact=email).first()
        if person is None:
            raise forms.ValidationError("No staff member has this work email.")
        return person


class CohortForm(UswdsFormMixin, forms.Form):
    campaign = forms.ModelChoiceField(
        label="Campaign",
        queryset=Campaign.objects.none(),
        required=False,
        empty_label="All requests waiting for a coach",
        help_text="Match only the requests that came from one campaign or cohort.",
    )

    def __init__(self, *args: Any, campaigns: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["campaign"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = campaigns
