"""The plan of an organization in plain Python: units, people, roles and coach profiles.

Everything refers to everything else by list index, so a plan is cheap to build, easy to
check in tests, and loads into the database in a handful of bulk inserts.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta

from faker import Faker

from tandem.people.models import Person, Role

# Dates are computed from this fixed day, not from today, so a seed always gives the same data.
REFERENCE_DATE = date(2026, 1, 15)

# Why leavers left, taken in turn (most child welfare turnover is resignation). Taken in turn,
# not drawn, so adding reasons left every other generated value as it was.
SEPARATION_REASONS = (
    Person.SeparationReason.RESIGNED,
    Person.SeparationReason.RESIGNED,
    Person.SeparationReason.TRANSFERRED_OUT,
    Person.SeparationReason.RESIGNED,
    Person.SeparationReason.RETIRED,
    Person.SeparationReason.RESIGNED,
    Person.SeparationReason.DISMISSED,
    Person.SeparationReason.OTHER,
)

# Names are drawn from pools built once with Faker: one Faker call per person would cost
# several seconds at state scale. Roughly one name in five comes from the Spanish locale.
_POOL_SIZE = 1_500
_SPANISH_SHARE = 0.2


@dataclass
class UnitPlan:
    index: int
    name: str
    kind: str
    code: str
    parent: int | None
    children: list[int] = field(default_factory=list)


@dataclass
class CoachPlan:
    coach_type: str
    capacity: int
    expertise_level: str
    office: int | None
    practice_areas: list[str]
    languages: list[str]
    modalities: list[str]
    competencies: list[str]
    trained_models: str = ""
    bio: str = ""
    accepting_learners: bool = True
    external_organization: str = ""
    contract_start: date | None = None
    contract_end: date | None = None


@dataclass
class PersonPlan:
    index: int
    first_name: str
    last_name: str
    work_email: str
    employee_id: str
    job_title: str
    unit: int
    supervisor: int | None
    # Distance from the top of the line hierarchy; supervisors are inserted before reports.
    level: int
    hire_date: date | None
    separation_date: date | None = None
    separation_reason: str = ""
    roles: list[tuple[str, int]] = field(default_factory=list)  # (role, scope unit index)
    coach: CoachPlan | None = None

    @property
    def is_active(self) -> bool:
        return self.separation_date is None


@dataclass
class OrgPlan:
    """Units (index 0 is the root) and people, and the people who get sign-in accounts."""

    units: list[UnitPlan]
    people: list[PersonPlan]
    agencies: list[int]  # unit indexes
    accounts: dict[str, int]  # email local part -> person index
    account_domain: str


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


class Builder:
    """Accumulates units and people; all randomness comes from one seeded generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.units: list[UnitPlan] = []
        self.people: list[PersonPlan] = []
        self._emails: set[str] = set()
        self._employee_numbers: dict[str, int] = {}
        self._leavers = 0
        self.first_names, self.last_names = _name_pools(seed)

    def unit(self, name: str, kind: str, parent: int | None, *, code: str = "") -> int:
        index = len(self.units)
        self.units.append(UnitPlan(index, name, kind, code, parent))
        if parent is not None:
            self.units[parent].children.append(index)
        return index

    def office_of(self, unit: int) -> int | None:
        """The office the unit belongs to (or the unit itself when it is an office)."""
        current: int | None = unit
        while current is not None and self.units[current].kind != "office":
            current = self.units[current].parent
        return current

    def person(
        self,
        title: str,
        unit: int,
        supervisor: int | None,
        domain: str,
        *,
        senior: bool = False,
        separated: bool = False,
        employee: bool = True,
    ) -> int:
        rng = self.rng
        first, last = rng.choice(self.first_names), rng.choice(self.last_names)
        years = rng.uniform(8, 30) if senior else min(rng.expovariate(1 / 6), 35)
        hire = REFERENCE_DATE - timedelta(days=int(years * 365) + 14)
        separation, reason = None, ""
        if separated:
            lasted = (REFERENCE_DATE - hire).days
            separation = REFERENCE_DATE - timedelta(days=rng.randint(7, min(700, lasted - 1)))
            reason = SEPARATION_REASONS[self._leavers % len(SEPARATION_REASONS)]
            self._leavers += 1
        prefix = self.units[unit].code.split("-")[0] or "X"
        number = self._employee_numbers.get(prefix, 0) + 1
        self._employee_numbers[prefix] = number
        index = len(self.people)
        self.people.append(
            PersonPlan(
                index=index,
                first_name=first,
                last_name=last,
                work_email=self._email(first, last, domain),
                employee_id=f"{prefix}{number:06d}" if employee else "",
                job_title=title,
                unit=unit,
                supervisor=supervisor,
                level=0 if supervisor is None else self.people[supervisor].level + 1,
                hire_date=hire,
                separation_date=separation,
                separation_reason=reason,
            )
        )
        return index

    def _email(self, first: str, last: str, domain: str) -> str:
        base = f"{_ascii(first)}.{_ascii(last)}"
        email, n = f"{base}@{domain}", 1
        while email in self._emails:
            n += 1
            email = f"{base}{n}@{domain}"
        self._emails.add(email)
        return email

    def assign_learner_and_supervisor_roles(self) -> None:
        """Every active person is a learner in their unit; anyone with active reports supervises.

        A supervisor's scope is the smallest subtree holding their own unit and their reports'.
        """
        reports: dict[int, list[int]] = {}
        for person in self.people:
            if person.is_active and person.supervisor is not None:
                reports.setdefault(person.supervisor, []).append(person.unit)
        for person in self.people:
            if not person.is_active:
                continue
            person.roles.insert(0, (Role.LEARNER, person.unit))
            if person.index in reports:
                scope = self._common_ancestor([person.unit, *reports[person.index]])
                person.roles.append((Role.SUPERVISOR, scope))

    def _ancestry(self, unit: int) -> list[int]:
        chain: list[int] = []
        current: int | None = unit
        while current is not None:
            chain.append(current)
            current = self.units[current].parent
        return chain[::-1]

    def _common_ancestor(self, units: list[int]) -> int:
        chains = [self._ancestry(u) for u in dict.fromkeys(units)]
        common = chains[0][0]
        for depth in range(min(len(c) for c in chains)):
            if len({c[depth] for c in chains}) != 1:
                break
            common = chains[0][depth]
        return common


