"""Enrollment pages: who may open them, what they show and never show, and query counts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.enrollment import services
from tandem.enrollment.models import (
    Campaign,
    Coachability,
    CoachingRequest,
    Invitation,
    Match,
    Suggestion,
)
from tandem.enrollment.tests.helpers import WORDS, make_request, walk
from tandem.instruments.administration_services import response_save_draft, response_submit
from tandem.instruments.selectors import version_definition
from tandem.privacy.models import AccessEvent
from tandem.privacy.responses import response_get

S = CoachingRequest.Status
WORD_MARKERS = ("WORDS-FOCUS", "WORDS-GOALS", "WORDS-TIMES", "WORDS-FORCOACH")


def html_of(response) -> str:
    return response.content.decode()


def leaked(html: str) -> set[str]:
    return {m for m in (*WORD_MARKERS, "REASON-") if m in html}


@pytest.fixture
def offered(world):
    """The learner's request in matching, offered to the coach, with a private baseline."""
    request = walk(make_request(world.people["learner"]), S.MATCHING)
    Match.objects.create(
        request=request, coach=world.people["coach"], proposed_by=world.people["program_lead"]
    )
    Coachability.objects.create(request=request, fears="BASELINE-fears")
    return request


def test_learner_asks_for_coaching_and_sees_the_status_page(as_actor, world):
    client = as_actor("learner")
    page = client.post(reverse("enrollment:request_new"), {**WORDS, "supervisor_informed": "on"})
    request = CoachingRequest.objects.get(learner=world.people["learner"])
    assert page.status_code == 302
    assert page["Location"] == reverse("enrollment:request_detail", args=[request.pk])
    html = html_of(client.get(page["Location"]))
    assert "WORDS-FOCUS" in html and "Requested" in html
    assert request.supervisor_informed and request.source == CoachingRequest.Source.SELF


def test_request_form_keeps_what_was_typed_on_error(as_actor):
    page = as_actor("learner").post(
        reverse("enrollment:request_new"), {"goals": "KEEP-ME", "preferred_times": "x" * 300}
    )
    html = html_of(page)
    assert page.status_code == 400
    assert "KEEP-ME" in html and "Please fix" in html
    assert 'href="#id_focus"' in html


def test_status_page_shows_timeline_waitlist_position_and_withdraw(as_actor, world):
    request = walk(make_request(world.people["learner"]), S.READINESS, S.MATCHING)
    services.request_waitlist_set(request=request, waiting=True)
    html = html_of(as_actor("learner").get(reverse("enrollment:request_detail", args=[request.pk])))
    assert html.count('class="usa-process-list__item"') == 3
    assert "number <strong>1</strong> on the waitlist" in html
    assert "Withdraw my request" in html


@pytest.mark.parametrize(
    "actor",
    ["other_learner", "coach", "other_coach", "supervisor", "program_lead", "coach_supervisor"],
)
def test_status_page_is_the_learners_alone(as_actor, world, offered, actor):
    page = as_actor(actor).get(reverse("enrollment:request_detail", args=[offered.pk]))
    assert page.status_code == 404
    assert leaked(html_of(page)) == set()


def test_withdrawal_reason_is_shown_to_the_learner_only(as_actor, world, offered):
    client = as_actor("learner")
    client.post(
        reverse("enrollment:request_withdraw", args=[offered.pk]), {"reason": "REASON-moving"}
    )
    offered.refresh_from_db()
    assert offered.status == S.WITHDRAWN
    html = html_of(client.get(reverse("enrollment:request_detail", args=[offered.pk])))
    assert "REASON-moving" in html
    for actor in ("coach", "program_lead", "supervisor"):
        for name in ("enrollment:board", "enrollment:my_requests", "enrollment:suggest"):
            assert "REASON-" not in html_of(as_actor(actor).get(reverse(name)))


def test_matched_coach_reads_the_starting_point_and_the_read_is_audited(as_actor, world, offered):
    page = as_actor("coach").get(reverse("enrollment:coachability", args=[offered.pk]))
    assert page.status_code == 200 and "BASELINE-fears" in html_of(page)
    event = AccessEvent.objects.get(viewer=world.people["coach"])
    assert (event.record_type, event.record_id) == ("coaching_request", offered.pk)


@pytest.mark.parametrize("actor", ["other_coach", "supervisor", "program_lead", "other_learner"])
def test_others_cannot_read_the_starting_point(as_actor, world, offered, actor):
    page = as_actor(actor).get(reverse("enrollment:coachability", args=[offered.pk]))
    assert page.status_code == 404 and "BASELINE-" not in html_of(page)


def test_coach_loses_access_when_the_match_is_declined(as_actor, world, offered):
    Match.objects.filter(request=offered).update(status=Match.Status.DECLINED)
    page = as_actor("coach").get(reverse("enrollment:coachability", args=[offered.pk]))
    assert page.status_code == 404


