"""The de-identified research export: evaluators only, no identities or words, pseudonyms that
hold within one export and never across two, consent, small agencies, and the audit.

The privacy world (tandem/privacy/tests/world.py) gets 13 more learners in North County, each
with a closed engagement, sessions, a goal with text and ratings with notes, an instrument and a
closing survey with written answers; the first of them declined research use. South County has
three learners (E2's and two more): a small agency. So North has 13 consenting learners (E1's
and 12 of the cohort), above the threshold of 11.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tandem.coaching.models import CoachingSession, Engagement, EngagementMember
from tandem.evaluation.export import MomentWeeks, Pseudonyms, iso_week, selection_build, tenure_band
from tandem.evaluation.filters import EvaluationFilterForm, filters_from
from tandem.goals.tests.helpers import make_goal, rate
from tandem.instruments.models import Administration, Response
from tandem.instruments.tests.answering import load
from tandem.people.tests.factories import person_with_account
from tandem.privacy.models import ResearchConsentChange, ResearchExport
from tandem.privacy.research import (
    agencies_kept,
    left_out_label,
    research_consent_set,
    research_export_scope,
)
from tandem.privacy.tests.world import build_world
from tandem.testing import fresh

pytestmark = pytest.mark.django_db
COHORT = 13
WORDS = ("COHORT-GOAL", "SCALE-", "RATINGNOTE", "ANSWERTEXT", "Cohortname", "Southname")
TABLES = {
    "engagements",
    "sessions",
    "goals",
    "goal_ratings",
    "instrument_scores",
    "closing_survey",
    "staff",
}


def _respond(version, engagement, learner, scores, **admin):
    administration = Administration.objects.create(
        version=version, kind="self", respondent=learner, engagement=engagement, **admin
    )
    Response.objects.create(
        version=version,
        respondent=learner,
        administration=administration,
        answers={"went-well": f"ANSWERTEXT {learner.last_name}", "ready": True},
        scores=scores,
        status=Response.Status.SUBMITTED,
        submitted_at=timezone.now() - timedelta(days=15),
    )
    return administration


def _coached(learner, coach, readiness, survey) -> Engagement:
    today = timezone.localdate()
    engagement = Engagement.objects.create(
        learner=learner,
        coach=coach,
        status=Engagement.Status.CLOSED,
        focus=f"ANSWERTEXT focus of {learner.last_name}",
        started_on=today - timedelta(days=120),
        ended_on=today - timedelta(days=10),
    )
    for days in (100, 60):
        CoachingSession.objects.create(
            engagement=engagement,
            starts_at=timezone.now() - timedelta(days=days),
            status=CoachingSession.Status.HELD,
            duration_minutes=90,
            place="ANSWERTEXT room",
        )
    goal = make_goal(engagement, f"COHORT-GOAL-{learner.pk}")
    rate(goal, today - timedelta(days=110), -1, note="RATINGNOTE", baseline=True)
    rate(goal, today - timedelta(days=20), 1, note="RATINGNOTE")
    pre = _respond(readiness, engagement, learner, {"yes-count": 9, "band": "ready"}, phase="pre")
    _respond(readiness, engagement, learner, {"yes-count": 11}, phase="post", pre=pre)
    _respond(survey, engagement, learner, {"satisfaction-mean": 4.5})
    return engagement


def _build():
    world = build_world()
    readiness, survey = load("coaching-readiness"), load("closing-survey")
    coach = world.people["coach"]
    hired = timezone.localdate() - timedelta(days=3 * 365)
    world.cohort = []
    for i in range(COHORT):
        learner = person_with_account(
            org_unit=world.tree["intake"], last_name=f"Cohortname{i}", hire_date=hired
        )
        world.cohort.append(learner)
        world.cohort_engagements = [
            *getattr(world, "cohort_engagements", []),
            _coached(learner, coach, readiness, survey),
        ]
    for i in range(2):
        learner = person_with_account(org_unit=world.tree["permanency"], last_name=f"Southname{i}")
        _coached(learner, world.people["other_coach"], readiness, survey)
    research_consent_set(person=world.cohort[0], declined=True, via="test")
    return world


@pytest.fixture(scope="module")
def export_world_once(module_db):
    return module_db(_build)


@pytest.fixture
def xworld(export_world_once, db):
    return fresh(export_world_once)


def _get(client, world, actor, name, *args, **params):
    client.force_login(world.people[actor].user)
    return client.get(reverse(name, args=args), params)


def _body(response) -> bytes:
    """The whole file. Reading it to the end closes the response (and its temporary file);
    the test client makes sure that does not close the database connection too."""
    return b"".join(response.streaming_content)


def _download(client, world, **params) -> dict[str, str]:
    """The zip's files as text, by name."""
    response = _get(client, world, "evaluator", "evaluation:export_download", "csv", **params)
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(_body(response)))
    return {name: archive.read(name).decode() for name in archive.namelist()}


