"""Closing coaching: the coach's flow, who reads what afterwards, and the next cycle."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from tandem.coaching.models import Engagement, Note
from tandem.goals.tests.helpers import share
from tandem.instruments.models import Administration
from tandem.lifecycle.models import ClosingRecord, Cycle
from tandem.lifecycle.tests.helpers import closed_engagement
from tandem.notifications.models import Notification
from tandem.privacy.categories import Category, Party
from tandem.privacy.models import AccessEvent

SURVEY = Path(__file__).resolve().parents[2] / "instruments" / "definitions" / "closing-survey"
CLOSING = {
    "went_well": "CLOSE-E1 the weekly check-ins",
    "was_hard": "finding a quiet room",
    "coach_contribution": "regular feedback",
    "learner_contribution": "tried each step",
    "goals_met": "partly",
    "goals_notes": "",
    "barriers": "caseload spikes",
    "process_changes": "",
    "summary": "SUMMARY-E1 solid progress on staffing questions",
}


@pytest.fixture
def survey(db):
    call_command("load_instruments", str(SURVEY), verbosity=0)


def close(client, engagement, data=CLOSING):
    return client.post(reverse("lifecycle:close", args=[engagement.pk]), data)


def test_coach_closes_with_record_summary_survey_and_notifications(as_actor, world, survey):
    response = close(as_actor("coach"), world.e1)
    assert response.status_code == 302
    world.e1.refresh_from_db()
    assert (world.e1.status, world.e1.ended_on is not None) == (Engagement.Status.CLOSED, True)
    record = ClosingRecord.objects.get(engagement=world.e1)
    assert (record.went_well, record.goals_met) == ("CLOSE-E1 the weekly check-ins", "partly")
    summary = Note.objects.get(engagement=world.e1, body__startswith="SUMMARY-E1")
    assert (summary.kind, summary.category) == (Note.Kind.CLOSING_SUMMARY, "closing_summary")
    administration = Administration.objects.get(engagement=world.e1)
    assert administration.respondent == world.people["learner"]
    # E1 shares progress summaries with the supervisor, not closing summaries: nobody but the
    # learner is told, and the message carries no content.
    notes = list(Notification.objects.values_list("recipient_id", "body"))
    assert [r for r, _ in notes] == [world.people["learner"].pk]
    assert "CLOSE-E1" not in notes[0][1] and "SUMMARY-E1" not in notes[0][1]
    assert AccessEvent.objects.filter(record_type="closing_record", action="create").count() == 1


def test_closing_page_tells_the_coach_whether_the_summary_is_shared(as_actor, world):
    page = as_actor("coach").get(reverse("lifecycle:close", args=[world.e1.pk]))
    assert "does not share the closing summary" in page.content.decode()
    share(world.e1, {Party.SUPERVISOR: [Category.CLOSING_SUMMARY]})
    page = as_actor("coach").get(reverse("lifecycle:close", args=[world.e1.pk]))
    assert "The coaching agreement shares the closing summary with" in page.content.decode()


def test_supervisor_reads_the_closing_summary_only_when_the_agreement_shares_it(
    as_actor, world, survey
):
    share(world.e1, {Party.SUPERVISOR: [Category.CLOSING_SUMMARY]})
    close(as_actor("coach"), world.e1)
    detail = reverse("coaching:engagement_detail", args=[world.e1.pk])
    html = as_actor("supervisor").get(detail).content.decode()
    assert ("SUMMARY-E1" in html, "CLOSE-E1" in html) == (True, False)
    told = Notification.objects.filter(recipient=world.people["supervisor"]).get()
    assert "SUMMARY-E1" not in told.body


def test_supervisor_does_not_read_an_unshared_closing_summary(as_actor, world, survey):
    close(as_actor("coach"), world.e1)
    detail = reverse("coaching:engagement_detail", args=[world.e1.pk])
    html = as_actor("supervisor").get(detail).content.decode()
    assert ("SUMMARY-E1" in html, "CLOSE-E1" in html) == (False, False)


@pytest.mark.parametrize("actor", ["learner", "coach"])
def test_coach_and_learner_read_the_closing_conversation(as_actor, world, actor):
    engagement = closed_engagement(
        world.people["learner"], world.people["coach"], "E5", shared=True
    )
    page = as_actor(actor).get(reverse("lifecycle:engagement", args=[engagement.pk]))
    assert page.status_code == 200
    assert "CLOSING-E5" in page.content.decode()


@pytest.mark.parametrize(
    ("actor", "status"),
    [("supervisor", 403), ("program_lead", 403), ("coach_supervisor", 403), ("leadership", 404)],
)
def test_other_parties_never_read_the_closing_conversation(as_actor, world, actor, status):
    engagement = closed_engagement(
        world.people["learner"], world.people["coach"], "E5", shared=True
    )
    page = as_actor(actor).get(reverse("lifecycle:engagement", args=[engagement.pk]))
    assert page.status_code == status
    assert "CLOSING-E5" not in page.content.decode()
    detail = as_actor(actor).get(reverse("coaching:engagement_detail", args=[engagement.pk]))
    assert "CLOSING-E5" not in detail.content.decode()


def test_learner_cannot_close_and_bad_input_is_kept(as_actor, world):
    assert close(as_actor("learner"), world.e1).status_code == 403
    page = close(as_actor("coach"), world.e1, {**CLOSING, "was_hard": ""})
    assert page.status_code == 400
    html = page.content.decode()
    assert ("CLOSE-E1 the weekly check-ins" in html, "What was hard?: " in html) == (True, True)
    world.e1.refresh_from_db()
    assert world.e1.status == Engagement.Status.ACTIVE


def test_closing_without_the_survey_loaded_still_closes(as_actor, world):
    assert close(as_actor("coach"), world.e1).status_code == 302
    assert Administration.objects.count() == 0
    world.e1.refresh_from_db()
    assert world.e1.status == Engagement.Status.CLOSED


def test_new_cycle_is_planned_and_linked_once(as_actor, world):
    engagement = closed_engagement(
        world.people["learner"], world.people["coach"], "E5", shared=False
    )
    url = reverse("lifecycle:new_cycle", args=[engagement.pk])
    response = as_actor("coach").post(url)
    cycle = Cycle.objects.get(previous=engagement)
    assert response.url == reverse("coaching:engagement_detail", args=[cycle.next_id])
    nxt = cycle.next
    assert (nxt.learner_id, nxt.coach_id, nxt.status) == (
        engagement.learner_id,
        engagement.coach_id,
        Engagement.Status.PLANNED,
    )
    assert not hasattr(nxt, "agreement")
    as_actor("coach").post(url)
    assert Cycle.objects.filter(previous=engagement).count() == 1


def test_new_cycle_needs_closed_coaching(as_actor, world):
    as_actor("coach").post(reverse("lifecycle:new_cycle", args=[world.e1.pk]))
    assert Cycle.objects.count() == 0


def test_closing_moves_the_learners_coaching_request_to_closed(as_actor, world):
    from django.utils import timezone

    from tandem.enrollment.models import CoachingRequest

    request = CoachingRequest.objects.create(
        learner=world.people["learner"],
        status=CoachingRequest.Status.ACTIVE,
        status_changed_at=timezone.now(),
        engagement=world.e1,
    )
    close(as_actor("coach"), world.e1)
    request.refresh_from_db()
    assert request.status == CoachingRequest.Status.CLOSED


def test_closing_conversation_is_listed_with_the_coaching_records(as_actor, world):
    engagement = closed_engagement(
        world.people["learner"], world.people["coach"], "E5", shared=True
    )
    html = as_actor("learner").get(reverse("coaching:engagement_detail", args=[engagement.pk]))
    text = html.content.decode()
    assert ("Closing conversation" in text, "What went well: CLOSING-E5" in text) == (True, True)


def test_reading_the_closing_conversation_is_audited_as_exactly_that(as_actor, world):
    engagement = closed_engagement(
        world.people["learner"], world.people["coach"], "E5", shared=True
    )
    as_actor("learner").get(reverse("lifecycle:engagement", args=[engagement.pk]))
    events = AccessEvent.objects.filter(engagement=engagement, action="view")
    assert sorted(events.values_list("record_type", "category", "viewer_id")) == [
        ("closing_record", "coach_learner", world.people["learner"].pk),
        ("engagement", "administrative", world.people["learner"].pk),
    ]
