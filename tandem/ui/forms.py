"""USWDS styling for Django forms, so every form gets the same accessible markup."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

# Checked in order: CheckboxSelectMultiple is a subclass of RadioSelect.
_WIDGET_CLASSES: dict[type[forms.Widget], str] = {
    forms.CheckboxSelectMultiple: "usa-checkbox__input",
    forms.RadioSelect: "usa-radio__input",
    forms.Select: "usa-select",
    forms.SelectMultiple: "usa-select",
    forms.Textarea: "usa-textarea",
    forms.CheckboxInput: "usa-checkbox__input",
    forms.ClearableFileInput: "usa-file-input",
    forms.FileInput: "usa-file-input",
}


def _style(name: str, field: forms.Field) -> None:
    widget = field.widget
    if getattr(widget, "_uswds_styled", False):
        return
    css = next((c for t, c in _WIDGET_CLASSES.items() if isinstance(widget, t)), "usa-input")
    widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
    widget._uswds_styled = True  # type: ignore[attr-defined]
    if field.help_text:
        widget.attrs["aria-describedby"] = f"id_{name}-hint"


class UswdsFormMixin:
    """Adds USWDS classes and links hints and errors to their inputs with aria-describedby."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            _style(name, field)

    def __getitem__(self, name: str) -> forms.BoundField:
        # Fields added after __init__ (built from data) are styled when first rendered.
        _style(name, self.fields[name])  # type: ignore[attr-defined]
        return super().__getitem__(name)  # type: ignore[misc,no-any-return]

    def full_clean(self) -> None:
        # Errors are marked after validation, never in __init__: reading `errors` there would
        # validate before subclasses finish setting up their fields (choices, querysets).
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            field = self.fields.get(name)  # type: ignore[attr-defined]
            if field is None:
                continue
            attrs = field.widget.attrs
            described = [d for d in attrs.get("aria-describedby", "").split() if d]
            attrs["aria-describedby"] = " ".join([*described, f"id_{name}-error"])
            attrs["aria-invalid"] = "true"
            attrs["class"] = f"{attrs.get('class', '')} usa-input--error".strip()


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on each field it names that the form has,
    the rest (and errors naming no field) at the top, so the person sees every problem."""
    if hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)
