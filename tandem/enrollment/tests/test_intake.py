"""The program lead's intake conversation before matching (seed 001, issue #16 item 13): who
records it, what matching does with it, and who reads its note (before and after the learner
withdraws). Every confidential text carries a marker, so a leak shows on any page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tandem.enrollment import services
from tandem.enrollment.intake import intake_record
from tandem.enrollment.matching.selectors import cohort_requests, lead_paths
from tandem.enrollment.matching.services import match_propose
from tandem.enrollment.matching.tests.helpers import coach
from tandem.enrollment.models import CoachingRequest, Intake, Match
from tandem.enrollment.tests.helpers import make_request, walk
from tandem.people.models import Role
from tandem.people.tests.factories import person_with_account
from tandem.privacy.models import AccessEvent
from tandem.privacy.requests import intake_note_visible_to

S = CoachingRequest.Status
NOTE = "INTAKE-NOTE-MARKER wants calmer court weeks"


@pytest.fixture
def waiting(world):
    """The world's learner's request, in matching, with no intake yet."""
    return walk(make_request(world.people["learner"]), S.READINESS, S.MATCHING)


def _record(world, request, decision=Intake.Decision.FITS, **extra):
    values = {"held_on": timezone.localdate(), "decision": decision, "note": NOTE} | extra
    return intake_record(request=request, by=world.people["program_lead"], **values)


def _page_of(as_actor, actor, name):
    return as_actor(actor).get(reverse(name))


def _page(as_actor, actor, name, request):
    return as_actor(actor).get(reverse(name, args=[request.pk]))


# --- Recording ---------------------------------------------------------------------------------


def test_intake_lead_records_it_on_the_request_page(as_actor, world, waiting):
    client = as_actor("program_lead")
    url = reverse("matching:intake", args=[waiting.pk])
    day = timezone.localdate() - timedelta(days=1)
    CoachingRequest.objects.filter(pk=waiting.pk).update(
        created_at=timezone.now() - timedelta(days=3)
    )

    response = client.post(url, {"held_on": day.isoformat(), "decision": "fits", "note": NOTE})

    assert response.status_code == 302
    intake = Intake.objects.get(request=waiting)
    assert (intake.held_on, intake.decision, intake.note) == (day, "fits", NOTE)
    assert intake.recorded_by == world.people["program_lead"]
    page = client.get(reverse("matching:request", args=[waiting.pk])).content.decode()
    assert NOTE in page and "Coaching fits" in page


def test_intake_without_date_or_decision_is_refused_and_keeps_the_note(as_actor, waiting):
    client = as_actor("program_lead")
    url = reverse("matching:intake", args=[waiting.pk])

    response = client.post(url, {"held_on": "", "note": NOTE})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Give the date you met." in html and "Choose what the conversation decided." in html
    assert NOTE in html  # the typed note is shown again, not lost
    assert not Intake.objects.filter(request=waiting).exists()


def test_intake_in_the_future_or_before_the_request_is_refused(world, waiting):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as future:
        _record(world, waiting, held_on=tomorrow)
    assert future.value.message_dict == {
        "held_on": ["The conversation cannot have taken place in the future."]
    }
    CoachingRequest.objects.filter(pk=waiting.pk).update(
        created_at=timezone.now() - timedelta(days=3)
    )
    waiting.refresh_from_db()
    with pytest.raises(ValidationError):
        _record(world, waiting, held_on=timezone.localdate() - timedelta(days=5))
    assert not Intake.objects.exists()


def test_intake_after_matching_is_refused(world, waiting):
    walk(waiting, S.AGREEMENT)

    with pytest.raises(ValidationError) as refused:
        _record(world, waiting)

    assert refused.value.messages == [
        "An intake is recorded before matching; this request is past that step."
    ]


def test_intake_page_is_the_program_leads_only(as_actor, world, waiting):
    url = reverse("matching:intake", args=[waiting.pk])
    data = {"held_on": timezone.localdate().isoformat(), "decision": "fits", "note": NOTE}
    for actor in ("learner", "supervisor", "coach", "leadership", "coach_supervisor"):
        response = as_actor(actor).post(url, data)
        assert response.status_code in (403, 404), actor
    lead_elsewhere = person_with_account(
        roles=(Role.PROGRAM_LEAD,), org_unit=world.tree["south_office"], last_name="Southlead"
    )
    client = as_actor("anonymous")
    client.force_login(lead_elsewhere.user)
    assert client.post(url, data).status_code == 404
    assert not Intake.objects.exists()


# --- Matching needs it -----------------------------------------------------------------------


def test_matching_offers_a_request_only_once_its_intake_says_coaching_fits(world, waiting):
    lead = world.people["program_lead"]
    chosen = coach(world.tree["ongoing"])

    with pytest.raises(ValidationError) as without:
        match_propose(request=waiting, coach_id=chosen.pk, by=lead)
    _record(world, waiting, Intake.Decision.NOT_NOW)
    with pytest.raises(ValidationError) as not_now:
        match_propose(request=waiting, coach_id=chosen.pk, by=lead)
    assert cohort_requests(paths=lead_paths(person=lead)) == []

    _record(world, waiting, Intake.Decision.FITS)
    assert cohort_requests(paths=lead_paths(person=lead)) == [waiting]
    match = match_propose(request=waiting, coach_id=chosen.pk, by=lead, override_reason="x")

    expected = [
        "Offer the request to a coach once an intake conversation found that coaching fits."
    ]
    assert without.value.messages == not_now.value.messages == expected
    assert match.status == Match.Status.PROPOSED


def test_matching_page_asks_for_the_intake_before_offering(as_actor, world, waiting):
    coach(world.tree["ongoing"])

    before = _page(as_actor, "program_lead", "matching:request", waiting).content.decode()
    _record(world, waiting)
    after = _page(as_actor, "program_lead", "matching:request", waiting).content.decode()

    assert "No intake conversation is recorded yet." in before
    assert 'data-testid="intake-needed"' in before and "Offer to this coach" not in before
    assert 'data-testid="intake-needed"' not in after and "Offer to this coach" in after


# --- Who reads the note ----------------------------------------------------------------------


def test_intake_note_read_by_the_learner_and_the_lead(as_actor, world, waiting):
    _record(world, waiting)

    learner_page = _page(as_actor, "learner", "enrollment:request_detail", waiting)
    lead_page = _page(as_actor, "program_lead", "matching:request", waiting)

    assert learner_page.status_code == lead_page.status_code == 200
    assert NOTE in learner_page.content.decode()
    assert NOTE in lead_page.content.decode()
    # The lead's read is on the learner's record of who viewed it; the learner's own is not.
    reads = AccessEvent.objects.filter(record_type="intake")
    assert list(reads.values_list("viewer_id", "subject_id")) == [
        (world.people["program_lead"].pk, world.people["learner"].pk)
    ]
    record = _page_of(as_actor, "learner", "privacy:my_record").content.decode()
    assert world.people["program_lead"].full_name in record
    assert "Opened coach matching" in record


@pytest.mark.parametrize(
    "actor",
    ["supervisor", "coach", "other_coach", "leadership", "coach_supervisor", "evaluator"],
)
def test_intake_note_never_reaches_others(as_actor, world, waiting, actor):
    _record(world, waiting)
    Match.objects.create(
        request=waiting, coach=world.people["coach"], proposed_by=world.people["program_lead"]
    )
    pages = [
        reverse("enrollment:request_detail", args=[waiting.pk]),
        reverse("matching:request", args=[waiting.pk]),
        reverse("matching:incoming"),
        reverse("enrollment:board"),
        reverse("enrollment:suggest"),
        reverse("web:home"),
    ]
    client = as_actor(actor)

    for url in pages:
        assert NOTE not in client.get(url).content.decode(), (actor, url)
    assert not intake_note_visible_to(viewer=world.people[actor], request=waiting)


def test_intake_note_is_the_learners_alone_after_withdrawal(as_actor, world, waiting):
    _record(world, waiting)
    services.request_withdraw(request=waiting, by=world.people["learner"], reason="")
    waiting.refresh_from_db()

    learner_page = _page(as_actor, "learner", "enrollment:request_detail", waiting)
    lead_page = _page(as_actor, "program_lead", "matching:request", waiting).content.decode()

    assert NOTE in learner_page.content.decode()
    assert NOTE not in lead_page
    assert "Coaching fits" in lead_page  # the date and decision stay with the program
    assert "only they read the note now" in lead_page
    assert not intake_note_visible_to(viewer=world.people["program_lead"], request=waiting)
    assert intake_note_visible_to(viewer=world.people["learner"], request=waiting)


def test_an_intake_without_a_note_says_so_and_audits_nothing(as_actor, world, waiting):
    _record(world, waiting, note="")
    html = _page(as_actor, "program_lead", "matching:request", waiting).content.decode()
    assert "No note." in html and "The learner withdrew" not in html
    assert not AccessEvent.objects.filter(record_type="intake").exists()
