"""Selectors behind the directory pages: head counts, agencies, competency groups."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.people.models import Competency
from tandem.people.selectors import agencies_of, competencies_by_strategy, head_counts, org_path
from tandem.people.tests.factories import CoachProfileFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_head_counts_count_active_staff_in_each_subtree(tree):
    PersonFactory(org_unit=tree["intake"])
    PersonFactory(org_unit=tree["north"])
    PersonFactory(org_unit=tree["permanency"], is_active=False)
    units = [tree["state"], tree["north"], tree["south"], tree["intake"], tree["ongoing"]]
    counts = head_counts(units=units)
    assert counts == {
        tree["state"].pk: 2,
        tree["north"].pk: 2,
        tree["south"].pk: 0,
        tree["intake"].pk: 1,
        tree["ongoing"].pk: 0,
    }


def test_head_counts_cost_one_query_per_depth(tree):
    with CaptureQueriesContext(connection) as ctx:
        head_counts(units=[tree["north"], tree["south"], tree["intake"]])
    assert len(ctx.captured_queries) == 2


def test_agencies_of_finds_the_agency_above_each_unit_in_one_query(tree):
    units = [tree["intake"], tree["permanency"], tree["north"], tree["state"]]
    with CaptureQueriesContext(connection) as ctx:
        agencies = agencies_of(units=units)
    assert len(ctx.captured_queries) == 1
    assert agencies == {
        tree["intake"].pk: tree["north"],
        tree["permanency"].pk: tree["south"],
        tree["north"].pk: tree["north"],
    }


def test_org_path_runs_from_the_root_to_the_unit(tree):
    assert org_path(unit=tree["ongoing"]) == [
        tree["state"],
        tree["north"],
        tree["north_office"],
        tree["ongoing"],
    ]


def test_competencies_by_strategy_keeps_toolkit_order(tree):
    profile = CoachProfileFactory(person__org_unit=tree["intake"])
    profile.competencies.set(Competency.objects.filter(code__in=["adult-trust", "goals-ending"]))
    groups = competencies_by_strategy(profile=profile)
    assert [(g.strategy, [c.code for c in g.competencies]) for g in groups] == [
        ("Setting goals", ["goals-ending"]),
        ("Adult learning in every interaction", ["adult-trust"]),
    ]
