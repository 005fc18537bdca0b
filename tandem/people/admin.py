"""Django admin for data stewards: the organization tree, staff, roles and coach profiles.

Org units are added and moved through treebeard's admin and form, which go through the tree
manager (`OrgUnit.objects.add_child`, `.move`) so paths and child counts stay consistent.
"""

from __future__ import annotations

from django.contrib import admin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from tandem.people.forms import CoachProfileAdminForm
from tandem.people.models import (
    CoachProfile,
    Competency,
    Language,
    Modality,
    OrgUnit,
    Person,
    PracticeArea,
    RoleAssignment,
)


@admin.register(OrgUnit)
class OrgUnitAdmin(TreeAdmin):
    form = movenodeform_factory(OrgUnit)
    list_display = ("name", "kind", "code", "numchild")
    list_filter = ("kind",)
    search_fields = ("name", "code")
    readonly_fields = ("path", "depth", "numchild")


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ("scope",)
    readonly_fields = ("created_at",)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("full_name", "work_email", "job_title", "org_unit", "supervisor", "is_active")
    list_filter = ("is_active", "org_unit__kind", "role_assignments__role")
    search_fields = ("first_name", "last_name", "work_email", "employee_id", "job_title")
    list_select_related = ("org_unit", "supervisor")
    autocomplete_fields = ("supervisor", "org_unit")
    # The accounts app has no admin of its own, so the account is picked by id.
    raw_id_fields = ("user",)
    inlines = (RoleAssignmentInline,)
    ordering = ("last_name", "first_name")

    @admin.display(description="name", ordering="last_name")
    def full_name(self, obj: Person) -> str:
        return obj.full_name


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ("person", "role", "scope", "created_at")
    list_filter = ("role",)
    search_fields = ("person__first_name", "person__last_name", "person__work_email", "scope__name")
    list_select_related = ("person", "scope")
    autocomplete_fields = ("person", "scope")
    readonly_fields = ("created_at",)


@admin.register(CoachProfile)
class CoachProfileAdmin(admin.ModelAdmin):
    form = CoachProfileAdminForm
    list_display = (
        "person",
        "coach_type",
        "expertise_level",
        "capacity",
        "accepting_learners",
        "office",
    )
    list_filter = ("coach_type", "expertise_level", "accepting_learners", "practice_areas")
    search_fields = ("person__first_name", "person__last_name", "external_organization")
    list_select_related = ("person", "office")
    autocomplete_fields = ("person", "office")
    filter_horizontal = ("practice_areas", "competencies", "languages", "modalities")


@admin.register(PracticeArea)
class PracticeAreaAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(Modality)
class ModalityAdmin(admin.ModelAdmin):
    list_display = ("name", "code")
    search_fields = ("name", "code")


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ("order", "strategy", "ability", "code")
    list_filter = ("strategy",)
    search_fields = ("ability", "strategy", "code")
    ordering = ("order",)
