from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from tandem.enrollment.models import Campaign, CoachingRequest, Intake
from tandem.people.models import Language, Modality, OrgUnit, Person, PracticeArea
from tandem.ui.forms import UswdsFormMixin


class RequestForm(UswdsFormMixin, forms.Form):
    """The learner's request, in their own words (seed 001: the learner owns the agenda)."""

    focus = forms.CharField(
        label="What would you like to work on?",
        help_text="In your own words. Only you and the coach offered your request read this.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )
    goals = forms.CharField(
        label="What do you hope will be different after coaching?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )
    practice_area = forms.ModelChoiceField(
        label="Practice area closest to your focus",
        queryset=PracticeArea.objects.all(),
        required=False,
        empty_label="Not sure / other",
        help_text="Used to find a coach with the right experience. The program lead sees this.",
    )
    modalities = forms.ModelMultipleChoiceField(
        label="How would you like to meet?",
        queryset=Modality.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    preferred_times = forms.CharField(
        label="Times that suit you",
        required=False,
        max_length=200,
        help_text="For example: Tuesday or Thursday mornings.",
    )
    language = forms.ModelChoiceField(
        label="Language you prefer for coaching",
        queryset=Language.objects.all(),
        required=False,
        empty_label="No preference",
    )
    for_coach = forms.CharField(
        label="Anything your coach should know?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text="Optional. Only the coach offered your request reads this.",
    )
    wants_supervisor_as_coach = forms.BooleanField(
        label="I would like my own supervisor to coach me", required=False
    )
    supervisor_informed = forms.BooleanField(
        label="My supervisor may be told when my request moves to the next step",
        required=False,
        help_text="They only hear the step (for example “matched”), never what you wrote.",
    )


class WithdrawForm(UswdsFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why are you withdrawing? (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Only you can see this.",
    )


class CoachabilityForm(UswdsFormMixin, forms.Form):
    """Coachability baseline (seed 003 l.9899): where the learner starts from, in their words."""

    starting_point = forms.CharField(
        label="Where are you starting from?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )
    value_of_coaching = forms.CharField(
        label="How much do you expect coaching to be worth to you, and why?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )
    expected_outcomes = forms.CharField(
        label="What results do you expect?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )
    fears = forms.CharField(
        label="What worries you about coaching?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )
    competing_commitments = forms.CharField(
        label="What else competes for your time and attention?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


class SuggestForm(UswdsFormMixin, forms.Form):
    learner = forms.ModelChoiceField(
        label="Team member",
        queryset=Person.objects.none(),
        help_text="People who report to you, directly or further down.",
    )
    message = forms.CharField(
        label="A note to them (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Keep it encouraging. Coaching stays voluntary: they can decline.",
    )

    def __init__(self, *args: Any, team: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["learner"].queryset = team  # type: ignore[attr-defined]


class CampaignForm(UswdsFormMixin, forms.Form):
    name = forms.CharField(label="Name", max_length=200)
    kind = forms.ChoiceField(
        label="Kind", choices=Campaign.Kind.choices, widget=forms.RadioSelect, initial="cohort"
    )
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    scope = forms.ModelChoiceField(
        label="Who is in scope", queryset=OrgUnit.objects.none(), help_text="A unit you lead."
    )
    hired_from = forms.DateField(
        label="Hired on or after",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Optional. For example the first day of a quarter.",
    )
    hired_to = forms.DateField(
        label="Hired on or before", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    opens_on = forms.DateField(label="Opens on", widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(
        label="Closes on", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    mandated = forms.BooleanField(
        label="Agency-directed (mandated) participation",
        required=False,
        help_text=(
            "Creates a request for each person directly, flagged as mandated so their coach "
            "plans enrollment work. Leave unticked to invite people, who may decline."
        ),
    )

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scope"].queryset = units  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("hired_from"), data.get("hired_to")
        if start and end and start > end:
            self.add_error("hired_to", "The end of the hire-date range is before its start.")
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and opens > closes:
            self.add_error("closes_on", "The campaign closes before it opens.")
        return data


class BoardFilterForm(forms.Form):
    agency = forms.ModelChoiceField(
        queryset=OrgUnit.objects.none(), required=False, empty_label="Any agency"
    )
    office = forms.ModelChoiceField(
        queryset=OrgUnit.objects.none(), required=False, empty_label="Any office"
    )
    status = forms.ChoiceField(
        choices=[("", "Any status"), *CoachingRequest.Status.choices], required=False
    )
    source = forms.ChoiceField(
        choices=[("", "Any source"), *CoachingRequest.Source.choices], required=False
    )
    campaign = forms.ModelChoiceField(
        queryset=Campaign.objects.none(), required=False, empty_label="Any campaign"
    )
    stalled_days = forms.IntegerField(min_value=1, max_value=365, required=False, initial=14)

    def __init__(
        self,
        *args: Any,
        agencies: QuerySet[OrgUnit],
        offices: QuerySet[OrgUnit],
        campaigns: QuerySet[Campaign],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]
        self.fields["campaign"].queryset = campaigns  # type: ignore[attr-defined]
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "usa-select" if name != "stalled_days" else "usa-input"


class IntakeForm(UswdsFormMixin, forms.Form):
    """The program lead's intake conversation with the learner, before matching (seed 001)."""

    held_on = forms.DateField(
        label="Date of the conversation",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Give the date you met.", "invalid": "Give a real date."},
    )
    decision = forms.ChoiceField(
        label="What did you decide together?",
        choices=Intake.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the conversation decided."},
    )
    note = forms.CharField(
        label="Short note",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "Read by the learner and program leads, never by the supervisor or a coach. No names "
            "or details of children and families."
        ),
    )