def _rows(files: dict[str, str], table: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(files[f"{table}.csv"])))


def _leaks(world, text: str) -> set[str]:
    names = {p.full_name for p in world.people.values()} | {p.full_name for p in world.cohort}
    found = {w for w in WORDS if w in text} | {n for n in names if n in text}
    found |= world.markers_in(text) | ({"@"} if "@" in text else set())
    return found


def test_the_evaluator_downloads_every_table_and_the_dictionary(client, xworld):
    response = _get(client, xworld, "evaluator", "evaluation:export_download", "csv")
    assert (response.status_code, response["Content-Type"]) == (200, "application/zip")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    _body(response)
    files = _download(client, xworld)
    assert set(files) == {f"{t}.csv" for t in TABLES} | {
        "DATA_DICTIONARY.md",
        "data_dictionary.csv",
    }
    # North: E1 and the 12 cohort learners who did not decline; South (3 learners) left out.
    engagements = _rows(files, "engagements")
    assert len(engagements) == 13
    assert {row["agency"] for row in engagements} == {"North County"}
    assert len(_rows(files, "sessions")) == 12 * 2 + 1
    ratings = _rows(files, "goal_ratings")
    assert len(ratings) == 12 * 2
    # Read straight off the cursor, the level and the flag print alike on both engines.
    levels = {f"{n / 2:.1f}" for n in range(-4, 5)}
    assert {r["level"] for r in ratings} <= levels
    assert sorted(r["is_baseline"] for r in ratings) == ["False"] * 12 + ["True"] * 12
    assert {r["week"][:6] for r in ratings} <= {"2025-W", "2026-W", "2027-W"}
    closing = _rows(files, "closing_survey")
    assert [(r["score"], r["value"]) for r in closing] == [("satisfaction-mean", "4.5")] * 12
    scores = _rows(files, "instrument_scores")
    assert {r["instrument"] for r in scores} == {"coaching-readiness"}
    assert {(r["phase"], r["score"], r["value"]) for r in scores} == {
        ("pre", "band", ""),  # a word is not a score
        ("pre", "yes-count", "9"),
        ("post", "yes-count", "11"),
    }
    pre, post = ({r["pair_id"] for r in scores if r["phase"] == p} for p in ("pre", "post"))
    assert pre == post and len(pre) == 12
    assert {r["tenure_band"] for r in _rows(files, "staff")} >= {"2 to 5 years"}


@pytest.mark.parametrize(
    "actor",
    ["program_lead", "leadership", "coach_supervisor", "learner", "coach", "administrator"],
)
def test_nobody_but_an_evaluator_exports(client, xworld, actor):
    assert _get(client, xworld, actor, "evaluation:export").status_code == 403
    for file_format in ("csv", "xlsx"):
        response = _get(client, xworld, actor, "evaluation:export_download", file_format)
        assert response.status_code == 403
    assert ResearchExport.objects.count() == 0


