"""No silent overwrite of an agreement draft or a template (docs/RELIABILITY.md): the coach and
the learner open the same draft (text and disclosure map); the second save answers 409 with
both versions, the first change stays, and the second person's choices stay in the form."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.agreements.models import AgreementTemplate
from tandem.agreements.selectors import disclosure_of, latest_version
from tandem.agreements.tests.helpers import draft
from tandem.ui.locking import INCOMPLETE
from tandem.ui.tests.helpers import as_posted, conflict_sides

pytestmark = pytest.mark.django_db


def test_coach_and_learner_editing_one_draft_never_overwrite_each_other(client, setup):
    world, engagement, leader = setup
    agreement = draft(engagement, leader)
    url = reverse("agreements:edit", args=[agreement.pk])
    client.force_login(engagement.coach.user)
    coach_form = client.get(url).context["form"]
    client.force_login(engagement.learner.user)
    learner_form = client.get(url).context["form"]
    assert coach_form["base_version"].value() == 2  # started, then filled in by draft()

    client.force_login(engagement.coach.user)
    first = client.post(url, as_posted(coach_form, frequency="COACH-FREQ every other week"))
    assert first.status_code == 302
    client.force_login(engagement.learner.user)
    page = client.post(
        url,
        as_posted(
            learner_form, success_measures="LEARNER-GOALS my words", share_supervisor=["goals"]
        ),
    )

    assert page.status_code == 409
    theirs, yours = conflict_sides(page.content.decode())
    assert ("COACH-FREQ" in theirs, "LEARNER-GOALS" in yours, "Goals" in yours) == (
        True,
        True,
        True,
    )
    latest = latest_version(agreement=agreement)
    assert (latest.content["frequency"], latest.content["success_measures"]) == (
        "COACH-FREQ every other week",
        "Agreed text",
    )
    assert disclosure_of(version=latest).get("supervisor", []) == []
    form = page.context["form"]
    assert (form["success_measures"].value(), form["share_supervisor"].value()) == (
        "LEARNER-GOALS my words",
        ["goals"],
    )
    assert form["base_version"].value() == "3"


def test_an_agreement_form_sent_without_its_version_changes_nothing(client, setup):
    world, engagement, leader = setup
    agreement = draft(engagement, leader)
    client.force_login(engagement.coach.user)
    page = client.post(reverse("agreements:edit", args=[agreement.pk]), {"frequency": "Never"})
    assert page.context["form"].non_field_errors() == [INCOMPLETE]
    assert latest_version(agreement=agreement).content["frequency"] == "Agreed text"


def test_two_program_leads_editing_one_template_never_overwrite_each_other(client, setup):
    world, engagement, leader = setup
    template = AgreementTemplate.objects.get(slug="peer-coaching")
    url = reverse("agreements:template_edit", args=[template.pk])
    client.force_login(world.people["program_lead"].user)
    tab_one, tab_two = client.get(url).context["form"], client.get(url).context["form"]

    assert client.post(url, as_posted(tab_one, frequency="ONE monthly")).status_code == 302
    page = client.post(url, as_posted(tab_two, title="TWO county version"))

    assert page.status_code == 409
    theirs, yours = conflict_sides(page.content.decode())
    assert ("ONE monthly" in theirs, "TWO county version" in yours) == (True, True)
    template.refresh_from_db()
    assert (template.defaults["frequency"], template.title) == (
        "ONE monthly",
        "Peer coaching agreement",
    )
    assert page.context["form"]["title"].value() == "TWO county version"
