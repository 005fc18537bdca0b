"""Closing and development-plan forms. Messages say what to fix; nothing typed is lost."""

from __future__ import annotations

from typing import Any

from django import forms

from tandem.lifecycle.models import ClosingRecord, DevelopmentPlanVersion
from tandem.people.models import Person
from tandem.ui.forms import UswdsFormMixin
from tandem.ui.locking import VersionedFormMixin

# Prompts after the evaluation and closing steps of seed 003 (l.5814-5878), in our own words.
CLOSING_LABELS = {
    "went_well": "What went well in this coaching?",
    "was_hard": "What was hard?",
    "coach_contribution": "What did you, the coach, bring to what worked and what did not?",
    "learner_contribution": "What did the learner bring to what worked and what did not?",
    "goals_met": "Did this coaching reach the learner's goals?",
    "goals_notes": "About the goals",
    "barriers": "What got in the way?",
    "process_changes": "What would make coaching work better next time?",
}
CLOSING_HINTS = {
    "went_well": "Talk it over with the learner and write what you agree on.",
    "learner_contribution": "Include the learner's own view of what they could have done.",
    "goals_notes": "Optional: which goals, and how you both know.",
    "process_changes": "Optional: changes to how often, how long, or how you met.",
}


class ClosingForm(UswdsFormMixin, forms.ModelForm):
    summary = forms.CharField(
        label="Closing summary for the supervisor",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=(
            "The progress you agreed to share. Leave out anything personal; no names of "
            "children or families."
        ),
    )

    class Meta:
        model = ClosingRecord
        fields = tuple(CLOSING_LABELS)
        labels = CLOSING_LABELS
        help_texts = CLOSING_HINTS
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in CLOSING_LABELS
            if name != "goals_met"
        } | {"goals_met": forms.RadioSelect}

    def record(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in CLOSING_LABELS}


ITEM_SLOTS = 3
ITEM_FIELDS = {
    "area": "Development area",
    "actions": "What the learner will do",
    "supports": "Support and resources",
    "timeline": "By when",
}


class PlanForm(VersionedFormMixin, UswdsFormMixin, forms.Form):
    """Up to three development areas, and the supervisor's part (the sustainability plan).
    Changing a plan carries the number of the version it was opened at."""

    def __init__(self, *args: Any, learners: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if learners is not None:
            self.fields["learner"] = forms.ModelChoiceField(
                queryset=learners,
                label="Whose plan is it?",
                empty_label=None,
            )
            self.fields["learner"].widget.attrs["class"] = "usa-select"
            self.fields = {"learner": self.fields.pop("learner"), **self.fields}
        for slot in range(1, ITEM_SLOTS + 1):
            for key, label in ITEM_FIELDS.items():
                widget = (
                    forms.TextInput() if key == "timeline" else forms.Textarea(attrs={"rows": 2})
                )
                field = forms.CharField(label=f"{label} ({slot})", required=False, widget=widget)
                field.widget.attrs["class"] = "usa-input" if key == "timeline" else "usa-textarea"
                self.fields[f"item{slot}_{key}"] = field
        self.fields["supervisor_support"] = forms.CharField(
            label="How the supervisor will support the learning",
            widget=forms.Textarea(attrs={"rows": 3, "class": "usa-textarea"}),
            help_text="For example: time in regular supervision, chances to practise, feedback.",
        )
        self.fields["supervisor_support"].widget.attrs["aria-describedby"] = (
            "id_supervisor_support-hint"
        )

    @classmethod
    def initial_from(cls, version: DevelopmentPlanVersion) -> dict[str, str]:
        initial = {"supervisor_support": version.supervisor_support}
        for slot, item in enumerate(version.items[:ITEM_SLOTS], start=1):
            for key in ITEM_FIELDS:
                initial[f"item{slot}_{key}"] = item.get(key, "")
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = 0
        for slot in range(1, ITEM_SLOTS + 1):
            values = {key: (data.get(f"item{slot}_{key}") or "").strip() for key in ITEM_FIELDS}
            if not any(values.values()):
                continue
            filled += 1
            for key in ("area", "actions"):
                if not values[key]:
                    self.add_error(f"item{slot}_{key}", "Fill this in, or clear this area.")
        if filled == 0:
            self.add_error("item1_area", "Add at least one development area.")
        return data

    def items(self) -> list[dict[str, str]]:
        return [
            {key: self.cleaned_data.get(f"item{slot}_{key}", "") for key in ITEM_FIELDS}
            for slot in range(1, ITEM_SLOTS + 1)
        ]

    def learner_chosen(self) -> Person:
        learner: Person = self.cleaned_data["learner"]
        return learner

    def slots(self) -> list[list[forms.BoundField]]:
        return [
            [self[f"item{slot}_{key}"] for key in ITEM_FIELDS] for slot in range(1, ITEM_SLOTS + 1)
        ]
