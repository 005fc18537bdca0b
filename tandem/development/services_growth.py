"""Writes for coach growth: competency ratings, expertise changes, development plans and their
goals. Each checks the rules of `tandem.privacy.development` itself (a view's check is not
enough) and is audited there. Records two people edit are saved only from the version the
editor opened (tandem/ui/locking.py)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F

from tandem.development.growth_scale import STEPS
from tandem.development.models import (
    CoachDevelopmentPlan,
    CompetencyRating,
    DevelopmentGoal,
    DevelopmentGoalRating,
    ExpertiseChange,
)
from tandem.goals.services import scale_apply, scale_rating_checked
from tandem.people.models import CoachProfile, Competency, Person
from tandem.privacy.development import (
    can_change_expertise,
    can_rate_competencies,
    coach_supervisor_of,
    development_party,
    development_write_audit,
)
from tandem.privacy.models import AccessEvent
from tandem.ui.locking import Conflict, version_bump, version_claim

RELATION = {"coach": "Coach", "supervisor": "Coach supervisor", "self": "Coach"}
PLAN_FIELDS = ("focus", "starts_on", "review_on")
GOAL_FIELDS = (
    "behavior",
    "context",
    "target",
    "measure",
    "reporting_frequency",
    "due_on",
    "why",
    "competency",
)


def _audit(
    author: Person,
    coach_id: int,
    record: Any,
    kind: str,
    relation: str,
    via: str,
    created: bool = False,
) -> None:
    development_write_audit(
        viewer=author,
        subject_id=coach_id,
        record_type=kind,
        record_id=record.pk,
        relation=RELATION.get(relation, relation),
        via=via,
        action=AccessEvent.Action.CREATE if created else AccessEvent.Action.UPDATE,
    )


# --- Competency ratings -----------------------------------------------------------------------


def competency_levels_problems(
    levels: dict[str, int | None], *, kind: str, complete: bool
) -> dict[str, str]:
    """Problems by competency code: an unknown level, "not observed" from the coach, or (to
    submit) an ability left without an answer."""
    codes = list(Competency.objects.order_by("order").values_list("code", flat=True))
    problems: dict[str, str] = {}
    for code, value in levels.items():
        if code not in codes:
            problems[code] = "This ability is not on the list."
        elif (value not in STEPS) and not (
            value is None and kind == CompetencyRating.Rater.SUPERVISOR
        ):
            problems[code] = "Choose a level from 1 to 4."
    if complete:
        for code in codes:
            if code not in levels:
                problems[code] = "Choose a level for this ability before you submit."
    return problems


@transaction.atomic
def competency_rating_save(
    *,
    rater: Person,
    coach: Person,
    base_version: int,
    levels: dict[str, int | None],
    comments: str,
    submit: bool,
    now: datetime,
    via: str,
) -> CompetencyRating:
    """Save the rater's draft rating of the coach (made on the first save: `base_version` 0),
    and submit it when asked. A submitted rating no longer changes."""
    kind = can_rate_competencies(viewer=rater, coach=coach)
    if kind is None:
        raise PermissionDenied("Only the coach and their coach supervisor rate competencies.")
    draft = (
        CompetencyRating.objects.select_for_update()
        .filter(coach=coach, rater=rater, rater_kind=kind, status=CompetencyRating.Status.DRAFT)
        .first()
    )
    created = draft is None
    if draft is None:
        if base_version != 0:
            raise ValidationError(
                "This rating was submitted from another window, so it can no longer change. "
                "Open the rating page again to start a new one."
            )
        draft = CompetencyRating(coach=coach, rater=rater, rater_kind=kind)
    elif base_version == 0:
        raise Conflict(seen=0, saved=draft.version, current=draft)
    else:
        draft.version = version_claim(
            CompetencyRating.objects.all(), pk=draft.pk, seen=base_version
        )
    problems = competency_levels_problems(levels, kind=kind, complete=submit)
    if problems:
        raise ValidationError({f"level_{code}": message for code, message in problems.items()})
    draft.levels = dict(levels)
    draft.comments = comments
    draft.rated_on = now.date()
    if submit:
        draft.status = CompetencyRating.Status.SUBMITTED
        draft.submitted_at = now
    draft.save()
    _audit(rater, coach.pk, draft, "competency_rating", kind, via, created=created)
    return draft


# --- Expertise --------------------------------------------------------------------------------


@transaction.atomic
def expertise_change_record(
    *, actor: Person, coach: Person, level: str, since: date, note: str, via: str
) -> ExpertiseChange:
    """A new expertise level from a date, and the coach profile showing the latest level by
    date, in one transaction."""
    if not can_change_expertise(viewer=actor, coach=coach):
        raise PermissionDenied("Only the coach supervisor or a program lead sets this level.")
    if level not in CoachProfile.Expertise.values:
        raise ValidationError({"level": "Choose one of the four levels."})
    profile = CoachProfile.objects.select_for_update().filter(person=coach).first()
    if profile is None:
        raise ValidationError(f"{coach.full_name} has no coach profile yet.")
    change = ExpertiseChange.objects.create(
        coach=coach, level=level, since=since, decided_by=actor, note=note
    )
    latest = ExpertiseChange.objects.filter(coach=coach).order_by("-since", "-pk").first()
    assert latest is not None
    # The staff page's profile form opened before this no longer saves over it.
    CoachProfile.objects.filter(pk=profile.pk).update(
        expertise_level=latest.level, version=F("version") + 1
    )
    development_write_audit(
        viewer=actor,
        subject_id=coach.pk,
        record_type="expertise_change",
        record_id=change.pk,
        relation="Coach oversight",
        via=via,
        action=AccessEvent.Action.CREATE,
    )
    return change


# --- Development plans ------------------------------------------------------------------------


def _party(author: Person, plan_coach: Person) -> str:
    party = development_party(viewer=author, coach=plan_coach)
    if party is None:
        raise PermissionDenied("Only the coach and their coach supervisor change this plan.")
    return party


def _after_change(plan: CoachDevelopmentPlan, party: str) -> None:
    """A change by one side withdraws the other side's agreement: they agreed to what was."""
    if party == "coach":
        plan.supervisor_agreed_at = None
    else:
        plan.coach_agreed_at = None


