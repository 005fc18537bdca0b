"""One agreement in force per engagement: the database keeps it, whoever writes (issue #15,
docs/RELIABILITY.md). An engagement has at most one agreement (a one-to-one column, so a
unique index) and an agreement names at most one version in force (a single column)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from tandem.agreements.demo import agreement_in_force_create
from tandem.agreements.models import Agreement
from tandem.coaching.models import Engagement
from tandem.people.tests.factories import PersonFactory


def test_database_refuses_a_second_agreement_for_an_engagement(tree):
    engagement = Engagement.objects.create(
        learner=PersonFactory(org_unit=tree["intake"]), coach=PersonFactory(org_unit=tree["intake"])
    )
    first = agreement_in_force_create(engagement=engagement, shares={})
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.create(
            engagement=engagement,
            template=first.template,
            kind=first.kind,
            created_by=engagement.coach,
            status=Agreement.Status.IN_FORCE,
        )
    assert list(Agreement.objects.filter(engagement=engagement)) == [first]
