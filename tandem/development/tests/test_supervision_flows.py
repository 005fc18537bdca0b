"""Coach supervision as its users do it (issue #17 item 1): a program lead assigns and replaces
coach supervisors (never the line manager), a coach supervisor books and records sessions, a
coach brings a situation without naming anyone, the program sets its cadence, overdue lists
and reminders follow it. Query counts for every list page."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tandem.development.models import (
    CoachSupervisorAssignment,
    Consultation,
    ProgramSettings,
    SupervisionReminder,
    SupervisionSession,
)
from tandem.development.services_supervision import supervision_reminders_send
from tandem.development.tests.supervision_helpers import (
    NOTES,
    assign,
    build_supervision_world,
    session_make,
)
from tandem.notifications.models import Notification
from tandem.people.models import Person, Role
from tandem.people.tests.factories import person_with_account
from tandem.privacy.models import AccessEvent
from tandem.testing import fresh

Kind, Status = SupervisionSession.Kind, SupervisionSession.Status


@pytest.fixture(scope="module")
def world_built(module_db):
    return module_db(build_supervision_world)


@pytest.fixture
def w(world_built, db):
    return fresh(world_built)


def _as(client, w, actor):
    client.force_login(w.people[actor].user)
    return client


def _assign_url(coach: Person) -> str:
    return reverse("development:coach_supervisor_assign", args=[coach.pk])


# --- Assigning ---------------------------------------------------------------------------------


def test_program_lead_sees_the_coaches_in_scope_with_their_coach_supervisor(client, w):
    page = _as(client, w, "program_lead").get(reverse("development:coach_supervisors"))
    text = page.content.decode()
    assert (page.status_code, w.people["csup"].full_name in text) == (200, True)
    assert (w.people["coach2"].full_name in text, w.people["other_coach"].full_name in text) == (
        True,
        False,
    )


def test_the_line_manager_is_refused_with_the_reason_and_nothing_is_lost(client, w):
    coach = w.people["coach"]
    current = CoachSupervisorAssignment.objects.get(coach=coach, ended_on=None)
    page = _as(client, w, "program_lead").post(
        _assign_url(coach), {"supervisor": w.people["line_manager"].pk, "replacing": current.pk}
    )
    text = page.content.decode()
    assert page.status_code == 400
    assert "line manager or above them" in text
    assert f'value="{w.people["line_manager"].pk}" selected' in text
    assert CoachSupervisorAssignment.objects.get(coach=coach, ended_on=None) == current


def test_a_coach_supervisor_who_reports_to_the_coach_is_refused(client, w):
    Person.objects.filter(pk=w.people["csup2"].pk).update(supervisor=w.people["coach"])
    current = CoachSupervisorAssignment.objects.get(coach=w.people["coach"], ended_on=None)
    page = _as(client, w, "program_lead").post(
        _assign_url(w.people["coach"]),
        {"supervisor": w.people["csup2"].pk, "replacing": current.pk},
    )
    assert (page.status_code, "A coach supervisor should not report" in page.content.decode()) == (
        400,
        True,
    )


def test_replacing_ends_the_old_assignment_tells_both_and_is_audited(client, w):
    coach, old, new = w.people["coach"], w.people["csup"], w.people["csup2"]
    current = CoachSupervisorAssignment.objects.get(coach=coach, ended_on=None)
    response = _as(client, w, "program_lead").post(
        _assign_url(coach), {"supervisor": new.pk, "replacing": current.pk}
    )
    assert response.status_code == 302
    current.refresh_from_db()
    assert current.ended_on == timezone.localdate()
    now = CoachSupervisorAssignment.objects.get(coach=coach, ended_on=None)
    assert (now.supervisor, now.assigned_by) == (new, w.people["program_lead"])
    told = Notification.objects.filter(recipient__in=[coach, old, new])
    assert sorted(n.recipient.last_name for n in told) == sorted(
        [coach.last_name, old.last_name, new.last_name]
    )
    assert all(NOTES not in n.body for n in told)
    audit = AccessEvent.objects.get(record_type="coach_supervisor_assignment")
    assert (audit.viewer, audit.subject) == (w.people["program_lead"], coach)


def test_a_page_opened_before_someone_else_assigned_saves_nothing(client, w):
    coach = w.people["coach"]
    page = _as(client, w, "program_lead").post(
        _assign_url(coach), {"supervisor": w.people["csup2"].pk, "replacing": ""}
    )
    assert page.status_code == 400
    assert "changed after you opened this page" in page.content.decode()
    assert (
        CoachSupervisorAssignment.objects.get(coach=coach, ended_on=None).supervisor
        == (w.people["csup"])
    )


def test_a_program_lead_elsewhere_cannot_assign(client, w):
    page = _as(client, w, "south_lead").get(_assign_url(w.people["coach"]))
    assert page.status_code == 404
    assert _as(client, w, "csup").get(_assign_url(w.people["coach"])).status_code == 403


# --- Sessions ----------------------------------------------------------------------------------


def _when(days: int) -> str:
    return (timezone.localtime() + timedelta(days=days)).strftime("%Y-%m-%dT10:00")


def test_coach_supervisor_books_group_supervision_and_the_coaches_are_told(client, w):
    coaches = [w.people["coach"], w.people["coach2"]]
    response = _as(client, w, "csup").post(
        reverse("development:supervision_new"),
        {
            "kind": Kind.GROUP,
            "coaches": [c.pk for c in coaches],
            "starts_at": _when(3),
            "duration_minutes": 90,
            "place": "Room 4",
        },
    )
    session = SupervisionSession.objects.get(place="Room 4")
    assert response.url == reverse("development:supervision_detail", args=[session.pk])
    assert set(session.attendees.values_list("coach_id", flat=True)) == {c.pk for c in coaches}
    assert Notification.objects.filter(recipient__in=coaches).count() == 2


def test_individual_supervision_is_with_one_coach_and_the_form_keeps_what_was_typed(client, w):
    page = _as(client, w, "csup").post(
        reverse("development:supervision_new"),
        {
            "kind": Kind.INDIVIDUAL,
            "coaches": [w.people["coach"].pk, w.people["coach2"].pk],
            "starts_at": _when(3),
            "duration_minutes": 60,
            "place": "Room typed-here",
        },
    )
    assert page.status_code == 400
    text = page.content.decode()
    assert ("Individual supervision is with one coach." in text, "Room typed-here" in text) == (
        True,
        True,
    )


def test_a_coach_supervisor_cannot_book_a_coach_they_do_not_supervise(client, w):
    page = _as(client, w, "csup").post(
        reverse("development:supervision_new"),
        {
            "kind": Kind.INDIVIDUAL,
            "coaches": [w.people["other_coach"].pk],
            "starts_at": _when(3),
            "duration_minutes": 60,
        },
    )
    assert page.status_code == 400
    assert SupervisionSession.objects.count() == 2


def _record_data(session: SupervisionSession, **changes) -> dict:
    data = {
        "base_version": session.version,
        "starts_at": timezone.localtime(session.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": 60,
        "place": "",
        "status": Status.HELD,
        "attended": [str(session.attendees.get().coach_id)],
        "notes": "We looked at silences.",
        "next_steps": "Try waiting longer.",
    }
    return data | changes


def test_coach_supervisor_records_the_session_and_a_stale_save_gets_409(client, w):
    session = w.sessions["individual"]
    url = reverse("development:supervision_edit", args=[session.pk])
    client = _as(client, w, "csup")
    assert client.get(url).status_code == 200
    assert client.post(url, _record_data(session)).status_code == 302
    session.refresh_from_db()
    assert (session.notes, session.version) == ("We looked at silences.", 2)
    stale = _record_data(session, base_version=1, notes="My other words")
    page = client.post(url, stale)
    text = page.content.decode()
    assert (page.status_code, "My other words" in text, "We looked at silences." in text) == (
        409,
        True,
        True,
    )
    session.refresh_from_db()
    assert session.notes == "We looked at silences."


def test_a_held_session_needs_who_came(client, w):
    session = w.sessions["individual"]
    page = _as(client, w, "csup").post(
        reverse("development:supervision_edit", args=[session.pk]),
        _record_data(session, attended=[]),
    )
    assert page.status_code == 400
    assert "Tick who came" in page.content.decode()


def test_the_calendar_invitation_has_time_and_kind_and_no_content(client, w):
    session = w.sessions["individual"]
    response = _as(client, w, "coach").get(
        reverse("development:supervision_ics", args=[session.pk])
    )
    body = response.content.decode()
    assert (response["Content-Type"], "SUMMARY:Individual supervision" in body) == (
        "text/calendar",
        True,
    )
    assert NOTES not in body


# --- Situations brought ------------------------------------------------------------------------


def test_a_situation_that_looks_like_it_names_someone_is_warned_then_kept(client, w):
    session = w.sessions["individual"]
    url = reverse("development:supervision_consultation", args=[session.pk])
    client = _as(client, w, "coach")
    text = "I keep getting stuck when the mother Dana talks over me."
    page = client.post(url, {"situation": text})
    body = page.content.decode()
    assert (page.status_code, "looks like a name" in body, "talks over me" in body) == (
        400,
        True,
        True,
    )
    assert 'name="names_nobody"' in body
    assert client.post(url, {"situation": text, "names_nobody": "on"}).status_code == 302
    saved = Consultation.objects.get(situation=text)
    assert saved.confirmed_despite_warning is True
    detail = _as(client, w, "csup").get(
        reverse("development:supervision_detail", args=[session.pk])
    )
    assert "talks over me" in detail.content.decode()


def test_a_plain_situation_is_saved_without_warning(client, w):
    session = w.sessions["individual"]
    url = reverse("development:supervision_consultation", args=[session.pk])
    response = _as(client, w, "csup").post(url, {"situation": "A coach keeps giving advice."})
    assert response.status_code == 302
    saved = Consultation.objects.get(situation="A coach keeps giving advice.")
    assert (saved.brought_by, saved.confirmed_despite_warning) == (w.people["csup"], False)


# --- Cadence, overdue, reminders ---------------------------------------------------------------


def _overdue_names(client, w, actor) -> set[str]:
    page = _as(client, w, actor).get(reverse("development:supervision_overdue"))
    text = page.content.decode()
    return {k for k in ("coach", "coach2") if f">{w.people[k].full_name}</a>" in text}


def test_overdue_follows_the_nearest_program_settings(client, w):
    # coach: individual 5 days ago; coach2: group 19 days ago (default: every 14 days).
    assert _overdue_names(client, w, "program_lead") == {"coach2"}
    assert _overdue_names(client, w, "csup") == {"coach2"}
    page = _as(client, w, "csup").get(reverse("development:supervision_overdue"))
    assert "Individual supervision" in page.content.decode()  # group last, so individual next
    ProgramSettings.objects.create(scope=w.tree["north"], supervision_every_days=30)
    assert _overdue_names(client, w, "program_lead") == set()
    # A unit's own settings win over its agency's.
    ProgramSettings.objects.create(scope=w.tree["ongoing"], supervision_every_days=3)
    assert _overdue_names(client, w, "program_lead") == {"coach", "coach2"}


def test_a_session_not_attended_does_not_count(client, w):
    w.sessions["individual"].attendees.update(attended=False)
    assert _overdue_names(client, w, "csup") == {"coach", "coach2"}


def test_program_lead_sets_the_cadence_and_a_stale_save_gets_409(client, w):
    url = reverse("development:program_settings_edit", args=[w.tree["north"].pk])
    client = _as(client, w, "program_lead")
    assert client.get(reverse("development:program_settings")).status_code == 200
    data = {
        "base_version": 0,
        "supervision_every_days": 21,
        "supervision_pattern": "individual",
        "remind_days_before": 3,
        "competency_every_months": 6,
    }
    assert client.post(url, data).status_code == 302
    settings = ProgramSettings.objects.get(scope=w.tree["north"])
    assert (settings.supervision_every_days, settings.version) == (21, 1)
    page = client.post(url, data | {"supervision_every_days": 7})
    assert page.status_code == 409
    assert ProgramSettings.objects.get(scope=w.tree["north"]).supervision_every_days == 21
    assert (
        client.post(url, data | {"base_version": 1, "supervision_every_days": 7}).status_code == 302
    )


def test_a_program_lead_cannot_set_another_programs_cadence(client, w):
    url = reverse("development:program_settings_edit", args=[w.tree["south"].pk])
    assert _as(client, w, "program_lead").get(url).status_code == 404


def test_reminders_go_once_per_due_date_to_coach_and_coach_supervisor(w):
    assert supervision_reminders_send() == 1  # coach2 is overdue; coach is due in 9 days
    told = Notification.objects.filter(subject__in=["Time for supervision", "Supervision due"])
    assert {n.recipient for n in told} == {w.people["coach2"], w.people["csup"]}
    assert supervision_reminders_send() == 0
    out = io.StringIO()
    call_command("remind_supervision", stdout=out)
    assert out.getvalue() == "Reminded 0 coaches and their supervisors.\n"
    assert SupervisionReminder.objects.count() == 1
    # Due soon: the program reminds 10 days ahead.
    ProgramSettings.objects.create(scope=w.tree["north"], remind_days_before=10)
    assert supervision_reminders_send() == 1
    assert SupervisionReminder.objects.filter(coach=w.people["coach"]).exists()


def test_a_booked_session_stops_the_reminder(w):
    session_make(w.people["csup"], [w.people["coach2"]], days_ago=-2, status=Status.SCHEDULED)
    assert supervision_reminders_send() == 0


# --- Query counts ------------------------------------------------------------------------------


def _more_coaches(w, n: int) -> None:
    for i in range(n):
        coach = person_with_account(
            roles=(Role.COACH,), org_unit=w.tree["intake"], last_name=f"Extra{i}"
        )
        assign(coach, w.people["csup"])
        session_make(w.people["csup"], [coach], days_ago=30 + i, notes="x")


@pytest.mark.parametrize(
    "actor,name",
    [
        ("program_lead", "development:coach_supervisors"),
        ("program_lead", "development:supervision_overdue"),
        ("csup", "development:supervision_overdue"),
        ("csup", "development:supervision_list"),
        ("coach", "development:supervision_list"),
    ],
)
def test_list_pages_run_the_same_queries_for_more_rows(client, w, page_queries, actor, name):
    _as(client, w, actor)
    url = reverse(name)
    few = page_queries(url)
    _more_coaches(w, 2)
    assert page_queries(url) == few


def test_the_supervision_record_runs_the_same_queries_for_more_sessions(client, w, page_queries):
    _as(client, w, "line_manager")
    url = reverse("development:supervision_coach_record", args=[w.people["coach"].pk])
    few = page_queries(url)
    for days in (40, 54):
        session_make(w.people["csup"], [w.people["coach"]], days_ago=days)
    assert page_queries(url) == few
