"""Authorization matrix rules for the growth pages (merged by authz_rules.py): competency
ratings and development plans are the coach's and their current coach supervisor's (anyone else
is told they do not exist); program leads see facts only; expertise is set by the coach
supervisor or a program lead in scope."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from tandem.development.models import (
    CoachDevelopmentPlan,
    CoachSupervisorAssignment,
    CompetencyRating,
    DevelopmentGoal,
    ExpertiseChange,
)
from tandem.goals.models import ANCHOR_FIELDS
from tandem.people.models import Competency
from tandem.privacy.tests.authz import DENY, HIDDEN, OK, REDIRECT, REFUSED, Rule, only

SELF_COMMENT = "GROWTH-SELF-COMMENT-7Q"
SUPERVISOR_COMMENT = "GROWTH-SUP-COMMENT-4K"
DRAFT_COMMENT = "GROWTH-SUP-DRAFT-9Z"
GOAL_BEHAVIOR = "GROWTH-GOAL-BEHAVIOR-2M"


def _pair(outcome: str) -> dict[str, str]:
    """The coach and their current coach supervisor; everyone else: no such record."""
    return only({"coach": outcome, "coach_supervisor": outcome}, otherwise=HIDDEN)


def _facts(outcome: str, coach: str = OK) -> dict[str, str]:
    return only(
        {"coach": coach, "coach_supervisor": outcome, "program_lead": outcome}, otherwise=HIDDEN
    )


PLAN = ("growth_plan",)
GOAL = ("growth_plan", "growth_goal")

RULES: dict[str, list[Rule]] = {
    "development:growth_mine": [Rule(only({"coach": REDIRECT, "other_coach": REDIRECT}))],
    "development:growth_coaches": [Rule(only({"coach_supervisor": OK}))],
    "development:growth_facts_list": [Rule(only({"program_lead": OK}))],
    "development:growth_coach": [Rule(_pair(OK), args=("coach_pk",))],
    "development:growth_facts": [Rule(_facts(OK), args=("coach_pk",))],
    "development:competency_compare": [Rule(_pair(OK), args=("coach_pk",))],
    "development:competency_rate": [
        Rule(_pair(OK), args=("coach_pk",)),
        # Without the version it was opened at, a form saves nothing (400), for both sides.
        Rule(_pair(REFUSED), args=("coach_pk",), method="post", data={"comments": "x"}),
    ],
    "development:competency_autosave": [
        Rule(_pair(REFUSED), args=("coach_pk",), method="post", data={"comments": "x"})
    ],
    "development:expertise_change": [
        Rule(_facts(OK, coach=DENY), args=("coach_pk",)),
        Rule(
            _facts(REDIRECT, coach=DENY),
            args=("coach_pk",),
            method="post",
            data={"level": "competent", "since": "2026-01-05", "note": "Seen in practice"},
        ),
    ],
    "development:devplan_new": [
        Rule(_pair(OK), args=("coach_pk",)),
        Rule(
            _pair(REDIRECT),
            args=("coach_pk",),
            method="post",
            data={"focus": "Open questions", "starts_on": "2026-01-05"},
        ),
    ],
    "development:devplan_detail": [Rule(_pair(OK), args=PLAN)],
    "development:devplan_edit": [
        Rule(_pair(OK), args=PLAN),
        Rule(
            _pair(REDIRECT),
            args=PLAN,
            method="post",
            data={"focus": "Listening", "starts_on": "2026-01-05", "base_version": "1"},
        ),
    ],
    "development:devplan_agree": [
        Rule(_pair(REDIRECT), args=PLAN, method="post", data={"base_version": "1"})
    ],
    "development:devgoal_new": [
        Rule(_pair(OK), args=PLAN),
        Rule(
            _pair(REDIRECT),
            args=PLAN,
            method="post",
            data={"behavior": "Ask one scaling question", "reporting_frequency": "monthly"},
        ),
    ],
    "development:devgoal_check": [
        Rule(_pair(OK), args=PLAN, method="post", data={"behavior": "Listen"})
    ],
    "development:devgoal_edit": [Rule(_pair(OK), args=GOAL)],
    "development:devgoal_scale": [Rule(_pair(OK), args=GOAL)],
    "development:devgoal_rate": [
        Rule(
            _pair(REDIRECT),
            args=GOAL,
            method="post",
            data={"rated_on": "2026-01-05", "level": "-1", "note": ""},
        )
    ],
}


def _levels(value: int | None) -> dict[str, int | None]:
    return {code: value for code in Competency.objects.values_list("code", flat=True)}


def objects(world: Any) -> dict[str, int | str]:
    coach, supervisor = world.people["coach"], world.people["coach_supervisor"]
    today = timezone.localdate()
    if not CoachSupervisorAssignment.objects.filter(coach=coach, ended_on__isnull=True).exists():
        CoachSupervisorAssignment.objects.create(
            coach=coach, supervisor=supervisor, started_on=today - timedelta(days=60)
        )
    now = timezone.now()
    CompetencyRating.objects.create(
        coach=coach,
        rater=coach,
        rater_kind="self",
        status="submitted",
        rated_on=today - timedelta(days=20),
        submitted_at=now,
        levels=_levels(2),
        comments=SELF_COMMENT,
    )
    CompetencyRating.objects.create(
        coach=coach,
        rater=supervisor,
        rater_kind="supervisor",
        status="submitted",
        rated_on=today - timedelta(days=19),
        submitted_at=now,
        levels=_levels(3),
        comments=SUPERVISOR_COMMENT,
    )
    CompetencyRating.objects.create(
        coach=coach,
        rater=supervisor,
        rater_kind="supervisor",
        rated_on=today,
        levels=_levels(None),
        comments=DRAFT_COMMENT,
    )
    ExpertiseChange.objects.create(
        coach=coach, level="advanced_beginner", since=date(2026, 1, 5), decided_by=supervisor
    )
    plan = CoachDevelopmentPlan.objects.create(
        coach=coach, supervisor=supervisor, focus="Listening longer", starts_on=today
    )
    goal = DevelopmentGoal.objects.create(
        plan=plan,
        created_by=coach,
        behavior=GOAL_BEHAVIOR,
        **{name: f"Level {name}" for name in ANCHOR_FIELDS.values()},
    )
    return {"growth_plan": plan.pk, "growth_goal": goal.pk}


def needles(world: Any) -> dict[str, set[str]]:
    pair = {"coach", "coach_supervisor"}
    return {
        SELF_COMMENT: pair,
        SUPERVISOR_COMMENT: pair,
        GOAL_BEHAVIOR: pair,
        DRAFT_COMMENT: {"coach_supervisor"},  # a draft is its rater's alone
    }
