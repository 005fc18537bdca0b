"""Writes: only the coach and the learner, ratings in range, weights above 0, anchors by level."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tandem.coaching.models import Engagement
from tandem.goals import services
from tandem.goals.models import Goal
from tandem.goals.tests.helpers import make_goal, rate, share
from tandem.privacy.categories import Category, Party
from tandem.privacy.models import AccessEvent
from tandem.privacy.policy import engagement_access

DATA = {
    "behavior": "Use scaling questions",
    "target": "in each visit",
    "reporting_frequency": "monthly",
}


def access_of(world, actor, engagement=None):
    viewer = world.people[actor]
    return viewer, engagement_access(viewer=viewer, engagement_id=(engagement or world.e1).pk)


@pytest.mark.parametrize("actor", ["learner", "coach"])
def test_goal_create_by_coach_or_learner_is_audited(world, actor):
    viewer, access = access_of(world, actor)
    goal = services.goal_create(author=viewer, access=access, data=DATA, via="test")
    assert goal.anchor_0 == "Use scaling questions in each visit."
    event = AccessEvent.objects.get(record_type="goal", record_id=goal.pk)
    assert (event.viewer, event.action, event.category) == (viewer, "create", "goals")


@pytest.mark.parametrize("actor", ["supervisor", "program_lead"])
def test_goal_create_refused_to_everyone_else(world, actor):
    viewer, access = access_of(world, actor)
    with pytest.raises(PermissionDenied):
        services.goal_create(author=viewer, access=access, data=DATA, via="test")
    assert Goal.objects.count() == 0


def test_supervisor_who_sees_goals_still_cannot_write(world):
    e3 = Engagement.objects.create(learner=world.people["learner"], coach=world.people["coach"])
    share(e3, {Party.SUPERVISOR: [Category.GOALS, Category.GOAL_RATINGS]})
    goal = make_goal(e3, "E3")
    viewer, access = access_of(world, "supervisor", e3)
    assert access.sees(Category.GOALS)
    with pytest.raises(PermissionDenied):
        services.rating_add(
            author=viewer,
            access=access,
            goal=goal,
            rated_on=date(2026, 11, 1),
            level=0,
            note="",
            via="test",
        )


def test_goal_of_another_engagement_is_refused(world):
    goal = make_goal(world.e2, "E2")
    viewer, access = access_of(world, "coach")
    with pytest.raises(PermissionDenied):
        services.goal_status_set(
            author=viewer, access=access, goal=goal, status="achieved", via="t"
        )


@pytest.mark.parametrize("weight", [Decimal("0"), Decimal("-1")])
def test_weight_of_zero_or_less_is_rejected(world, weight):
    viewer, access = access_of(world, "learner")
    with pytest.raises(ValidationError) as error:
        services.goal_create(author=viewer, access=access, data=DATA | {"weight": weight}, via="t")
    assert error.value.message_dict == {
        "weight": [
            "A weight must be more than 0. Leave it empty to count this goal like the others."
        ]
    }


def test_scale_problems_flag_missing_and_duplicate_anchors_by_level():
    problems = services.scale_problems({2: "All", 1: " all ", 0: "Most", -1: "", -2: "Some"})
    assert problems == {
        1: "This is the same as the description for level +2. Each level needs its own "
        "description, so a rating can only fit one level.",
        -1: "Describe what “somewhat less than expected” (-1) looks like.",
    }


def test_scale_save_refuses_bad_anchors_and_unanswered_checklist(world):
    viewer, access = access_of(world, "learner")
    goal = make_goal(world.e1, "E1")
    anchors = {2: "a", 1: "b", 0: "c", -1: "d", -2: "a"}
    with pytest.raises(ValidationError) as error:
        services.scale_save(
            author=viewer,
            access=access,
            goal=goal,
            base_version=1,
            anchors=anchors,
            checklist={},
            finalize=False,
            today=date(2026, 11, 1),
            via="t",
        )
    assert list(error.value.message_dict) == ["anchor_minus2"]
    anchors[-2] = "e"
    with pytest.raises(ValidationError):
        services.scale_save(
            author=viewer,
            access=access,
            goal=goal,
            base_version=1,
            anchors=anchors,
            checklist={"one_behavior": True},
            finalize=True,
            today=date(2026, 11, 1),
            via="t",
        )


def test_first_rating_is_the_baseline_and_may_fall_between_levels(world):
    viewer, access = access_of(world, "learner")
    goal = make_goal(world.e1, "E1")
    baseline = services.rating_add(
        author=viewer,
        access=access,
        goal=goal,
        rated_on=date(2026, 10, 1),
        level="-1.5",
        note="",
        via="t",
    )
    assert (baseline.is_baseline, baseline.level) == (True, Decimal("-1.5"))
    assert baseline.level_label == "Between much less than expected and somewhat less than expected"
    with pytest.raises(ValidationError) as error:
        services.rating_add(
            author=viewer,
            access=access,
            goal=goal,
            rated_on=date(2026, 11, 1),
            level="0.5",
            note="",
            via="t",
        )
    assert error.value.message_dict == {
        "level": ["Only the baseline may fall between two levels; choose a whole level."]
    }
    later = services.rating_add(
        author=viewer,
        access=access,
        goal=goal,
        rated_on=date(2026, 11, 1),
        level=1,
        note="",
        via="t",
    )
    assert later.is_baseline is False


@pytest.mark.parametrize("level", ["3", "-2.5", "x", "NaN", "2.01"])
def test_rating_outside_the_scale_is_rejected(world, level):
    viewer, access = access_of(world, "coach")
    goal = make_goal(world.e1, "E1")
    with pytest.raises(ValidationError) as error:
        services.rating_add(
            author=viewer,
            access=access,
            goal=goal,
            rated_on=date(2026, 10, 1),
            level=level,
            note="",
            via="t",
        )
    assert list(error.value.message_dict) == ["level"]
    assert goal.ratings.count() == 0


def test_rating_needs_a_complete_scale_and_no_date_before_baseline(world):
    viewer, access = access_of(world, "coach")
    goal = make_goal(world.e1, "E1", anchor_minus2="")
    with pytest.raises(ValidationError):
        services.rating_add(
            author=viewer,
            access=access,
            goal=goal,
            rated_on=date(2026, 10, 1),
            level=-1,
            note="",
            via="t",
        )
    goal = make_goal(world.e1, "E1b")
    rate(goal, date(2026, 10, 1), -1, baseline=True)
    with pytest.raises(ValidationError) as error:
        services.rating_add(
            author=viewer,
            access=access,
            goal=goal,
            rated_on=date(2026, 9, 1),
            level=0,
            note="",
            via="t",
        )
    assert list(error.value.message_dict) == ["rated_on"]


def test_revise_keeps_the_old_scale_and_ratings(world):
    viewer, access = access_of(world, "learner")
    old = make_goal(world.e1, "E1")
    rate(old, date(2026, 10, 1), -1, baseline=True)
    rate(old, date(2026, 11, 1), 0)
    new = services.goal_revise(author=viewer, access=access, goal=old, via="t")
    old.refresh_from_db()
    assert (old.status, old.ratings.count(), old.anchor_plus2) == (
        "revised",
        2,
        "SCALE-E1 in every staffing",
    )
    assert (new.revises, new.status, new.anchor_plus2, new.ratings.count()) == (
        old,
        "active",
        old.anchor_plus2,
        0,
    )
    with pytest.raises(ValidationError):
        services.goal_update(
            author=viewer, access=access, goal=old, base_version=old.version, data=DATA, via="t"
        )


def test_status_changes(world):
    viewer, access = access_of(world, "coach")
    goal = make_goal(world.e1, "E1")
    services.goal_status_set(author=viewer, access=access, goal=goal, status="achieved", via="t")
    assert Goal.objects.get(pk=goal.pk).status == "achieved"
    with pytest.raises(ValidationError):
        services.goal_status_set(author=viewer, access=access, goal=goal, status="revised", via="t")
