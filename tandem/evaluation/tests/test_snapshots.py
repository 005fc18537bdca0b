"""Kept evaluation figures (tandem/evaluation/snapshots.py): shown again with their time, refreshed
in the background once old, never shared between scopes, and never a way around who may see
evaluation pages. The world: helpers.py (13 closed requests in North County's intake unit)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tandem.enrollment.tests.helpers import make_request
from tandem.evaluation.models import FigureSnapshot
from tandem.evaluation.sections import SECTIONS
from tandem.evaluation.snapshots import snapshot_refresh
from tandem.evaluation.tests.helpers import page_open, page_table
from tandem.people.models import OrgUnit, Role, RoleAssignment
from tandem.people.tests.factories import person_with_account

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def kept(settings):
    settings.EVALUATION_REFRESH_MINUTES = 60


def _requested(client, world, actor: str = "program_lead", **params) -> str:
    html = page_open(client, world, actor, "evaluation:section", "reach", **params)
    assert html.status_code == 200
    return page_table(html.content.decode(), "flow")["Requested"][0]


def _one_more_request(world) -> None:
    make_request(person_with_account(org_unit=world.tree["intake"], last_name="Latecomer"))


def _age(hours: int) -> None:
    FigureSnapshot.objects.update(refreshed_at=timezone.now() - timedelta(hours=hours))


def test_kept_figures_are_shown_again_with_their_time_until_they_are_old(client, eworld):
    assert _requested(client, eworld) == "13"
    _one_more_request(eworld)

    page = page_open(client, eworld, "program_lead", "evaluation:section", "reach")
    html = page.content.decode()
    assert page_table(html, "flow")["Requested"] == ["13"]  # kept: computed before the request
    assert "Figures as of" in html
    assert "more than 60 minutes old" in html

    _age(hours=2)
    html = page_open(client, eworld, "program_lead", "evaluation:section", "reach")
    html = html.content.decode()
    # Old: still shown at once (never a blank page), with a refresh queued in the background.
    assert page_table(html, "flow")["Requested"] == ["13"]
    assert "A refresh is under way" in html
    queued = DBTaskResult.objects.filter(task_path__endswith="refresh_figures")
    assert queued.count() == 1

    # A second visit while the refresh is queued queues no other.
    page_open(client, eworld, "program_lead", "evaluation:section", "reach")
    assert queued.count() == 1

    # The worker runs the task: the next visit shows the new figures.
    assert snapshot_refresh(key=queued.get().args_kwargs["args"][0])
    assert _requested(client, eworld) == "14"


def test_with_an_immediate_worker_the_old_figures_are_refreshed_on_the_visit(
    client, eworld, settings
):
    settings.TASKS = IMMEDIATE
    assert _requested(client, eworld) == "13"
    _one_more_request(eworld)
    _age(hours=2)
    assert _requested(client, eworld) == "14"


@pytest.mark.parametrize("section", [slug for slug in SECTIONS if slug != "roi"])
def test_kept_figures_show_exactly_what_computing_them_shows(client, eworld, settings, section):
    def figures(html: str) -> str:
        return html.split('<div class="tablet:grid-col-9">', 1)[1].split("<section", 1)[1]

    settings.EVALUATION_REFRESH_MINUTES = 0
    live = page_open(client, eworld, "evaluator", "evaluation:section", section).content.decode()
    settings.EVALUATION_REFRESH_MINUTES = 60
    page_open(client, eworld, "evaluator", "evaluation:section", section)  # computes, keeps
    kept = page_open(client, eworld, "evaluator", "evaluation:section", section)
    assert FigureSnapshot.objects.filter(section=section).count() == 1
    assert 'id="freshness"' in kept.content.decode()
    assert figures(kept.content.decode()) == figures(live)


def test_turned_off_figures_are_computed_on_every_visit(client, eworld, settings):
    settings.EVALUATION_REFRESH_MINUTES = 0
    assert _requested(client, eworld) == "13"
    _one_more_request(eworld)
    html = page_open(client, eworld, "program_lead", "evaluation:section", "reach")
    assert page_table(html.content.decode(), "flow")["Requested"] == ["14"]
    assert "Figures as of" not in html.content.decode()
    assert not FigureSnapshot.objects.exists()


def test_each_scope_and_filter_has_its_own_figures(client, eworld):
    # The evaluator (statewide) first: North County's lead must not be shown the state's figures.
    statewide = _requested(client, eworld, "evaluator")
    assert _requested(client, eworld, "program_lead") == "13"
    assert statewide == "13"  # all 13 are in North County; what differs is the scope
    ongoing = {"unit": eworld.tree["ongoing"].pk}
    assert _requested(client, eworld, "program_lead", **ongoing) == "0"
    long_ago = {"start": "2001-01-01", "end": "2001-12-31"}
    assert _requested(client, eworld, "program_lead", **long_ago) == "0"
    assert FigureSnapshot.objects.count() == 4
    kept_params = FigureSnapshot.objects.values_list("params", flat=True)
    assert {tuple(p["paths"]) for p in kept_params} == {
        tuple(a.scope.path for a in RoleAssignment.objects.filter(person=eworld.people[who]))
        for who in ("evaluator", "program_lead")
    }


@pytest.mark.parametrize("actor", ["supervisor", "coach", "learner", "administrator"])
def test_kept_figures_open_no_door_to_people_without_a_program_level_role(client, eworld, actor):
    assert _requested(client, eworld, "program_lead") == "13"
    page = page_open(client, eworld, actor, "evaluation:section", "reach")
    assert page.status_code == 403
    csv_page = page_open(client, eworld, actor, "evaluation:table_csv", "reach", "flow")
    assert csv_page.status_code == 403


def test_a_program_lead_whose_role_ends_no_longer_sees_the_kept_figures(client, eworld):
    assert _requested(client, eworld, "program_lead") == "13"
    RoleAssignment.objects.filter(
        person=eworld.people["program_lead"], role=Role.PROGRAM_LEAD
    ).delete()
    page = page_open(client, eworld, "program_lead", "evaluation:section", "reach")
    assert page.status_code == 403
    assert FigureSnapshot.objects.count() == 1  # kept, but shown to nobody without the role


def test_the_csv_is_the_kept_table_as_of_the_same_time(client, eworld):
    page = page_open(client, eworld, "program_lead", "evaluation:section", "reach")
    _one_more_request(eworld)
    response = page_open(client, eworld, "program_lead", "evaluation:table_csv", "reach", "flow")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    snapshot = FigureSnapshot.objects.get()
    as_of = timezone.localtime(snapshot.refreshed_at)
    assert rows[4] == [f"Figures as of {as_of:%b %-d, %Y %H:%M %Z}."]
    assert {row[0]: row[1:] for row in rows[6:]} == page_table(page.content.decode(), "flow")


def test_the_roi_basis_is_kept_and_the_estimate_worked_out_on_every_visit(client, eworld):
    client.force_login(eworld.people["evaluator"].user)
    url = reverse("evaluation:roi")
    first = client.get(url)
    assert first.status_code == 200 and "Figures as of" in first.content.decode()
    costs = {"rate": "80", "replacement_cost": "40000", "coached_staff": "20", "estimate": "1"}
    again = client.get(url, costs)
    assert again.status_code == 200
    assert FigureSnapshot.objects.filter(section="roi").count() == 1


def test_query_count_of_kept_figures_does_not_grow_with_the_engagements(
    client, eworld, page_queries
):
    client.force_login(eworld.people["evaluator"].user)
    for section in ("reach", "dose", "goals", "fidelity"):
        url = reverse("evaluation:section", args=[section])
        one = page_queries(url, {"unit": eworld.tree["permanency"].pk})
        three = page_queries(url, {"unit": eworld.tree["ongoing"].pk})
        many = page_queries(url, {"unit": eworld.tree["intake"].pk})
        assert one == three == many, section


def test_refresh_evaluation_computes_ahead_refreshes_and_forgets(client, eworld):
    out = io.StringIO()
    call_command("refresh_evaluation", stdout=out)
    ahead = FigureSnapshot.objects.count()
    assert ahead > 0 and f"{ahead} computed ahead" in out.getvalue()
    # The lead's default view was computed ahead: the first visit shows kept figures.
    _one_more_request(eworld)
    assert _requested(client, eworld) == "13"

    _age(hours=2)
    unviewed = FigureSnapshot.objects.filter(section="dose")
    unviewed.update(viewed_at=timezone.now() - timedelta(days=31))
    gone = set(unviewed.values_list("pk", flat=True))
    out = io.StringIO()
    call_command("refresh_evaluation", stdout=out)
    assert not FigureSnapshot.objects.filter(pk__in=gone).exists()
    assert f"{len(gone)} dropped" in out.getvalue()
    assert _requested(client, eworld) == "14"  # refreshed: it was looked at this week


def test_kept_figures_for_a_unit_that_is_gone_are_dropped_on_refresh(client, eworld):
    extra = OrgUnit.objects.add_child(
        eworld.tree["intake"], create_kwargs={"name": "Short-lived unit", "kind": "unit"}
    )
    assert _requested(client, eworld, unit=extra.pk) == "0"
    key = FigureSnapshot.objects.get().key
    extra.delete()
    assert snapshot_refresh(key=key) is False
    assert not FigureSnapshot.objects.exists()


def test_kept_figures_of_an_older_shape_are_computed_again_not_a_500(client, eworld):
    assert _requested(client, eworld) == "13"
    # As a release that changed the tables' shape without bumping FORMAT would leave them.
    FigureSnapshot.objects.update(figures=[{"slug": "flow", "title": "old shape"}])
    _one_more_request(eworld)
    assert _requested(client, eworld) == "14"
    kept = FigureSnapshot.objects.get()
    assert kept.figures[0]["type"] == "Table"


def test_a_visit_notes_when_figures_were_seen_at_most_hourly(client, eworld):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert _requested(client, eworld) == "13"
    with CaptureQueriesContext(connection) as again:
        _requested(client, eworld)
    assert not [q for q in again if 'UPDATE "evaluation_figuresnapshot"' in q["sql"]]
    FigureSnapshot.objects.update(viewed_at=timezone.now() - timedelta(hours=2))
    _requested(client, eworld)
    assert FigureSnapshot.objects.get().viewed_at > timezone.now() - timedelta(minutes=1)