@transaction.atomic
def devplan_create(
    *, author: Person, coach: Person, data: dict[str, Any], via: str
) -> CoachDevelopmentPlan:
    party = _party(author, coach)
    supervisor = coach_supervisor_of(coach=coach)
    if supervisor is None:
        raise ValidationError(
            f"{coach.full_name} has no coach supervisor yet. A development plan is agreed "
            "between the coach and their coach supervisor."
        )
    plan = CoachDevelopmentPlan(coach=coach, supervisor=supervisor)
    for name in PLAN_FIELDS:
        setattr(plan, name, data.get(name))
    plan.save()
    _audit(author, coach.pk, plan, "coach_development_plan", party, via, created=True)
    return plan


@transaction.atomic
def devplan_update(
    *,
    author: Person,
    plan: CoachDevelopmentPlan,
    base_version: int,
    data: dict[str, Any],
    via: str,
) -> CoachDevelopmentPlan:
    party = _party(author, plan.coach)
    plan.version = version_claim(CoachDevelopmentPlan.objects.all(), pk=plan.pk, seen=base_version)
    for name in PLAN_FIELDS:
        setattr(plan, name, data.get(name))
    _after_change(plan, party)
    plan.save()
    _audit(author, plan.coach_id, plan, "coach_development_plan", party, via)
    return plan


@transaction.atomic
def devplan_agree(
    *, author: Person, plan: CoachDevelopmentPlan, base_version: int, now: datetime, via: str
) -> CoachDevelopmentPlan:
    """Agree to the plan as it was shown (`base_version`): a plan changed since is refused."""
    party = _party(author, plan.coach)
    plan.version = version_claim(CoachDevelopmentPlan.objects.all(), pk=plan.pk, seen=base_version)
    if party == "coach":
        plan.coach_agreed_at = now
    else:
        plan.supervisor_agreed_at = now
        plan.supervisor = author  # a new coach supervisor agrees in their own name
    plan.save()
    _audit(author, plan.coach_id, plan, "coach_development_plan", party, via)
    return plan


