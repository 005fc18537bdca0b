"""Writes for the staff import: apply a checked file in one transaction, and run an upload.

Everything is read up front and written with bulk operations in batches, so the number of
queries grows with the number of batches and new top-level units, not with the rows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from tandem.people.models import OrgUnit, Person, Role, RoleAssignment
from tandem.staff_import.models import StaffImport
from tandem.staff_import.parsing import ParsedFile, Progress, RowProblem, StaffRow, parse_staff_csv
from tandem.staff_import.selectors import existing_staff
from tandem.staff_import.validation import validate_staff_file

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
# Problems kept on an import record; the count is kept in full.
MAX_STORED_PROBLEMS = 2000
LEVEL_KINDS = (OrgUnit.Kind.AGENCY, OrgUnit.Kind.OFFICE, OrgUnit.Kind.UNIT)
Step = Callable[[str], None]
UnitKey = tuple[str, ...]


@dataclass
class ImportSummary:
    units_created: int = 0
    people_created: int = 0
    people_updated: int = 0
    people_unchanged: int = 0
    supervisor_links_changed: int = 0
    roles_added: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


class StaffImportInvalid(Exception):
    """The file has problems; nothing was changed."""

    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the file")
        self.problems = problems


def _unit_key_part(name: str) -> str:
    return " ".join(name.split()).casefold()


def _key(path: tuple[str, ...]) -> UnitKey:
    return tuple(_unit_key_part(name) for name in path)


def _index_units(root: OrgUnit) -> dict[UnitKey, OrgUnit]:
    """Every unit under the root keyed by its names from the agency down. One query."""
    key_of_path: dict[str, UnitKey] = {root.path: ()}
    index: dict[UnitKey, OrgUnit] = {(): root}
    units = OrgUnit.objects.filter(path__startswith=root.path, depth__gt=1, depth__lte=4)
    for unit in units.order_by("depth", "path"):
        parent_key = key_of_path.get(unit.path[: -OrgUnit.steplen])
        if parent_key is None:
            continue
        key = (*parent_key, _unit_key_part(unit.name))
        key_of_path[unit.path] = key
        index.setdefault(key, unit)  # two siblings with one name: the first wins
    return index


def _ensure_units(
    *, paths: list[tuple[str, ...]], state_name: str
) -> tuple[dict[UnitKey, OrgUnit], int]:
    """The units named in the file, creating the missing ones (and the state, in an empty tree)."""
    created = 0
    root = OrgUnit.objects.get_root_nodes().first()
    if root is None:
        fields = {"name": " ".join(state_name.split()), "kind": OrgUnit.Kind.STATE}
        root = OrgUnit.objects.add_root(create_kwargs=fields)
        created += 1
    index = _index_units(root)
    display: dict[UnitKey, str] = {}
    for path in paths:
        for depth in range(1, len(path) + 1):
            display.setdefault(_key(path[:depth]), " ".join(path[depth - 1].split()))
    missing = sorted((key for key in display if key not in index), key=len)
    if not missing:
        return index, created
    # New subtrees, grouped under the existing unit they hang from, each loaded in bulk.
    nodes: dict[UnitKey, dict[str, Any]] = {}
    under_existing: dict[UnitKey, list[dict[str, Any]]] = {}
    for key in missing:
        node = {"data": {"name": display[key], "kind": LEVEL_KINDS[len(key) - 1]}, "children": []}
        nodes[key] = node
        parent = key[:-1]
        if parent in index:
            under_existing.setdefault(parent, []).append(node)
        else:
            nodes[parent]["children"].append(node)
    for parent_key, subtrees in under_existing.items():
        OrgUnit.objects.load_bulk(
            subtrees, parent=index[parent_key], bulk_create=True, batch_size=BATCH_SIZE
        )
    return _index_units(OrgUnit.objects.get(pk=root.pk)), created + len(missing)


def _written_fields(columns: tuple[str, ...]) -> list[str]:
    """Person fields the file speaks for. An absent optional column leaves its field alone."""
    fields = ["first_name", "last_name", "org_unit"]
    fields += [name for name in ("employee_id", "job_title", "hire_date") if name in columns]
    if "separation_date" in columns:
        fields.append("separation_date")
    if "separation_reason" in columns:
        fields.append("separation_reason")
    if "active" in columns or "separation_date" in columns:
        fields.append("is_active")
    return fields


def _row_values(row: StaffRow, unit: OrgUnit) -> dict[str, Any]:
    return {
        "first_name": row.first_name,
        "last_name": row.last_name,
        "org_unit": unit,
        "employee_id": row.employee_id,
        "job_title": row.job_title,
        "hire_date": row.hire_date,
        "separation_date": row.separation_date,
        "separation_reason": row.separation_reason,
        "is_active": row.is_active,
    }


def _differs(person: Person, field: str, value: Any) -> bool:
    if field == "org_unit":
        return person.org_unit_id != value.pk
    return getattr(person, field) != value


def _create_people(
    *, new: dict[str, tuple[StaffRow, Person]], people: dict[str, Person], linked: bool
) -> int:
    """Insert new people supervisors first, so each one is inserted with its supervisor's id
    (no second pass of updates). One round of batched inserts per level of the hierarchy.
    Returns the number of supervisor links set."""
    links = 0
    pending = dict(new)
    while pending:
        ready = [
            (key, row, person)
            for key, (row, person) in pending.items()
            if not linked or row.supervisor_key is None or row.supervisor_key not in pending
        ]
        if not ready:  # only a loop could cause this, and validation rejects loops
            raise ValueError("Supervisor loop among new people")
        for key, row, person in ready:
            if linked and row.supervisor_key is not None:
                person.supervisor_id = people[row.supervisor_key].pk
                links += 1
            del pending[key]
        Person.objects.bulk_create([person for _, _, person in ready], batch_size=BATCH_SIZE)
        people.update((key, person) for key, _, person in ready)
    return links


def _sync_people(
    *, rows: list[StaffRow], columns: tuple[str, ...], units: dict[UnitKey, OrgUnit]
) -> tuple[dict[str, Person], ImportSummary]:
    summary = ImportSummary()
    fields = _written_fields(columns)
    linked = "supervisor_email" in columns
    people = {person.work_email.lower(): person for person in Person.objects.all()}
    new: dict[str, tuple[StaffRow, Person]] = {}
    changed: dict[str, Person] = {}
    for row in rows:
        values = _row_values(row, units[_key(row.org_path)])
        person = people.get(row.email_key)
        if person is None:
            new[row.email_key] = (row, Person(work_email=row.work_email, **values))
            continue
        updates = {f: values[f] for f in fields if _differs(person, f, values[f])}
        for field, value in updates.items():
            setattr(person, field, value)
        if updates:
            changed[row.email_key] = person
    summary.supervisor_links_changed = _create_people(new=new, people=people, linked=linked)

    # Existing people's supervisors, now that every supervisor has an id.
    if linked:
        for row in rows:
            if row.email_key in new:
                continue
            person = people[row.email_key]
            supervisor_id = people[row.supervisor_key].pk if row.supervisor_key else None
            if person.supervisor_id != supervisor_id:
                person.supervisor_id = supervisor_id
                summary.supervisor_links_changed += 1
                changed[row.email_key] = person
    Person.objects.bulk_update(
        list(changed.values()), [*fields, "supervisor"], batch_size=BATCH_SIZE
    )
    summary.people_created = len(new)
    summary.people_updated = len(changed)
    summary.people_unchanged = len(rows) - len(new) - len(changed)
    return people, summary


def _sync_roles(*, rows: list[StaffRow], people: dict[str, Person]) -> int:
    """Learner over their own unit for every active person in the file; supervisor over their
    own unit for anyone an active person in the file reports to. Adds, never removes."""
    by_id = {person.pk: person for person in people.values()}
    wanted: set[tuple[int, str, int]] = set()
    for row in rows:
        person = people[row.email_key]
        if not person.is_active:
            continue
        wanted.add((person.pk, Role.LEARNER, person.org_unit_id))
        supervisor = by_id.get(person.supervisor_id) if person.supervisor_id else None
        if supervisor is not None and supervisor.is_active:
            wanted.add((supervisor.pk, Role.SUPERVISOR, supervisor.org_unit_id))
    held = set(
        RoleAssignment.objects.filter(role__in=(Role.LEARNER, Role.SUPERVISOR)).values_list(
            "person_id", "role", "scope_id"
        )
    )
    missing = sorted(wanted - held)
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(person_id=p, role=r, scope_id=s) for p, r, s in missing],
        batch_size=BATCH_SIZE,
    )
    return len(missing)


def staff_import_apply(
    *, parsed: ParsedFile, state_name: str = "", step: Step | None = None
) -> ImportSummary:
    """Create and update units, people, supervisor links and HR roles from a checked file.

    All or nothing: one transaction. The caller must have validated `parsed` first.
    """
    report = step or (lambda _message: None)
    with transaction.atomic():
        report("saving org units")
        units, units_created = _ensure_units(
            paths=[row.org_path for row in parsed.rows], state_name=state_name
        )
        report("saving people and supervisor links")
        people, summary = _sync_people(rows=parsed.rows, columns=parsed.columns, units=units)
        report("saving learner and supervisor roles")
        summary.roles_added = _sync_roles(rows=parsed.rows, people=people)
        summary.units_created = units_created
    return summary


def staff_import_check(
    *,
    data: bytes,
    state_name: str = "",
    today: date | None = None,
    progress: Progress | None = None,
) -> tuple[ParsedFile, list[RowProblem]]:
    """Read and check a file against what Tandem holds. Writes nothing."""
    parsed = parse_staff_csv(data, today=today or timezone.localdate(), progress=progress)
    problems = validate_staff_file(parsed=parsed, existing=existing_staff(), state_name=state_name)
    return parsed, problems


def staff_import_file(
    *,
    data: bytes,
    state_name: str = "",
    progress: Progress | None = None,
    step: Step | None = None,
) -> ImportSummary:
    """Check, then apply. Raises StaffImportInvalid (having changed nothing) on any problem."""
    parsed, problems = staff_import_check(data=data, state_name=state_name, progress=progress)
    if problems:
        raise StaffImportInvalid(problems)
    return staff_import_apply(parsed=parsed, state_name=state_name, step=step)


def staff_import_create(
    *, uploaded_by: Person | None, file_name: str, content: bytes
) -> StaffImport:
    return StaffImport.objects.create(uploaded_by=uploaded_by, file_name=file_name, content=content)


def _record(staff_import: StaffImport, **fields: Any) -> None:
    """Save fields at once (outside the import transaction) so the status page sees them.
    Each save is also the worker's sign of life (`heartbeat_at`)."""
    fields.setdefault("heartbeat_at", timezone.now())
    for name, value in fields.items():
        setattr(staff_import, name, value)
    staff_import.save(update_fields=list(fields))


