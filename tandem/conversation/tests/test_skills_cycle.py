"""The session record follows its coaching model (issue #16, items 10 and 12): notes per step,
the observation step linked to one of the engagement's observations, a notice to the coach
when feedback came before the learner's own reflection, and the quality contacts model."""

from datetime import date

import pytest
from django.urls import reverse

from tandem.coaching.models import CoachingSession
from tandem.conversation.models import FeedbackLadderNote, SessionRecord
from tandem.conversation.tests.helpers import held_session
from tandem.instruments.models import Observation
from tandem.questionbank.models import CoachingModel

NOTE_MARKER = "STAGENOTE-E1 role-played the first visit"
NOTICE = "The Child welfare skills-based model has the learner reflect first"


@pytest.fixture
def s1(world):
    return CoachingSession.objects.get(engagement=world.e1)


def observation(engagement, notes="OBSNOTE"):
    return Observation.objects.create(
        engagement=engagement,
        direction=Observation.Direction.COACH_OBSERVES_LEARNER,
        observer=engagement.coach,
        observed=engagement.learner,
        setting=Observation.Setting.ROLE_PLAY,
        observed_on=date(2026, 9, 18),
        notes=notes,
        created_by=engagement.coach,
    )


def save(client, session, version=0, **data):
    url = reverse("conversation:record_save", args=[session.pk])
    return client.post(url, {"base_version": version, "focus": "", **data})


def page(client, session) -> str:
    return client.get(reverse("conversation:session_detail", args=[session.pk])).content.decode()


def test_coach_notes_each_step_and_links_the_observation(as_actor, world, s1):
    seen = observation(world.e1)
    coach = as_actor("coach")
    response = save(
        coach,
        s1,
        stages_done=["demonstration-observation-action"],
        **{"stage_note_demonstration-observation-action": NOTE_MARKER},
        observation=seen.pk,
    )
    assert response.status_code == 302
    record = SessionRecord.objects.get(session=s1)
    assert record.stage_notes == {"demonstration-observation-action": NOTE_MARKER}
    assert record.observation_id == seen.pk
    html = page(coach, s1)
    assert NOTE_MARKER in html
    assert (
        f'<option value="{seen.pk}" selected>Sep 18, 2026: The coach observes the learner, Role play</option>'
        in html
    )
    assert reverse("instruments:observation_detail", args=[seen.pk]) in html


def test_learner_reads_the_step_notes_and_the_observation_link(as_actor, world, s1):
    seen = observation(world.e1)
    save(as_actor("coach"), s1, **{"stage_note_joint-planning": NOTE_MARKER}, observation=seen.pk)
    html = page(as_actor("learner"), s1)
    assert f"<dt>Joint planning</dt><dd>{NOTE_MARKER}</dd>" in html
    assert reverse("instruments:observation_detail", args=[seen.pk]) in html


@pytest.mark.parametrize("actor", ["supervisor", "program_lead", "coach_supervisor", "other_coach"])
def test_nobody_else_reads_the_step_notes(as_actor, world, s1, actor):
    save(as_actor("coach"), s1, **{"stage_note_joint-planning": NOTE_MARKER})
    response = as_actor(actor).get(reverse("conversation:session_detail", args=[s1.pk]))
    assert NOTE_MARKER not in response.content.decode()
    assert response.status_code in (200, 404)


def test_an_observation_of_another_engagement_is_refused_and_nothing_is_lost(as_actor, world, s1):
    theirs = observation(world.e2, notes="OBS-E2")
    response = save(
        as_actor("coach"), s1, observation=theirs.pk, **{"stage_note_joint-planning": NOTE_MARKER}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Select a valid choice." in html
    assert NOTE_MARKER in html  # what was typed stays in the form
    assert not SessionRecord.objects.filter(session=s1).exists()


def test_feedback_without_the_learners_reflection_is_noticed_to_the_coach_only(as_actor, world, s1):
    response = save(as_actor("coach"), s1, stages_done=["facilitated-reflection"])
    assert response.status_code == 302  # saved: the notice does not block
    coach_html = page(as_actor("coach"), s1)
    assert 'id="order-notice"' in coach_html
    assert NOTICE in coach_html
    assert (
        "not the learner's own reflection (“Individual analysis and self-reflection”)" in coach_html
    )
    assert 'id="order-notice"' not in page(as_actor("learner"), s1)


def test_reflection_first_gives_no_notice(as_actor, world, s1):
    save(as_actor("coach"), s1, stages_done=["self-reflection", "facilitated-reflection"])
    assert 'id="order-notice"' not in page(as_actor("coach"), s1)


def test_reflection_ticked_after_feedback_was_saved_is_noticed(as_actor, world, s1):
    coach = as_actor("coach")
    save(coach, s1, stages_done=["facilitated-reflection"])
    save(coach, s1, version=1, stages_done=["self-reflection", "facilitated-reflection"])
    record = SessionRecord.objects.get(session=s1)
    assert record.stages_done == ["facilitated-reflection", "self-reflection"]
    html = page(coach, s1)
    assert (
        "In this record, “Facilitated reflection and feedback” was recorded before "
        "“Individual analysis and self-reflection”." in html
    )


def test_reflection_in_the_previous_session_counts_for_this_cycle(as_actor, world, s1):
    earlier = held_session(world.e1, days_before=400)
    SessionRecord.objects.create(
        session=earlier,
        model_code="skills-based",
        stages_done=["self-reflection"],
        recorded_by=world.e1.coach,
    )
    save(as_actor("coach"), s1, stages_done=["facilitated-reflection"])
    assert 'id="order-notice"' not in page(as_actor("coach"), s1)


def test_feedback_notes_without_reflection_are_noticed(as_actor, world, s1):
    FeedbackLadderNote.objects.create(session=s1, concerns="too fast", recorded_by=world.e1.coach)
    assert NOTICE in page(as_actor("coach"), s1)


def test_quality_contacts_model_is_offered_and_its_steps_follow_in_the_record(as_actor, world, s1):
    coach = as_actor("coach")
    settings_page = coach.get(reverse("coaching:engagement_settings", args=[world.e1.pk]))
    quality = CoachingModel.objects.get(code="quality-contacts")
    assert f'<option value="{quality.pk}">Quality contacts (Clarify focus and roles' in (
        settings_page.content.decode()
    )
    type(world.e1).objects.filter(pk=world.e1.pk).update(model=quality)
    html = page(coach, s1)
    assert "Stages of the Quality contacts model" in html
    steps = {
        "clarify-focus-roles": "Clarify focus and roles",
        "set-expectations": "Set expectations",
        "monitor-progress": "Monitor progress toward goals",
    }
    for code, name in steps.items():
        assert f'<label class="usa-checkbox__label" for="stage-{code}">{name}</label>' in html
    assert "How would you rate your progress toward" in html  # its own prompts
    assert 'id="order-notice"' not in html
