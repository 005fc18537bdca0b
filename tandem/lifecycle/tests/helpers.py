"""Closing records and development plans for tests, with markers that show any leak."""

from __future__ import annotations

from datetime import date

from tandem.agreements.demo import agreement_in_force_create
from tandem.coaching.models import Engagement
from tandem.lifecycle.models import ClosingRecord, DevelopmentPlan, DevelopmentPlanVersion
from tandem.people.models import Person
from tandem.privacy.categories import Category, Party


def closed_engagement(learner: Person, coach: Person, label: str, *, shared: bool) -> Engagement:
    """A closed engagement whose closing conversation carries CLOSING-<label>; its agreement
    shares closing summaries with the supervisor when `shared`."""
    engagement = Engagement.objects.create(
        learner=learner,
        coach=coach,
        status=Engagement.Status.CLOSED,
        started_on=date(2026, 5, 1),
        ended_on=date(2026, 11, 2),
    )
    shares = {Party.SUPERVISOR: [Category.CLOSING_SUMMARY]} if shared else {}
    agreement_in_force_create(engagement=engagement, shares=shares)
    ClosingRecord.objects.create(
        engagement=engagement,
        author=coach,
        went_well=f"CLOSING-{label} the check-in routine stuck",
        was_hard="finding time",
        coach_contribution="steady feedback",
        learner_contribution="practised every week",
        goals_met=ClosingRecord.GoalsMet.MET,
    )
    return engagement


def make_plan(learner: Person, label: str) -> DevelopmentPlan:
    plan = DevelopmentPlan.objects.create(learner=learner, started_by=learner)
    DevelopmentPlanVersion.objects.create(
        plan=plan,
        number=1,
        items=[
            {
                "area": f"PLAN-{label} area",
                "actions": "lead a case staffing",
                "supports": "",
                "timeline": "",
            }
        ],
        supervisor_support=f"PLAN-{label} twenty minutes in each supervision",
        edited_by=learner,
    )
    return plan
