"""The form for recording an observation. Who may record what, and the consent rule, live in
observation_services; the form offers the choices that fit and puts each problem next to its
field, keeping everything typed."""

from __future__ import annotations

from typing import Any

from django import forms

from tandem.instruments.models import InstrumentVersion, Observation
from tandem.instruments.observation_selectors import rubric_versions
from tandem.instruments.observation_services import consent_problems, observation_can_record
from tandem.privacy.policy import EngagementAccess
from tandem.ui.forms import UswdsFormMixin

Direction = Observation.Direction


class ObservationForm(UswdsFormMixin, forms.Form):
    direction = forms.ChoiceField(
        choices=Direction.choices, widget=forms.RadioSelect, label="Who observed whom"
    )
    setting = forms.ChoiceField(choices=Observation.Setting.choices, label="Where")
    observed_on = forms.DateField(
        label="Date of the observation",
        help_text="For example: 2026-11-23",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    rubric: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None,  # type: ignore[arg-type]
        required=False,
        label="Observation form (optional)",
        empty_label="No form, notes only",
        help_text="Only when the coach observes the learner. After saving, you fill it in.",
    )
    notes = forms.CharField(
        required=False,
        label="Notes",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=(
            "What you saw and what to work on. Do not write names or other details that could "
            "identify a child or family: coaching records hold none."
        ),
    )
    families_present = forms.BooleanField(required=False, label="A family was present")
    recorded = forms.BooleanField(required=False, label="A recording was made")
    consent_given_by = forms.CharField(
        required=False,
        max_length=200,
        label="Who gave consent",
        help_text=(
            "Needed when a family was present or a recording was made. Describe the role "
            "(for example: both parents), not a name."
        ),
    )
    consent_method = forms.ChoiceField(
        required=False,
        choices=Observation.ConsentMethod.choices,
        widget=forms.RadioSelect,
        label="How consent was given",
    )
    consent_at = forms.DateTimeField(
        required=False,
        label="When consent was given",
        help_text="For example: 2026-11-23 14:30",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def __init__(self, *args: Any, access: EngagementAccess, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        directions = [
            (v, label) for v, label in Direction.choices if observation_can_record(access, v)
        ]
        fields["direction"].choices = directions
        if len(directions) == 1:
            fields["direction"].initial = directions[0][0]
        if Direction.COACH_OBSERVES_LEARNER not in dict(directions):
            del fields["rubric"]  # only the coach fills in an observation form
            return
        rubrics = [v.pk for v in rubric_versions()]
        fields["rubric"].queryset = InstrumentVersion.objects.filter(pk__in=rubrics).select_related(
            "instrument"
        )
        fields["rubric"].label_from_instance = lambda v: v.instrument.title

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        problems = consent_problems(
            families_present=bool(data.get("families_present")),
            recorded=bool(data.get("recorded")),
            setting=data.get("setting", ""),
            consent_given_by=data.get("consent_given_by", ""),
            consent_method=data.get("consent_method", ""),
            consent_at=data.get("consent_at"),
        )
        for name, problem in problems.items():
            if name not in self.errors:
                self.add_error(name, problem)
        direction = data.get("direction")
        if data.get("rubric") is not None and direction == Direction.LEARNER_OBSERVES_DEMONSTRATION:
            self.add_error(
                "rubric", "A form is for the coach observing the learner; choose 'No form'."
            )
        return data
