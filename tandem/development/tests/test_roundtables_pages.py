"""Roundtables and collaboratives: who reads the content (agenda, resources, consultations),
who sees only the schedule, what changes when a member leaves, the statewide collaborative
across counties, calendar invitations, and query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from tandem.development.models import (
    Consultation,
    Roundtable,
    RoundtableAttendance,
    RoundtableMeeting,
    RoundtableResource,
)
from tandem.notifications.models import Notification
from tandem.people.models import Role, RoleAssignment
from tandem.people.tests.factories import PersonFactory
from tandem.privacy.models import AccessEvent
from tandem.testing import fresh

pytestmark = pytest.mark.django_db

AGENDA, LINK, SITUATION = "MARK-AGENDA-77", "MARK-LINK-77", "MARK-SITUATION-77"


class RT:
    """The roundtable built once per module on the privacy world."""

    def __init__(self, world) -> None:
        p = world.people
        self.world = world
        self.roundtable = Roundtable.objects.create(
            name="North roundtable",
            level=Roundtable.Level.COUNTY,
            scope=world.tree["north"],
            facilitator=p["coach_supervisor"],
            created_by=p["program_lead"],
        )
        self.roundtable.members.add(p["coach"], p["coach_supervisor"])
        self.meeting = RoundtableMeeting.objects.create(
            roundtable=self.roundtable,
            starts_at=timezone.now() - timedelta(days=7),
            place="Room 4",
            agenda=AGENDA,
        )
        RoundtableAttendance.objects.create(meeting=self.meeting, person=p["coach"])
        RoundtableResource.objects.create(
            roundtable=self.roundtable, title=LINK, url="https://example.org", added_by=p["coach"]
        )
        Consultation.objects.create(
            meeting=self.meeting, brought_by=p["coach"], situation=SITUATION
        )

    def url(self, name: str, *more: int) -> str:
        return reverse(f"development:{name}", args=[self.roundtable.pk, *more])

    @property
    def meeting_url(self) -> str:
        return self.url("roundtable_meeting", self.meeting.pk)


@pytest.fixture(scope="module")
def rt_once(module_db, world_once):
    return module_db(lambda: RT(world_once))


@pytest.fixture
def rt(rt_once, world):
    return fresh(rt_once)


def _page(as_actor, actor: str, url: str, **params):
    return as_actor(actor).get(url, params)


def _markers(html: str) -> set[str]:
    return {m for m in (AGENDA, LINK, SITUATION) if m in html}


def test_members_read_agenda_resources_and_consultations(as_actor, rt):
    for actor in ("coach", "coach_supervisor"):
        meeting = _page(as_actor, actor, rt.meeting_url)
        assert meeting.status_code == 200
        assert _markers(meeting.content.decode()) == {AGENDA, SITUATION}
        resources = _page(as_actor, actor, rt.url("roundtable_resources"))
        assert _markers(resources.content.decode()) == {LINK}


def test_a_content_read_is_audited(as_actor, rt):
    _page(as_actor, "coach", rt.meeting_url)
    event = AccessEvent.objects.filter(record_type="roundtable_meeting").latest("pk")
    assert (event.viewer, event.record_id, event.category) == (
        rt.world.people["coach"],
        rt.meeting.pk,
        "coach_community",
    )


def test_program_lead_sees_schedule_and_attendance_count_but_no_content(as_actor, rt):
    detail = _page(as_actor, "program_lead", rt.url("roundtable_detail"))
    html = detail.content.decode()
    assert detail.status_code == 200 and "Room 4" in html
    assert _markers(html) == set()
    meeting = _page(as_actor, "program_lead", rt.meeting_url).content.decode()
    assert "1 came" in meeting
    assert _markers(meeting) == set()
    assert _page(as_actor, "program_lead", rt.url("roundtable_resources")).status_code == 404
    agenda = as_actor("program_lead").post(
        rt.url("roundtable_meeting_agenda", rt.meeting.pk), {"agenda": "x", "base_version": 1}
    )
    assert agenda.status_code == 404


@pytest.mark.parametrize("actor", ["other_coach", "supervisor", "learner", "leadership"])
def test_others_find_no_roundtable(as_actor, rt, actor):
    for url in (rt.url("roundtable_detail"), rt.meeting_url, rt.url("roundtable_resources")):
        response = _page(as_actor, actor, url)
        assert response.status_code == 404
        assert _markers(response.content.decode()) == set()


def _reads_nothing(as_actor, rt, actor: str) -> None:
    for url in (rt.url("roundtable_detail"), rt.meeting_url, rt.url("roundtable_resources")):
        response = _page(as_actor, actor, url)
        assert response.status_code == 404, url
        assert _markers(response.content.decode()) == set()


def test_a_member_who_leaves_reads_nothing_more(as_actor, rt):
    assert _page(as_actor, "coach", rt.meeting_url).status_code == 200
    left = as_actor("coach").post(rt.url("roundtable_leave"))
    assert left.status_code == 302
    _reads_nothing(as_actor, rt, "coach")


def test_a_removed_member_reads_nothing_more(as_actor, rt):
    coach = rt.world.people["coach"]
    removed = as_actor("coach_supervisor").post(rt.url("roundtable_member_remove", coach.pk))
    assert removed.status_code == 302
    _reads_nothing(as_actor, rt, "coach")


def test_a_member_cannot_remove_another(as_actor, rt):
    other = rt.world.people["coach_supervisor"]
    response = as_actor("coach").post(rt.url("roundtable_member_remove", other.pk))
    assert response.status_code == 403
    assert rt.roundtable.members.filter(pk=other.pk).exists()


def test_statewide_collaborative_spans_counties(as_actor, world):
    p = world.people
    collaborative = Roundtable.objects.create(
        name="Statewide coaching collaborative",
        level=Roundtable.Level.STATEWIDE,
        scope=world.tree["state"],
        facilitator=p["coach_supervisor"],
        every_weeks=13,
        created_by=p["coach_supervisor"],
    )
    collaborative.members.add(p["coach"], p["other_coach"])  # North and South County
    meeting = RoundtableMeeting.objects.create(
        roundtable=collaborative, starts_at=timezone.now(), agenda=AGENDA
    )
    url = reverse("development:roundtable_meeting", args=[collaborative.pk, meeting.pk])
    assert _markers(_page(as_actor, "other_coach", url).content.decode()) == {AGENDA}
    listed = _page(as_actor, "other_coach", reverse("development:roundtables")).content.decode()
    assert "Statewide coaching collaborative" in listed
    # A county program lead sees the collaborative's schedule, not its agenda.
    lead = _page(as_actor, "program_lead", url)
    assert lead.status_code == 200 and _markers(lead.content.decode()) == set()


def test_program_lead_starts_a_county_roundtable_with_its_coaches(as_actor, world):
    p = world.people
    response = as_actor("program_lead").post(
        reverse("development:roundtable_create"),
        {
            "name": "North monthly roundtable",
            "level": "county",
            "scope": world.tree["north"].pk,
            "facilitator": p["coach_supervisor"].pk,
            "every_weeks": 4,
            "add_everyone": "on",
        },
    )
    assert response.status_code == 302
    roundtable = Roundtable.objects.get(name="North monthly roundtable")
    assert set(roundtable.members.all()) == {p["coach"]}  # South's coach works elsewhere
    notice = Notification.objects.filter(recipient=p["coach"]).latest("pk")
    assert notice.subject == "You were added to a roundtable"
    assert roundtable.name not in notice.body


def test_a_county_roundtable_needs_a_county(as_actor, world):
    response = as_actor("program_lead").post(
        reverse("development:roundtable_create"),
        {
            "name": "Misplaced",
            "level": "county",
            "scope": world.tree["intake"].pk,
            "facilitator": world.people["coach_supervisor"].pk,
            "every_weeks": 4,
        },
    )
    assert response.status_code == 200
    assert "A county roundtable is held for one agency or county" in response.content.decode()
    assert 'value="Misplaced"' in response.content.decode()


def test_a_coach_supervisor_facilitates_what_they_start(as_actor, world):
    response = as_actor("coach_supervisor").post(
        reverse("development:roundtable_create"),
        {
            "name": "Led by someone else",
            "level": "county",
            "scope": world.tree["north"].pk,
            "facilitator": world.people["coach"].pk,  # not a coach they supervise here
            "every_weeks": 4,
        },
    )
    assert response.status_code == 200
    assert "facilitate the roundtable yourself" in response.content.decode()
    assert not Roundtable.objects.filter(name="Led by someone else").exists()


def test_member_search_finds_coaches_in_scope_only(as_actor, rt):
    newcomer = PersonFactory(org_unit=rt.world.tree["intake"], last_name="Zanzibarcoach")
    RoleAssignment.objects.create(person=newcomer, role=Role.COACH, scope=rt.world.tree["north"])
    far = PersonFactory(org_unit=rt.world.tree["permanency"], last_name="Zanzibarsouth")
    RoleAssignment.objects.create(person=far, role=Role.COACH, scope=rt.world.tree["south"])
    html = _page(
        as_actor, "coach_supervisor", rt.url("roundtable_members"), q="zanzibar"
    ).content.decode()
    assert "Zanzibarcoach" in html and "Zanzibarsouth" not in html
    added = as_actor("coach_supervisor").post(rt.url("roundtable_members"), {"people": newcomer.pk})
    assert added.status_code == 302
    assert rt.roundtable.members.filter(pk=newcomer.pk).exists()
    refused = as_actor("coach_supervisor").post(rt.url("roundtable_members"), {"people": far.pk})
    assert refused.status_code == 400
    assert not rt.roundtable.members.filter(pk=far.pk).exists()


def test_schedule_the_next_meetings_by_the_cadence(as_actor, rt):
    response = as_actor("program_lead").post(
        rt.url("roundtable_meeting_schedule"),
        {"starts_at": "2027-03-02T14:00", "duration_minutes": 90, "place": "Room 1", "count": 3},
    )
    assert response.status_code == 302
    starts = [
        timezone.localtime(m.starts_at)
        for m in rt.roundtable.meetings.filter(place="Room 1").order_by("starts_at")
    ]
    # Four weeks apart at 2 pm local time, across the change to daylight saving time in March.
    assert [s.date() - starts[0].date() for s in starts] == [timedelta(weeks=w) for w in (0, 4, 8)]
    assert {(s.hour, s.minute) for s in starts} == {(14, 0)}


def _ics(as_actor, rt, meeting) -> dict:
    response = _page(as_actor, "coach", rt.url("roundtable_meeting_ics", meeting.pk))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    event = calendar.walk("VEVENT")[0]
    return {
        "method": str(calendar["METHOD"]),
        "uid": str(event["UID"]),
        "sequence": int(event["SEQUENCE"]),
        "status": str(event["STATUS"]),
        "text": response.content.decode(),
    }


def test_calendar_invitation_moves_and_cancels_the_same_event(as_actor, rt):
    upcoming = RoundtableMeeting.objects.create(
        roundtable=rt.roundtable, starts_at=timezone.now() + timedelta(days=9), agenda=AGENDA
    )
    before = _ics(as_actor, rt, upcoming)
    assert (before["method"], before["sequence"], before["status"]) == ("PUBLISH", 0, "CONFIRMED")
    assert AGENDA not in before["text"]
    moved = as_actor("coach_supervisor").post(
        rt.url("roundtable_meeting_edit", upcoming.pk),
        {
            "starts_at": "2027-04-06T10:00",
            "duration_minutes": 60,
            "place": "Room 9",
            "base_version": 1,
        },
    )
    assert moved.status_code == 302
    after = _ics(as_actor, rt, upcoming)
    assert (after["uid"], after["sequence"]) == (before["uid"], 1)
    assert "Room 9" in after["text"]
    as_actor("coach_supervisor").post(rt.url("roundtable_meeting_cancel", upcoming.pk))
    cancelled = _ics(as_actor, rt, upcoming)
    assert (cancelled["uid"], cancelled["sequence"], cancelled["status"]) == (
        before["uid"],
        2,
        "CANCELLED",
    )


def test_agenda_saved_from_an_older_version_is_refused_and_kept(as_actor, rt):
    url = rt.url("roundtable_meeting_agenda", rt.meeting.pk)
    first = as_actor("coach").post(url, {"agenda": "Topic one", "base_version": 1})
    assert first.status_code == 302
    second = as_actor("coach_supervisor").post(url, {"agenda": "Topic two", "base_version": 1})
    assert second.status_code == 409
    assert "Topic two" in second.content.decode()
    assert RoundtableMeeting.objects.get(pk=rt.meeting.pk).agenda == "Topic one"


def test_consultation_that_names_someone_is_warned_then_kept_when_confirmed(as_actor, rt):
    url = rt.url("roundtable_meeting_consultation", rt.meeting.pk)
    text = "The mother Dana missed two visits; how do I raise it?"
    warned = as_actor("coach").post(url, {"situation": text})
    assert warned.status_code == 400
    html = warned.content.decode()
    assert "looks like a name" in html and "missed two visits" in html
    assert not Consultation.objects.filter(situation=text).exists()
    kept = as_actor("coach").post(url, {"situation": text, "names_nobody": "on"})
    assert kept.status_code == 302
    assert Consultation.objects.get(situation=text).confirmed_despite_warning is True


def test_attendance_is_recorded_by_the_facilitator(as_actor, rt):
    url = rt.url("roundtable_meeting_attendance", rt.meeting.pk)
    coach, facilitator = rt.world.people["coach"], rt.world.people["coach_supervisor"]
    assert as_actor("coach").post(url, {"attended": [coach.pk]}).status_code == 403
    saved = as_actor("coach_supervisor").post(url, {"attended": [coach.pk, facilitator.pk]})
    assert saved.status_code == 302
    came = RoundtableAttendance.objects.filter(meeting=rt.meeting, attended=True)
    assert set(came.values_list("person_id", flat=True)) == {coach.pk, facilitator.pk}


def test_shared_files_are_checked_and_served_as_downloads_to_members_only(
    as_actor, rt, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    url = rt.url("roundtable_resources")
    big = SimpleUploadedFile("big.pdf", b"x" * (10 * 1024 * 1024 + 1))
    too_big = as_actor("coach").post(url, {"title": "Big", "file": big})
    assert too_big.status_code == 400 and "larger than 10 MB" in too_big.content.decode()
    script = SimpleUploadedFile("page.html", b"<script>")
    refused = as_actor("coach").post(url, {"title": "Page", "file": script})
    assert refused.status_code == 400 and "cannot be shared here" in refused.content.decode()
    good = SimpleUploadedFile("questions.txt", b"FILEBODY-77")
    assert as_actor("coach").post(url, {"title": "Questions", "file": good}).status_code == 302
    resource = RoundtableResource.objects.get(title="Questions")
    file_url = rt.url("roundtable_resource_file", resource.pk)
    download = _page(as_actor, "coach_supervisor", file_url)
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == b"FILEBODY-77"
    assert _page(as_actor, "program_lead", file_url).status_code == 404
    as_actor("coach").post(rt.url("roundtable_leave"))
    assert _page(as_actor, "coach", file_url).status_code == 404


# --- Query counts -------------------------------------------------------------------------


def _more_roundtables(rt, n: int) -> None:
    for i in range(n):
        other = Roundtable.objects.create(
            name=f"Extra {i}",
            level=Roundtable.Level.COUNTY,
            scope=rt.world.tree["north"],
            facilitator=rt.world.people["coach_supervisor"],
            created_by=rt.world.people["program_lead"],
        )
        other.members.add(rt.world.people["coach"])
        RoundtableMeeting.objects.create(
            roundtable=other, starts_at=timezone.now() + timedelta(days=3 + i)
        )


def test_roundtable_list_query_count_does_not_grow(as_actor, rt, page_queries):
    client = as_actor("coach")
    url = reverse("development:roundtables")
    one = page_queries(url, client=client)
    _more_roundtables(rt, 2)
    assert page_queries(url, client=client) == one


def test_roundtable_page_query_count_does_not_grow(as_actor, rt, page_queries):
    client = as_actor("coach_supervisor")
    url = rt.url("roundtable_detail")
    one = page_queries(url, client=client)
    for days in (30, 60):
        meeting = RoundtableMeeting.objects.create(
            roundtable=rt.roundtable, starts_at=timezone.now() - timedelta(days=days)
        )
        RoundtableAttendance.objects.create(meeting=meeting, person=rt.world.people["coach"])
    for name in ("Extra1", "Extra2"):
        member = PersonFactory(org_unit=rt.world.tree["intake"], last_name=name)
        rt.roundtable.members.add(member)
    assert page_queries(url, client=client) == one


def test_a_county_program_lead_sees_a_statewide_schedule_but_does_not_manage_it(as_actor, world):
    p = world.people
    collaborative = Roundtable.objects.create(
        name="Statewide coaching collaborative",
        level=Roundtable.Level.STATEWIDE,
        scope=world.tree["state"],
        facilitator=p["coach_supervisor"],
        every_weeks=13,
        created_by=p["coach_supervisor"],
    )
    collaborative.members.add(p["coach"], p["other_coach"])
    lead = as_actor("program_lead")  # a program lead over one office of North County
    detail = lead.get(reverse("development:roundtable_detail", args=[collaborative.pk]))
    assert detail.status_code == 200
    removal = reverse(
        "development:roundtable_member_remove", args=[collaborative.pk, p["other_coach"].pk]
    )
    assert lead.post(removal).status_code == 403
    assert set(collaborative.members.all()) == {p["coach"], p["other_coach"]}


def test_each_member_whose_situation_was_read_finds_the_read_in_their_record(as_actor, rt):
    _page(as_actor, "coach_supervisor", rt.meeting_url)
    events = AccessEvent.objects.filter(
        record_type="roundtable_meeting", viewer=rt.world.people["coach_supervisor"]
    )
    assert list(events.values_list("subject_id", "via")) == [
        (rt.world.people["coach"].pk, f"GET {rt.meeting_url}")
    ]


def test_a_program_lead_managing_a_roundtable_cannot_add_themself(as_actor, rt):
    lead = rt.world.people["program_lead"]
    RoleAssignment.objects.create(person=lead, role=Role.COACH, scope=rt.world.tree["north"])
    response = as_actor("program_lead").post(rt.url("roundtable_members"), {"people": [lead.pk]})
    assert response.status_code == 400
    assert "cannot add yourself" in response.content.decode()
    assert not rt.roundtable.members.filter(pk=lead.pk).exists()
