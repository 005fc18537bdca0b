import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.people.models import Role
from tandem.people.selectors import (
    all_reports_ids,
    chain_of_command,
    chain_of_command_ids,
    has_role,
    is_above,
    people_in_subtree,
    scope_units,
)
from tandem.people.tests.factories import PersonFactory, person_with_account

pytestmark = pytest.mark.django_db


def _ladder(tree, length):
    """A chain of `length` people, each supervising the next; returns top first."""
    people = [PersonFactory(org_unit=tree["intake"])]
    for _ in range(length - 1):
        people.append(PersonFactory(org_unit=tree["intake"], supervisor=people[-1]))
    return people


def test_chain_of_command_lists_everyone_above_nearest_first(tree):
    director, manager, supervisor, worker = _ladder(tree, 4)
    assert chain_of_command(person=worker) == [supervisor, manager, director]
    assert chain_of_command(person=director) == []


@pytest.mark.parametrize("depth", [2, 12])
def test_chain_of_command_costs_one_query_at_any_depth(tree, depth):
    people = _ladder(tree, depth)
    with CaptureQueriesContext(connection) as ctx:
        ids = chain_of_command_ids(person_id=people[-1].pk)
    assert len(ctx.captured_queries) == 1
    assert ids == [p.pk for p in reversed(people[:-1])]


def test_is_above_is_true_for_chain_and_false_for_peers_and_reports(tree):
    director, supervisor, worker = _ladder(tree, 3)
    peer = PersonFactory(org_unit=tree["intake"], supervisor=director)
    assert is_above(superior=director, person=worker) is True
    assert is_above(superior=supervisor, person=worker) is True
    assert is_above(superior=peer, person=worker) is False
    assert is_above(superior=worker, person=director) is False


def test_chain_of_command_survives_a_supervisor_cycle(tree):
    a, b = _ladder(tree, 2)
    a.supervisor = b
    a.save()
    assert chain_of_command_ids(person_id=b.pk) == [a.pk, b.pk]


def test_all_reports_includes_indirect_reports_only(tree):
    director, supervisor, worker = _ladder(tree, 3)
    outsider = PersonFactory(org_unit=tree["intake"])
    assert all_reports_ids(person_id=director.pk) == {supervisor.pk, worker.pk}
    assert outsider.pk not in all_reports_ids(person_id=director.pk)


def test_role_scope_covers_its_subtree_only(tree):
    lead = person_with_account(roles=(Role.PROGRAM_LEAD,), org_unit=tree["intake"])
    assert has_role(person=lead, role=Role.PROGRAM_LEAD, unit=tree["ongoing"]) is True
    assert has_role(person=lead, role=Role.PROGRAM_LEAD, unit=tree["permanency"]) is False
    assert has_role(person=lead, role=Role.COACH) is False
    covered = set(
        scope_units(person=lead, roles=[Role.PROGRAM_LEAD]).values_list("name", flat=True)
    )
    assert covered == {"North County", "North Main Office", "Intake", "Ongoing Services"}


def test_people_in_subtree_excludes_other_agencies(tree):
    north = PersonFactory(org_unit=tree["intake"])
    PersonFactory(org_unit=tree["permanency"])
    assert list(people_in_subtree(unit=tree["north"])) == [north]
