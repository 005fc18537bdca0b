"""Filter forms for the staff directory, and the data stewards' coach profile form.

Filter forms are bound to the query string and every field is optional, so an empty query
string is a valid "show everything" request. A bad value (an unknown unit, say) shows an error
and that one filter is left out, rather than the page failing.
"""

from __future__ import annotations

from typing import Any

from django import forms

from tandem.people.models import (
    CoachProfile,
    Language,
    Modality,
    OrgUnit,
    PracticeArea,
    Role,
)
from tandem.people.selectors import Status
from tandem.people.services import coach_profile_version_check
from tandem.ui.forms import UswdsFormMixin
from tandem.ui.locking import BASE_VERSION, Conflict, VersionedFormMixin, rebased


class OrgUnitChoiceField(forms.ModelChoiceField):
    """Units in tree order, indented by depth so the hierarchy reads in the drop-down."""

    def label_from_instance(self, obj: OrgUnit) -> str:  # type: ignore[override]
        return f"{'– ' * (obj.depth - 1)}{obj.name}"


class PersonFilterForm(UswdsFormMixin, forms.Form):
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        help_text="Name, email or job title.",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    unit = OrgUnitChoiceField(
        label="Organization unit",
        required=False,
        queryset=OrgUnit.objects.order_by("path"),
        empty_label="Anywhere",
        help_text="Includes every unit under it.",
    )
    role = forms.ChoiceField(
        label="Role", required=False, choices=[("", "Any role"), *Role.choices]
    )
    status = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[
            (Status.ACTIVE, "Active staff"),
            (Status.SEPARATED, "Separated staff"),
            (Status.ALL, "All staff"),
        ],
    )

    def clean_status(self) -> str:
        return self.cleaned_data.get("status") or Status.ACTIVE

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for `person_directory`, from the fields that are valid."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "query": data.get("q", ""),
            "unit": data.get("unit"),
            "role": data.get("role", ""),
            "status": data.get("status", Status.ACTIVE),
        }


class CoachFilterForm(UswdsFormMixin, forms.Form):
    ACCEPTING_CHOICES = [("", "Any"), ("yes", "Accepting new learners"), ("no", "Not accepting")]

    q = forms.CharField(
        label="Search by name",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    practice_area = forms.ModelChoiceField(
        label="Practice area",
        required=False,
        queryset=PracticeArea.objects.all(),
        empty_label="Any practice area",
    )
    language = forms.ModelChoiceField(
        label="Language", required=False, queryset=Language.objects.all(), empty_label="Any"
    )
    modality = forms.ModelChoiceField(
        label="How coaching happens",
        required=False,
        queryset=Modality.objects.all(),
        empty_label="Any",
    )
    coach_type = forms.ChoiceField(
        label="Type of coach",
        required=False,
        choices=[("", "Any type"), *CoachProfile.CoachType.choices],
    )
    expertise_level = forms.ChoiceField(
        label="Experience level",
        required=False,
        choices=[("", "Any level"), *CoachProfile.Expertise.choices],
    )
    agency = forms.ModelChoiceField(
        label="Agency",
        required=False,
        queryset=OrgUnit.objects.filter(kind=OrgUnit.Kind.AGENCY).order_by("name", "path"),
        empty_label="Any agency",
    )
    accepting = forms.ChoiceField(label="Availability", required=False, choices=ACCEPTING_CHOICES)

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for `coach_directory`, from the fields that are valid."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})

        def pk(name: str) -> int | None:
            obj = data.get(name)
            return obj.pk if obj is not None else None

        accepting = data.get("accepting", "")
        return {
            "query": data.get("q", ""),
            "practice_area_id": pk("practice_area"),
            "language_id": pk("language"),
            "modality_id": pk("modality"),
            "coach_type": data.get("coach_type", ""),
            "expertise_level": data.get("expertise_level", ""),
            "agency": data.get("agency"),
            "accepting_learners": {"yes": True, "no": False}.get(accepting),
        }


CONFLICT = (
    "Someone saved this coach profile after you opened it. Nothing was overwritten: compare "
    "the two versions above, keep what you need in the form, and save again."
)


class CoachProfileAdminForm(VersionedFormMixin, forms.ModelForm):
    """Turns the database's coach rules into form errors a data steward can act on. Changing a
    profile carries its version: a save made from an older one is refused (`conflict` is then
    set, and the form now carries the saved version)."""

    # Declared, so that the admin (which shows the form's declared fields) sends it back.
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    conflict: Conflict | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        instance: CoachProfile | None = kwargs.get("instance")
        version = instance.version if instance is not None and instance.pk else None
        super().__init__(*args, versioned=version is not None, version=version, **kwargs)

    class Meta:
        model = CoachProfile
        fields = (
            "person",
            "coach_type",
            "expertise_level",
            "capacity",
            "accepting_learners",
            "office",
            "practice_areas",
            "competencies",
            "languages",
            "modalities",
            "trained_models",
            "bio",
            "external_organization",
            "contract_start",
            "contract_end",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("coach_type") == CoachProfile.CoachType.EXTERNAL
            and not (cleaned.get("external_organization") or "").strip()
        ):
            self.add_error(
                "external_organization",
                "An external (contracted) coach needs the name of their organization.",
            )
        start, end = cleaned.get("contract_start"), cleaned.get("contract_end")
        if start and end and end < start:
            self.add_error("contract_end", "The contract cannot end before it starts.")
        seen = cleaned.get(BASE_VERSION)
        if self.versioned and seen is not None:
            try:
                coach_profile_version_check(profile=self.instance, base_version=seen)
            except Conflict as conflict:
                self.conflict = conflict
                self.data = rebased(self.data, conflict)  # type: ignore[arg-type]
                self.add_error(None, CONFLICT)
        return cleaned
