"""Forms of the session record and the notes (USWDS markup through UswdsFormMixin)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from tandem.coaching.models import Note
from tandem.conversation.content import (
    COACH_JOURNAL,
    JOHNS,
    LADDER,
    LEARNER_JOURNAL,
    SCALING_KINDS,
    TECHNIQUES,
    USEFULNESS,
    JournalField,
)
from tandem.conversation.models import ActionStep
from tandem.ui.forms import UswdsFormMixin
from tandem.ui.locking import VersionedFormMixin

TEXTAREA = {"rows": 3}


class SessionRecordForm(VersionedFormMixin, UswdsFormMixin, forms.Form):
    """The coach's record of a session. Every field may be left empty, so the form must say
    which version it was opened at: a POST without it is refused instead of blanking the record."""

    focus = forms.CharField(
        max_length=300,
        required=False,
        label="Focus of this session",
        help_text="In a few words. No names or case numbers of children or families.",
    )
    stages_done = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Stages covered"
    )
    techniques = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Techniques used",
        choices=[(code, label) for code, label, _ in TECHNIQUES],
    )

    observation = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        label="Observation this step refers to",
        help_text="One of this coaching's observations. Its page decides who may open it.",
    )

    def __init__(
        self,
        *args: Any,
        stages: list[tuple[str, str]],
        observations: list[tuple[int, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stages_done"].choices = stages  # type: ignore[attr-defined]
        self.fields["observation"].choices = [  # type: ignore[attr-defined]
            ("", "None linked"),
            *(observations or []),
        ]
        for code, name in stages:
            self.fields[stage_note_field(code)] = forms.CharField(
                max_length=4000,
                required=False,
                label=f"Notes on {name.lower()}",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def stage_notes(self) -> dict[str, str]:
        """The notes per stage code, empty ones left out."""
        return {
            name.removeprefix("stage_note_"): value.strip()
            for name, value in self.cleaned_data.items()
            if name.startswith("stage_note_") and value.strip()
        }


def stage_note_field(code: str) -> str:
    return f"stage_note_{code}"


class ScalingForm(UswdsFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="What the question is about",
        choices=[(k.code, k.label) for k in SCALING_KINDS],
        help_text="Ask the same question each session to see change over time.",
    )
    question = forms.CharField(
        max_length=300,
        required=False,
        label="Question asked",
        help_text="Leave empty to use the usual wording for this kind of question.",
    )
    scale_min = forms.TypedChoiceField(
        label="Scale", coerce=int, choices=[(0, "0 to 10"), (1, "1 to 10")], initial=0
    )
    answer = forms.IntegerField(label="Answer", min_value=0, max_value=10)
    follow_up = forms.CharField(
        required=False,
        label="Follow-up note",
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text="What would one point higher look like? What small step could get there?",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("answer") is not None and data.get("scale_min") == 1 and data["answer"] < 1:
            self.add_error("answer", "On a 1 to 10 scale the answer is from 1 to 10.")
        return data


class ActionStepForm(UswdsFormMixin, forms.Form):
    what = forms.CharField(max_length=300, label="Action step", help_text="What will be done?")
    owner = forms.ChoiceField(label="Who", choices=ActionStep.Owner.choices)
    due_on = forms.DateField(
        required=False, label="Due date", widget=forms.DateInput(attrs={"type": "date"})
    )
    commitment = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=10,
        label="Commitment (1 to 10)",
        help_text="How committed the learner feels to doing it: 1 not at all, 10 fully.",
    )


class ReviewForm(VersionedFormMixin, UswdsFormMixin, forms.Form):
    review = forms.ChoiceField(
        label="How did it go?",
        choices=[
            (ActionStep.Review.DONE, "Done"),
            (ActionStep.Review.PARTLY, "Partly done"),
            (ActionStep.Review.NOT_DONE, "Not done"),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(required=False, label="Note", widget=forms.Textarea(attrs={"rows": 2}))


class LadderForm(VersionedFormMixin, UswdsFormMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label, hint in LADDER:
            self.fields[name] = forms.CharField(
                required=False, label=label, help_text=hint, widget=forms.Textarea(attrs=TEXTAREA)
            )


class FeedbackForm(VersionedFormMixin, UswdsFormMixin, forms.Form):
    usefulness = forms.TypedChoiceField(
        label="How useful was this session for you?",
        coerce=int,
        choices=USEFULNESS,
        widget=forms.RadioSelect,
    )
    helped = forms.CharField(
        required=False, label="What helped most?", widget=forms.Textarea(attrs=TEXTAREA)
    )
    change = forms.CharField(
        required=False,
        label="What would you like to be different next time?",
        widget=forms.Textarea(attrs=TEXTAREA),
    )


class WellbeingForm(UswdsFormMixin, forms.Form):
    offered_on = forms.DateField(
        label="Date professional help was offered",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Only the date is kept, never the reason.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"offered_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


def journal_fields(kind: str) -> tuple[JournalField, ...]:
    if kind == Note.Kind.COACH_JOURNAL:
        return COACH_JOURNAL
    if kind == Note.Kind.LEARNER_JOURNAL:
        return LEARNER_JOURNAL + JOHNS
    return ()


def render_body(kind: str, fields: dict[str, str]) -> str:
    """A journal entry's answers as readable text: the note's body."""
    parts = [
        f"{f.label}\n{fields[f.name].strip()}"
        for f in journal_fields(kind)
        if fields.get(f.name, "").strip()
    ]
    return "\n\n".join(parts)


class NoteForm(UswdsFormMixin, forms.Form):
    """A note's text: one box, or one box per question for a journal. Carries the version the
    writer started from and the draft sequence the page last saw."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, initial=0)
    draft_sequence = forms.IntegerField(widget=forms.HiddenInput, min_value=0, initial=0)

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.structured = journal_fields(kind)
        if self.structured:
            for f in self.structured:
                self.fields[f.name] = forms.CharField(
                    required=False,
                    label=f.label,
                    help_text=" ".join(f.prompts),
                    widget=forms.Textarea(attrs=TEXTAREA),
                )
        else:
            self.fields["body"] = forms.CharField(
                label="Text",
                widget=forms.Textarea(attrs={"rows": 8}),
                help_text="No names or case numbers of children or families.",
            )

    def answers(self) -> dict[str, str]:
        return {f.name: self.cleaned_data.get(f.name, "") for f in self.structured}

    def text(self) -> str:
        if self.structured:
            return render_body(self.kind, self.answers())
        return str(self.cleaned_data["body"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.structured and not any(str(data.get(f.name, "")).strip() for f in self.structured):
            self.add_error(None, "Write something in at least one box before saving.")
        return data

    def johns_fields(self) -> list[forms.BoundField]:
        return [self[f.name] for f in JOHNS] if self.kind == Note.Kind.LEARNER_JOURNAL else []

    def main_fields(self) -> list[forms.BoundField]:
        johns = {f.name for f in JOHNS}
        names = [f.name for f in self.structured if f.name not in johns] or ["body"]
        return [self[name] for name in names]