def test_the_export_page_offers_both_formats(client, xworld):
    html = _get(client, xworld, "evaluator", "evaluation:export").content.decode()
    assert reverse("evaluation:export_download", args=["xlsx"]) in html
    assert reverse("evaluation:export_download", args=["csv"]) in html
    reach = _get(client, xworld, "evaluator", "evaluation:section", "reach").content.decode()
    lead = _get(client, xworld, "program_lead", "evaluation:section", "reach").content.decode()
    link = reverse("evaluation:export")
    assert (link in reach, link in lead) == (True, False)


def test_no_names_emails_or_words_anywhere_in_the_zip(client, xworld):
    files = _download(client, xworld)
    assert _leaks(xworld, "\n".join(files.values())) == set()


def test_no_names_emails_or_words_anywhere_in_the_workbook(client, xworld):
    response = _get(client, xworld, "evaluator", "evaluation:export_download", "xlsx")
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    body = _body(response)
    book = load_workbook(io.BytesIO(body), read_only=True)
    assert book.sheetnames[:2] == ["About", "Data dictionary"]
    assert set(book.sheetnames[2:]) == TABLES
    text = "\n".join(
        str(value) for sheet in book for row in sheet.values for value in row if value is not None
    )
    assert len(list(book["engagements"].values)) == 1 + 13
    assert _leaks(xworld, text) == set()
    raw = zipfile.ZipFile(io.BytesIO(body))
    assert _leaks(xworld, "".join(raw.read(n).decode() for n in raw.namelist())) == set()


def test_pseudonyms_hold_within_an_export_and_never_across_two(client, xworld):
    first, second = _download(client, xworld), _download(client, xworld)
    ids = {r["engagement_id"] for r in _rows(first, "engagements")}
    assert {r["engagement_id"] for r in _rows(first, "sessions")} <= ids
    assert {r["engagement_id"] for r in _rows(first, "goals")} <= ids
    ratings = {r["goal_id"] for r in _rows(first, "goal_ratings")}
    assert ratings == {r["goal_id"] for r in _rows(first, "goals")}
    people = {r["person_id"] for r in _rows(first, "staff")}
    assert {r["learner_id"] for r in _rows(first, "engagements")} <= people
    assert {r["coach_id"] for r in _rows(first, "engagements")} <= people
    assert ids.isdisjoint({r["engagement_id"] for r in _rows(second, "engagements")})
    assert people.isdisjoint({r["person_id"] for r in _rows(second, "staff")})


def test_pseudonyms_are_keyed_hashes_unlinkable_across_keys():
    one, two = Pseudonyms(), Pseudonyms()
    assert one("person", 7) == one("person", 7) != one("engagement", 7)
    assert one("person", 7) != two("person", 7)
    assert (one("goal", None), len(one("goal", 1))) == ("", 20)


def test_pseudonyms_stay_the_same_after_the_remembered_ones_are_forgotten(monkeypatch):
    monkeypatch.setattr(Pseudonyms, "REMEMBERED", 3)
    p = Pseudonyms()
    first = [p("person", pk) for pk in range(10)]  # forgets twice on the way
    assert len(p._made) <= 3
    assert [p("person", pk) for pk in range(10)] == first
    assert len(set(first)) == 10


def _selection(world, **data):
    scope = research_export_scope(viewer=world.people["evaluator"])
    form = EvaluationFilterForm(data or None, scope=scope)
    return selection_build(filters_from(form, scope))


def test_a_learner_who_declined_is_left_out_and_counted(client, xworld, settings):
    selection = _selection(xworld)
    declined = xworld.cohort_engagements[0]
    assert not selection.engagements.filter(pk=declined.pk).exists()
    assert (selection.declined_left_out, selection.small_groups_left_out) == (1, 3)
    dictionary = _download(client, xworld)["DATA_DICTIONARY.md"]
    assert "| Learners left out: declined research use | fewer than 11 |" in dictionary
    settings.PRIVACY_MIN_COUNT = 1  # now every count is shown, South included
    files = _download(client, xworld)
    assert "| Learners left out: declined research use | 1 |" in files["DATA_DICTIONARY.md"]
    assert len(_rows(files, "engagements")) == 13 + 1 + 2
    assert len(_rows(files, "closing_survey")) == COHORT - 1 + 2


