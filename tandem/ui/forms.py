"""USWDS styling for Django forms, so every form gets the same accessible markup, and the
same length limits on every text box."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

# Every text box has a limit (issue #15: a 3 MB session summary was accepted). A form field
# with its own max_length keeps it; any other CharField gets one of these.
LONG_TEXT_LIMIT = 20_000  # a text area: about eight printed pages
SHORT_TEXT_LIMIT = 500  # a one-line box
_TYPED_INPUTS = {"text", "search", "email", "url", "tel", "password"}


def too_long_message(length: int, limit: int) -> str:
    return (
        f"This is too long to save: {length:,} characters, and the limit is {limit:,}. "
        f"Shorten it by {length - limit:,} characters. What you wrote is still here."
    )


class TextLimitValidator(MaxLengthValidator):
    """Django's max_length check with a message that says how much to cut."""

    def __call__(self, value: Any) -> None:
        if not isinstance(value, str):  # fields that clean to something else (a UUID)
            return
        length = self.clean(value)
        if length > self.limit_value:
            raise ValidationError(
                too_long_message(length, self.limit_value),
                code="max_length",
                params={"limit_value": self.limit_value, "show_value": length, "value": value},
            )


def _limit(field: forms.Field) -> None:
    """Give a CharField without a max_length the default limit for its kind of box. A text
    area never carries the browser's maxlength: it would cut a paste short without a word,
    so the limit is checked on the server, which shows the message and keeps the text."""
    if not isinstance(field, forms.CharField) or isinstance(field, forms.JSONField):
        return
    if getattr(field, "_text_limited", False):
        return
    field._text_limited = True  # type: ignore[attr-defined]
    widget = field.widget
    long = isinstance(widget, forms.Textarea) or widget.is_hidden
    if field.max_length is None:
        field.max_length = LONG_TEXT_LIMIT if long else SHORT_TEXT_LIMIT
        field.validators.append(TextLimitValidator(field.max_length))
        if isinstance(widget, forms.widgets.Input) and widget.input_type in _TYPED_INPUTS:
            widget.attrs.setdefault("maxlength", str(field.max_length))
    if isinstance(widget, forms.Textarea):
        widget.attrs.pop("maxlength", None)


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
    """Adds USWDS classes and links hints and errors to their inputs with aria-describedby;
    gives every text field a length limit (LONG_TEXT_LIMIT, SHORT_TEXT_LIMIT)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            _style(name, field)
            _limit(field)

    def __getitem__(self, name: str) -> forms.BoundField:
        # Fields added after __init__ (built from data) are styled when first rendered.
        _style(name, self.fields[name])  # type: ignore[attr-defined]
        _limit(self.fields[name])  # type: ignore[attr-defined]
        return super().__getitem__(name)  # type: ignore[misc,no-any-return]

    def full_clean(self) -> None:
        # Fields added after __init__ are limited before they are checked.
        for field in self.fields.values():  # type: ignore[attr-defined]
            _limit(field)
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
