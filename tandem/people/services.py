"""Writes to the organization and people. Keyword-only, typed; views and commands call these."""

from __future__ import annotations

from tandem.notifications.services import notification_send
from tandem.people.models import CoachProfile, OrgUnit, Person
from tandem.ui.locking import version_claim, version_expect


def orgunit_create(*, parent: OrgUnit | None, name: str, kind: str, code: str = "") -> OrgUnit:
    """Add a unit under `parent` (or a new root). Returns the unit fresh from the database."""
    fields = {"name": name, "kind": kind, "code": code}
    if parent is None:
        node = OrgUnit.objects.add_root(create_kwargs=fields)
    else:
        node = OrgUnit.objects.add_child(parent, create_kwargs=fields)
    return OrgUnit.objects.get(pk=node.pk)


def coach_profile_version_check(*, profile: CoachProfile, base_version: int) -> None:
    """Lock the profile and raise Conflict if it was saved since `base_version`.

    The admin edits profiles: it calls this while validating its form, inside the transaction
    that then saves (so the lock holds until then), and `coach_profile_version_take` as it
    saves. A conflict found while validating can be shown with the form, which still holds
    what the steward typed."""
    current = CoachProfile.objects.select_for_update().get(pk=profile.pk)
    version_expect(seen=base_version, saved=current.version, current=current)


def coach_profile_version_take(*, profile: CoachProfile, base_version: int) -> None:
    """Raise the profile's version as it is saved (Conflict if `base_version` is stale)."""
    profile.version = version_claim(CoachProfile.objects.all(), pk=profile.pk, seen=base_version)


def staff_change_notify(*, person: Person, what: str) -> None:
    """Tell someone an administrator changed `what` on their staff record (never the detail),
    from the Django admin or from the staff pages."""
    notification_send(
        recipient=person,
        subject="An administrator changed your staff record",
        body=f"An administrator changed {what} on your staff record in Tandem. If you did not "
        "expect this, tell your program lead.",
    )
