"""Writes to goals, scales and ratings. Only the coach and the learner of the engagement write;
every write is checked here and audited by the privacy policy. A goal and its scale are saved
only from the version the editor opened (`base_version`, tandem/ui/locking.py): a stale save
raises `Conflict` and changes nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from tandem.goals.models import (
    ANCHOR_FIELDS,
    CHECKLIST,
    LEVEL_LABELS,
    Goal,
    GoalRating,
    ScaleRatingFields,
    SmartGoalFields,
    signed,
)
from tandem.people.models import Person
from tandem.privacy.models import AccessEvent
from tandem.privacy.policy import EngagementAccess, can_write, record_write_audit
from tandem.ui.locking import version_bump, version_claim

SMART_FIELDS = (
    "behavior",
    "context",
    "target",
    "measure",
    "reporting_frequency",
    "due_on",
    "why",
    "agency_predetermined",
    "weight",
    "supervisor_alignment_note",
)
WHOLE_LEVELS = frozenset(Decimal(n) for n in (-2, -1, 0, 1, 2))
HALF_LEVELS = frozenset(Decimal(n) / 2 for n in range(-4, 5))


def can_write_goals(access: EngagementAccess) -> bool:
    """Goals are learner-led and set with the coach (the rule lives in the privacy policy)."""
    return can_write(access, "goal")


def _check_writer(author: Person, access: EngagementAccess, goal: Goal | None = None) -> None:
    if access.viewer.pk != author.pk or not can_write_goals(access):
        raise PermissionDenied("Only the learner and their coach change goals.")
    if goal is not None and goal.engagement_id != access.engagement.pk:
        raise PermissionDenied("This goal belongs to another engagement.")


def _audit(
    author: Person, access: EngagementAccess, record: Goal | GoalRating, action: str, via: str
) -> None:
    record_write_audit(
        viewer=author,
        access=access,
        category=record.CATEGORY,
        record_type="goal" if isinstance(record, Goal) else "goal_rating",
        record_id=record.pk,
        action=action,
        via=via,
    )


def weight_problem(weight: Decimal | None) -> str | None:
    if weight is not None and weight <= 0:
        return "A weight must be more than 0. Leave it empty to count this goal like the others."
    return None


def scale_problems(anchors: dict[int, str]) -> dict[int, str]:
    """Problems with a scale's anchors, by level: missing, or the same as another level's."""
    problems: dict[int, str] = {}
    seen: dict[str, int] = {}
    for level in sorted(LEVEL_LABELS, reverse=True):
        text = (anchors.get(level) or "").strip()
        if not text:
            problems[level] = (
                f"Describe what “{LEVEL_LABELS[level].lower()}” ({signed(level)}) looks like."
            )
            continue
        key = " ".join(text.lower().split())
        if key in seen:
            problems[level] = (
                f"This is the same as the description for level {signed(seen[key])}. Each level "
                "needs its own description, so a rating can only fit one level."
            )
        else:
            seen[key] = level
    return problems


@transaction.atomic
def goal_create(
    *, author: Person, access: EngagementAccess, data: dict[str, Any], via: str
) -> Goal:
    _check_writer(author, access)
    problem = weight_problem(data.get("weight"))
    if problem:
        raise ValidationError({"weight": problem})
    goal = Goal(engagement=access.engagement, created_by=author)
    for name in SMART_FIELDS:
        if name in data:
            setattr(goal, name, data[name])
    goal.anchor_0 = goal.anchor_0 or goal.statement
    goal.save()
    _audit(author, access, goal, AccessEvent.Action.CREATE, via)
    return goal


def goal_is_editable(goal: Goal) -> bool:
    """A goal changes in place until it is rated; after that, it is revised instead."""
    return goal.status == Goal.Status.ACTIVE and not goal.ratings.exists()


def _claim(goal: Goal, base_version: int) -> None:
    """Take the goal's next version, or raise Conflict if it was saved since `base_version`.
    First in the transaction: the row stays locked until the save is done."""
    goal.version = version_claim(Goal.objects.all(), pk=goal.pk, seen=base_version)


@transaction.atomic
def goal_update(
    *,
    author: Person,
    access: EngagementAccess,
    goal: Goal,
    base_version: int,
    data: dict[str, Any],
    via: str,
) -> Goal:
    _check_writer(author, access, goal)
    _claim(goal, base_version)
    if not goal_is_editable(goal):
        raise ValidationError("This goal has ratings. Revise it to change it.")
    problem = weight_problem(data.get("weight"))
    if problem:
        raise ValidationError({"weight": problem})
    for name in SMART_FIELDS:
        if name in data:
            setattr(goal, name, data[name])
    goal.save()
    _audit(author, access, goal, AccessEvent.Action.UPDATE, via)
    return goal


@transaction.atomic
def scale_save(
    *,
    author: Person,
    access: EngagementAccess,
    goal: Goal,
    base_version: int,
    anchors: dict[int, str],
    checklist: dict[str, bool],
    finalize: bool,
    today: date,
    via: str,
) -> Goal:
    _check_writer(author, access, goal)
    _claim(goal, base_version)
    if not goal_is_editable(goal):
        raise ValidationError("This goal has ratings. Revise it to change its scale.")
    scale_apply(goal, anchors=anchors, checklist=checklist, finalize=finalize, today=today)
    goal.save()
    _audit(author, access, goal, AccessEvent.Action.UPDATE, via)
    return goal


def scale_apply(
    goal: SmartGoalFields,
    *,
    anchors: dict[int, str],
    checklist: dict[str, bool],
    finalize: bool,
    today: date,
) -> None:
    """Check a scale's anchors and checklist and put them on the goal (not saved): the rules
    of every goal attainment scale, a learner's goal or a coach's development goal."""
    problems = scale_problems(anchors)
    if problems:
        raise ValidationError({ANCHOR_FIELDS[level]: msg for level, msg in problems.items()})
    unknown = set(checklist) - {key for key, _ in CHECKLIST}
    if unknown:
        raise ValidationError("Unknown checklist questions.")
    if finalize and len(checklist) != len(CHECKLIST):
        raise ValidationError("Answer every checklist question before you finish the scale.")
    for level, name in ANCHOR_FIELDS.items():
        setattr(goal, name, anchors[level].strip())
    goal.checklist = dict(checklist)
    goal.scale_finalized_on = today if finalize else None


def rating_level_problem(level: Any, *, is_baseline: bool) -> str | None:
    try:
        value = Decimal(str(level))
    except (InvalidOperation, ValueError):
        return "Choose a level from −2 to +2."
    if not value.is_finite() or value < -2 or value > 2:
        return "Choose a level from −2 to +2."
    allowed = HALF_LEVELS if is_baseline else WHOLE_LEVELS
    if value not in allowed:
        if is_baseline:
            return "Choose a level from −2 to +2, or halfway between two levels."
        return "Only the baseline may fall between two levels; choose a whole level."
    return None


def scale_rating_checked(
    goal: SmartGoalFields,
    *,
    active: bool,
    baseline: ScaleRatingFields | None,
    rated_on: date,
    level: Any,
) -> dict[str, Any]:
    """The rules of every rating on a goal attainment scale: an active goal with a complete
    scale; the first rating is the baseline (halves allowed), later ones whole levels, never
    dated before the baseline. Returns the rating's fields."""
    if not active:
        raise ValidationError("Only active goals are rated.")
    if not goal.scale_complete:
        raise ValidationError("Describe every level of the scale before the first rating.")
    problem = rating_level_problem(level, is_baseline=baseline is None)
    if problem:
        raise ValidationError({"level": problem})
    if baseline is not None and rated_on < baseline.rated_on:
        raise ValidationError(
            {
                "rated_on": f"The baseline was rated on {baseline.rated_on:%Y-%m-%d}; later "
                "ratings cannot be dated before it."
            }
        )
    return {"rated_on": rated_on, "level": Decimal(str(level)), "is_baseline": baseline is None}


