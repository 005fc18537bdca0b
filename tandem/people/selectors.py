"""Reads about the organization and its people. Every function is keyword-only and typed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Substr

from tandem.people.models import CoachProfile, Competency, OrgUnit, Person, Role, RoleAssignment

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


def under_scopes(field: str, scopes: Sequence[str]) -> Q:
    """Rows whose tree path `field` lies in any of the subtrees `scopes` (none if none)."""
    condition = Q(pk__in=[])
    for scope in scopes:
        condition |= Q(**{f"{field}__startswith": scope})
    return condition


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


def runs_supportive_supervision(*, person: Person) -> bool:
    """Whether the person is set up to hold supportive supervision with the people they
    supervise (a coach profile of that type, seed 002). One query."""
    return CoachProfile.objects.filter(
        person=person, coach_type=CoachProfile.CoachType.SUPPORTIVE_SUPERVISOR
    ).exists()


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


# --- The staff directory: lists and pages anyone with a staff record may read. ---


class Status:
    """Which staff records a directory list shows."""

    ACTIVE = "active"
    SEPARATED = "separated"
    ALL = "all"


def _text_search(*, query: str, fields: Iterable[str]) -> Q:
    """Every word of `query` must match one of `fields` (case-insensitive)."""
    condition = Q()
    for word in query.split():
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word})
        condition &= any_field
    return condition


def person_directory(
    *,
    query: str = "",
    unit: OrgUnit | None = None,
    role: str = "",
    status: str = Status.ACTIVE,
) -> QuerySet[Person]:
    """Staff matching a search and filters, with what a directory row shows already joined.

    `unit` covers its whole subtree; `role` matches a grant at any scope.
    """
    people = Person.objects.select_related("org_unit", "supervisor")
    if status == Status.ACTIVE:
        people = people.filter(is_active=True)
    elif status == Status.SEPARATED:
        people = people.filter(is_active=False)
    if query:
        people = people.filter(
            _text_search(query=query, fields=("first_name", "last_name", "work_email", "job_title"))
        )
    if unit is not None:
        people = people.filter(org_unit__path__startswith=unit.path)
    if role:
        # Exists, not a join: a role held over two scopes must not list the person twice.
        people = people.filter(
            Exists(RoleAssignment.objects.filter(person=OuterRef("pk"), role=role))
        )
    return people.order_by("last_name", "first_name", "pk")


def _ancestor_paths(path: str) -> list[str]:
    step = OrgUnit.steplen
    return [path[:end] for end in range(step, len(path) + 1, step)]


def agencies_of(*, units: Iterable[OrgUnit]) -> dict[int, OrgUnit]:
    """Each unit's agency (the unit itself when it is one), keyed by unit id. One query."""
    units = list(units)
    paths = {p for unit in units for p in _ancestor_paths(unit.path)}
    if not paths:
        return {}
    agencies = OrgUnit.objects.filter(path__in=paths, kind=OrgUnit.Kind.AGENCY)
    by_path = {agency.path: agency for agency in agencies}
    found: dict[int, OrgUnit] = {}
    for unit in units:
        for path in reversed(_ancestor_paths(unit.path)):
            if path in by_path:
                found[unit.pk] = by_path[path]
                break
    return found


def org_path(*, unit: OrgUnit) -> list[OrgUnit]:
    """The unit's ancestors from the root down, then the unit itself. One query."""
    return [*OrgUnit.objects.get_ancestors(unit), unit]


def head_counts(*, units: Iterable[OrgUnit]) -> dict[int, int]:
    """Active staff in each unit's subtree, keyed by unit id.

    One grouped query per distinct depth (siblings share a depth, so a list of children is one
    query): every person is counted under the prefix of their unit's path at that depth.
    """
    units = list(units)
    counts: dict[int, int] = {unit.pk: 0 for unit in units}
    by_depth: dict[int, dict[str, int]] = {}
    for unit in units:
        by_depth.setdefault(unit.depth, {})[unit.path] = unit.pk
    for depth, ids_by_path in by_depth.items():
        length = depth * OrgUnit.steplen
        condition = Q()
        for path in ids_by_path:
            condition |= Q(org_unit__path__startswith=path)
        rows = (
            Person.objects.filter(condition, is_active=True)
            .annotate(prefix=Substr("org_unit__path", 1, length))
            .values("prefix")
            .annotate(total=Count("pk"))
            .values_list("prefix", "total")
        )
        for prefix, total in rows:
            if prefix in ids_by_path:
                counts[ids_by_path[prefix]] = total
    return counts


def coach_directory(
    *,
    query: str = "",
    practice_area_id: int | None = None,
    language_id: int | None = None,
    modality_id: int | None = None,
    coach_type: str = "",
    expertise_level: str = "",
    agency: OrgUnit | None = None,
    accepting_learners: bool | None = None,
) -> QuerySet[CoachProfile]:
    """Coach profiles of active staff matching the filters, with card data prefetched.

    `agency` matches a coach whose own unit or whose office lies in its subtree.
    """
    coaches = CoachProfile.objects.filter(person__is_active=True)
    if query:
        coaches = coaches.filter(
            _text_search(query=query, fields=("person__first_name", "person__last_name"))
        )
    # One value per many-to-many filter, so these joins cannot repeat a profile.
    if practice_area_id is not None:
        coaches = coaches.filter(practice_areas=practice_area_id)
    if language_id is not None:
        coaches = coaches.filter(languages=language_id)
    if modality_id is not None:
        coaches = coaches.filter(modalities=modality_id)
    if coach_type:
        coaches = coaches.filter(coach_type=coach_type)
    if expertise_level:
        coaches = coaches.filter(expertise_level=expertise_level)
    if agency is not None:
        coaches = coaches.filter(
            Q(person__org_unit__path__startswith=agency.path)
            | Q(office__path__startswith=agency.path)
        )
    if accepting_learners is not None:
        coaches = coaches.filter(accepting_learners=accepting_learners)
    return (
        coaches.select_related("person", "person__org_unit", "office")
        .prefetch_related("practice_areas", "languages", "modalities")
        .order_by("person__last_name", "person__first_name", "pk")
    )


@dataclass(frozen=True)
class CompetencyGroup:
    strategy: str
    competencies: list[Competency]


def competencies_by_strategy(*, profile: CoachProfile) -> list[CompetencyGroup]:
    """The coach's competencies grouped by strategy, strategies in toolkit order. One query."""
    groups: dict[str, list[Competency]] = {}
    for competency in profile.competencies.order_by("order", "pk"):
        groups.setdefault(competency.strategy, []).append(competency)
    return [CompetencyGroup(strategy, items) for strategy, items in groups.items()]
