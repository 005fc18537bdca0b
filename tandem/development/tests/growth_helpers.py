"""Shared set-up for the growth tests: the coach, their coach supervisor, ratings and plans
built on the privacy world (tandem/privacy/tests/world.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from tandem.development.models import (
    CoachDevelopmentPlan,
    CoachSupervisorAssignment,
    CompetencyRating,
    DevelopmentGoal,
)
from tandem.goals.models import ANCHOR_FIELDS
from tandem.people.models import CoachProfile, Competency, Person, Role
from tandem.people.tests.factories import CoachProfileFactory, person_with_account


def coach_pair(world: Any) -> tuple[Person, Person]:
    """The world's coach, with a coach profile, supervised by its coach supervisor."""
    coach, supervisor = world.people["coach"], world.people["coach_supervisor"]
    if not CoachProfile.objects.filter(person=coach).exists():
        CoachProfileFactory(person=coach, expertise_level=CoachProfile.Expertise.NOVICE)
    CoachSupervisorAssignment.objects.get_or_create(
        coach=coach,
        ended_on=None,
        defaults={"supervisor": supervisor, "started_on": timezone.localdate() - timedelta(60)},
    )
    return coach, supervisor


def replace_supervisor(world: Any, coach: Person) -> Person:
    """End the current coach supervision and give the coach a new coach supervisor."""
    today = timezone.localdate()
    CoachSupervisorAssignment.objects.filter(coach=coach, ended_on__isnull=True).update(
        ended_on=today
    )
    new = person_with_account(
        roles=(Role.COACH_SUPERVISOR,), org_unit=world.tree["north_office"], last_name="Newsup"
    )
    CoachSupervisorAssignment.objects.create(coach=coach, supervisor=new, started_on=today)
    return new


def all_levels(value: int | None) -> dict[str, int | None]:
    return {code: value for code in Competency.objects.values_list("code", flat=True)}


def rating(
    coach: Person,
    rater: Person,
    *,
    comments: str,
    days_ago: int = 10,
    level: int | None = 2,
    submitted: bool = True,
) -> CompetencyRating:
    return CompetencyRating.objects.create(
        coach=coach,
        rater=rater,
        rater_kind="self" if rater.pk == coach.pk else "supervisor",
        status="submitted" if submitted else "draft",
        rated_on=timezone.localdate() - timedelta(days=days_ago),
        submitted_at=timezone.now() if submitted else None,
        levels=all_levels(level),
        comments=comments,
    )


def plan_with_goal(coach: Person, supervisor: Person, behavior: str) -> DevelopmentGoal:
    plan = CoachDevelopmentPlan.objects.create(
        coach=coach, supervisor=supervisor, focus="Listening longer", starts_on=timezone.localdate()
    )
    return DevelopmentGoal.objects.create(
        plan=plan,
        created_by=coach,
        behavior=behavior,
        **{name: f"Anchor {name}" for name in ANCHOR_FIELDS.values()},
    )


def rating_form_data(value: str, *, version: int, comments: str = "", **extra: str) -> dict:
    """A full competency rating as the form posts it."""
    data = {f"level_{code}": value for code in Competency.objects.values_list("code", flat=True)}
    return data | {"base_version": str(version), "comments": comments} | extra
