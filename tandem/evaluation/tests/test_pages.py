"""The evaluation pages: who opens them, what they count, what they never show.

The world (helpers.py): the privacy world with a cohort of 13 learners in North County's intake
unit, each with a closed engagement, two held sessions and a rated goal, and three learners in its
ongoing services unit.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.coaching.models import Engagement
from tandem.enrollment.models import CoachingRequest
from tandem.evaluation.tests.helpers import page_open, page_table
from tandem.goals.tests.helpers import make_goal, rate

pytestmark = pytest.mark.django_db
S = CoachingRequest.Status


@pytest.mark.parametrize("actor", ["program_lead", "coach_supervisor", "leadership", "evaluator"])
@pytest.mark.parametrize("section", ["reach", "dose", "goals"])
def test_program_level_roles_open_every_part_without_names_or_content(
    client, eworld, actor, section
):
    page = page_open(client, eworld, actor, "evaluation:section", section)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Cohortname" not in html and "Ongoingname" not in html
    assert eworld.people["learner"].last_name not in html
    assert not eworld.markers_in(html)
    assert "COHORT-" not in html  # goal text


@pytest.mark.parametrize(
    "actor", ["supervisor", "coach", "learner", "administrator", "other_supervisor"]
)
def test_people_without_a_program_level_role_get_no_evaluation(client, eworld, actor):
    assert page_open(client, eworld, actor).status_code == 403
    csv_url = ("evaluation:table_csv", "goals", "t-scores")
    assert page_open(client, eworld, actor, csv_url[0], *csv_url[1:]).status_code == 403


def test_anonymous_is_sent_to_sign_in(client, eworld):
    response = client.get(reverse("evaluation:overview"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_reach_counts_the_cohort_and_hides_small_counts(client, eworld):
    html = page_open(client, eworld, "program_lead", "evaluation:section", "reach").content.decode()
    flow = page_table(html, "flow")
    assert flow["Requested"] == ["13"]
    assert flow["Closed"] == ["13"]
    assert flow["Withdrawn"] == ["0"]
    voluntary = page_table(html, "voluntary")
    assert voluntary["Voluntary"] == ["13"]
    assert voluntary["Agency-directed (mandated)"] == ["0"]


def test_goal_attainment_figures(client, eworld):
    html = page_open(client, eworld, "evaluator", "evaluation:section", "goals").content.decode()
    bands = page_table(html, "t-scores")
    # 16 closed engagements: 6 rated +1 (T = 60), 7 rated 0 (T = 50), 3 rated +2 (T = 70).
    # 60 and 70 fall in "60 and above" (9), 50 in "50 to 60" (7): both below 11 are hidden, and
    # since the total (16) is shown, every hidden cell reads "not shown".
    assert bands["60 and above: much better than expected"] == ["not shown"]
    assert bands["50 to 60: as expected to somewhat better"] == ["not shown"]
    assert bands["Below 40: much less than expected"] == ["0"]
    summary = page_table(html, "attainment-summary")
    assert summary["Mean T-score per engagement"][0] == "57.5"  # (6 · 60 + 7 · 50 + 3 · 70) / 16
    assert summary["Goals at or above the expected level"][0] == "100%"


def test_goal_attainment_goal_by_goal_as_well_as_per_engagement(client, eworld):
    today = timezone.localdate()
    for learner in eworld.cohort:  # a second goal each, rated -1 (T = 40)
        second = make_goal(Engagement.objects.get(learner=learner), f"COHORT-2-{learner.pk}")
        rate(second, today - timedelta(days=110), -2, baseline=True)
        rate(second, today - timedelta(days=20), -1)
    html = page_open(client, eworld, "evaluator", "evaluation:section", "goals").content.decode()
    per_goal = page_table(html, "t-scores-per-goal")
    # 29 goals: 13 at 40, 7 at 50, 6 at 60 and 3 at 70. The 7 and the 9 are hidden together.
    assert per_goal == {
        "Below 40: much less than expected": ["0"],
        "40 to 50: somewhat less than expected": ["13"],
        "50 to 60: as expected to somewhat better": ["not shown"],
        "60 and above: much better than expected": ["not shown"],
    }
    summary = page_table(html, "attainment-summary")
    assert summary["Mean T-score per goal"] == ["49.7", "29 goals"]  # 1,440 / 29
    # Per engagement the two goals combine: (+1, −1) → 50, (0, −1) → 43.8; with the three at 70
    # the mean is (6 · 50 + 7 · 43.8 + 3 · 70) / 16 = 51.0.
    assert summary["Mean T-score per engagement"] == ["51.0", "16 engagements"]
    assert summary["Goals at or above the expected level"] == ["55%", "29 goals"]  # 16 / 29
    assert "COHORT-2-" not in html


def test_narrowing_to_a_small_unit_hides_every_figure_about_people(client, eworld):
    unit = eworld.tree["ongoing"].pk
    html = page_open(
        client, eworld, "program_lead", "evaluation:section", "goals", unit=unit
    ).content.decode()
    summary = page_table(html, "attainment-summary")
    assert summary["Mean T-score per engagement"][0] == "not shown: too few"
    # Three engagements: no band is shown, not even the zeros (they would tell that all three
    # are in the one band left), and neither is how many there are.
    bands = page_table(html, "t-scores")
    assert {cells[0] for cells in bands.values()} == {"not shown: too few"}
    assert "Built from fewer than 11 engagements" in html
    assert "Built from 3 " not in html
    html = page_open(
        client, eworld, "program_lead", "evaluation:section", "dose", unit=unit
    ).content.decode()
    assert page_table(html, "dose")["Sessions held per engagement"][1] == "not shown: too few"


def test_a_unit_outside_the_scope_is_refused_with_a_message(client, eworld):
    html = page_open(
        client,
        eworld,
        "program_lead",
        "evaluation:section",
        "reach",
        unit=eworld.tree["permanency"].pk,  # South County: not the North program lead's
    ).content.decode()
    assert "Select a valid choice" in html
    assert page_table(html, "flow")["Requested"] == ["13"]  # the defaults: the lead's own scope


def test_the_period_filter_and_a_reversed_period(client, eworld):
    today = timezone.localdate()
    long_ago = {"start": "2001-01-01", "end": "2001-12-31"}
    html = page_open(client, eworld, "evaluator", "evaluation:section", "reach", **long_ago)
    assert page_table(html.content.decode(), "flow")["Requested"] == ["0"]
    reversed_period = {"start": today.isoformat(), "end": "2001-01-01"}
    html = page_open(client, eworld, "evaluator", "evaluation:section", "reach", **reversed_period)
    assert "The end of the period comes before its start." in html.content.decode()


def test_the_csv_is_exactly_the_table(client, eworld):
    page = page_open(client, eworld, "evaluator", "evaluation:section", "goals").content.decode()
    response = page_open(client, eworld, "evaluator", "evaluation:table_csv", "goals", "t-scores")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Goal attainment at closing (GAS T-scores)"]
    assert rows[3] == ["Built from 16 engagements."]
    assert rows[4][0].startswith(f"Figures as of {timezone.localtime():%b %-d, %Y}")
    table = {row[0]: row[1:] for row in rows[6:]}
    assert table == page_table(page, "t-scores")
    body = response.content.decode()
    assert "Cohortname" not in body and "COHORT-" not in body


def test_query_count_does_not_grow_with_the_engagements(client, eworld, page_queries):
    client.force_login(eworld.people["evaluator"].user)
    for section in ("reach", "dose", "goals"):
        url = reverse("evaluation:section", args=[section])
        one = page_queries(url, {"unit": eworld.tree["permanency"].pk})  # E2 only
        three = page_queries(url, {"unit": eworld.tree["ongoing"].pk})  # three engagements
        many = page_queries(url, {"unit": eworld.tree["intake"].pk})  # the cohort
        assert one == three == many, section


def test_meeting_as_often_as_agreed(client, eworld):
    html = page_open(
        client, eworld, "program_lead", "evaluation:section", "dose", unit=eworld.tree["intake"].pk
    ).content.decode()
    rows = page_table(html, "adherence")
    # Each cohort engagement ran 120 days to 10 days ago: 111 days in the period, so "every two
    # weeks" asks for 111 // 14 = 7 sessions, 6 of them (80%) to meet it; they held 2. So did
    # the world's E1 (intake too, every two weeks, two sessions a month ago): 14 in all.
    assert rows["Met less than the agreed frequency"] == ["14"]
    assert rows["Met the agreed frequency"] == ["0"]


def test_goal_attainment_over_time_by_quarter_of_closing(client, eworld):
    html = page_open(client, eworld, "evaluator", "evaluation:section", "goals").content.decode()
    quarters = page_table(html, "t-scores-over-time")
    # All 16 closed ten days ago, so they share one quarter: 16 engagements, mean 57.5.
    closed = timezone.localdate() - timedelta(days=10)
    quarter = f"{closed.year} Q{(closed.month - 1) // 3 + 1}"
    assert quarters == {quarter: ["16", "57.5"]}