def test_program_lead_board_shows_structured_fields_never_words(as_actor, world, offered):
    offered.withdrawal_reason = "REASON-x"
    offered.save()
    page = as_actor("program_lead").get(reverse("enrollment:board"))
    html = html_of(page)
    assert page.status_code == 200
    assert world.people["learner"].full_name in html
    assert leaked(html) == set() and "BASELINE-" not in html
    assert page.context["board"].total == 1


@pytest.mark.parametrize("actor", ["supervisor", "coach", "learner", "coach_supervisor"])
def test_board_and_campaigns_are_for_program_leads(as_actor, actor):
    for name in ("enrollment:board", "enrollment:campaigns", "enrollment:campaign_new"):
        assert as_actor(actor).get(reverse(name)).status_code == 403


def test_board_filters_and_stalled(as_actor, world):
    old = walk(make_request(world.people["learner"]), S.MATCHING)
    CoachingRequest.objects.filter(pk=old.pk).update(
        status_changed_at=timezone.now() - timedelta(days=30), source="mandated"
    )
    client = as_actor("program_lead")
    board = client.get(reverse("enrollment:board"), {"stalled_days": 14}).context["board"]
    assert [r.pk for r in board.stalled] == [old.pk]
    assert board.mandated_count == 1
    board = client.get(reverse("enrollment:board"), {"source": "self"}).context["board"]
    assert board.total == 0
    board = client.get(reverse("enrollment:board"), {"status": "matching"}).context["board"]
    assert board.request_count == 1
    # The other learner (South County) is outside the lead's scope.
    walk(make_request(world.people["other_learner"]), S.MATCHING)
    board = client.get(reverse("enrollment:board")).context["board"]
    assert board.total == 1


def test_board_links_requests_waiting_for_a_coach_to_their_matching_page(as_actor, world):
    waiting = walk(make_request(world.people["learner"]), S.MATCHING)
    html = html_of(as_actor("program_lead").get(reverse("enrollment:board")))
    assert reverse("matching:request", args=[waiting.pk]) in html
    CoachingRequest.objects.filter(pk=waiting.pk).update(status=S.READINESS)
    html = html_of(as_actor("program_lead").get(reverse("enrollment:board")))
    assert reverse("matching:request", args=[waiting.pk]) not in html


def test_board_query_count_is_the_same_for_one_and_many_requests(as_actor, world, page_queries):
    from tandem.people.tests.factories import PersonFactory

    client = as_actor("program_lead")
    board = reverse("enrollment:board")
    people = [PersonFactory(org_unit=world.tree["intake"]) for _ in range(4)]
    waiting = walk(make_request(people[0]), S.MATCHING)
    services.request_waitlist_set(request=waiting, waiting=True)
    one = page_queries(board, client=client)
    for person in people[1:]:
        request = walk(make_request(person), S.MATCHING)
        services.request_waitlist_set(request=request, waiting=True)
    assert page_queries(board, client=client) == one


def test_campaign_list_query_count(as_actor, world, page_queries):
    client = as_actor("program_lead")
    lead = world.people["program_lead"]
    url = reverse("enrollment:campaigns")

    def make(name):
        services.campaign_create(lead=lead, data={"name": name, "scope": world.tree["intake"]})

    make("One")
    one = page_queries(url, client=client)
    make("Two")
    make("Three")
    assert page_queries(url, client=client) == one
    assert "Three" in html_of(client.get(url))


def test_program_lead_opens_an_outreach_campaign(as_actor, world):
    page = as_actor("program_lead").post(
        reverse("enrollment:campaign_new"),
        {
            "name": "Fall cohort",
            "kind": "outreach",
            "scope": world.tree["north_office"].pk,
            "opens_on": "2026-12-01",
        },
    )
    assert page.status_code == 302
    campaign = Campaign.objects.get(name="Fall cohort")
    assert Invitation.objects.filter(campaign=campaign, person=world.people["learner"]).exists()
    assert not CoachingRequest.objects.exists()


def test_campaign_form_refuses_a_backwards_hire_range(as_actor, world):
    page = as_actor("program_lead").post(
        reverse("enrollment:campaign_new"),
        {
            "name": "KEEP-NAME",
            "kind": "cohort",
            "scope": world.tree["north_office"].pk,
            "opens_on": "2026-12-01",
            "hired_from": "2026-09-01",
            "hired_to": "2026-07-01",
        },
    )
    assert page.status_code == 400 and "KEEP-NAME" in html_of(page)