def test_a_learner_who_changes_their_mind_is_back(xworld):
    research_consent_set(person=xworld.cohort[0], declined=False, via="test")
    selection = _selection(xworld)
    assert selection.engagements.filter(pk=xworld.cohort_engagements[0].pk).exists()
    assert selection.declined_left_out == 0


def test_a_group_with_a_member_who_declined_is_left_out(xworld):
    group = xworld.cohort_engagements[1]
    Engagement.objects.filter(pk=group.pk).update(kind=Engagement.Kind.GROUP)
    EngagementMember.objects.create(engagement=group, person=xworld.cohort[0])
    selection = _selection(xworld)
    assert not selection.engagements.filter(pk=group.pk).exists()
    assert selection.declined_left_out == 1


def test_a_small_agency_is_left_out(client, xworld):
    files = _download(client, xworld, unit=xworld.tree["south"].pk)
    assert _rows(files, "engagements") == []
    assert _rows(files, "staff") == []
    assert (
        "| Learners left out: agency with fewer than 11 learners | fewer than 11 |"
        in (files["DATA_DICTIONARY.md"])
    )


def test_every_export_is_audited_and_shown_to_program_leads(client, xworld):
    files = _download(client, xworld, unit=xworld.tree["north"].pk)
    export = ResearchExport.objects.get()
    assert (export.exported_by, export.file_format) == (xworld.people["evaluator"], "csv")
    assert export.filters["Organization"] == "North County"
    assert export.rows == {t: len(_rows(files, t)) for t in export.rows}
    assert set(export.rows) == TABLES
    assert (export.declined_left_out, export.small_groups_left_out) == (1, 0)
    html = _get(client, xworld, "program_lead", "privacy:access_patterns").content.decode()
    section = html.split('id="research-exports"', 1)[1]
    assert xworld.people["evaluator"].full_name in section
    assert "Organization: North County" in section
    assert "Engagements: 13" in section
    assert f"Goal ratings: {export.rows['goal_ratings']}" in section  # words, not the file name
    assert "goal_ratings" not in section
    assert "fewer than 11" in section  # the one learner who declined


def test_invalid_filters_download_nothing(client, xworld):
    period = {"start": "2026-12-01", "end": "2001-01-01"}
    response = _get(client, xworld, "evaluator", "evaluation:export_download", "csv", **period)
    assert response.status_code == 400
    assert "The end of the period comes before its start." in response.content.decode()
    assert ResearchExport.objects.count() == 0
    assert _get(client, xworld, "evaluator", "evaluation:export_download", "pdf").status_code == 404


def test_export_queries_do_not_grow_with_the_records(client, xworld):
    client.force_login(xworld.people["evaluator"].user)
    url = reverse("evaluation:export_download", args=["csv"])
    _body(client.get(url))  # warm-up: sign-in and first-use caches are not counted
    counts = []
    for unit in ("permanency", "north", "state"):  # nothing, 13 engagements, the whole state
        with CaptureQueriesContext(connection) as queries:
            _body(client.get(url, {"unit": xworld.tree[unit].pk}))
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2]


# --- Consent, on the learner's own page -------------------------------------------------------


def test_the_learner_declines_and_changes_their_mind(client, xworld):
    learner = xworld.people["learner"]
    page = _get(client, xworld, "learner", "privacy:my_record").content.decode()
    assert 'action="/privacy/my-record/research/"' in page and "csrfmiddlewaretoken" in page
    url = reverse("privacy:research_consent")
    response = client.post(url, {"choice": "decline"}, follow=True)
    assert "left out of every research export" in response.content.decode()
    client.post(url, {"choice": "decline"})  # unchanged: no second row
    client.post(url, {"choice": "allow"})
    history = list(ResearchConsentChange.objects.filter(person=learner).order_by("pk"))
    assert [change.declined for change in history] == [True, False]
    page = client.get(reverse("privacy:my_record")).content.decode()
    assert "No: leave my records out" in page and "Yes: my records may be included" in page


