"""Reads about the organization and its people. Every function is keyword-only and typed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q, QuerySet

from tandem.people.models import OrgUnit, Person, Role, RoleAssignment

# A supervisor chain longer than this is treated as a data error (it also stops a cycle).
MAX_CHAIN_DEPTH = 40

_CHAIN_SQL = """
WITH RECURSIVE chain(id, depth) AS (
    SELECT supervisor_id, 1 FROM people_person WHERE id = %s AND supervisor_id IS NOT NULL
    UNION ALL
    SELECT p.supervisor_id, c.depth + 1
    FROM people_person p JOIN chain c ON p.id = c.id
    WHERE p.supervisor_id IS NOT NULL AND c.depth < %s
)
SELECT id FROM chain ORDER BY depth
"""

_REPORTS_SQL = """
WITH RECURSIVE below(id, depth) AS (
    SELECT id, 1 FROM people_person WHERE supervisor_id = %s
    UNION ALL
    SELECT p.id, b.depth + 1
    FROM people_person p JOIN below b ON p.supervisor_id = b.id
    WHERE b.depth < %s
)
SELECT DISTINCT id FROM below
"""


def chain_of_command_ids(*, person_id: int) -> list[int]:
    """Ids of everyone above the person, nearest supervisor first. Always one query."""
    with connection.cursor() as cursor:
        cursor.execute(_CHAIN_SQL, [person_id, MAX_CHAIN_DEPTH])
        ids = [row[0] for row in cursor.fetchall()]
    # A cycle in bad data would repeat ids; keep the first occurrence of each.
    return list(dict.fromkeys(ids))


def chain_of_command(*, person: Person) -> list[Person]:
    """Everyone above the person, nearest first, in two queries whatever the depth."""
    ids = chain_of_command_ids(person_id=person.pk)
    by_id = Person.objects.select_related("org_unit").in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def is_above(*, superior: Person, person: Person) -> bool:
    """True when `superior` is the person's line supervisor or anyone above them."""
    return superior.pk in chain_of_command_ids(person_id=person.pk)


def all_reports_ids(*, person_id: int) -> set[int]:
    """Ids of everyone who reports to the person directly or indirectly. One query."""
    with connection.cursor() as cursor:
        cursor.execute(_REPORTS_SQL, [person_id, MAX_CHAIN_DEPTH])
        return {row[0] for row in cursor.fetchall()} - {person_id}


def subtree(*, unit: OrgUnit) -> QuerySet[OrgUnit]:
    """The unit and every unit under it."""
    return OrgUnit.objects.filter(path__startswith=unit.path, depth__gte=unit.depth)


def people_in_subtree(*, unit: OrgUnit) -> QuerySet[Person]:
    return Person.objects.filter(org_unit__path__startswith=unit.path)


@dataclass(frozen=True)
class RoleGrant:
    role: str
    scope_id: int
    scope_path: str
    scope_name: str


def role_grants(*, person: Person) -> list[RoleGrant]:
    """All the person's roles with the subtree each one covers. One query."""
    rows = RoleAssignment.objects.filter(person=person).values_list(
        "role", "scope_id", "scope__path", "scope__name"
    )
    return [RoleGrant(*row) for row in rows]


def roles_of(*, person: Person) -> set[str]:
    return {grant.role for grant in role_grants(person=person)}


def has_role(*, person: Person, role: Role | str, unit: OrgUnit | None = None) -> bool:
    """Whether the person holds the role, over `unit` when one is given (scope covers unit)."""
    grants = [g for g in role_grants(person=person) if g.role == role]
    if unit is None:
        return bool(grants)
    return any(unit.path.startswith(g.scope_path) for g in grants)


def scope_units(*, person: Person, roles: Iterable[str]) -> QuerySet[OrgUnit]:
    """Every unit covered by the person's grants of any of `roles` (a lazy query)."""
    wanted = set(roles)
    paths = {g.scope_path for g in role_grants(person=person) if g.role in wanted}
    if not paths:
        return OrgUnit.objects.none()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return OrgUnit.objects.filter(condition)
