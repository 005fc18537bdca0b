from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import settings

from tandem.enrollment.matching.tests.helpers import coach, request_in_matching
from tandem.enrollment.models import CoachingRequest
from tandem.people.models import OrgUnit, Person, Role
from tandem.people.tests.factories import PersonFactory, make_tree, person_with_account

# No example database on disk (.hypothesis/): failures print the example to reproduce instead.
settings.register_profile("tandem", database=None)
settings.load_profile("tandem")


@dataclass
class Scene:
    tree: dict[str, OrgUnit]
    director: Person  # above the supervisor
    supervisor: Person  # the learner's line supervisor, also a coach
    learner: Person
    lead: Person  # program lead over North County
    coaches: list[Person]  # three ordinary coaches in North
    request: CoachingRequest


@pytest.fixture
def scene(db) -> Scene:
    tree = make_tree()
    director = coach(tree["north_office"], capacity=3)
    supervisor = coach(tree["intake"], capacity=3)
    supervisor.supervisor = director
    supervisor.save()
    learner = person_with_account(
        roles=(Role.LEARNER,), org_unit=tree["intake"], supervisor=supervisor, last_name="Lerner"
    )
    lead = person_with_account(roles=(Role.PROGRAM_LEAD,), org_unit=tree["north_office"])
    coaches = [coach(tree["ongoing"]) for _ in range(3)]
    PersonFactory(org_unit=tree["intake"], supervisor=learner)  # the learner supervises someone
    return Scene(
        tree=tree,
        director=director,
        supervisor=supervisor,
        learner=learner,
        lead=lead,
        coaches=coaches,
        request=request_in_matching(learner),
    )
