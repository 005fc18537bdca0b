"""Who may grant and end roles and keep coach profiles, and the record of each change.

Roles decide who reads coaching records (a program lead's scope, leadership's, a coach
supervisor's), and a coach profile puts someone in matching, so the rules for changing them
live here with the other access rules. The administrator's pages (`tandem/web/staffing.py`)
call these functions and nothing else writes roles or profiles from Tandem's own pages.

- Only a person holding the **administrator** role acts, and only on staff whose unit lies
  inside the part of the organization they administer (their administrator scopes); anyone
  else is refused, and a person outside their scope is answered 404 as if unknown.
- A role is granted over a unit inside the administrator's scope, never wider.
- Nobody changes their **own** roles (as in the Django admin): another administrator must.
- Every change is recorded in Django's admin log against the staff record (who, when, what),
  which the staff page and the Django admin's history both show, and the person is told
  (without detail), as the admin does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from tandem.people.models import CoachProfile, OrgUnit, Person, Role, RoleAssignment
from tandem.people.selectors import agencies_of, role_grants, under_scopes
from tandem.people.services import coach_profile_version_take, staff_change_notify
from tandem.privacy import registry as domain
from tandem.ui.locking import version_bump

SELF_REFUSED = "You cannot change your own roles: ask another administrator."
OUT_OF_SCOPE = "Choose a unit inside the part of the organization you administer."

# Coach profile fields the administrator's form sets, in the order the page shows them.
PROFILE_FIELDS = (
    "coach_type",
    "expertise_level",
    "capacity",
    "accepting_learners",
    "office",
    "trained_models",
    "bio",
    "external_organization",
    "contract_start",
    "contract_end",
)
PROFILE_LISTS = ("practice_areas", "competencies", "languages", "modalities")


# --- Who may act, on whom ----------------------------------------------------------------------


def administered_paths(*, actor: Person) -> list[str]:
    """Paths of the units the actor administers (with everything under them). One query."""
    return sorted({g.scope_path for g in role_grants(person=actor) if g.role == Role.ADMINISTRATOR})


def staff_administered(*, actor: Person) -> QuerySet[Person]:
    """Staff records whose unit lies inside the actor's administrator scopes (none if none)."""
    return Person.objects.filter(under_scopes("org_unit__path", administered_paths(actor=actor)))


def units_administered(*, actor: Person) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(under_scopes("path", administered_paths(actor=actor))).order_by(
        "path"
    )


def person_for_administrator(*, actor: Person, person_id: int) -> Person:
    """The staff record, if the actor administers it; 404 otherwise (not even its existence)."""
    person = (
        staff_administered(actor=actor)
        .select_related("org_unit", "supervisor", "user")
        .filter(pk=person_id)
        .first()
    )
    if person is None:
        raise Http404("No such staff record in the part of the organization you administer.")
    return person


def _check(*, actor: Person, person: Person) -> list[str]:
    paths = administered_paths(actor=actor)
    if not any(person.org_unit.path.startswith(path) for path in paths):
        raise PermissionDenied("This staff record is outside the part you administer.")
    return paths


# --- The record of changes ---------------------------------------------------------------------


def _audit(*, actor: Person, person: Person, message: str, added: bool = False) -> None:
    """One row in Django's admin log, against the staff record, naming the real account."""
    if actor.user_id is None:  # cannot happen: the actor is signed in
        raise PermissionDenied("Sign in to change staff records.")
    LogEntry.objects.log_actions(
        user_id=actor.user_id,
        queryset=[person],
        action_flag=ADDITION if added else CHANGE,
        change_message=message,
    )


def _tell(person: Person, what: str) -> None:
    staff_change_notify(person=person, what=what)


def staff_changes(*, person: Person, limit: int = 20) -> list[LogEntry]:
    """The latest changes to the staff record (its roles, coach profile and admin edits)."""
    return list(
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Person), object_id=str(person.pk)
        )
        .select_related("user__person")
        .order_by("-action_time", "-pk")[:limit]
    )


# --- Roles -------------------------------------------------------------------------------------


def _role_label(role: str, scope: OrgUnit) -> str:
    return f"{Role(role).label} over {scope.name}"


@transaction.atomic
def role_grant(*, actor: Person, person: Person, role: str, scope: OrgUnit) -> RoleAssignment:
    """Give the person `role` over `scope` (and everything under it)."""
    paths = _check(actor=actor, person=person)
    if person.pk == actor.pk:
        raise ValidationError(SELF_REFUSED)
    errors: dict[str, str] = {}
    if role not in Role.values:
        errors["role"] = "Choose one of the roles listed."
    if not any(scope.path.startswith(path) for path in paths):
        errors["scope"] = OUT_OF_SCOPE
    if not person.is_active:
        errors["role"] = f"{person.full_name} has left the agency: roles are for current staff."
    if errors:
        raise ValidationError(errors)
    assignment, created = RoleAssignment.objects.get_or_create(
        person=person, role=role, scope=scope
    )
    if not created:
        raise ValidationError(
            {"role": f"{person.full_name} already holds this role: {_role_label(role, scope)}."}
        )
    _audit(actor=actor, person=person, message=f"Granted the role {_role_label(role, scope)}.")
    _tell(person, "your roles")
    return assignment


