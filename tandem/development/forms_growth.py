"""Forms for coach growth. A development goal is written with the same SMART parts, live advice,
scale and rating forms as a learner's goal (tandem/goals/forms.py); only its own fields differ."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django import forms

from tandem.development.growth_scale import NOT_OBSERVED, NOT_OBSERVED_LABEL, SCALE
from tandem.development.models import CoachDevelopmentPlan, CompetencyRating, DevelopmentGoal
from tandem.goals.forms import (
    SMART_FIELDS,
    SMART_HELP_TEXTS,
    SMART_LABELS,
    SMART_WIDGETS,
    RatingForm,
    SmartGoalFormMixin,
)
from tandem.people.models import CoachProfile, Competency
from tandem.ui.forms import UswdsFormMixin
from tandem.ui.locking import VersionedFormMixin

# Toolkit Table 6.3 (seed 003 l.5081, after Peterson 2011), in Tandem's words.
EXPERTISE_MEANINGS = {
    CoachProfile.Expertise.NOVICE: "Works on the task at hand and follows a coaching model "
    "step by step; complex situations are still hard.",
    CoachProfile.Expertise.ADVANCED_BEGINNER: "Treats models as guides rather than rules, "
    "but unusual situations are hard and under pressure falls back on the basics.",
    CoachProfile.Expertise.COMPETENT: "Draws on many coaching situations, sees the bigger "
    "picture and bends models to fit new situations.",
    CoachProfile.Expertise.EXPERT: "Has coached face to face a great deal and solves "
    "problems with little deliberate analysis, even in complex or new situations.",
}


class CompetencyRatingForm(VersionedFormMixin, UswdsFormMixin, forms.Form):
    """One answer per mastery ability (a radio group each), and comments. A draft may leave
    abilities open; the service asks for every answer at submission."""

    comments = forms.CharField(
        label="Comments",
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What stands out, examples, what to work on next. No names or details of "
        "learners, children or families.",
    )

    def __init__(
        self, *args: Any, competencies: Sequence[Competency], kind: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.competencies = list(competencies)
        choices = [(str(step.level), step.label) for step in SCALE]
        if kind == CompetencyRating.Rater.SUPERVISOR:
            choices.append((NOT_OBSERVED, NOT_OBSERVED_LABEL))
        for competency in self.competencies:
            self.fields[f"level_{competency.code}"] = forms.ChoiceField(
                label=competency.ability,
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
            )
        self.order_fields([*(f"level_{c.code}" for c in self.competencies), "comments"])

    @staticmethod
    def initial_from(rating: CompetencyRating) -> dict[str, Any]:
        initial: dict[str, Any] = {"comments": rating.comments}
        for code, value in rating.levels.items():
            initial[f"level_{code}"] = NOT_OBSERVED if value is None else str(value)
        return initial

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The abilities under their strategy, as the toolkit groups them."""
        found: dict[str, list[forms.BoundField]] = {}
        for competency in self.competencies:
            found.setdefault(competency.strategy, []).append(self[f"level_{competency.code}"])
        return list(found.items())

    def levels(self) -> dict[str, int | None]:
        """The answers given: code → 1..4, or None for "not observed yet"."""
        found: dict[str, int | None] = {}
        for competency in self.competencies:
            raw = self.cleaned_data.get(f"level_{competency.code}") or ""
            if raw == NOT_OBSERVED:
                found[competency.code] = None
            elif raw:
                found[competency.code] = int(raw)
        return found


class ExpertiseForm(UswdsFormMixin, forms.Form):
    level = forms.ChoiceField(
        label="Expertise level",
        choices=[
            (value, f"{label}: {EXPERTISE_MEANINGS[value]}")  # type: ignore[index]
            for value, label in CoachProfile.Expertise.choices
        ],
        widget=forms.RadioSelect,
    )
    since = forms.DateField(
        label="From", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(
        label="Why (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What you saw that places the coach at this level.",
    )


class DevelopmentPlanForm(VersionedFormMixin, UswdsFormMixin, forms.ModelForm):
    class Meta:
        model = CoachDevelopmentPlan
        fields = ("focus", "starts_on", "review_on")
        labels = {
            "focus": "What this plan develops",
            "starts_on": "Starts",
            "review_on": "Review together on",
        }
        help_texts = {"focus": "For example: asking more open questions and listening longer."}
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "review_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts: date | None = data.get("starts_on")
        review: date | None = data.get("review_on")
        if starts and review and review < starts:
            self.add_error("review_on", "The review comes after the plan starts.")
        return data


class DevelopmentGoalForm(SmartGoalFormMixin, VersionedFormMixin, UswdsFormMixin, forms.ModelForm):
    """A development goal's SMART parts, and the mastery ability it develops."""

    class Meta:
        model = DevelopmentGoal
        fields = (*SMART_FIELDS, "competency")
        labels = SMART_LABELS | {
            "reporting_frequency": "How often will you look at progress with your coach "
            "supervisor?",
            "competency": "Mastery ability this goal develops (optional)",
        }
        help_texts = SMART_HELP_TEXTS | {
            "behavior": "One coaching skill. For example: ask scaling questions.",
            "context": "For example: in the first session with each new learner.",
        }
        widgets = SMART_WIDGETS

    def __init__(self, *args: Any, check_url: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competency"].queryset = Competency.objects.order_by("order")  # type: ignore[attr-defined]
        self.smart_advice_wire(check_url)


class DevelopmentRatingForm(RatingForm):
    """The goals app's rating form, with a note written for coach and coach supervisor."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        label = str(self.fields["level"].label or "")
        self.fields["level"].label = label.replace("Where are you", "Where is the coach")
        self.fields["note"].help_text = (
            "What you and your coach supervisor noticed. No names or details of learners, "
            "children or families."
        )