def test_supervisor_suggests_and_the_learner_accepts(as_actor, world):
    learner = world.people["learner"]
    page = as_actor("supervisor").post(
        reverse("enrollment:suggest"), {"learner": learner.pk, "message": "Worth a try"}
    )
    assert page.status_code == 302
    suggestion = Suggestion.objects.get(learner=learner)
    assert not CoachingRequest.objects.exists()
    client = as_actor("learner")
    assert "Worth a try" in html_of(client.get(reverse("enrollment:suggestions")))
    page = client.post(reverse("enrollment:request_new"), {**WORDS, "suggestion": suggestion.pk})
    request = CoachingRequest.objects.get(learner=learner)
    assert request.source == CoachingRequest.Source.SUPERVISOR
    # The supervisor sees the answer, never the words.
    html = html_of(as_actor("supervisor").get(reverse("enrollment:suggest")))
    assert "Accepted" in html and leaked(html) == set()


def test_learner_declines_a_suggestion(as_actor, world):
    suggestion = services.suggestion_create(
        supervisor=world.people["supervisor"], learner=world.people["learner"]
    )
    as_actor("learner").post(reverse("enrollment:suggestion_decline", args=[suggestion.pk]))
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.DECLINED


def test_other_supervisor_cannot_suggest_to_someone_outside_their_chain(as_actor, world):
    page = as_actor("other_supervisor").post(
        reverse("enrollment:suggest"), {"learner": world.people["learner"].pk}
    )
    assert page.status_code == 400
    assert not Suggestion.objects.exists()


def test_no_enrollment_url_lets_a_supervisor_create_a_request_for_someone_else(as_actor, world):
    """Every enrollment URL, posted by the supervisor with their team member named every
    way we can think of: no request is ever created for the team member."""
    from tandem.enrollment.urls import urlpatterns

    learner = world.people["learner"]
    suggestion = services.suggestion_create(supervisor=world.people["supervisor"], learner=learner)
    client = as_actor("supervisor")
    data = {**WORDS, "learner": learner.pk, "person": learner.pk, "suggestion": suggestion.pk}
    for pattern in urlpatterns:
        args = [suggestion.pk] * len(pattern.pattern.converters)
        client.post(reverse(f"enrollment:{pattern.name}", args=args), data)
        client.get(reverse(f"enrollment:{pattern.name}", args=args), data)
    assert not CoachingRequest.objects.filter(learner=learner).exists()


def test_learner_readiness_start_fill_and_result(as_actor, world, instruments):
    learner = world.people["learner"]
    request = make_request(learner)
    client = as_actor("learner")
    page = client.post(reverse("enrollment:readiness_start", args=[request.pk]))
    request.refresh_from_db()
    assert request.status == S.READINESS
    assert page["Location"] == reverse(
        "instruments:fill", args=[request.readiness_administration_id]
    )
    access = response_get(viewer=learner, administration_id=request.readiness_administration_id)
    definition = version_definition(access.response.version)
    answers = {item.key: not item.red_flag for item in definition.items}
    answers["personal-strain"] = True
    saved = response_save_draft(access=access, answers=answers, revision=0)
    access = response_get(viewer=learner, administration_id=request.readiness_administration_id)
    response_submit(access=access, revision=saved.response.revision, via="test")
    html = html_of(client.get(reverse("enrollment:request_detail", args=[request.pk])))
    assert "Probably ready for coaching" in html
    assert "Warning signs to talk through" in html
    client.post(reverse("enrollment:readiness_done", args=[request.pk]))
    request.refresh_from_db()
    assert request.status == S.MATCHING


def test_my_requests_and_suggestions_query_counts(as_actor, world, page_queries):
    learner = world.people["learner"]
    client = as_actor("learner")

    def count(name):
        return page_queries(reverse(name), client=client)

    services.request_withdraw(request=make_request(learner), by=learner)
    one = count("enrollment:my_requests")
    for _ in range(2):
        services.request_withdraw(request=make_request(learner), by=learner)
    assert count("enrollment:my_requests") == one
    services.suggestion_create(supervisor=world.people["supervisor"], learner=learner)
    one = count("enrollment:suggestions")
    assert count("enrollment:suggestions") == one


def test_coach_gives_the_readiness_check_to_complete_together(as_actor, world, instruments):
    learner, coach = world.people["learner"], world.people["coach"]
    request = walk(make_request(learner), S.MATCHING)
    Match.objects.create(
        request=request, coach=coach, proposed_by=world.people["program_lead"], status="accepted"
    )
    request.engagement = world.e1  # active, coached by the coach
    request.save()
    client = as_actor("coach")
    page = client.get(reverse("enrollment:coachability", args=[request.pk]))
    assert "Give the readiness check to complete together" in html_of(page)
    client.post(reverse("enrollment:readiness_with_coach", args=[request.pk]))
    request.refresh_from_db()
    assert request.readiness_with_coach.engagement == world.e1
    assert request.readiness_with_coach.respondent == learner
    html = html_of(as_actor("learner").get(reverse("enrollment:request_detail", args=[request.pk])))
    assert "Fill in the readiness check with your coach" in html
    # Another coach cannot.
    page = as_actor("other_coach").post(
        reverse("enrollment:readiness_with_coach", args=[request.pk])
    )
    assert page.status_code == 404
