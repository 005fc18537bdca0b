from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from tandem.privacy.categories import DISCLOSABLE, Category, ExceptionKind, RecipientKind
from tandem.ui.forms import UswdsFormMixin


class ExceptionDisclosureForm(UswdsFormMixin, forms.Form):
    exception = forms.ChoiceField(
        label="Which exception applied", choices=ExceptionKind.choices, widget=forms.RadioSelect
    )
    recipient_kind = forms.ChoiceField(
        label="Shared with",
        choices=RecipientKind.choices,
        widget=forms.RadioSelect,
        help_text="The kinds of recipient the coaching agreement names.",
    )
    recipient = forms.CharField(
        label="Who exactly",
        max_length=200,
        help_text="Name, role and organization, for example the intake worker's name.",
    )
    disclosed_on = forms.DateField(
        label="Date shared",
        help_text="For example: 2026-11-23",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    categories = forms.MultipleChoiceField(
        label="Kinds of information shared",
        choices=[(c.value, c.label) for c in (Category.COACH_LEARNER, *DISCLOSABLE)],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    summary = forms.CharField(
        label="What was shared", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    reason = forms.CharField(
        label="Why the exception applied",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )

    def __init__(self, *args: Any, subjects: dict[int, Any] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.subjects = subjects or {}
        if len(self.subjects) > 1:  # a group: say which member it is about
            self.fields["about"] = forms.TypedChoiceField(
                label="Whom it is about",
                coerce=int,
                choices=[(pk, p.full_name) for pk, p in self.subjects.items()],
                widget=forms.RadioSelect,
                help_text="Only this person and you will see the disclosure.",
            )
            self.order_fields(["exception", "about"])

    def clean_about(self) -> Any:
        return self.subjects[self.cleaned_data["about"]]

    def clean_disclosed_on(self) -> Any:
        value = self.cleaned_data["disclosed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        return value


class ResearchConsentForm(UswdsFormMixin, forms.Form):
    """The person's own choice about research use of their records (NASW 5.02)."""

    ALLOW, DECLINE = "allow", "decline"
    choice = forms.ChoiceField(
        label="May your coaching records be used in research?",
        choices=[
            (ALLOW, "Yes: my records may be included in de-identified research exports"),
            (DECLINE, "No: leave my records out of every research export"),
        ],
        widget=forms.RadioSelect,
        help_text="You can change your mind at any time. It makes no difference to your "
        "coaching, and nobody else can change it for you.",
    )

    @property
    def declined(self) -> bool:
        return bool(self.cleaned_data["choice"] == self.DECLINE)
