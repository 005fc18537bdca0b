"""Writes to the organization and people. Keyword-only, typed; views and commands call these."""

from __future__ import annotations

from tandem.people.models import OrgUnit


def orgunit_create(*, parent: OrgUnit | None, name: str, kind: str, code: str = "") -> OrgUnit:
    """Add a unit under `parent` (or a new root). Returns the unit fresh from the database."""
    fields = {"name": name, "kind": kind, "code": code}
    if parent is None:
        node = OrgUnit.objects.add_root(create_kwargs=fields)
    else:
        node = OrgUnit.objects.add_child(parent, create_kwargs=fields)
    return OrgUnit.objects.get(pk=node.pk)
