from __future__ import annotations

from typing import Any

from django import forms

from tandem.coaching.models import CoachingSession, Note
from tandem.web.forms import UswdsFormMixin


class NoteForm(UswdsFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Kind of note")
    body = forms.CharField(
        label="Text of the note",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20_000,
        help_text="Do not write names or other details that identify a child or family.",
    )

    def __init__(self, *args: Any, kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Note.Kind.choices)
        choices = [(kind, labels[kind]) for kind in kinds]
        self.fields["kind"].choices = choices  # type: ignore[attr-defined]


class SessionForm(UswdsFormMixin, forms.Form):
    starts_at = forms.DateTimeField(
        label="Date and time",
        help_text="For example: 2026-11-23 14:30",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    duration_minutes = forms.IntegerField(
        label="Length (minutes)", min_value=5, max_value=480, initial=60
    )
    purpose = forms.ChoiceField(label="Kind of meeting", choices=CoachingSession.Purpose.choices)
    status = forms.ChoiceField(label="Status", choices=CoachingSession.Status.choices)
