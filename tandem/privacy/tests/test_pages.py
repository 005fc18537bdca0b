"""Engagement and privacy pages: allowed and denied, with content present that could leak."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tandem.agreements.demo import shares_set
from tandem.coaching.models import Engagement, Note
from tandem.coaching.tests.groups import joined
from tandem.notifications.models import Notification
from tandem.privacy.categories import Category
from tandem.privacy.models import AccessEvent, ExceptionDisclosure
from tandem.privacy.tests.world import allowed_markers

pytestmark = pytest.mark.django_db


def _page(as_actor, world, actor, url):
    response = as_actor(actor).get(url)
    return response, world.markers_in(response.content.decode())


@pytest.mark.parametrize("actor", ["learner", "coach", "supervisor", "program_lead"])
def test_engagement_page_shows_each_party_exactly_its_share(as_actor, world, actor):
    response, seen = _page(
        as_actor, world, actor, reverse("coaching:engagement_detail", args=[world.e1.pk])
    )
    assert response.status_code == 200
    assert seen == allowed_markers(actor)


@pytest.mark.parametrize(
    "actor", ["other_learner", "other_coach", "other_supervisor", "leadership", "evaluator"]
)
def test_engagement_page_is_not_found_for_everyone_else(as_actor, world, actor):
    response, seen = _page(
        as_actor, world, actor, reverse("coaching:engagement_detail", args=[world.e1.pk])
    )
    assert response.status_code == 404
    assert seen == set()


def test_engagement_page_for_coach_supervisor_shows_facts_not_content(as_actor, world):
    response, seen = _page(
        as_actor,
        world,
        "coach_supervisor",
        reverse("coaching:engagement_detail", args=[world.e1.pk]),
    )
    assert response.status_code == 200
    assert seen == set()
    # Who is coached: a fact. The focus is the learner's own words: not shown.
    html = response.content.decode()
    assert (world.people["learner"].full_name in html, "Family engagement (E1)" in html) == (
        True,
        False,
    )


def test_engagement_page_is_audited_for_the_learner_to_see(as_actor, world):
    as_actor("supervisor").get(reverse("coaching:engagement_detail", args=[world.e1.pk]))
    page = as_actor("learner").get(reverse("privacy:my_record")).content.decode()
    assert sorted(AccessEvent.objects.values_list("category", flat=True)) == [
        "administrative",
        "attendance",
        "progress_summary",
    ]
    assert page.count(world.people["supervisor"].full_name) == 3
    assert "Learner&#x27;s supervisor" in page
    # Where it happened, in words: never the request as the server logged it.
    assert "Opened the engagement&#x27;s pages" in page
    assert f"GET /coaching/{world.e1.pk}/" not in page


def test_my_record_leaves_out_reads_of_the_coachs_private_journal(as_actor, world):
    as_actor("coach").get(reverse("conversation:note_list", args=[world.e1.pk, "coach_journal"]))
    as_actor("supervisor").get(reverse("coaching:engagement_detail", args=[world.e1.pk]))
    assert AccessEvent.objects.filter(category=Category.PRIVATE).count() == 1
    page = as_actor("learner").get(reverse("privacy:my_record")).content.decode()
    assert (page.count(world.people["supervisor"].full_name), "coach_journal" in page) == (3, False)
    assert "Private to its author" not in page


def test_my_record_shows_only_my_own_record(as_actor, world):
    as_actor("other_coach").get(reverse("coaching:engagement_detail", args=[world.e2.pk]))
    page = as_actor("learner").get(reverse("privacy:my_record")).content.decode()
    assert world.people["other_coach"].full_name not in page
    assert "Nobody else has opened your coaching record." in page


def test_learner_writes_a_journal_entry_only_they_can_read(as_actor, world):
    url = reverse("coaching:note_add", args=[world.e1.pk])
    response = as_actor("learner").post(url, {"kind": "learner_journal", "body": "NEW-ENTRY"})
    assert response.status_code == 302
    coach_page = as_actor("coach").get(reverse("coaching:engagement_detail", args=[world.e1.pk]))
    assert "NEW-ENTRY" not in coach_page.content.decode()
    event = AccessEvent.objects.get(action=AccessEvent.Action.CREATE)
    assert (event.viewer, event.category) == (world.people["learner"], Category.PRIVATE)


def test_supervisor_cannot_write_notes(as_actor, world):
    url = reverse("coaching:note_add", args=[world.e1.pk])
    response = as_actor("supervisor").post(url, {"kind": "session_summary", "body": "x"})
    assert response.status_code == 403
    assert Note.objects.filter(body="x").count() == 0


def test_learner_cannot_write_a_coach_kind_by_tampering(as_actor, world):
    url = reverse("coaching:note_add", args=[world.e1.pk])
    response = as_actor("learner").post(url, {"kind": "coach_journal", "body": "TAMPERED"})
    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    assert "TAMPERED</textarea>" in response.content.decode()  # nothing typed is lost
    assert Note.objects.filter(body="TAMPERED").count() == 0


def test_empty_note_gets_a_clear_message(as_actor, world):
    url = reverse("coaching:note_add", args=[world.e1.pk])
    response = as_actor("coach").post(url, {"kind": "session_summary", "body": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_sharing_page_shows_the_map_of_the_agreement_in_force(as_actor, world):
    page = as_actor("learner").get(reverse("privacy:sharing", args=[world.e1.pk]))
    rows = dict(page.context["rows"])
    assert rows == {
        "Supervisor": ["Attendance", "Progress summary"],
        "Leadership": [],
        "Program lead": ["Attendance"],
    }


@pytest.mark.parametrize("actor", ["supervisor", "program_lead", "coach_supervisor"])
def test_sharing_page_is_for_coach_and_learner_only(as_actor, world, actor):
    assert as_actor(actor).get(reverse("privacy:sharing", args=[world.e1.pk])).status_code == 403


def test_coach_records_an_exception_disclosure_and_the_learner_is_told(as_actor, world):
    url = reverse("privacy:disclosure_new", args=[world.e1.pk])
    response = as_actor("coach").post(
        url,
        {
            "exception": "mandated_report",
            "recipient_kind": "cps",
            "recipient": "County hotline intake worker",
            "disclosed_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "categories": ["coach_learner"],
            "summary": "Concern raised in session about a child on the caseload",
            "reason": "Suspected neglect; mandated reporter duty",
        },
    )
    assert response.status_code == 302
    disclosure = ExceptionDisclosure.objects.get()
    assert (disclosure.recipient_kind, disclosure.recipient, disclosure.about) == (
        "cps",
        "County hotline intake worker",
        world.people["learner"],
    )
    # The audit row names the exception; the coach's own words stay on the disclosure.
    event = AccessEvent.objects.get(action=AccessEvent.Action.DISCLOSE)
    assert event.exception_reason == "Suspected child abuse or neglect (mandated reporting)"
    note = Notification.objects.get(recipient=world.people["learner"])
    assert note.subject == "Your coach recorded a disclosure"
    assert mail.outbox[0].to == [world.people["learner"].work_email]
    assert "Suspected neglect" not in mail.outbox[0].body  # the email carries no content
    page = as_actor("learner").get(reverse("privacy:my_record")).content.decode()
    assert "Child protective services (hotline or intake): County hotline intake worker" in page


@pytest.mark.parametrize("actor", ["learner", "supervisor", "program_lead"])
def test_only_the_coach_records_disclosures(as_actor, world, actor):
    url = reverse("privacy:disclosure_new", args=[world.e1.pk])
    response = as_actor(actor).get(url)
    assert response.status_code == 403


def test_disclosure_form_keeps_input_and_explains_errors(as_actor, world):
    url = reverse("privacy:disclosure_new", args=[world.e1.pk])
    response = as_actor("coach").post(url, {"recipient": "Hotline", "disclosed_on": "2999-01-01"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "The date cannot be in the future." in page
    assert 'value="Hotline"' in page
    assert ExceptionDisclosure.objects.count() == 0


def test_disclosure_recipient_comes_from_the_named_kinds_and_the_date_from_the_coaching(
    as_actor, world
):
    url = reverse("privacy:disclosure_new", args=[world.e1.pk])
    data = {
        "exception": "imminent_harm",
        "recipient_kind": "my neighbour",
        "recipient": "Someone",
        "disclosed_on": "1901-01-01",
        "summary": "What was said",
        "reason": "Why",
    }
    response = as_actor("coach").post(url, data)
    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    response = as_actor("coach").post(url, data | {"recipient_kind": "emergency_services"})
    page = response.content.decode()
    started = world.e1.started_on
    assert response.status_code == 400
    assert f"from {started:%b} {started.day}, {started.year} to today" in page
    assert ('value="Someone"' in page, ExceptionDisclosure.objects.count()) == (True, 0)


def test_a_group_disclosure_reaches_and_shows_only_the_member_it_is_about(as_actor, world):
    world.e1.kind = world.e1.Kind.GROUP
    world.e1.save()
    member, learner = world.people["other_learner"], world.people["learner"]
    joined(world.e1, member)
    Notification.objects.all().delete()  # joining asked every party to acknowledge
    response = as_actor("coach").post(
        reverse("privacy:disclosure_new", args=[world.e1.pk]),
        {
            "exception": "imminent_harm",
            "about": member.pk,
            "recipient_kind": "emergency_services",
            "recipient": "GROUP-DISCLOSURE 911 dispatcher",
            "disclosed_on": timezone.localdate().isoformat(),
            "summary": "What was said",
            "reason": "Why",
        },
    )
    assert response.status_code == 302
    told = set(Notification.objects.values_list("recipient_id", flat=True))
    assert told == {member.pk}
    detail = reverse("coaching:engagement_detail", args=[world.e1.pk])
    seen = {
        actor: (
            "GROUP-DISCLOSURE" in as_actor(actor).get(detail).content.decode(),
            "GROUP-DISCLOSURE"
            in as_actor(actor).get(reverse("privacy:my_record")).content.decode(),
        )
        for actor in ("coach", "learner", "other_learner")
    }
    assert seen == {
        "coach": (True, False),
        "learner": (False, False),
        "other_learner": (True, True),
    }
    assert learner.pk not in told


def test_access_patterns_show_counts_not_content(as_actor, world):
    as_actor("supervisor").get(reverse("coaching:engagement_detail", args=[world.e1.pk]))
    response, seen = _page(as_actor, world, "program_lead", reverse("privacy:access_patterns"))
    assert response.status_code == 200
    assert seen == set()
    rows = list(response.context["page"].object_list)
    assert sorted((r["viewer__last_name"], r["category"], r["events"]) for r in rows) == [
        ("Supervisor", "administrative", 1),
        ("Supervisor", "attendance", 1),
        ("Supervisor", "progress_summary", 1),
    ]


def test_access_patterns_hide_a_single_disclosure_and_show_small_counts_as_small(
    as_actor, world, settings
):
    as_actor("supervisor").get(reverse("coaching:engagement_detail", args=[world.e1.pk]))
    as_actor("coach").post(
        reverse("privacy:disclosure_new", args=[world.e1.pk]),
        {
            "exception": "mandated_report",
            "recipient_kind": "cps",
            "recipient": "Hotline",
            "disclosed_on": timezone.localdate().isoformat(),
            "categories": ["coach_learner"],
            "summary": "What was said",
            "reason": "REASON-TEXT",
        },
    )
    assert AccessEvent.objects.filter(action=AccessEvent.Action.DISCLOSE).count() == 1
    html = as_actor("program_lead").get(reverse("privacy:access_patterns")).content.decode()
    assert ("Disclosed under an exception" in html, "REASON-TEXT" in html) == (False, False)
    assert html.count('<td data-label="Times">fewer than 11</td>') == 3
    assert "Progress summary" in html and "progress_summary" not in html

    settings.PRIVACY_MIN_COUNT = 1  # a threshold an agency could set: the row appears
    html = as_actor("program_lead").get(reverse("privacy:access_patterns")).content.decode()
    assert '<td data-label="Times">1</td>' in html
    assert "Between coach and learner" in html


@pytest.mark.parametrize("actor", ["supervisor", "coach", "leadership", "evaluator"])
def test_access_patterns_are_for_program_leads_only(as_actor, world, actor):
    assert as_actor(actor).get(reverse("privacy:access_patterns")).status_code == 403


def test_engagement_list_query_count_does_not_grow_with_rows(as_actor, world, page_queries):
    client = as_actor("coach")
    url = reverse("coaching:engagement_list")
    one = page_queries(url, client=client)
    for _ in range(2):
        Engagement.objects.create(
            learner=world.people["other_learner"], coach=world.people["coach"]
        )
    assert page_queries(url, client=client) == one


def test_engagement_page_query_count_does_not_grow_with_notes(as_actor, world, page_queries):
    client = as_actor("coach")
    url = reverse("coaching:engagement_detail", args=[world.e1.pk])
    before = page_queries(url, client=client)
    for i in range(5):
        Note.objects.create(
            engagement=world.e1,
            author=world.people["coach"],
            kind="session_summary",
            category="coach_learner",
            body=f"more {i}",
        )
    assert page_queries(url, client=client) == before


def test_my_record_and_access_pattern_query_counts_do_not_grow(as_actor, world, page_queries):
    as_actor("supervisor").get(reverse("coaching:engagement_detail", args=[world.e1.pk]))
    learner_count = page_queries(reverse("privacy:my_record"), client=as_actor("learner"))
    lead_count = page_queries(reverse("privacy:access_patterns"), client=as_actor("program_lead"))
    for actor in ("supervisor", "program_lead", "coach"):
        as_actor(actor).get(reverse("coaching:engagement_detail", args=[world.e1.pk]))
    assert page_queries(reverse("privacy:my_record"), client=as_actor("learner")) == learner_count
    assert (
        page_queries(reverse("privacy:access_patterns"), client=as_actor("program_lead"))
        == lead_count
    )


def test_my_team_lists_only_engagements_that_share_with_the_supervisor(as_actor, world):
    page = as_actor("supervisor").get(reverse("web:my_team"))
    assert [e.pk for e in page.context["shared"]] == [world.e1.pk]
    shares_set(engagement=world.e1, shares={})
    page = as_actor("supervisor").get(reverse("web:my_team")).content.decode()
    assert "None of your team members' coaching shares anything with you." in page
    assert world.markers_in(page) == set()


def test_my_learners_and_my_coaching_list_the_engagement(as_actor, world):
    coach_page = as_actor("coach").get(reverse("web:my_learners"))
    assert [e.pk for e in coach_page.context["engagements"]] == [world.e1.pk]
    learner_page = as_actor("learner").get(reverse("web:my_coaching"))
    assert [e.pk for e in learner_page.context["engagements"]] == [world.e1.pk]
    assert world.markers_in(learner_page.content.decode()) == set()