@transaction.atomic
def role_end(*, actor: Person, person: Person, assignment_id: int) -> None:
    """End one of the person's roles (the assignment is removed; the log keeps what it was)."""
    paths = _check(actor=actor, person=person)
    if person.pk == actor.pk:
        raise ValidationError(SELF_REFUSED)
    assignment = (
        RoleAssignment.objects.select_for_update()
        .select_related("scope")
        .filter(pk=assignment_id, person=person)
        .first()
    )
    if assignment is None:
        raise ValidationError("This role has already ended.")
    if not any(assignment.scope.path.startswith(path) for path in paths):
        raise ValidationError(
            "This role covers more than the part of the organization you administer: ask an "
            "administrator whose scope includes it."
        )
    label = _role_label(assignment.role, assignment.scope)
    assignment.delete()
    _audit(actor=actor, person=person, message=f"Ended the role {label}.")
    _tell(person, "your roles")


# --- Coach profiles ----------------------------------------------------------------------------


def _shown(profile: CoachProfile, name: str) -> Any:
    if name in PROFILE_LISTS:
        return sorted(getattr(profile, name).values_list("pk", flat=True))
    return getattr(profile, name)


def _coach_role_scope(*, person: Person, paths: Sequence[str]) -> OrgUnit:
    """Where a new coach's coach role applies: their agency, or their own unit when the
    administrator's scope does not cover the whole agency."""
    agency = agencies_of(units=[person.org_unit]).get(person.org_unit_id)
    if agency is not None and any(agency.path.startswith(path) for path in paths):
        return agency
    return person.org_unit


@transaction.atomic
def coach_profile_save(
    *, actor: Person, person: Person, data: dict[str, Any], base_version: int | None
) -> tuple[CoachProfile, bool]:
    """Create the person's coach profile, or change it on top of `base_version` (Conflict if it
    was saved since). `data` holds `PROFILE_FIELDS` and `PROFILE_LISTS`, already validated.
    A new coach who holds no coach role is given one, so they see the learners offered to
    them. Returns the profile and whether it was created."""
    paths = _check(actor=actor, person=person)
    if not person.is_active:
        raise ValidationError(f"{person.full_name} has left the agency: no new coach profile.")
    profile = CoachProfile.objects.filter(person=person).first()
    created = profile is None
    level_before = profile.expertise_level if profile is not None else None
    if profile is None:
        profile = CoachProfile(person=person)
        before: dict[str, Any] = {}
    else:
        if base_version is None:
            raise ValidationError("Open the coach profile again before saving it.")
        coach_profile_version_take(profile=profile, base_version=base_version)
        before = {name: _shown(profile, name) for name in (*PROFILE_FIELDS, *PROFILE_LISTS)}
    if (
        actor.pk == person.pk
        and level_before is not None
        and data["expertise_level"] != level_before
    ):
        # A coach's expertise is judged by their coach supervisor or a program lead, never by
        # the coach, even one who administers the staff pages.
        raise ValidationError(
            "You cannot change your own expertise level: your coach supervisor or a program lead "
            "records it, on your coach development page."
        )
    for name in PROFILE_FIELDS:
        setattr(profile, name, data[name])
    profile.full_clean(exclude=["person"], validate_unique=False)
    profile.save()
    for name in PROFILE_LISTS:
        getattr(profile, name).set(data[name])
    if profile.expertise_level != level_before:
        # The coach's expertise history (coach development) records every level, from here too.
        domain.ExpertiseChange.objects.create(
            coach=person,
            level=profile.expertise_level,
            since=timezone.localdate(),
            decided_by=actor,
            note="Set on the staff pages.",
        )
    if created:
        message = "Created a coach profile."
        if not RoleAssignment.objects.filter(person=person, role=Role.COACH).exists():
            scope = _coach_role_scope(person=person, paths=paths)
            RoleAssignment.objects.create(person=person, role=Role.COACH, scope=scope)
            message += f" Granted the role {_role_label(Role.COACH, scope)}."
        _audit(actor=actor, person=person, message=message, added=True)
        _tell(person, "your coach profile")
        return profile, True
    changed = [
        str(CoachProfile._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
        for name in (*PROFILE_FIELDS, *PROFILE_LISTS)
        if _shown(profile, name) != before[name]
    ]
    if changed:
        _audit(
            actor=actor, person=person, message=f"Changed the coach profile: {', '.join(changed)}."
        )
        _tell(person, "your coach profile")
    return profile, False


@transaction.atomic
def coach_profile_stop_taking_learners(*, actor: Person, person: Person) -> bool:
    """Take the coach out of matching: not taking new learners. Their current learners stay.
    Returns False when they were not taking new learners already (nothing changes)."""
    _check(actor=actor, person=person)
    profile = CoachProfile.objects.select_for_update().filter(person=person).first()
    if profile is None or not profile.accepting_learners:
        return False
    CoachProfile.objects.filter(pk=profile.pk).update(accepting_learners=False)
    # A form opened before this no longer saves over it (tandem/ui/locking.py).
    version_bump(CoachProfile.objects.all(), pk=profile.pk)
    _audit(actor=actor, person=person, message="Coach profile: stopped taking new learners.")
    _tell(person, "your coach profile")
    return True
