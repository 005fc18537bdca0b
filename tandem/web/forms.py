"""USWDS styling for Django forms, so every form gets the same accessible markup."""

from __future__ import annotations

from typing import Any

from django import forms

_WIDGET_CLASSES: dict[type[forms.Widget], str] = {
    forms.Select: "usa-select",
    forms.SelectMultiple: "usa-select",
    forms.Textarea: "usa-textarea",
    forms.CheckboxInput: "usa-checkbox__input",
    forms.ClearableFileInput: "usa-file-input",
    forms.FileInput: "usa-file-input",
}


class UswdsFormMixin:
    """Adds USWDS classes and links hints and errors to their inputs with aria-describedby."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            widget = field.widget
            css = next(
                (c for t, c in _WIDGET_CLASSES.items() if isinstance(widget, t)), "usa-input"
            )
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            described = []
            if field.help_text:
                described.append(f"id_{name}-hint")
            if self.is_bound and name in self.errors:  # type: ignore[attr-defined]
                described.append(f"id_{name}-error")
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["class"] += " usa-input--error"
            if described:
                widget.attrs["aria-describedby"] = " ".join(described)