def _plan_changed(plan: CoachDevelopmentPlan, party: str) -> None:
    """A goal of the plan changed: the plan's version moves on (an agreement shown before is
    stale) and the other side's agreement is withdrawn."""
    plan.refresh_from_db()
    _after_change(plan, party)
    plan.save(update_fields=["coach_agreed_at", "supervisor_agreed_at"])
    version_bump(CoachDevelopmentPlan.objects.all(), pk=plan.pk)


# --- Development goals ------------------------------------------------------------------------


def devgoal_is_editable(goal: DevelopmentGoal) -> bool:
    """Like a learner's goal: it changes in place until it is rated."""
    return goal.status == DevelopmentGoal.Status.ACTIVE and not goal.ratings.exists()


@transaction.atomic
def devgoal_create(
    *, author: Person, plan: CoachDevelopmentPlan, data: dict[str, Any], via: str
) -> DevelopmentGoal:
    party = _party(author, plan.coach)
    goal = DevelopmentGoal(plan=plan, created_by=author)
    for name in GOAL_FIELDS:
        if name in data:
            setattr(goal, name, data[name])
    goal.anchor_0 = goal.anchor_0 or goal.statement
    goal.save()
    _plan_changed(plan, party)
    _audit(author, plan.coach_id, goal, "development_goal", party, via, created=True)
    return goal


def _goal_claim(goal: DevelopmentGoal, base_version: int) -> None:
    goal.version = version_claim(DevelopmentGoal.objects.all(), pk=goal.pk, seen=base_version)
    if not devgoal_is_editable(goal):
        raise ValidationError("This goal has ratings, so it no longer changes.")


@transaction.atomic
def devgoal_update(
    *, author: Person, goal: DevelopmentGoal, base_version: int, data: dict[str, Any], via: str
) -> DevelopmentGoal:
    party = _party(author, goal.plan.coach)
    _goal_claim(goal, base_version)
    for name in GOAL_FIELDS:
        if name in data:
            setattr(goal, name, data[name])
    goal.save()
    _plan_changed(goal.plan, party)
    _audit(author, goal.plan.coach_id, goal, "development_goal", party, via)
    return goal


@transaction.atomic
def devgoal_scale_save(
    *,
    author: Person,
    goal: DevelopmentGoal,
    base_version: int,
    anchors: dict[int, str],
    checklist: dict[str, bool],
    finalize: bool,
    today: date,
    via: str,
) -> DevelopmentGoal:
    party = _party(author, goal.plan.coach)
    _goal_claim(goal, base_version)
    scale_apply(goal, anchors=anchors, checklist=checklist, finalize=finalize, today=today)
    goal.save()
    _plan_changed(goal.plan, party)
    _audit(author, goal.plan.coach_id, goal, "development_goal", party, via)
    return goal


@transaction.atomic
def devgoal_rating_add(
    *, author: Person, goal: DevelopmentGoal, rated_on: date, level: Any, note: str, via: str
) -> DevelopmentGoalRating:
    """Where the coach stands on the goal's scale: the first rating is the baseline (halves
    allowed), later ones whole levels and not dated before it. Progress, not a change of the
    plan: the agreement stands."""
    party = _party(author, goal.plan.coach)
    goal = DevelopmentGoal.objects.select_for_update().select_related("plan").get(pk=goal.pk)
    fields = scale_rating_checked(
        goal,
        active=goal.status == DevelopmentGoal.Status.ACTIVE,
        baseline=goal.ratings.filter(is_baseline=True).first(),
        rated_on=rated_on,
        level=level,
    )
    rating = DevelopmentGoalRating.objects.create(
        goal=goal, note=note, recorded_by=author, **fields
    )
    _audit(author, goal.plan.coach_id, rating, "development_goal_rating", party, via, created=True)
    return rating
