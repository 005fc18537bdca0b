from __future__ import annotations

from typing import Any

from django import forms

from tandem.agreements.fields import Field, fields_for, topics_for
from tandem.agreements.models import AgreementTemplate
from tandem.people.models import Person
from tandem.privacy.categories import DISCLOSABLE, Party
from tandem.ui.forms import UswdsFormMixin
from tandem.ui.locking import VersionedFormMixin

DISCLOSABLE_CHOICES = [(c.value, c.label) for c in DISCLOSABLE]


def _form_field(field: Field) -> forms.Field:
    # Nothing is required while drafting: sending checks that every topic is filled in.
    if field.kind == "choice":
        return forms.ChoiceField(
            label=field.label, choices=[("", "Choose…"), *field.choices], required=False
        )
    if field.kind == "date":
        return forms.DateField(
            label=field.label, required=False, widget=forms.DateInput(attrs={"type": "date"})
        )
    if field.kind == "number":
        return forms.IntegerField(label=field.label, required=False, min_value=5, max_value=480)
    if field.kind == "text":
        return forms.CharField(label=field.label, required=False, max_length=500)
    return forms.CharField(
        label=field.label, required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class _AgreementFields:
    """Reading an agreement's fields back from a bound form (agreements and templates)."""

    kind: str
    cleaned_data: dict[str, Any]
    fields: dict[str, forms.Field]

    def add_agreement_fields(self, kind: str, *, share_label: str) -> None:
        self.kind = kind
        for field in fields_for(kind):
            self.fields[field.key] = _form_field(field)
        for party in Party:
            self.fields[f"share_{party.value}"] = forms.MultipleChoiceField(
                label=share_label.format(party=party.label),
                choices=DISCLOSABLE_CHOICES,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )

    def content(self) -> dict[str, object]:
        values: dict[str, object] = {}
        for field in fields_for(self.kind):
            value = self.cleaned_data.get(field.key)
            values[field.key] = (
                ""
                if value is None
                else (value.isoformat() if hasattr(value, "isoformat") else str(value))
            )
        return values

    def disclosure(self) -> dict[str, list[str]]:
        return {party.value: self.cleaned_data.get(f"share_{party.value}", []) for party in Party}

    def leadership(self) -> Person | None:
        return self.cleaned_data.get("leadership")

    def bound_topics(self) -> list[tuple[Any, list[forms.BoundField]]]:
        form: Any = self
        return [(topic, [form[f.key] for f in fields]) for topic, fields in topics_for(self.kind)]

    def share_fields(self) -> list[forms.BoundField]:
        form: Any = self
        return [form[f"share_{party.value}"] for party in Party]


class AgreementForm(_AgreementFields, VersionedFormMixin, UswdsFormMixin, forms.Form):
    """Every field of the agreement's kind, the disclosure map and the leadership party, with
    the agreement's version when the form was opened."""

    def __init__(self, *args: Any, kind: str, leadership: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_agreement_fields(kind, share_label="{party} may see")
        self.fields["leadership"] = forms.ModelChoiceField(
            label="Leadership party (sponsor)",
            queryset=leadership,
            required=False,
            empty_label="None chosen yet",
        )


def agreement_initial(
    content: dict[str, object], disclosure: dict[str, list[str]], leadership: Person | None
) -> dict[str, object]:
    initial: dict[str, object] = dict(content)
    for party, categories in disclosure.items():
        initial[f"share_{party}"] = categories
    initial["leadership"] = leadership
    return initial


class StartForm(UswdsFormMixin, forms.Form):
    template = forms.ModelChoiceField(
        label="Start from this template", queryset=AgreementTemplate.objects.all(), empty_label=None
    )


class TemplateForm(_AgreementFields, VersionedFormMixin, UswdsFormMixin, forms.Form):
    title = forms.CharField(label="Title", max_length=200)

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_agreement_fields(kind, share_label="{party} may see (starting point)")
