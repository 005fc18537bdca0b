"""Goal, scale and rating forms. Validation messages say what to fix; input is never lost."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms

from tandem.goals.models import (
    ANCHOR_FIELDS,
    CHECKLIST,
    LEVEL_LABELS,
    Goal,
    SmartGoalFields,
    signed,
)
from tandem.goals.services import rating_level_problem, scale_problems, weight_problem
from tandem.goals.smart import GoalDraft, goal_sentence, smart_advice
from tandem.ui.forms import UswdsFormMixin
from tandem.ui.locking import VersionedFormMixin

YES_NO = (("yes", "Yes"), ("no", "No"))


# The SMART parts every goal has (a learner's goal, a coach's development goal), as asked.
SMART_LABELS = {
    "behavior": "What will you do?",
    "context": "Where and when?",
    "target": "How much or how often?",
    "measure": "How will you know?",
    "reporting_frequency": "How often will you report progress to your coach?",
    "due_on": "Target date",
    "why": "Why does this goal matter?",
}
SMART_HELP_TEXTS = {
    "behavior": "One behavior or skill. For example: use solution-focused questions.",
    "context": "For example: in formal case staffings and conferences with my staff.",
    "target": "A number, share or frequency. For example: in 75% of staffings.",
    "measure": "What you will count, log or look at. For example: after each staffing, "
    "write in my calendar which question I used.",
    "due_on": "The date by which you mean to reach the goal.",
}
SMART_WIDGETS = {
    "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    "why": forms.Textarea(attrs={"rows": 3}),
}
SMART_FIELDS = tuple(SMART_LABELS)


class SmartGoalFormMixin:
    """Live SMART advice while a goal is written: each SMART field posts the whole form to
    `check_url`, which answers with `goals/_smart_advice.html`."""

    def smart_advice_wire(self, check_url: str) -> None:
        fields: dict[str, forms.Field] = self.fields  # type: ignore[attr-defined]
        for name in ("behavior", "context", "target", "measure", "due_on", "why"):
            fields[name].widget.attrs.update(
                {
                    "hx-post": check_url,
                    "hx-trigger": "keyup changed delay:500ms, change",
                    "hx-target": "#smart-advice",
                    "hx-swap": "innerHTML",
                    # One check at a time per form, then only the latest waiting one, so a
                    # slow answer can never overwrite newer advice.
                    "hx-sync": "closest form:queue last",
                }
            )


class GoalForm(SmartGoalFormMixin, VersionedFormMixin, UswdsFormMixin, forms.ModelForm):
    """A goal's SMART parts. Editing carries the goal's version (a new goal: 0, unchecked)."""

    class Meta:
        model = Goal
        fields = (
            *SMART_FIELDS,
            "agency_predetermined",
            "weight",
            "supervisor_alignment_note",
        )
        labels = SMART_LABELS | {
            "agency_predetermined": "The agency set this goal (the learner did not choose it)",
            "weight": "Weight (optional)",
            "supervisor_alignment_note": "How this goal fits agency policy",
        }
        help_texts = SMART_HELP_TEXTS | {
            "weight": "How much this goal counts compared with the others, for example 2 for "
            "twice as much. Leave empty to count every goal the same.",
            "supervisor_alignment_note": "The agreement shares goals with the learner's "
            "supervisor. Note what the supervisor said about how this goal fits agency policy.",
        }
        widgets = SMART_WIDGETS | {
            "supervisor_alignment_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(
        self, *args: Any, check_url: str, shares_goals_with_supervisor: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if not shares_goals_with_supervisor:
            del self.fields["supervisor_alignment_note"]
        self.fields["weight"].error_messages["invalid"] = "Enter a number, like 1 or 2.5."
        self.smart_advice_wire(check_url)

    def clean_weight(self) -> Decimal | None:
        weight = self.cleaned_data.get("weight")
        problem = weight_problem(weight)
        if problem:
            raise forms.ValidationError(problem)
        return weight


def draft_from(data: Any) -> GoalDraft:
    """A SMART draft from raw form data, for advice while typing (nothing is validated)."""
    due = forms.DateField(required=False)
    try:
        due_on = due.clean(data.get("due_on", ""))
    except forms.ValidationError:
        due_on = None
    return GoalDraft(
        **{
            name: str(data.get(name, ""))
            for name in ("behavior", "context", "target", "measure", "reporting_frequency", "why")
        },
        due_on=due_on,
    )


def smart_context(data: Any, *, checked: bool, today: date) -> dict[str, Any]:
    """What `goals/_smart_advice.html` shows for a goal being written: the advice (once the
    goal has been checked) and the goal read as one sentence."""
    draft = draft_from(data)
    return {
        "advice": smart_advice(draft, today=today) if checked else [],
        "sentence": goal_sentence(draft.behavior, draft.context, draft.target),
    }


def _scale_fields() -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {}
    for level, name in ANCHOR_FIELDS.items():
        fields[name] = forms.CharField(
            label=f"{signed(level)} · {LEVEL_LABELS[level]}",
            required=False,
            max_length=2_000,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text="The goal itself: what reaching it looks like." if level == 0 else "",
        )
    for key, question in CHECKLIST:
        fields[f"check_{key}"] = forms.ChoiceField(
            label=question, choices=YES_NO, required=False, widget=forms.RadioSelect
        )
    return fields


class ScaleForm(VersionedFormMixin, UswdsFormMixin, forms.Form):
    """Anchors for the five levels and the finalize checklist (fields added below the class,
    one per level and per question, so the USWDS mixin styles them like declared fields)."""

    def __init__(self, *args: Any, finalize: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.finalize = finalize

    @classmethod
    def saved(cls, goal: SmartGoalFields) -> ScaleForm:
        """The scale form showing the goal's scale as it is saved."""
        initial: dict[str, Any] = {name: getattr(goal, name) for name in ANCHOR_FIELDS.values()}
        initial |= {
            f"check_{key}": ("yes" if goal.checklist[key] else "no")
            for key, _ in CHECKLIST
            if key in goal.checklist
        }
        return cls(initial=initial, version=getattr(goal, "version", None))

    def anchor_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ANCHOR_FIELDS.values()]

    def checklist_fields(self) -> list[forms.BoundField]:
        return [self[f"check_{key}"] for key, _ in CHECKLIST]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        anchors = {level: data.get(name, "") for level, name in ANCHOR_FIELDS.items()}
        for level, message in scale_problems(anchors).items():
            self.add_error(ANCHOR_FIELDS[level], message)
        if self.finalize:
            for key, _ in CHECKLIST:
                if not data.get(f"check_{key}"):
                    self.add_error(
                        f"check_{key}", "Answer this question before you finish the scale."
                    )
        return data

    def anchors(self) -> dict[int, str]:
        return {level: self.cleaned_data[name] for level, name in ANCHOR_FIELDS.items()}

    def checklist(self) -> dict[str, bool]:
        answers = {key: self.cleaned_data.get(f"check_{key}") for key, _ in CHECKLIST}
        return {key: answer == "yes" for key, answer in answers.items() if answer}


