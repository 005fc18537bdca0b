"""No silent overwrite: the one optimistic lock of every record that more than one person (or
more than one tab) can edit. See docs/RELIABILITY.md, "No silent overwrite".

The convention, in four parts:

1. **The record carries its version.** An integer column `version` (`version_field()`,
   starting at 1) that every save of the record raises by one (`column=` names another where
   `version` means something else: `InstrumentVersion.edit_version`). A record whose saves each
   make a numbered version already (a note's revisions, a development plan's versions, a
   session's calendar `sequence`) uses that number instead, and needs no column.
2. **The form carries the version it was opened at**, in the hidden field `base_version`
   (`VersionedFormMixin`). A POST without it (a stale page, a hand-made request) is refused with
   a message and changes nothing: it can never save blanks over what is there.
3. **The service saves only what was edited from the version that is still saved**, inside its
   transaction and before its other writes: `version_claim` runs
   `UPDATE … SET version = version + 1 WHERE pk = … AND version = <base_version>`. The UPDATE
   holds the row until the transaction ends, so of two saves at the same moment exactly one
   matches; the other waits for it, then matches no row. Records numbered by their saved
   versions lock their head row (`select_for_update`) and call `version_expect`. Either way a
   stale save raises `Conflict`, carrying the record as saved now, and writes nothing. The
   service's own permission checks and write audit stay where they are.
4. **The view answers 409** with the same page, the form still holding what this person typed
   (`rebased`: it now carries the saved version, so saving again is a deliberate choice), and
   above it both versions side by side (`ConflictShown`, template `ui/_conflict.html`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, QuerySet
from django.http import QueryDict
from django.utils import timezone

VERSION = "version"  # the model column
BASE_VERSION = "base_version"  # the hidden form field
INCOMPLETE = (
    "This form arrived incomplete: it did not say which version of the record it was opened "
    "at, so nothing was saved. Open the page again to see what is saved now, then make your "
    "change."
)


def version_field() -> models.PositiveIntegerField:
    """The `version` column: 1 when the record is created, one more at every save. Not shown
    in forms (the admin included): only services change it, through this module. The database
    has the default too, so the seeders' plain INSERTs (tandem/rows.py) need not name it."""
    return models.PositiveIntegerField(
        default=1,
        db_default=1,
        editable=False,
        help_text="Raised by one at every save; an edit made from an older version is refused.",
    )


class Conflict(Exception):  # noqa: N818 - the name the views and docs use
    """Someone saved the record after this editor opened it at version `seen`; nothing was
    written. `current` is the record as saved now (version `saved`)."""

    def __init__(
        self,
        *,
        seen: int,
        saved: int,
        current: Any = None,
        saved_by: str = "",
        saved_at: datetime | None = None,
    ) -> None:
        super().__init__(f"opened at version {seen}, but version {saved} is saved")
        self.seen, self.saved, self.current = seen, saved, current
        self.saved_by, self.saved_at = saved_by, saved_at


def version_claim(queryset: QuerySet[Any], *, pk: int, seen: int, column: str = VERSION) -> int:
    """Take the next version of row `pk` if it is still at version `seen`, and return it.

    One conditional UPDATE, so the check and the claim cannot be separated by another save; it
    locks the row until the caller's transaction ends (call it inside that transaction, before
    the other writes). Otherwise raise `Conflict` with the row as saved now."""
    claimed = queryset.filter(pk=pk, **{column: seen}).update(**{column: F(column) + 1})
    if claimed == 1:
        return seen + 1
    current = queryset.get(pk=pk)
    raise Conflict(
        seen=seen,
        saved=getattr(current, column),
        current=current,
        saved_at=getattr(current, "updated_at", None),
    )


def version_bump(queryset: QuerySet[Any], *, pk: int, column: str = VERSION) -> None:
    """Raise the version of row `pk` for a change made without an edit form (a status, a
    revision), so that a form opened before it no longer saves over it."""
    queryset.filter(pk=pk).update(**{column: F(column) + 1})


def version_expect(
    *,
    seen: int,
    saved: int,
    current: Any = None,
    saved_by: str = "",
    saved_at: datetime | None = None,
) -> None:
    """For a record numbered by its saved versions: raise `Conflict` unless the editor opened
    the version that is still the newest. Call it with the record's head row locked."""
    if seen != saved:
        raise Conflict(
            seen=seen, saved=saved, current=current, saved_by=saved_by, saved_at=saved_at
        )


# --- Forms ------------------------------------------------------------------------------------


class _VersionInput(forms.HiddenInput):
    """The hidden version, without an id: one page may hold several versioned forms (the
    session page holds three), and a hidden input has no label to point at it."""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].pop("id", None)
        return context


