"""Development plans: written by learner and supervisor, versioned, agreed, read by no one else."""

import pytest
from django.urls import reverse

from tandem.lifecycle.models import DevelopmentPlan, DevelopmentPlanAcknowledgment
from tandem.lifecycle.tests.helpers import make_plan
from tandem.notifications.models import Notification
from tandem.privacy.models import AccessEvent

ITEMS = {
    "item1_area": "PLAN-NEW running staffings",
    "item1_actions": "lead two staffings a month",
    "item1_supports": "shadow a senior worker",
    "item1_timeline": "by March",
    "supervisor_support": "twenty minutes of each supervision",
}


def test_learner_starts_a_plan_and_the_supervisor_is_told(as_actor, world):
    learner = world.people["learner"]
    response = as_actor("learner").post(
        reverse("lifecycle:plan_new"), {**ITEMS, "learner": learner.pk}
    )
    plan = DevelopmentPlan.objects.get()
    assert response.url == reverse("lifecycle:plan_detail", args=[plan.pk])
    version = plan.versions.get()
    assert version.items[0]["area"] == "PLAN-NEW running staffings"
    told = Notification.objects.get(recipient=world.people["supervisor"])
    assert "PLAN-NEW" not in told.body


def test_supervisor_starts_a_plan_for_a_direct_report_only(as_actor, world):
    client = as_actor("supervisor")
    client.post(reverse("lifecycle:plan_new"), {**ITEMS, "learner": world.people["learner"].pk})
    assert DevelopmentPlan.objects.get().learner == world.people["learner"]
    page = client.post(
        reverse("lifecycle:plan_new"), {**ITEMS, "learner": world.people["other_learner"].pk}
    )
    assert page.status_code == 400
    assert DevelopmentPlan.objects.count() == 1


def test_a_plan_needs_an_area_and_keeps_what_was_typed(as_actor, world):
    data = {**ITEMS, "item1_area": "", "learner": world.people["learner"].pk}
    page = as_actor("learner").post(reverse("lifecycle:plan_new"), data)
    assert page.status_code == 400
    assert b"lead two staffings a month" in page.content
    assert DevelopmentPlan.objects.count() == 0


@pytest.mark.parametrize("actor", ["learner", "supervisor"])
def test_learner_and_supervisor_read_the_plan_and_the_read_is_audited(as_actor, world, actor):
    plan = make_plan(world.people["learner"], "L9")
    page = as_actor(actor).get(reverse("lifecycle:plan_detail", args=[plan.pk]))
    assert page.status_code == 200
    assert "PLAN-L9 area" in page.content.decode()
    event = AccessEvent.objects.get(record_type="development_plan")
    assert (event.viewer, event.subject) == (world.people[actor], world.people["learner"])


@pytest.mark.parametrize(
    "actor", ["coach", "program_lead", "coach_supervisor", "leadership", "other_supervisor"]
)
def test_nobody_else_reads_the_plan(as_actor, world, actor):
    plan = make_plan(world.people["learner"], "L9")
    for name in ("lifecycle:plan_detail", "lifecycle:plan_edit"):
        page = as_actor(actor).get(reverse(name, args=[plan.pk]))
        assert page.status_code == 404
        assert "PLAN-L9" not in page.content.decode()
    listing = as_actor(actor).get(reverse("lifecycle:plans")).content.decode()
    assert reverse("lifecycle:plan_detail", args=[plan.pk]) not in listing


def test_edits_make_versions_and_both_agree_to_the_latest(as_actor, world):
    plan = make_plan(world.people["learner"], "L9")
    agree = reverse("lifecycle:plan_acknowledge", args=[plan.pk])
    as_actor("learner").post(agree, {"number": "1"})
    as_actor("supervisor").post(
        reverse("lifecycle:plan_edit", args=[plan.pk]),
        {**ITEMS, "item1_area": "PLAN-L9 v2", "base_version": "1"},
    )
    latest = plan.versions.order_by("-number").first()
    assert (latest.number, latest.edited_by) == (2, world.people["supervisor"])
    # An agreement to version 1 does not carry over; agreeing to a stale version is refused.
    as_actor("supervisor").post(agree, {"number": "1"})
    assert DevelopmentPlanAcknowledgment.objects.filter(version=latest).count() == 0
    as_actor("supervisor").post(agree, {"number": "2"})
    as_actor("learner").post(agree, {"number": "2"})
    roles = set(latest.acknowledgments.values_list("role", flat=True))
    assert roles == {"learner", "supervisor"}
    html = as_actor("learner").get(reverse("lifecycle:plan_detail", args=[plan.pk])).content
    assert b"Version 1: saved by" in html and b"I agree to version" not in html


def test_plan_list_query_count_is_the_same_for_one_and_three(as_actor, world, page_queries):
    client = as_actor("supervisor")
    url = reverse("lifecycle:plans")
    make_plan(world.people["learner"], "A")
    one = page_queries(url, client=client)
    make_plan(world.people["learner"], "B")
    make_plan(world.people["supervisor"], "C")
    assert page_queries(url, client=client) == one
