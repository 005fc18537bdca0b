"""No silent overwrite of a goal or its scale (docs/RELIABILITY.md): two tabs (or the learner
and the coach) open the same form, both save; the second save answers 409 with both versions,
the first change stays, and the second person's words are still in the form."""

from __future__ import annotations

from django.urls import reverse

from tandem.goals.models import Goal
from tandem.goals.tests.helpers import make_goal
from tandem.ui.locking import INCOMPLETE
from tandem.ui.tests.helpers import as_posted, conflict_sides


def _posted(page, **changes):
    return as_posted(page.context["form"], **changes)


def test_learner_and_coach_editing_one_goal_never_overwrite_each_other(as_actor, world):
    goal = make_goal(world.e1, "E1")
    url = reverse("goals:goal_edit", args=[world.e1.pk, goal.pk])
    learner_form = as_actor("learner").get(url)
    coach_form = as_actor("coach").get(url)
    assert learner_form.context["form"]["base_version"].value() == 1

    first = as_actor("learner").post(
        url, _posted(learner_form, why="LEARNER-WHY it matters to my team")
    )
    assert first.status_code == 302
    second = as_actor("coach").post(url, _posted(coach_form, target="COACH-TARGET in 9 of 10"))

    html = second.content.decode()
    assert second.status_code == 409
    assert "Someone saved a newer version while you were editing" in html
    theirs, yours = conflict_sides(html)
    assert ("LEARNER-WHY" in theirs, "COACH-TARGET" in yours) == (True, True)
    saved = Goal.objects.get(pk=goal.pk)
    assert (saved.why, saved.target, saved.version) == (
        "LEARNER-WHY it matters to my team",
        "in 75% of staffings",
        2,
    )
    # The coach's words are still in the form, which now starts from the saved version.
    form = second.context["form"]
    assert (form["target"].value(), form["base_version"].value()) == (
        "COACH-TARGET in 9 of 10",
        "2",
    )
    again = as_actor("coach").post(url, _posted(second))
    assert again.status_code == 302
    assert Goal.objects.get(pk=goal.pk).target == "COACH-TARGET in 9 of 10"


def test_two_tabs_on_one_scale_never_overwrite_each_other(as_actor, world):
    goal = make_goal(world.e1, "E1")
    url = reverse("goals:scale_edit", args=[world.e1.pk, goal.pk])
    client = as_actor("coach")
    tab_one, tab_two = client.get(url), client.get(url)

    first = client.post(url, _posted(tab_one, anchor_plus2="TAB-ONE every staffing"))
    assert first.status_code == 302
    page = client.post(url, _posted(tab_two, anchor_plus2="TAB-TWO all staffings"))

    assert page.status_code == 409
    theirs, yours = conflict_sides(page.content.decode())
    assert ("TAB-ONE" in theirs, "TAB-TWO" in yours) == (True, True)
    assert Goal.objects.get(pk=goal.pk).anchor_plus2 == "TAB-ONE every staffing"
    assert page.context["form"]["anchor_plus2"].value() == "TAB-TWO all staffings"


def test_a_goal_form_sent_without_its_version_changes_nothing(as_actor, world):
    goal = make_goal(world.e1, "E1")
    url = reverse("goals:goal_edit", args=[world.e1.pk, goal.pk])
    page = as_actor("coach").post(url, {"behavior": "x", "reporting_frequency": "monthly"})
    assert page.status_code == 400
    assert page.context["form"].non_field_errors() == [INCOMPLETE]
    assert Goal.objects.get(pk=goal.pk).behavior == goal.behavior


def test_marking_a_goal_achieved_makes_an_open_edit_form_stale(as_actor, world):
    goal = make_goal(world.e1, "E1")
    url = reverse("goals:goal_edit", args=[world.e1.pk, goal.pk])
    client = as_actor("learner")
    opened = client.get(url)
    status_url = reverse("goals:goal_status", args=[world.e1.pk, goal.pk])
    client.post(status_url, {"status": "dropped"})
    client.post(status_url, {"status": "active"})
    assert client.post(url, _posted(opened, why="stale")).status_code == 409
    assert Goal.objects.get(pk=goal.pk).why == goal.why