def test_the_form_changes_only_your_own_choice(client, xworld):
    learner = xworld.people["learner"]
    client.force_login(xworld.people["coach"].user)
    url = reverse("privacy:research_consent")
    client.post(url, {"choice": "decline", "person": learner.pk, "person_id": learner.pk})
    assert list(
        ResearchConsentChange.objects.order_by("pk").values_list("person_id", flat=True)
    ) == [
        xworld.cohort[0].pk,
        xworld.people["coach"].pk,
    ]


def test_consent_needs_a_choice_a_post_and_a_sign_in(client, xworld):
    client.force_login(xworld.people["learner"].user)
    url = reverse("privacy:research_consent")
    assert client.post(url, {"choice": "maybe"}).status_code == 400
    assert client.get(url).status_code == 405
    client.logout()
    assert client.post(url, {"choice": "decline"}).status_code == 302
    assert ResearchConsentChange.objects.count() == 1  # the world's one


@pytest.mark.parametrize("table", ["privacy_researchconsentchange", "privacy_researchexport"])
def test_consent_and_export_rows_cannot_be_changed(client, xworld, table):
    _download(client, xworld)
    change, export = ResearchConsentChange.objects.get(), ResearchExport.objects.get()
    with pytest.raises(PermissionError):
        change.delete()
    with pytest.raises(PermissionError):
        ResearchExport.objects.update(via="edited")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET via = 'edited'")  # noqa: S608 (names from the test)
    export.refresh_from_db()
    assert export.via.startswith("GET ")


def test_my_coaching_links_to_the_choice(client, xworld):
    html = _get(client, xworld, "learner", "web:my_coaching").content.decode()
    assert f"{reverse('privacy:my_record')}#research" in html


# --- Rules --------------------------------------------------------------------------------------


def test_a_session_s_week_is_its_local_date_s_week(client, xworld):
    zone = timezone.get_current_timezone()
    engagement = xworld.cohort_engagements[1]  # cohort[0] declined research use
    late_sunday = datetime(2026, 11, 1, 23, 30, tzinfo=zone)  # Monday already in UTC
    new_year = datetime(2027, 1, 1, 9, 0, tzinfo=zone)  # ISO week 53 of 2026
    for starts_at in (late_sunday, new_year):
        CoachingSession.objects.create(
            engagement=engagement, starts_at=starts_at, duration_minutes=77
        )
    files = _download(client, xworld, start="2026-01-01", end="2027-01-31")
    weeks = sorted(row["week"] for row in _rows(files, "sessions") if row["minutes"] == "77")
    assert weeks == ["2026-W44", "2026-W53"]
    assert weeks == sorted(iso_week(day) for day in (late_sunday, new_year))


def test_a_moment_has_one_week_whether_the_cursor_gives_it_naive_in_utc_or_aware():
    zone = timezone.get_current_timezone()
    late_sunday = datetime(2026, 11, 1, 23, 30, tzinfo=zone)  # Monday already in UTC
    naive_utc = late_sunday.astimezone(UTC).replace(tzinfo=None)  # as SQLite's cursor gives it
    weeks = MomentWeeks()
    assert [weeks(late_sunday), weeks(naive_utc), weeks(naive_utc), weeks(None)] == [
        "2026-W44",
        "2026-W44",
        "2026-W44",
        "",
    ]


def test_weeks_bands_and_labels():
    assert iso_week(date(2026, 1, 1)) == "2026-W01"
    assert iso_week(date(2027, 1, 1)) == "2026-W53"
    on = date(2026, 6, 15)
    assert [tenure_band(d, on) for d in (None, date(2026, 1, 1), date(2025, 6, 15))] == [
        "unknown",
        "under 1 year",
        "1 to 2 years",
    ]
    assert [tenure_band(d, on) for d in (date(2024, 6, 16), date(2021, 6, 15))] == [
        "1 to 2 years",
        "5 years or more",
    ]
    assert [left_out_label(n, 11) for n in (0, 1, 10, 11)] == ["0"] + ["fewer than 11"] * 2 + ["11"]
    assert agencies_kept({"a": 10, "b": 11, "": 12}, 11) == {"b", ""}