@transaction.atomic
def rating_add(
    *,
    author: Person,
    access: EngagementAccess,
    goal: Goal,
    rated_on: date,
    level: Any,
    note: str,
    via: str,
) -> GoalRating:
    _check_writer(author, access, goal)
    goal = Goal.objects.select_for_update().get(pk=goal.pk)
    baseline = goal.ratings.filter(is_baseline=True).first()
    fields = scale_rating_checked(
        goal,
        active=goal.status == Goal.Status.ACTIVE,
        baseline=baseline,
        rated_on=rated_on,
        level=level,
    )
    rating = GoalRating.objects.create(goal=goal, note=note, recorded_by=author, **fields)
    _audit(author, access, rating, AccessEvent.Action.CREATE, via)
    return rating


@transaction.atomic
def goal_status_set(
    *, author: Person, access: EngagementAccess, goal: Goal, status: str, via: str
) -> Goal:
    """Mark a goal achieved, dropped or active again. Revising has its own service."""
    _check_writer(author, access, goal)
    allowed = {Goal.Status.ACTIVE, Goal.Status.ACHIEVED, Goal.Status.DROPPED}
    if status not in allowed or goal.status == Goal.Status.REVISED:
        raise ValidationError("This change of status is not possible.")
    goal.status = status
    goal.save(update_fields=["status", "updated_at"])
    version_bump(Goal.objects.all(), pk=goal.pk)  # an edit form opened before is now stale
    _audit(author, access, goal, AccessEvent.Action.UPDATE, via)
    return goal


@transaction.atomic
def goal_revise(*, author: Person, access: EngagementAccess, goal: Goal, via: str) -> Goal:
    """A new version of the goal to edit; the old one keeps its scale and ratings."""
    _check_writer(author, access, goal)
    if goal.status != Goal.Status.ACTIVE:
        raise ValidationError("Only an active goal can be revised.")
    new = Goal(engagement=goal.engagement, created_by=author, revises=goal)
    for name in (*SMART_FIELDS, *ANCHOR_FIELDS.values()):
        setattr(new, name, getattr(goal, name))
    new.save()
    goal.status = Goal.Status.REVISED
    goal.save(update_fields=["status", "updated_at"])
    version_bump(Goal.objects.all(), pk=goal.pk)
    _audit(author, access, goal, AccessEvent.Action.UPDATE, via)
    _audit(author, access, new, AccessEvent.Action.CREATE, via)
    return new
