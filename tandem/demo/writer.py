"""Loads an OrgPlan into the database with bulk inserts, and creates its sign-in accounts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.db import transaction
from django.db.models import Model

from tandem.accounts.models import User
from tandem.demo.plan import OrgPlan, UnitPlan
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

BATCH_SIZE = 2_000


class DemoAccountsRefused(RuntimeError):
    """Raised instead of creating accounts with a published password on a production system."""


@dataclass
class Written:
    unit_ids: list[int]  # by plan unit index
    person_ids: list[int]  # by plan person index


@transaction.atomic
def plan_write(*, plan: OrgPlan) -> Written:
    """Insert the plan's units, people, roles and coach profiles. One transaction."""
    unit_ids = _write_units(plan.units)
    person_ids = _write_people(plan, unit_ids)
    _bulk(
        RoleAssignment(person_id=person_ids[p.index], role=role, scope_id=unit_ids[scope])
        for p in plan.people
        for role, scope in p.roles
    )
    _write_coaches(plan, unit_ids, person_ids)
    return Written(unit_ids=unit_ids, person_ids=person_ids)


def _bulk(objects: Iterable[Model]) -> list[Any]:
    items = list(objects)
    if not items:
        return []
    return type(items[0])._default_manager.bulk_create(items, batch_size=BATCH_SIZE)


def _write_units(units: list[UnitPlan]) -> list[int]:
    """The whole tree through treebeard's bulk loader; returns database ids by plan index."""

    def node(unit: UnitPlan) -> dict[str, Any]:
        data = {"name": unit.name, "kind": unit.kind, "code": unit.code}
        return {"data": data, "children": [node(units[c]) for c in unit.children]}

    def preorder(index: int) -> list[int]:
        order = [index]
        for child in units[index].children:
            order += preorder(child)
        return order

    # load_bulk returns the root's id, then its descendants' in depth-first order.
    ids = OrgUnit.objects.load_bulk([node(units[0])], bulk_create=True, batch_size=BATCH_SIZE)
    unit_ids = [0] * len(units)
    for index, pk in zip(preorder(0), ids, strict=True):
        unit_ids[index] = pk
    return unit_ids


def _write_people(plan: OrgPlan, unit_ids: list[int]) -> list[int]:
    """People level by level, so each supervisor has an id before their reports are inserted."""
    person_ids = [0] * len(plan.people)
    for level in sorted({p.level for p in plan.people}):
        batch = [p for p in plan.people if p.level == level]
        created = _bulk(
            Person(
                first_name=p.first_name,
                last_name=p.last_name,
                work_email=p.work_email,
                employee_id=p.employee_id,
                job_title=p.job_title,
                org_unit_id=unit_ids[p.unit],
                supervisor_id=None if p.supervisor is None else person_ids[p.supervisor],
                hire_date=p.hire_date,
                separation_date=p.separation_date,
                separation_reason=p.separation_reason,
                is_active=p.is_active,
            )
            for p in batch
        )
        for p, obj in zip(batch, created, strict=True):
            person_ids[p.index] = obj.pk
    return person_ids


_Named = TypeVar("_Named", PracticeArea, Language)


def _by_name(model: type[_Named], names: Iterable[str]) -> dict[str, int]:
    """Ids of the named rows, creating the missing ones."""
    wanted = sorted(set(names))
    existing = dict(model._default_manager.filter(name__in=wanted).values_list("name", "id"))
    model._default_manager.bulk_create([model(name=n) for n in wanted if n not in existing])
    return dict(model._default_manager.filter(name__in=wanted).values_list("name", "id"))


def _write_coaches(plan: OrgPlan, unit_ids: list[int], person_ids: list[int]) -> None:
    coaches = [(p, p.coach) for p in plan.people if p.coach is not None]
    if not coaches:
        return
    areas = _by_name(PracticeArea, (a for _p, c in coaches for a in c.practice_areas))
    languages = _by_name(Language, (lang for _p, c in coaches for lang in c.languages))
    modalities = dict(Modality.objects.values_list("code", "id"))
    competencies = dict(Competency.objects.values_list("code", "id"))
    profiles = _bulk(
        CoachProfile(
            person_id=person_ids[p.index],
            coach_type=c.coach_type,
            capacity=c.capacity,
            expertise_level=c.expertise_level,
            office_id=None if c.office is None else unit_ids[c.office],
            trained_models=c.trained_models,
            bio=c.bio,
            accepting_learners=c.accepting_learners,
            external_organization=c.external_organization,
            contract_start=c.contract_start,
            contract_end=c.contract_end,
        )
        for p, c in coaches
    )
    links = (
        ("practice_areas", "practicearea_id", areas, "practice_areas"),
        ("languages", "language_id", languages, "languages"),
        ("modalities", "modality_id", modalities, "modalities"),
        ("competencies", "competency_id", competencies, "competencies"),
    )
    for field, column, ids, attribute in links:
        through = getattr(CoachProfile, field).through
        _bulk(
            through(coachprofile_id=profile.pk, **{column: ids[value]})
            for (_p, c), profile in zip(coaches, profiles, strict=True)
            for value in getattr(c, attribute)
        )


def accounts_create(*, plan: OrgPlan, written: Written, password: str) -> list[User]:
    """One sign-in account per role, at <role>@<plan.account_domain>, sharing `password`."""
    if settings.PRODUCTION:
        raise DemoAccountsRefused(
            "Refusing to create demo accounts: TANDEM_PRODUCTION is on and the demo password "
            "is published."
        )
    users = []
    for local, index in plan.accounts.items():
        user = User.objects.create_user(
            f"{local}@{plan.account_domain}",
            password,
            is_staff=local == "administrator",
        )
        Person.objects.filter(pk=written.person_ids[index]).update(user=user)
        users.append(user)
    return users
