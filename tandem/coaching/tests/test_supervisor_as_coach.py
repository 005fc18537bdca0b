"""A coach in the learner's chain of command is always "supervisor as coach": the kind cannot be
switched away, every session says whether it is coaching or supervision, and supervision
meetings are shown and kept as supervision (DOMAIN.md §8; #13)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.agreements.demo import agreement_in_force_create
from tandem.coaching.models import CoachingSession, Engagement
from tandem.coaching.services import engagement_create
from tandem.coaching.tests.helpers import form_time, future
from tandem.goals.tests.helpers import make_goal

pytestmark = pytest.mark.django_db


@pytest.fixture
def sac(world):
    """The learner's own line supervisor coaches them, with the agreement in force."""
    engagement = engagement_create(
        coach=world.people["supervisor"], learner=world.people["learner"], focus="SAC focus"
    )
    Engagement.objects.filter(pk=engagement.pk).update(status=Engagement.Status.ACTIVE)
    agreement_in_force_create(engagement=engagement, shares={})
    return Engagement.objects.get(pk=engagement.pk)


def _schedule(client, engagement, **extra):
    data = {
        "starts_at": form_time(future()),
        "duration_minutes": 60,
        "purpose": "coaching",
        "modality": "video",
        **extra,
    }
    return client.post(reverse("coaching:session_add", args=[engagement.pk]), data)


def test_a_line_supervisor_as_coach_of_an_individual_engagement_is_supervisor_as_coach(sac):
    assert sac.kind == Engagement.Kind.SUPERVISOR_AS_COACH


@pytest.mark.parametrize("actor", ["supervisor", "learner"])
def test_neither_party_can_switch_it_to_individual(client, world, sac, actor):
    client.force_login(world.people[actor].user)
    response = client.post(
        reverse("coaching:engagement_settings", args=[sac.pk]),
        {
            "purpose": "skills",
            "model": "",
            "focus": "SAC focus",
            "kind": "individual",
            "base_version": sac.version,
        },
    )
    assert response.status_code == 400
    assert "chain of command" in response.content.decode()
    assert Engagement.objects.get(pk=sac.pk).kind == Engagement.Kind.SUPERVISOR_AS_COACH


def test_an_older_individual_engagement_with_the_supervisor_as_coach_still_declares(client, world):
    legacy = Engagement.objects.create(
        coach=world.people["supervisor"], learner=world.people["learner"], status="active"
    )
    agreement_in_force_create(engagement=legacy, shares={})
    client.force_login(world.people["supervisor"].user)
    response = _schedule(client, legacy)
    assert (response.status_code, "coaching or supervision" in response.content.decode()) == (
        400,
        True,
    )
    assert _schedule(client, legacy, role="supervision").status_code == 302
    assert list(legacy.sessions.values_list("role", flat=True)) == ["supervision"]


def test_a_supervision_meeting_is_shown_as_supervision_with_no_coaching_record(client, world, sac):
    client.force_login(world.people["supervisor"].user)
    assert _schedule(client, sac, role="supervision").status_code == 302
    session = CoachingSession.objects.get(engagement=sac)
    page = client.get(reverse("conversation:session_detail", args=[session.pk])).content.decode()
    assert "<dt>Declared as</dt><dd>Supervision</dd>" in page
    assert "Save the session record" not in page
    save = client.post(
        reverse("conversation:record_save", args=[session.pk]), {"focus": "FOCUS-SUPERVISION"}
    )
    assert save.status_code == 403

    assert _schedule(client, sac, role="coaching").status_code == 302
    coaching = CoachingSession.objects.get(engagement=sac, role="coaching")
    page = client.get(reverse("conversation:session_detail", args=[coaching.pk])).content.decode()
    assert "<dt>Declared as</dt><dd>Coaching</dd>" in page
    assert "Save the session record" in page


def test_the_team_goals_page_leaves_out_the_supervisors_own_coaching(client, world, sac):
    make_goal(sac, "SAC")
    client.force_login(world.people["supervisor"].user)
    team = client.get(reverse("goals:supervisor_view")).content.decode()
    assert "GOAL-SAC" not in team
    # As the coach, they see the goals on the engagement's own goals page.
    progress = client.get(reverse("goals:progress", args=[sac.pk])).content.decode()
    assert "GOAL-SAC" in progress
