"""Forms of the administrator's staff pages: search, granting a role, a coach profile."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from tandem.people.forms import CoachProfileAdminForm, OrgUnitChoiceField, PersonFilterForm
from tandem.people.models import OrgUnit, Role
from tandem.privacy.staffing import PROFILE_FIELDS, PROFILE_LISTS
from tandem.ui.forms import UswdsFormMixin


class StaffSearchForm(UswdsFormMixin, forms.Form):
    COACH_CHOICES = [("", "Everyone"), ("yes", "With a coach profile"), ("no", "Without one")]

    # The staff directory's own search and role filter (each form copies its fields).
    q = PersonFilterForm.base_fields["q"]
    role = PersonFilterForm.base_fields["role"]
    coach = forms.ChoiceField(label="Coach profile", required=False, choices=COACH_CHOICES)

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "query": data.get("q", ""),
            "role": data.get("role", ""),
            "coach": {"yes": True, "no": False}.get(data.get("coach", "")),
        }


class RoleGrantForm(UswdsFormMixin, forms.Form):
    role = forms.ChoiceField(label="Role", choices=[("", "Choose a role"), *Role.choices])
    scope = OrgUnitChoiceField(
        label="Over",
        queryset=OrgUnit.objects.none(),
        empty_label="Choose a part of the organization",
        help_text="The role covers this unit and every unit under it.",
        error_messages={"invalid_choice": "Choose one of the units listed."},
    )

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scope"].queryset = units  # type: ignore[attr-defined]
        self.fields["role"].error_messages["required"] = "Choose the role to grant."
        self.fields["scope"].error_messages["required"] = (
            "Choose the part of the organization the role covers."
        )


class CoachProfileForm(UswdsFormMixin, CoachProfileAdminForm):
    """The data stewards' coach profile form (its rules and its version check), without the
    person, who is the staff record the page is about."""

    class Meta(CoachProfileAdminForm.Meta):
        fields = (*PROFILE_FIELDS, *PROFILE_LISTS)  # type: ignore[assignment]
        labels = {
            "coach_type": "Type of coach",
            "expertise_level": "Experience level",
            "capacity": "Most learners at one time",
            "accepting_learners": "Taking new learners (offered in matching)",
            "office": "Office or region they coach in",
            "trained_models": "Coaching models they are trained in",
            "bio": "About this coach",
            "external_organization": "Organization (external coaches)",
            "contract_start": "Contract starts",
            "contract_end": "Contract ends",
            "practice_areas": "Practice areas",
            "competencies": "Coaching competencies",
            "languages": "Languages",
            "modalities": "Ways of meeting",
        }
        help_texts = {
            "capacity": "Matching offers no more learners than this.",
            "coach_type": "A supervisor running supportive supervision holds it with the people "
            "they supervise; those engagements are shown as supportive supervision.",
            "contract_start": "For external coaches.",
            "contract_end": "Matching stops offering learners after this day.",
        }
        field_classes = {"office": OrgUnitChoiceField}
        widgets = {
            "practice_areas": forms.CheckboxSelectMultiple,
            "competencies": forms.CheckboxSelectMultiple,
            "languages": forms.CheckboxSelectMultiple,
            "modalities": forms.CheckboxSelectMultiple,
            "contract_start": forms.DateInput(attrs={"type": "date"}),
            "contract_end": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, offices: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        office = self.fields["office"]
        office.queryset = offices  # type: ignore[attr-defined]
        office.empty_label = "Their own unit"  # type: ignore[attr-defined]
        office.error_messages["invalid_choice"] = "Choose one of the units listed."
        self.fields["coach_type"].error_messages["required"] = "Choose the type of coach."
        self.fields["expertise_level"].error_messages["required"] = (
            "Choose the coach's experience level."
        )
        self.fields["capacity"].error_messages |= {
            "invalid": "Enter a whole number of learners, such as 6.",
            "min_value": "Enter 0 or more learners.",
        }

    def profile_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in (*PROFILE_FIELDS, *PROFILE_LISTS)}
