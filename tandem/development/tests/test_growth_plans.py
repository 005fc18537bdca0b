"""Coach development plans: written and agreed by the coach and their current coach
supervisor, with SMART goals, scales, ratings and the T-score; nobody else reads them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.development.models import CoachDevelopmentPlan, DevelopmentGoal, DevelopmentGoalRating
from tandem.development.tests.growth_helpers import coach_pair, plan_with_goal, replace_supervisor
from tandem.goals.models import ANCHOR_FIELDS, CHECKLIST
from tandem.people.models import Competency
from tandem.privacy.models import AccessEvent

MARK = "GOAL-MARK-61"
OUTSIDERS = ["supervisor", "program_lead", "other_coach", "other_supervisor", "leadership"]


def _urls(goal):
    plan = goal.plan
    return [
        reverse("development:devplan_detail", args=[plan.pk]),
        reverse("development:devplan_edit", args=[plan.pk]),
        reverse("development:devgoal_edit", args=[plan.pk, goal.pk]),
        reverse("development:devgoal_scale", args=[plan.pk, goal.pk]),
        reverse("development:growth_coach", args=[plan.coach_id]),
    ]


def test_coach_writes_a_plan_and_a_goal_linked_to_an_ability(as_actor, world):
    coach, supervisor = coach_pair(world)
    client = as_actor("coach")
    client.post(
        reverse("development:devplan_new", args=[coach.pk]),
        {"focus": "Listening", "starts_on": "2026-03-01", "review_on": "2026-09-01"},
    )
    plan = CoachDevelopmentPlan.objects.get(coach=coach)
    assert plan.supervisor == supervisor
    ability = Competency.objects.get(code="feedback-listening")
    data = {
        "behavior": "Summarize what the learner said",
        "context": "at the end of each session",
        "target": "in 4 of 5 sessions",
        "reporting_frequency": "monthly",
        "competency": str(ability.pk),
    }
    response = client.post(reverse("development:devgoal_new", args=[plan.pk]), data)
    goal = DevelopmentGoal.objects.get(plan=plan)
    assert response.url == reverse("development:devgoal_scale", args=[plan.pk, goal.pk])
    assert goal.competency == ability
    assert (
        goal.anchor_0
        == "Summarize what the learner said at the end of each session in 4 of 5 sessions."
    )


def test_smart_advice_for_a_development_goal(as_actor, world):
    goal = plan_with_goal(*coach_pair(world), MARK)
    page = as_actor("coach").post(
        reverse("development:devgoal_check", args=[goal.plan_id]), {"behavior": "Improve"}
    )
    assert 'data-rule="number"' in page.content.decode()


def test_scale_and_ratings_give_a_t_score(as_actor, world):
    goal = plan_with_goal(*coach_pair(world), MARK)
    plan = goal.plan
    client = as_actor("coach_supervisor")
    anchors = {name: f"Level text {name}" for name in ANCHOR_FIELDS.values()}
    checks = {f"check_{key}": "yes" for key, _ in CHECKLIST}
    scale = reverse("development:devgoal_scale", args=[plan.pk, goal.pk])
    response = client.post(
        scale, anchors | checks | {"finalize": "1", "base_version": str(goal.version)}
    )
    assert response.status_code == 302
    rate = reverse("development:devgoal_rate", args=[plan.pk, goal.pk])
    client.post(rate, {"rated_on": "2026-03-01", "level": "-1.5", "note": ""})
    page = client.post(rate, {"rated_on": "2026-02-01", "level": "1", "note": ""})
    assert page.status_code == 400  # dated before the baseline
    client.post(rate, {"rated_on": "2026-04-01", "level": "1", "note": ""})
    assert DevelopmentGoalRating.objects.filter(goal=goal).count() == 2
    detail = client.get(reverse("development:devplan_detail", args=[plan.pk])).content.decode()
    assert "This goal's T-score: <strong>60</strong>" in detail
    # A rated goal no longer changes in place.
    assert client.get(scale).status_code == 302


def test_both_agree_and_a_change_withdraws_the_other_agreement(as_actor, world):
    goal = plan_with_goal(*coach_pair(world), MARK)
    plan = goal.plan
    agree = reverse("development:devplan_agree", args=[plan.pk])
    as_actor("coach").post(agree, {"base_version": str(plan.version)})
    plan.refresh_from_db()
    as_actor("coach_supervisor").post(agree, {"base_version": str(plan.version)})
    plan.refresh_from_db()
    assert plan.agreed
    # The supervisor changes a goal: the coach agrees again, the supervisor's agreement stays.
    as_actor("coach_supervisor").post(
        reverse("development:devgoal_edit", args=[plan.pk, goal.pk]),
        {
            "behavior": "Ask one scaling question",
            "reporting_frequency": "monthly",
            "base_version": str(goal.version),
        },
    )
    plan.refresh_from_db()
    assert (plan.coach_agreed_at, plan.supervisor_agreed_at is not None) == (None, True)
    # Agreeing to a version that is no longer the plan's is refused.
    as_actor("coach").post(agree, {"base_version": "1"})
    plan.refresh_from_db()
    assert plan.coach_agreed_at is None


def test_a_stale_plan_edit_gets_409(as_actor, world):
    goal = plan_with_goal(*coach_pair(world), MARK)
    plan = goal.plan
    url = reverse("development:devplan_edit", args=[plan.pk])
    data = {"starts_on": "2026-03-01", "base_version": str(plan.version)}
    as_actor("coach").post(url, data | {"focus": "First"})
    page = as_actor("coach_supervisor").post(url, data | {"focus": "Second words"})
    assert page.status_code == 409
    assert "Second words" in page.content.decode()
    plan.refresh_from_db()
    assert plan.focus == "First"


@pytest.mark.parametrize("actor", ["coach", "coach_supervisor"])
def test_the_pair_reads_the_plan_and_the_supervisor_read_is_audited(as_actor, world, actor):
    goal = plan_with_goal(*coach_pair(world), MARK)
    page = as_actor(actor).get(reverse("development:devplan_detail", args=[goal.plan_id]))
    assert MARK in page.content.decode()
    audited = AccessEvent.objects.filter(record_type="coach_development_plan", action="view")
    assert audited.count() == (1 if actor == "coach_supervisor" else 0)


@pytest.mark.parametrize("actor", OUTSIDERS)
def test_nobody_else_reads_the_plan(as_actor, world, actor):
    coach, supervisor = coach_pair(world)
    coach.supervisor = world.people["supervisor"]  # the coach's line manager
    coach.save()
    goal = plan_with_goal(coach, supervisor, MARK)
    for url in _urls(goal):
        page = as_actor(actor).get(url)
        assert page.status_code == 404, url
        assert MARK not in page.content.decode()


def test_replaced_supervisor_loses_the_plan_and_the_new_one_agrees(client, world):
    coach, former = coach_pair(world)
    goal = plan_with_goal(coach, former, MARK)
    new = replace_supervisor(world, coach)
    client.force_login(former.user)
    for url in _urls(goal):
        assert client.get(url).status_code == 404
    client.force_login(new.user)
    assert MARK in client.get(_urls(goal)[0]).content.decode()
    plan = goal.plan
    client.post(reverse("development:devplan_agree", args=[plan.pk]), {"base_version": "1"})
    plan.refresh_from_db()
    assert (plan.supervisor, plan.supervisor_agreed_at is not None) == (new, True)


def _more_goals(plan, count):
    for n in range(count):
        goal = DevelopmentGoal.objects.create(
            plan=plan,
            created_by=plan.coach,
            behavior=f"Goal {n}",
            **{name: f"Anchor {name} {n}" for name in ANCHOR_FIELDS.values()},
        )
        DevelopmentGoalRating.objects.create(
            goal=goal, rated_on="2026-01-01", level=-1, is_baseline=True, recorded_by=plan.coach
        )


def test_plan_page_query_count(as_actor, world, page_queries):
    goal = plan_with_goal(*coach_pair(world), MARK)
    client = as_actor("coach")
    url = reverse("development:devplan_detail", args=[goal.plan_id])
    one = page_queries(url, client=client)
    _more_goals(goal.plan, 2)
    assert page_queries(url, client=client) == one


def test_development_page_query_count(as_actor, world, page_queries):
    coach, supervisor = coach_pair(world)
    plan_with_goal(coach, supervisor, MARK)
    client = as_actor("coach_supervisor")
    url = reverse("development:growth_coach", args=[coach.pk])
    one = page_queries(url, client=client)
    plan_with_goal(coach, supervisor, "two")
    plan_with_goal(coach, supervisor, "three")
    assert page_queries(url, client=client) == one