class VersionedFormMixin:
    """Adds the hidden `base_version` field, set from `version=` (the record's version when the
    form is shown). A bound form without a usable `base_version` is invalid, with `INCOMPLETE`
    at the top of the form. `versioned=False` leaves it out (the same form creating a record)."""

    def __init__(
        self, *args: Any, version: int | None = None, versioned: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.versioned = versioned
        if not versioned:
            return
        self.fields[BASE_VERSION] = forms.IntegerField(  # type: ignore[attr-defined]
            widget=_VersionInput, min_value=0, required=False
        )
        if version is not None:
            self.initial[BASE_VERSION] = version  # type: ignore[attr-defined]

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        errors: Any = self._errors  # type: ignore[attr-defined]
        if not self.versioned or not self.is_bound or errors is None:  # type: ignore[attr-defined]
            return
        broken = errors.pop(BASE_VERSION, None)
        if broken or self.cleaned_data.get(BASE_VERSION) is None:  # type: ignore[attr-defined]
            self.add_error(None, INCOMPLETE)  # type: ignore[attr-defined]

    @property
    def opened_version(self) -> int:
        """The version the form was opened at (once the form is valid). Not named like the
        field, so that `form.base_version` in a template is always the hidden input."""
        return int(self.cleaned_data[BASE_VERSION])  # type: ignore[attr-defined]


def rebased(data: QueryDict, conflict: Conflict, name: str = BASE_VERSION) -> QueryDict:
    """The posted data, now based on the saved version: the form keeps everything typed, and
    saving it again is a deliberate choice to replace the newer version."""
    copied = data.copy()
    copied[name] = str(conflict.saved)
    return copied


# --- The 409 page -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    """One part of the record where the saved version and this person's version differ."""

    label: str
    saved: str
    yours: str
    preformatted: bool = False  # shown as written (YAML), not as paragraphs


@dataclass(frozen=True)
class ConflictShown:
    """What `ui/_conflict.html` shows: who saved and when, and each part that differs."""

    conflict: Conflict
    differences: Sequence[Difference] = field(default_factory=tuple)

    @property
    def saved_by(self) -> str:
        return self.conflict.saved_by

    @property
    def saved_at(self) -> datetime | None:
        return self.conflict.saved_at

    @property
    def saved_version(self) -> int:
        return self.conflict.saved


def _choice_labels(choices: Iterable[Any]) -> dict[str, str]:
    labels: dict[str, str] = {}
    for value, label in choices:
        if isinstance(label, list | tuple):  # an option group
            labels |= _choice_labels(label)
        else:
            labels[str(value)] = str(label)
    return labels


def shown_value(form_field: forms.Field, value: Any) -> str:
    """A form value as a person reads it: choice labels, Yes/No, dates and times written the
    same way whether they come from the database or from what was posted."""
    if isinstance(form_field, forms.BooleanField):
        return "Yes" if form_field.to_python(value) else "No"
    if value is None or value == "" or value == []:
        return ""
    values = list(value) if isinstance(value, list | tuple) else [value]
    choices = getattr(form_field, "choices", None)
    if choices is not None:
        labels = _choice_labels(choices)
        return ", ".join(labels.get(str(v), str(v)) for v in values)
    if isinstance(form_field, forms.DateField | forms.DateTimeField) and isinstance(value, str):
        try:
            value = form_field.to_python(value)
        except ValidationError:
            return value  # as typed, when it is not a date
    if isinstance(value, datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def form_differences(
    saved: forms.BaseForm, yours: forms.BaseForm, as_written: Collection[str] = ()
) -> list[Difference]:
    """Every visible field of `yours` (bound to what was posted) whose value differs from the
    same field of `saved` (an unbound form showing the record as saved now). Fields named in
    `as_written` are shown exactly as typed (code, YAML)."""
    found = []
    for name, form_field in yours.fields.items():
        if form_field.widget.is_hidden or name not in saved.fields:
            continue
        before, after = saved[name], yours[name]
        if not form_field.has_changed(before.initial, after.data):
            continue
        found.append(
            Difference(
                label=str(after.label),
                saved=shown_value(saved.fields[name], before.value()),
                yours=shown_value(form_field, after.data),
                preformatted=name in as_written,
            )
        )
    return found


def conflict_shown(
    conflict: Conflict,
    *,
    saved: forms.BaseForm,
    yours: forms.BaseForm,
    as_written: Collection[str] = (),
) -> ConflictShown:
    """What the 409 page shows: the parts of the form where `saved` and `yours` differ."""
    return ConflictShown(conflict=conflict, differences=form_differences(saved, yours, as_written))
