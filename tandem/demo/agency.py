"""One county agency: its offices and units, its line hierarchy, its coaches and role holders.

Line hierarchy: director → deputy directors → program managers (and administration, training)
→ casework supervisors → caseworkers. The coach supervisor is a clinical consultant with no
reports, so they are never the line manager of a coach they supervise (APECS).
"""

from __future__ import annotations

import math
import re

from tandem.demo import vocab
from tandem.demo.coaches import coach_profile
from tandem.demo.plan import Builder, proportional
from tandem.people.models import CoachProfile, OrgUnit, Role

# A little over 5% of the records are staff who have left: the directory must handle them.
SEPARATED_SHARE = 0.06
CASEWORKERS_PER_SUPERVISOR = 6
# Agencies smaller than this split the four program areas across their offices and have
# one program manager for every two areas.
SMALL_AGENCY = 100


def offices_for(staff: int) -> int:
    return max(1, min(len(vocab.OFFICE_NAMES), round(staff / 250)))


class AgencyPlanner:
    """Plans one agency into a Builder. Call `build()` once."""

    def __init__(
        self,
        builder: Builder,
        parent: int,
        county: str,
        staff: int,
        coaches: int,
        *,
        offices: int | None = None,
    ) -> None:
        self.b = builder
        self.parent = parent
        self.county = county
        self.staff = staff
        self.coaches = coaches
        self.n_offices = offices or offices_for(staff)
        slug = re.sub(r"[^a-z]", "", county.lower())
        self.domain = f"{slug}county.example.org"
        self.code = slug[:4].upper()
        self.roster: dict[str, list[int]] = {}

    def _hire(self, key: str, title: str, unit: int, supervisor: int | None, **kw: bool) -> int:
        index = self.b.person(title, unit, supervisor, self.domain, **kw)
        self.roster.setdefault(key, []).append(index)
        return index

    def _grant(self, person: int, role: str) -> None:
        self.b.people[person].roles.append((role, self.agency))

    def build(self) -> None:
        b, rng = self.b, self.b.rng
        start = len(b.people)
        self.agency = b.unit(
            f"{self.county} County Human Services", OrgUnit.Kind.AGENCY, self.parent, code=self.code
        )
        offices = [
            b.unit(name, OrgUnit.Kind.OFFICE, self.agency, code=f"{self.code}-{i + 1:02d}")
            for i, name in enumerate(vocab.OFFICE_NAMES[: self.n_offices])
        ]
        admin = b.unit(vocab.ADMINISTRATION, OrgUnit.Kind.UNIT, offices[0], code=f"{self.code}-AD")
        training = b.unit(vocab.TRAINING, OrgUnit.Kind.UNIT, offices[0], code=f"{self.code}-TR")
        program_units = self._program_units(offices)

        director = self._hire("director", vocab.DIRECTOR, admin, None, senior=True)
        self._grant(director, Role.LEADERSHIP)
        deputies = [
            self._hire("deputy", vocab.DEPUTY, admin, director, senior=True)
            for _ in range(max(1, min(6, round(self.staff / 600))))
        ]
        for deputy in deputies:
            self._grant(deputy, Role.LEADERSHIP)
        first_deputy = deputies[0]
        for i in range(max(1, self.staff // 1500)):
            analyst = self._hire("analyst", vocab.DATA_ANALYST, admin, first_deputy)
            if i == 0:
                self._grant(analyst, Role.EVALUATOR)
        self._grant(
            self._hire("sysadmin", vocab.SYSTEMS_ADMIN, admin, first_deputy), Role.ADMINISTRATOR
        )
        consultant = self._hire(
            "consultant", vocab.CLINICAL_CONSULTANT, admin, first_deputy, senior=True
        )
        self._grant(consultant, Role.COACH_SUPERVISOR)

        lead = self._hire("lead", vocab.TPD_SUPERVISOR, training, first_deputy, senior=True)
        self._grant(lead, Role.PROGRAM_LEAD)
        for i in range(max(1, self.staff // 800)):
            specialist = self._hire("specialist", vocab.TRAINING_SPECIALIST, training, lead)
            if i == 0:
                self._grant(specialist, Role.OBSERVER)

        internal, external, supervisors_as_coaches, peers = self._coach_mix()
        for _ in range(internal):
            self._hire("internal", vocab.PRACTICE_COACH, training, lead)
        for _ in range(external):
            self._hire("external", vocab.CONTRACT_COACH, training, lead, employee=False)

        # Whatever is left of the head count is casework staff in the program units.
        separated = math.ceil(self.staff * SEPARATED_SHARE)
        managers = self._managers(program_units, deputies)
        casework = self.staff - (len(b.people) - start) - separated
        if casework < 2 * len(program_units):
            raise ValueError(f"{self.county}: {self.staff} staff is too few for its structure.")
        self._staff_units(program_units, managers, casework)
        for _ in range(separated):
            unit, _area = rng.choice(program_units)
            supervisor = rng.choice(self.unit_supervisors[unit])
            title = rng.choices(vocab.CASEWORKER_LEVELS, vocab.CASEWORKER_WEIGHTS)[0]
            self._hire("separated", title, unit, supervisor, separated=True)
        self._make_coaches(supervisors_as_coaches, peers)

    def _program_units(self, offices: list[int]) -> list[tuple[int, str]]:
        """(unit index, program area) for every program unit of the agency."""
        units = []
        for a, (area, _share) in enumerate(vocab.PROGRAM_AREAS):
            if self.staff < SMALL_AGENCY:
                hosts = [offices[a * len(offices) // len(vocab.PROGRAM_AREAS)]]
            else:
                hosts = offices
            for office in hosts:
                code = f"{self.b.units[office].code}-{a + 1}"
                units.append((self.b.unit(area, OrgUnit.Kind.UNIT, office, code=code), area))
        return units

    def _managers(
        self, program_units: list[tuple[int, str]], deputies: list[int]
    ) -> dict[int, int]:
        """Program manager of each program unit (one per two areas in a small agency)."""
        managers: dict[int, int] = {}
        if self.staff < SMALL_AGENCY:
            by_area = [unit for unit, _area in program_units]
            for pair in (by_area[:2], by_area[2:]):
                manager = self._hire("manager", vocab.PROGRAM_MANAGER, pair[0], deputies[0])
                for unit in pair:
                    managers[unit] = manager
            return managers
        for i, (unit, _area) in enumerate(program_units):
            deputy = deputies[i % len(deputies)]
            managers[unit] = self._hire("manager", vocab.PROGRAM_MANAGER, unit, deputy)
        return managers

    def _staff_units(
        self, program_units: list[tuple[int, str]], managers: dict[int, int], casework: int
    ) -> None:
        """Casework supervisors and caseworkers, spread over units by program area and office."""
        rng = self.b.rng
        shares = dict(vocab.PROGRAM_AREAS)
        # The main office is the busiest; later offices are smaller.
        weights = [
            shares[area] / (1 + 0.15 * self._office_rank(unit)) for unit, area in program_units
        ]
        sizes = proportional(casework, weights, minimum=2)
        self.unit_supervisors: dict[int, list[int]] = {}
        for (unit, _area), size in zip(program_units, sizes, strict=True):
            n_supervisors = max(1, round(size / (CASEWORKERS_PER_SUPERVISOR + 1)))
            supervisors = [
                self._hire("supervisor", vocab.CASEWORK_SUPERVISOR, unit, managers[unit])
                for _ in range(n_supervisors)
            ]
            self.unit_supervisors[unit] = supervisors
            for i in range(size - n_supervisors):
                title = rng.choices(vocab.CASEWORKER_LEVELS, vocab.CASEWORKER_WEIGHTS)[0]
                self._hire("caseworker", title, unit, supervisors[i % n_supervisors])

    def _office_rank(self, unit: int) -> int:
        office = self.b.office_of(unit)
        siblings = self.b.units[self.agency].children
        return siblings.index(office) if office in siblings else 0

    def _coach_mix(self) -> tuple[int, int, int, int]:
        """How many internal, external, supervisor-as-coach and peer coaches."""
        n = self.coaches
        internal = max(1, round(n * 0.4))
        external = min(n - internal, max(1 if n >= 4 else 0, round(n * 0.15)))
        supervisors = min(n - internal - external, round(n * 0.2))
        return internal, external, supervisors, n - internal - external - supervisors

    def _make_coaches(self, supervisors_as_coaches: int, peers: int) -> None:
        rng, people = self.b.rng, self.b.people
        # The people the demo accounts use stay out of the coach pool so each login shows
        # one clear role.
        account_supervisor = self.roster["supervisor"][0]
        candidates_sup = [s for s in self.roster["supervisor"] if s != account_supervisor]
        eligible = [
            c for c in self.roster["caseworker"] if people[c].supervisor != account_supervisor
        ]
        # Peer coaches are experienced caseworkers: Caseworker III first, then II.
        seniors = [c for c in eligible if people[c].job_title == vocab.CASEWORKER_LEVELS[2]]
        if len(seniors) < peers:
            level_two = [c for c in eligible if people[c].job_title == vocab.CASEWORKER_LEVELS[1]]
            seniors += rng.sample(level_two, min(peers - len(seniors), len(level_two)))
        # One supervisor runs supportive supervision with their own team (seed 002), taken
        # out of the agency's coach count (from the peers when there are two or more); the
        # other supervisors coach learners outside their chain of command.
        supportive = 1 if peers >= 2 or supervisors_as_coaches >= 2 else 0
        if peers >= 2:
            peers -= supportive
        else:
            supervisors_as_coaches -= supportive
        supervisors = rng.sample(
            candidates_sup, min(supervisors_as_coaches + supportive, len(candidates_sup))
        )

        chosen = {
            CoachProfile.CoachType.INTERNAL: self.roster.get("internal", []),
            CoachProfile.CoachType.EXTERNAL: self.roster.get("external", []),
            CoachProfile.CoachType.SUPPORTIVE_SUPERVISOR: supervisors[:supportive],
            CoachProfile.CoachType.SUPERVISOR_AS_COACH: supervisors[supportive:],
            CoachProfile.CoachType.PEER: rng.sample(seniors, min(peers, len(seniors))),
        }
        for coach_type, indexes in chosen.items():
            for index in indexes:
                person = people[index]
                office = self.b.office_of(person.unit)
                person.coach = coach_profile(rng, coach_type, office)
                if coach_type == CoachProfile.CoachType.EXTERNAL:
                    person.hire_date = person.coach.contract_start
                person.roles.append((Role.COACH, self.agency))

    def account_people(self) -> dict[str, int]:
        """Who signs in for each role: people with the heaviest realistic load in this agency."""
        people = self.b.people
        supervisor = self.roster["supervisor"][0]
        learner = next(
            c
            for c in self.roster["caseworker"]
            if people[c].supervisor == supervisor and people[c].coach is None
        )
        if len(self.roster["deputy"]) > 1:
            # At scale the supervisor account is the deputy with the largest span below them.
            supervisor = self.roster["deputy"][0]
        return {
            "learner": learner,
            "coach": self.roster["internal"][0],
            "supervisor": supervisor,
            "leadership": self.roster["director"][0],
            "program-lead": self.roster["lead"][0],
            "coach-supervisor": self.roster["consultant"][0],
            "observer": self.roster["specialist"][0],
            "evaluator": self.roster["analyst"][0],
            "administrator": self.roster["sysadmin"][0],
        }