ScaleForm.base_fields.update(_scale_fields())


class RatingForm(UswdsFormMixin, forms.Form):
    rated_on = forms.DateField(
        label="Date of the rating", widget=forms.DateInput(attrs={"type": "date"})
    )
    level = forms.CharField(label="Where are you on the scale today?", widget=forms.RadioSelect)
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What you and your coach noticed. No names or details of children or families.",
    )

    def __init__(self, *args: Any, goal: SmartGoalFields, is_baseline: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.is_baseline = is_baseline
        ids = str(self.auto_id) if isinstance(self.auto_id, str) else "id_%s"
        anchors = {level: text for level, _, text in goal.anchors()}
        choices = []
        for level, label in LEVEL_LABELS.items():
            choices.append((str(level), f"{signed(level)} · {label}: {anchors[level]}"))
            if is_baseline and level > -2:
                half = Decimal(level) - Decimal("0.5")
                lower = LEVEL_LABELS[level - 1].lower()
                choices.append((str(half), f"{half:+.1f} · Between {lower} and {label.lower()}"))
        self.fields["level"].widget.choices = choices
        if is_baseline:
            self.fields["level"].label = "Baseline: where are you on the scale now?"
            self.fields["level"].help_text = (
                "The first rating is the starting point. It is usually below the expected "
                "level. If you are between two levels, choose the half-way point."
            )
        # Several goals' rating forms share a page: point hints at this form's own ids.
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{ids % name}-hint"

    def clean_level(self) -> Decimal:
        raw = self.cleaned_data["level"]
        problem = rating_level_problem(raw, is_baseline=self.is_baseline)
        if problem:
            raise forms.ValidationError(problem)
        return Decimal(raw)
