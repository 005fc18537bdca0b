"""What an administrator may do in the Django admin ("Data admin").

The Django admin is for data stewards correcting staff records, units and reference data
(docs/ARCHITECTURE.md). An account may use it when it is a data steward (`is_staff`) AND its
staff record holds the administrator role today; it then gets exactly the permissions below,
all on the people app, whose models hold no coaching content. No coaching or privacy model is
registered in the admin at all, and none is named here, so nothing confidential can be read
there even if one were registered later.

Why a backend rather than a group: the rights follow the role assignment as it is now. Ending
someone's administrator role (on the staff pages or by the HR import) ends their admin rights
on their next request, with no group membership to keep in step.

Roles and coach profiles are view-only here: they are changed on Tandem's own staff pages
(`/administration/staff/`), which check the administrator's scope and audit every change.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend

from tandem.people.models import Role, RoleAssignment

VIEW_ADD_CHANGE = ("view", "add", "change")

# model name → what a data steward may do with it. Nothing is deleted from the admin: staff
# leave by a separation date, and reference data in use is linked from coach profiles.
STEWARD_RIGHTS: dict[str, tuple[str, ...]] = {
    "orgunit": VIEW_ADD_CHANGE,
    "person": VIEW_ADD_CHANGE,
    "practicearea": VIEW_ADD_CHANGE,
    "language": VIEW_ADD_CHANGE,
    "modality": VIEW_ADD_CHANGE,
    "competency": VIEW_ADD_CHANGE,
    "roleassignment": ("view",),
    "coachprofile": ("view",),
}
STEWARD_APP = "people"
STEWARD_PERMISSIONS = frozenset(
    f"{STEWARD_APP}.{action}_{model}"
    for model, actions in STEWARD_RIGHTS.items()
    for action in actions
)


def is_data_steward(user: Any) -> bool:
    """An active staff account linked to an active staff record holding the administrator
    role. Read once per request and kept on the user object."""
    cached = getattr(user, "_tandem_data_steward", None)
    if cached is not None:
        return bool(cached)
    person = getattr(user, "person", None) if user.is_authenticated else None
    allowed = bool(
        user.is_active
        and user.is_staff
        and person is not None
        and person.is_active
        and RoleAssignment.objects.filter(person=person, role=Role.ADMINISTRATOR).exists()
    )
    user._tandem_data_steward = allowed
    return allowed


class DataStewardBackend(BaseBackend):
    """Grants `STEWARD_PERMISSIONS` to data stewards; authenticates nobody."""

    def authenticate(self, request: Any, **credentials: Any) -> None:
        return None

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set(STEWARD_PERMISSIONS) if is_data_steward(user_obj) else set()

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return perm in self.get_all_permissions(user_obj, obj)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return app_label == STEWARD_APP and is_data_steward(user_obj)
