"""Django admin for data stewards: the organization tree, staff, roles and coach profiles.

Org units are added and moved through treebeard's admin and form, which go through the tree
manager (`OrgUnit.objects.add_child`, `.move`) so paths and child counts stay consistent.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
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
    Role,
    RoleAssignment,
)
from tandem.people.selectors import under_scopes
from tandem.people.services import coach_profile_version_take, staff_change_notify
from tandem.ui.locking import conflict_shown


def administered_paths(request: HttpRequest) -> list[str] | None:
    """The tree paths a data steward administers (their administrator roles' scopes), or None
    for a superuser, who is not limited. Staff records and units outside those subtrees are
    neither listed nor changed in the admin, as on Tandem's own staff pages."""
    if request.user.is_superuser:
        return None
    person = _own_person(request)
    if person is None:
        return []
    return list(
        RoleAssignment.objects.filter(person=person, role=Role.ADMINISTRATOR).values_list(
            "scope__path", flat=True
        )
    )


def _scoped(request: HttpRequest, queryset: QuerySet[Any], field: str) -> QuerySet[Any]:
    paths = administered_paths(request)
    return queryset if paths is None else queryset.filter(under_scopes(field, paths))


@admin.register(OrgUnit)
class OrgUnitAdmin(TreeAdmin):
    form = movenodeform_factory(OrgUnit)
    list_display = ("name", "kind", "code", "numchild")
    list_filter = ("kind",)
    search_fields = ("name", "code")
    readonly_fields = ("path", "depth", "numchild")

    # Units are listed whole (the tree needs its roots, and a unit's name is no secret); a
    # steward changes only those inside what they administer.
    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Moving a unit moves everyone in it under other program leads and leadership: only
        # within what the steward administers, and never the top of their own scope.
        paths = administered_paths(request)
        if obj is not None and paths is not None:
            inside = any(obj.path.startswith(p) and obj.path != p for p in paths)
            if not inside:
                return False
        return super().has_change_permission(request, obj)


# Linking an account to a staff record, making someone a line supervisor and granting roles
# decide who reads coaching records. In the admin they are never done to oneself, Django's admin
# log records them with the real account, and the person affected is told (without detail).
SELF_REFUSED = "You cannot do this to your own record: ask another administrator."


def _own_person(request: HttpRequest) -> Person | None:
    return getattr(request.user, "person", None)


class PersonAdminForm(forms.ModelForm):
    acting: HttpRequest | None = None  # set by PersonAdmin.get_form

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        request = self.acting
        if request is None:
            return cleaned
        mine = _own_person(request)
        user = cleaned.get("user")
        if "user" in self.changed_data and user is not None and user.pk == request.user.pk:
            self.add_error("user", SELF_REFUSED)
        supervisor = cleaned.get("supervisor")
        if "supervisor" in self.changed_data and mine is not None and supervisor == mine:
            self.add_error("supervisor", SELF_REFUSED)
        if mine is not None and self.instance.pk == mine.pk and "supervisor" in self.changed_data:
            self.add_error("supervisor", SELF_REFUSED)
        return cleaned


class RoleAssignmentInlineFormSet(forms.BaseInlineFormSet):
    acting: HttpRequest | None = None

    def clean(self) -> None:
        super().clean()
        mine = _own_person(self.acting) if self.acting is not None else None
        if mine is not None and self.instance.pk == mine.pk and self.has_changed():
            raise forms.ValidationError(SELF_REFUSED)


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    formset = RoleAssignmentInlineFormSet
    extra = 0
    autocomplete_fields = ("scope",)
    readonly_fields = ("created_at",)

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:  # type: ignore[override]
        formset: Any = super().get_formset(request, obj, **kwargs)
        formset.acting = request
        return formset


def _tell(person: Person, what: str) -> None:
    staff_change_notify(person=person, what=what)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    form = PersonAdminForm
    list_display = ("full_name", "work_email", "job_title", "org_unit", "supervisor", "is_active")
    list_filter = ("is_active", "separation_reason", "org_unit__kind", "role_assignments__role")
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

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form: Any = super().get_form(request, obj, change, **kwargs)
        form.acting = request
        return form

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return _scoped(request, super().get_queryset(request), "org_unit__path")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # Linking a staff record to an account decides who signs in as that person, and so
        # who reads their coaching: a superuser's job, never a steward's.
        fields = tuple(super().get_readonly_fields(request, obj))
        return fields if request.user.is_superuser else (*fields, "user")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        # A steward places people only in units, and under supervisors, they administer.
        if db_field.name == "org_unit":
            kwargs["queryset"] = _scoped(request, OrgUnit.objects.all(), "path")
        if db_field.name == "supervisor":
            kwargs["queryset"] = _scoped(request, Person.objects.all(), "org_unit__path")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Person, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and "user" in form.changed_data:
            _tell(obj, "the sign-in account linked to it")
        if change and "supervisor" in form.changed_data:
            _tell(obj, "your line supervisor")

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        if change and isinstance(formset, RoleAssignmentInlineFormSet) and formset.has_changed():
            _tell(form.instance, "your roles")


class RoleAssignmentAdminForm(forms.ModelForm):
    acting: HttpRequest | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        mine = _own_person(self.acting) if self.acting is not None else None
        if mine is not None and cleaned.get("person") == mine:
            self.add_error("person", SELF_REFUSED)
        return cleaned


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    form = RoleAssignmentAdminForm
    list_display = ("person", "role", "scope", "created_at")
    list_filter = ("role",)
    search_fields = ("person__first_name", "person__last_name", "person__work_email", "scope__name")
    list_select_related = ("person", "scope")
    autocomplete_fields = ("person", "scope")
    readonly_fields = ("created_at",)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form: Any = super().get_form(request, obj, change, **kwargs)
        form.acting = request
        return form

    def save_model(
        self, request: HttpRequest, obj: RoleAssignment, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        _tell(obj.person, "your roles")


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

    def save_model(self, request: HttpRequest, obj: CoachProfile, form: Any, change: bool) -> None:
        if change:
            # The form checked the version under a row lock, in this same transaction.
            coach_profile_version_take(profile=obj, base_version=form.opened_version)
        super().save_model(request, obj, form, change)

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Any = None,
    ) -> Any:
        """A version conflict: 409, both versions above the form (ui/_conflict.html)."""
        form = context["adminform"].form
        conflict = getattr(form, "conflict", None)
        if conflict is not None:
            saved = CoachProfileAdminForm(instance=conflict.current)
            context["conflict"] = conflict_shown(conflict, saved=saved, yours=form)
        response = super().render_change_form(request, context, add, change, form_url, obj)
        if conflict is not None:
            response.status_code = 409
        return response


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
