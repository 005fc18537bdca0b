"""One current version of a development plan: the newest number, and the database refuses two
versions with one number, whoever writes (issue #15, docs/RELIABILITY.md). `plan_revise` also
locks the plan's row, so two saves at once are numbered one after the other."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from tandem.lifecycle.models import DevelopmentPlan, DevelopmentPlanVersion
from tandem.people.tests.factories import PersonFactory


def test_database_refuses_two_versions_of_a_plan_with_one_number(tree):
    learner = PersonFactory(org_unit=tree["intake"])
    plan = DevelopmentPlan.objects.create(learner=learner, started_by=learner)
    fields = {"plan": plan, "supervisor_support": "Monthly shadowing.", "edited_by": learner}
    DevelopmentPlanVersion.objects.create(number=1, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        DevelopmentPlanVersion.objects.create(number=1, **fields)
    DevelopmentPlanVersion.objects.create(number=2, **fields)
    assert list(plan.versions.values_list("number", flat=True)) == [1, 2]