def _name_pools(seed: int) -> tuple[list[str], list[str]]:
    english, spanish = Faker("en_US"), Faker("es_MX")
    english.seed_instance(seed)
    spanish.seed_instance(seed)
    firsts: list[str] = []
    lasts: list[str] = []
    chooser = random.Random(seed)
    for _ in range(_POOL_SIZE):
        fake = spanish if chooser.random() < _SPANISH_SHARE else english
        firsts.append(fake.first_name())
        lasts.append(fake.last_name())
    # dict.fromkeys keeps order (a set would not: string hashing varies between runs).
    return list(dict.fromkeys(firsts)), list(dict.fromkeys(lasts))


def proportional(total: int, weights: list[float] | list[int], *, minimum: int) -> list[int]:
    """Whole numbers proportional to `weights`, each at least `minimum`, summing to `total`."""
    parts = len(weights)
    if total < minimum * parts:
        raise ValueError(f"{total} is too few to give {parts} parts at least {minimum} each.")
    spare = total - minimum * parts
    scale = sum(weights)
    raw = [spare * w / scale for w in weights]
    sizes = [minimum + int(r) for r in raw]
    by_remainder = sorted(range(parts), key=lambda i: (-(raw[i] - int(raw[i])), i))
    for i in by_remainder[: total - sum(sizes)]:
        sizes[i] += 1
    return sizes