def staff_import_run(*, staff_import_id: int) -> StaffImport:
    """Check and apply an uploaded file, recording progress and the outcome on its record."""
    staff_import = StaffImport.objects.get(pk=staff_import_id)
    if staff_import.status != StaffImport.Status.QUEUED:
        return staff_import  # already run: a task delivered twice must not import twice
    _record(staff_import, status=StaffImport.Status.VALIDATING, started_at=timezone.now())

    def progress(done: int, total: int) -> None:
        _record(staff_import, processed_rows=done, total_rows=total)

    try:
        parsed, problems = staff_import_check(data=bytes(staff_import.content), progress=progress)
        if problems:
            _record(
                staff_import,
                status=StaffImport.Status.INVALID,
                problems=[p.as_dict() for p in problems[:MAX_STORED_PROBLEMS]],
                problem_count=len(problems),
                processed_rows=parsed.total_rows,
                total_rows=parsed.total_rows,
                finished_at=timezone.now(),
            )
            return staff_import
        _record(staff_import, status=StaffImport.Status.IMPORTING)
        summary = staff_import_apply(parsed=parsed)
    except Exception as error:
        # The transaction has rolled back; say so on the page instead of staying "in progress".
        logger.exception("Staff import %s failed", staff_import.pk)
        _record(
            staff_import,
            status=StaffImport.Status.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
        return staff_import
    _record(
        staff_import,
        status=StaffImport.Status.DONE,
        summary=summary.as_dict(),
        finished_at=timezone.now(),
    )
    return staff_import
