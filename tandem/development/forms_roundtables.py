"""Forms for roundtables and collaboratives: starting one, its members, meetings, agenda,
attendance, shared resources and situations brought for consultation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.db.models import QuerySet

from tandem.development.models import Roundtable
from tandem.development.selectors_roundtables import coaches_within_q, roundtable_eligible_q
from tandem.people.models import OrgUnit, Person
from tandem.privacy.identifiers import IdentifierCheckedForm
from tandem.ui.forms import UswdsFormMixin
from tandem.ui.locking import VersionedFormMixin

MINUTES = (15, 480)
MAX_FILE_MB = 10
# Documents and pictures a roundtable shares; nothing a browser would run.
FILE_TYPES = {
    ".pdf": "PDF",
    ".docx": "Word",
    ".doc": "Word",
    ".odt": "OpenDocument text",
    ".pptx": "PowerPoint",
    ".xlsx": "Excel",
    ".csv": "CSV",
    ".txt": "plain text",
    ".png": "PNG picture",
    ".jpg": "JPEG picture",
    ".jpeg": "JPEG picture",
}
LOCAL_MINUTE = "%Y-%m-%dT%H:%M"


def _when(label: str = "Date and time") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        help_text="For example: 2027-03-04 14:00",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_MINUTE),
    )


class FacilitatorChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.full_name} ({obj.org_unit.name})"


class RoundtableForm(UswdsFormMixin, forms.Form):
    name = forms.CharField(label="Name", max_length=200)
    level = forms.ChoiceField(
        label="Level",
        choices=Roundtable.Level.choices,
        widget=forms.RadioSelect,
        help_text="A statewide collaborative brings together coaches from every county.",
    )
    scope = forms.ModelChoiceField(
        label="Held for",
        queryset=OrgUnit.objects.none(),
        help_text="The state for a statewide collaborative, the county for a county "
        "roundtable, the office or unit otherwise. Members are coaches working there.",
    )
    facilitator = FacilitatorChoice(
        label="Facilitator",
        queryset=Person.objects.none(),
        help_text="A coach or coach supervisor. Type part of the name to narrow the list.",
    )
    purpose = forms.CharField(label="Purpose", required=False, widget=forms.Textarea)
    every_weeks = forms.IntegerField(
        label="Weeks between meetings",
        min_value=1,
        max_value=52,
        initial=4,
        help_text="4 for a monthly roundtable, 13 for a quarterly collaborative.",
    )
    add_everyone = forms.BooleanField(
        label="Add every coach and coach supervisor working within it as a member",
        required=False,
        help_text="You can add or remove members one by one afterwards.",
    )

    def __init__(
        self, *args: Any, scopes: QuerySet[OrgUnit], paths: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        scope_field: Any = self.fields["scope"]
        scope_field.queryset = scopes
        scope_field.choices = [("", "Choose")] + [
            (u.pk, "\u2003" * (u.depth - 1) + u.name) for u in scopes.only("pk", "name", "depth")
        ]
        facilitator: Any = self.fields["facilitator"]
        facilitator.queryset = (
            Person.objects.filter(coaches_within_q(paths=paths))
            .select_related("org_unit")
            .order_by("last_name", "first_name", "pk")
        )


class MemberSearchForm(UswdsFormMixin, forms.Form):
    q = forms.CharField(
        label="Find coaches to add",
        required=False,
        max_length=100,
        help_text="Part of a name, a work email or a job title.",
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class MemberAddForm(forms.Form):
    people = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, roundtable: Roundtable, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people: Any = self.fields["people"]
        people.queryset = Person.objects.filter(roundtable_eligible_q(scope=roundtable.scope))


class MeetingScheduleForm(UswdsFormMixin, forms.Form):
    starts_at = _when("First meeting: date and time")
    duration_minutes = forms.IntegerField(
        label="Length (minutes)", min_value=MINUTES[0], max_value=MINUTES[1], initial=90
    )
    place = forms.CharField(
        label="Place or link", required=False, max_length=300, help_text="A room or a video link."
    )
    count = forms.IntegerField(
        label="How many meetings",
        min_value=1,
        max_value=12,
        initial=1,
        help_text="More than one schedules the next meetings by the roundtable's cadence, on "
        "the same weekday and time.",
    )


class MeetingForm(VersionedFormMixin, UswdsFormMixin, forms.Form):
    starts_at = _when()
    duration_minutes = forms.IntegerField(
        label="Length (minutes)", min_value=MINUTES[0], max_value=MINUTES[1]
    )
    place = forms.CharField(label="Place or link", required=False, max_length=300)


class AgendaForm(VersionedFormMixin, UswdsFormMixin, forms.Form):
    agenda = forms.CharField(
        label="Agenda",
        required=False,
        widget=forms.Textarea,
        help_text="Topics, who leads each, what to read before. No names of learners, "
        "children or families.",
    )


class AttendanceForm(forms.Form):
    attended = forms.ModelMultipleChoiceField(
        label="Who came",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, invited: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        attended: Any = self.fields["attended"]
        attended.queryset = invited
        attended.label_from_instance = lambda p: p.full_name


class ResourceForm(UswdsFormMixin, forms.Form):
    title = forms.CharField(label="Title", max_length=200)
    url = forms.URLField(
        label="Link",
        assume_scheme="https",
        required=False,
        max_length=200,
        help_text="A web address, or leave empty.",
    )
    file = forms.FileField(
        label="File",
        required=False,
        help_text=f"Or a file up to {MAX_FILE_MB} MB: "
        + ", ".join(sorted({ext.lstrip(".").upper() for ext in FILE_TYPES})),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if not upload:
            return upload
        if Path(upload.name).suffix.lower() not in FILE_TYPES:
            raise forms.ValidationError(
                "This kind of file cannot be shared here. Share a PDF, a Word, Excel or "
                "PowerPoint document, a text file or a picture."
            )
        if (upload.size or 0) > MAX_FILE_MB * 1024 * 1024:
            raise forms.ValidationError(f"The file is larger than {MAX_FILE_MB} MB.")
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and bool(data.get("url")) == bool(data.get("file")):
            self.add_error(None, "Share either a link or a file (one of the two).")
        return data


class ConsultationForm(UswdsFormMixin, IdentifierCheckedForm):
    """A situation brought to the roundtable, told without naming anyone."""

    identifier_checked_fields = ("situation", "learning")

    situation = forms.CharField(
        label="The situation",
        widget=forms.Textarea,
        help_text="What happened in the coaching and what you want to think through. Leave out "
        "names, case numbers, dates of birth, addresses and anything else that could tell "
        "who it is about.",
    )
    learning = forms.CharField(
        label="What you take from the discussion",
        required=False,
        widget=forms.Textarea,
    )
