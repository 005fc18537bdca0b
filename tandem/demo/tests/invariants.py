"""Checks every generated organization must pass, shared by the plan and database tests."""

from __future__ import annotations

from tandem.demo.plan import OrgPlan
from tandem.people.models import Role

AGENCY_ROLES = {
    Role.LEADERSHIP,
    Role.PROGRAM_LEAD,
    Role.COACH_SUPERVISOR,
    Role.OBSERVER,
    Role.EVALUATOR,
    Role.ADMINISTRATOR,
}


def agency_of(plan: OrgPlan, unit: int) -> int | None:
    current: int | None = unit
    while current is not None and plan.units[current].kind != "agency":
        current = plan.units[current].parent
    return current


def chain(plan: OrgPlan, index: int) -> list[int]:
    """Everyone above the person; fails on a cycle."""
    above: list[int] = []
    current = plan.people[index].supervisor
    while current is not None:
        assert current not in above, f"cycle through person {current}"
        above.append(current)
        current = plan.people[current].supervisor
    return above


def problems(plan: OrgPlan) -> list[str]:
    """Every broken rule, as readable sentences (an empty list when all is well)."""
    found: list[str] = []
    reports: dict[int, int] = {}
    for p in plan.people:
        if p.is_active and p.supervisor is not None:
            reports[p.supervisor] = reports.get(p.supervisor, 0) + 1
    roles_by_agency: dict[int | None, set[str]] = {}
    for p in plan.people:
        chain(plan, p.index)
        agency = agency_of(plan, p.unit)
        held = {role for role, _scope in p.roles}
        if p.supervisor is None and p.job_title not in {"Director", "Division Director"}:
            found.append(f"{p.index} ({p.job_title}) has no supervisor")
        if p.supervisor is not None and agency_of(plan, plan.people[p.supervisor].unit) != agency:
            found.append(f"{p.index}'s supervisor is in another agency")
        if p.is_active and (Role.LEARNER, p.unit) not in p.roles:
            found.append(f"{p.index} is active but not a learner in their unit")
        if not p.is_active and p.roles:
            found.append(f"{p.index} has left but still holds roles")
        if (Role.SUPERVISOR in held) != (p.index in reports):
            found.append(f"{p.index}: supervisor role does not match having reports")
        if (Role.COACH in held) != (p.coach is not None):
            found.append(f"{p.index}: coach role does not match having a coach profile")
        roles_by_agency.setdefault(agency, set()).update(held)
    for agency in plan.agencies:
        missing = AGENCY_ROLES - roles_by_agency.get(agency, set())
        if missing:
            found.append(f"agency {agency} has nobody holding {sorted(missing)}")
    found += _coach_supervision_problems(plan)
    return found


def _coach_supervision_problems(plan: OrgPlan) -> list[str]:
    found = []
    coach_supervisors = [
        p for p in plan.people if any(role == Role.COACH_SUPERVISOR for role, _ in p.roles)
    ]
    for p in plan.people:
        if p.coach is None:
            continue
        above = set(chain(plan, p.index))
        for cs in coach_supervisors:
            if agency_of(plan, cs.unit) == agency_of(plan, p.unit) and cs.index in above:
                found.append(f"coach {p.index} is line-managed by coach supervisor {cs.index}")
    return found
