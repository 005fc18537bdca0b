"""No silent overwrite of a development plan (docs/RELIABILITY.md): the learner and their
supervisor both open the plan at version 1; the second save answers 409 with both versions,
the first one's change stays in the newest version, and the second one's words stay in the
form."""

from __future__ import annotations

from django.urls import reverse

from tandem.lifecycle.tests.helpers import make_plan
from tandem.ui.locking import INCOMPLETE
from tandem.ui.tests.helpers import as_posted, conflict_sides


def test_learner_and_supervisor_changing_one_plan_never_overwrite_each_other(as_actor, world):
    plan = make_plan(world.people["learner"], "L9")
    url = reverse("lifecycle:plan_edit", args=[plan.pk])
    learner_form = as_actor("learner").get(url).context["form"]
    supervisor_form = as_actor("supervisor").get(url).context["form"]
    assert learner_form["base_version"].value() == 1

    first = as_actor("learner").post(
        url, as_posted(learner_form, item1_timeline="LEARNER-WHEN by June")
    )
    assert first.status_code == 302
    page = as_actor("supervisor").post(
        url, as_posted(supervisor_form, supervisor_support="SUPERVISOR-HOW monthly shadowing")
    )

    assert page.status_code == 409
    assert "Someone saved a newer version while you were editing" in page.content.decode()
    theirs, yours = conflict_sides(page.content.decode())
    assert ("LEARNER-WHEN" in theirs, "SUPERVISOR-HOW" in yours) == (True, True)
    newest = plan.versions.order_by("-number").first()
    assert (newest.number, newest.items[0]["timeline"], newest.supervisor_support) == (
        2,
        "LEARNER-WHEN by June",
        plan.versions.get(number=1).supervisor_support,
    )
    form = page.context["form"]
    assert (form["supervisor_support"].value(), form["base_version"].value()) == (
        "SUPERVISOR-HOW monthly shadowing",
        "2",
    )
    # Saving again from the conflict page is a deliberate choice, and makes version 3.
    assert as_actor("supervisor").post(url, as_posted(form)).status_code == 302
    assert plan.versions.count() == 3


def test_a_plan_form_sent_without_its_version_saves_nothing(as_actor, world):
    plan = make_plan(world.people["learner"], "L9")
    url = reverse("lifecycle:plan_edit", args=[plan.pk])
    data = {"item1_area": "x", "item1_actions": "y", "supervisor_support": "z"}
    page = as_actor("learner").post(url, data)
    assert page.status_code == 400
    assert page.context["form"].non_field_errors() == [INCOMPLETE]
    assert plan.versions.count() == 1
