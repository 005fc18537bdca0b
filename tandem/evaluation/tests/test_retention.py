"""Retention of coached and not-coached staff, and the return-on-investment calculator.

The privacy world gets a unit of its own in North County ("Retention Unit") with a cohort whose
hire and separation dates are known, so the Kaplan–Meier figures can be worked by hand. The
period runs from LANDMARK (800 days ago) for 730 days; everyone is followed to its end.

Coached (15, coaching started 30 days before the landmark, one held 90-minute session 10 days
after it): three leave, on days 100, 200 and 500.
Not coached (16, one of them first coached 30 days after the landmark, one held 60-minute
session): four leave, on days 50, 150, 300 and 400.
Left out: a new hire after the landmark, someone who left before it, someone with no hire date,
and someone marked gone with no separation date.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.coaching.models import CoachingSession, Engagement, EngagementMember
from tandem.evaluation.filters import Filters
from tandem.evaluation.retention import (
    COACHED,
    NOT_COACHED,
    month_day,
    retention_figures,
)
from tandem.evaluation.roi import roi_estimate
from tandem.evaluation.tests.helpers import page_table as _table
from tandem.people.models import OrgUnit, Person
from tandem.people.services import orgunit_create
from tandem.people.tests.factories import PersonFactory
from tandem.privacy.aggregates import evaluation_scope
from tandem.privacy.tests.world import build_world
from tandem.testing import fresh

pytestmark = pytest.mark.django_db

COACHED_LEAVE = (100, 200, 500)
NOT_COACHED_LEAVE = (50, 150, 300, 400)
COACHED_N, NOT_COACHED_N = 15, 16
FOLLOWED = 730


def _landmark() -> date:
    return timezone.localdate() - timedelta(days=800)


def _period() -> dict[str, str]:
    start = _landmark()
    return {"start": start.isoformat(), "end": (start + timedelta(days=FOLLOWED)).isoformat()}


def _held(engagement: Engagement, day: date, minutes: int) -> None:
    CoachingSession.objects.create(
        engagement=engagement,
        starts_at=timezone.make_aware(datetime.combine(day, time(10))),
        status=CoachingSession.Status.HELD,
        duration_minutes=minutes,
    )


def _staff(unit: OrgUnit, name: str, *, left_after: int | None = None, **fields) -> Person:
    landmark = _landmark()
    values = {
        "hire_date": landmark - timedelta(days=400),
        "separation_date": None if left_after is None else landmark + timedelta(days=left_after),
        "separation_reason": "" if left_after is None else Person.SeparationReason.RESIGNED,
        "is_active": left_after is None,
        **fields,
    }
    return PersonFactory(org_unit=unit, last_name=name, **values)


def _coached(unit: OrgUnit, coach: Person, name: str, *, started: int, **fields) -> Person:
    person = _staff(unit, name, **fields)
    landmark = _landmark()
    engagement = Engagement.objects.create(
        learner=person,
        coach=coach,
        status=Engagement.Status.CLOSED,
        started_on=landmark + timedelta(days=started),
        ended_on=landmark + timedelta(days=started + 90),
    )
    _held(engagement, landmark + timedelta(days=started + 40), 90 if started < 0 else 60)
    return person


def _cohort(unit: OrgUnit, coach: Person, *, coached: int, not_coached: int) -> None:
    for i in range(coached):
        leaves = COACHED_LEAVE[i] if i < len(COACHED_LEAVE) else None
        _coached(unit, coach, f"Retcoached{i}", started=-30, left_after=leaves)
    for i in range(not_coached):
        leaves = NOT_COACHED_LEAVE[i] if i < len(NOT_COACHED_LEAVE) else None
        if i == not_coached - 1:  # first coached after the landmark: still "not coached"
            _coached(unit, coach, f"Retlater{i}", started=30, left_after=leaves)
        else:
            _staff(unit, f"Retnot{i}", left_after=leaves)


def _build():
    world = build_world()
    coach = world.people["coach"]
    office = world.tree["north_office"]
    unit = orgunit_create(parent=office, name="Retention Unit", kind=OrgUnit.Kind.UNIT)
    _cohort(unit, coach, coached=COACHED_N, not_coached=NOT_COACHED_N)
    landmark = _landmark()
    _staff(unit, "Retnewhire", hire_date=landmark + timedelta(days=10))
    _staff(unit, "Retgone", left_after=-5)
    _staff(unit, "Retnohire", hire_date=None)
    _staff(unit, "Retinactive", is_active=False)
    small = orgunit_create(parent=office, name="Small Retention Unit", kind=OrgUnit.Kind.UNIT)
    world.tree["retention"] = unit
    world.tree["small_retention"] = small
    return world


@pytest.fixture(scope="module")
def retention_world_once(module_db):
    return module_db(_build)


@pytest.fixture
def rworld(retention_world_once, db):
    return fresh(retention_world_once)


def _filters(world, unit: str = "retention") -> Filters:
    scope = evaluation_scope(viewer=world.people["program_lead"]).narrowed(world.tree[unit])
    start = _landmark()
    return Filters(scope=scope, start=start, end=start + timedelta(days=FOLLOWED))


def _open(client, world, name: str, *args, actor: str = "program_lead", **params):
    client.force_login(world.people[actor].user)
    return client.get(reverse(name, args=args), params)


def _page(client, world, name: str, *args, unit: str = "retention", **params) -> str:
    query = {"unit": world.tree[unit].pk, **_period(), **params}
    response = _open(client, world, name, *args, **query)
    assert response.status_code == 200
    return response.content.decode()


def _log_log(survival: float, variance: float) -> tuple[float, float]:
    """The 95% log-log interval by hand: S^exp(±1.96·√var / |ln S|)."""
    spread = 1.959964 * math.sqrt(variance) / abs(math.log(survival))
    return survival ** math.exp(spread), survival ** math.exp(-spread)


def test_kaplan_meier_by_hand_for_both_groups(rworld):
    figures = retention_figures(_filters(rworld))
    coached, not_coached = figures.group(COACHED), figures.group(NOT_COACHED)
    assert (coached.n, not_coached.n) == (15, 16)
    # Coached, 15 followed: departures on day 100 (15 at risk) and 200 (14 at risk) before
    # 12 months, day 500 (13 at risk) before 24 months; nobody else leaves in 730 days.
    # S(365) = 14/15 · 13/14 = 13/15 = 0.8667; at risk on day 365: 13.
    # Greenwood: 1/(15·14) + 1/(14·13) = 0.010256 → log-log 95% CI 0.5639 to 0.9649.
    # S(730) = 13/15 · 12/13 = 12/15 = 0.80; at risk on day 730: 12 (followed to the end).
    twelve, twenty_four = coached.at(12), coached.at(24)
    assert (month_day(12), month_day(24)) == (365, 730)
    assert twelve.survival == pytest.approx(13 / 15)
    assert (twelve.low, twelve.high) == pytest.approx(_log_log(13 / 15, 1 / 210 + 1 / 182))
    assert (twelve.low, twelve.high) == pytest.approx((0.5639, 0.9649), abs=1e-4)
    assert twelve.at_risk == 13
    assert twenty_four.survival == pytest.approx(12 / 15)
    assert twenty_four.at_risk == 12
    # Not coached, 16 followed (one first coached after the landmark counts here): departures
    # on days 50, 150 and 300 (16, 15, 14 at risk) before 12 months, day 400 (13 at risk).
    # S(365) = 15/16 · 14/15 · 13/14 = 13/16 = 0.8125; S(730) = 13/16 · 12/13 = 0.75.
    # Greenwood at 365: 1/(16·15) + 1/(15·14) + 1/(14·13) = 0.014423.
    twelve, twenty_four = not_coached.at(12), not_coached.at(24)
    assert twelve.survival == pytest.approx(13 / 16)
    variance = 1 / 240 + 1 / 210 + 1 / 182
    assert (twelve.low, twelve.high) == pytest.approx(_log_log(13 / 16, variance))
    assert (twelve.at_risk, twenty_four.at_risk) == (13, 12)
    assert twenty_four.survival == pytest.approx(0.75)


def test_a_group_member_counts_as_coached_only_once_they_joined(rworld):
    # Issue #16 item 3: joining a group is the person's choice. Someone invited who never
    # answered, or who declined, was not coached; someone who accepted before the landmark was.
    landmark = _landmark()
    staff = {p.last_name: p for p in Person.objects.filter(last_name__startswith="Retnot")}
    group = Engagement.objects.create(
        learner=staff["Retnot4"],
        coach=rworld.people["coach"],
        kind=Engagement.Kind.GROUP,
        status=Engagement.Status.CLOSED,
        started_on=landmark - timedelta(days=30),
    )
    joined_on = landmark - timedelta(days=20)
    at = timezone.make_aware(datetime.combine(joined_on, time(9)))
    EngagementMember.objects.create(engagement=group, person=staff["Retnot5"], invited_at=at)
    EngagementMember.objects.create(
        engagement=group, person=staff["Retnot6"], invited_at=at, declined_at=at
    )
    EngagementMember.objects.create(
        engagement=group,
        person=staff["Retnot7"],
        invited_at=at,
        accepted_at=at,
        joined_on=joined_on,
    )

    figures = retention_figures(_filters(rworld))

    # The group's learner and the member who joined move to "coached"; the other two do not.
    assert (figures.group(COACHED).n, figures.group(NOT_COACHED).n) == (17, 14)


def test_retention_page_shows_both_time_points_with_intervals_and_charts(client, rworld):
    html = _page(client, rworld, "evaluation:section", "retention")
    summary = _table(html, "retention")
    assert summary["Coached: after 12 months"] == ["15", "87%", "56% to 96%", "13"]
    assert summary["Coached: after 24 months"][:2] == ["15", "80%"]
    assert summary["Coached: after 24 months"][3] == "12"
    assert summary["Not coached: after 12 months"][:2] == ["16", "81%"]
    assert summary["Not coached: after 24 months"][1] == "75%"
    assert "Built from 31 staff" in html
    assert "This is not proof that coaching keeps staff." in html
    curve = _table(html, "curve-coached")
    assert curve["0"] == ["100%", "100% to 100%", "15"]
    assert curve["12"][0] == "87%" and curve["24"][0] == "80%"
    assert 'id="chart-curve-coached"' in html and 'id="chart-curve-not-coached"' in html
    assert not any(name in html for name in ("Retcoached", "Retnot", "Retlater"))  # no names


def test_a_group_below_the_threshold_shows_nothing(client, rworld, settings):
    settings.PRIVACY_MIN_COUNT = 16  # coached: 15 people; not coached: 16
    html = _page(client, rworld, "evaluation:section", "retention")
    summary = _table(html, "retention")
    assert summary["Coached: after 12 months"] == ["fewer than 16"] + ["not shown: too few"] * 3
    # Not coached: 16 people, shown; at 12 months only 13 are still followed, so that is not.
    assert summary["Not coached: after 12 months"][0] == "16"
    assert _table(html, "curve-not-coached")["0"] == ["100%", "100% to 100%", "16"]
    # Only the shown group is counted: with the total, the hidden group's size would show.
    assert "Built from 16 staff" in html and "Built from 31 " not in html
    assert "The coached group has fewer than 16 people" in html
    assert 'id="chart-curve-coached"' not in html
    assert _table(html, "curve-coached") == {}
    assert 'id="chart-curve-not-coached"' in html


def test_a_time_point_with_too_few_still_followed_is_hidden(client, rworld, settings):
    settings.PRIVACY_MIN_COUNT = 13  # at risk: 13 at 12 months, 12 at 24 months
    html = _page(client, rworld, "evaluation:section", "retention")
    summary = _table(html, "retention")
    assert summary["Coached: after 12 months"][1] == "87%"
    assert summary["Coached: after 24 months"][1:] == [
        "not shown: too few",
        "not shown: too few",
        "fewer than 13",
    ]
    curve = _table(html, "curve-coached")
    assert "12" in curve and "24" not in curve  # the curve stops where too few are followed


def test_a_period_shorter_than_a_year_has_no_12_month_figure(client, rworld):
    start = _landmark()
    html = _page(
        client,
        rworld,
        "evaluation:section",
        "retention",
        end=(start + timedelta(days=200)).isoformat(),
    )
    summary = _table(html, "retention")
    assert summary["Coached: after 12 months"][1] == "period shorter than 12 months"


def test_roi_arithmetic_with_given_inputs():
    estimate = roi_estimate(
        hours=120.0,
        rate=85.0,
        contract=None,
        period_days=365,
        turnover_not_coached=0.25,
        turnover_coached=0.10,
        coached_staff=40,
        replacement_cost=50_000.0,
    )
    assert estimate.cost == pytest.approx(10_200)  # 120 h × $85
    assert estimate.leavers_avoided == pytest.approx(6.0)  # (25% − 10%) × 40
    assert estimate.savings == pytest.approx(300_000)  # 6 × $50,000
    assert estimate.roi == pytest.approx((300_000 - 10_200) / 10_200)  # 28.41
    assert estimate.steps == (
        "Cost of coaching: 120.0 hours of coaching held in the period × $85 an hour = $10,200.",
        "Turnover within 12 months: 25.0% of staff not coached left, and 10.0% of coached "
        "staff: a difference of 15.0 percentage points.",
        "Leavers avoided: 15.0% × 40 coached staff = 6.00 people.",
        "Savings: 6.00 people × $50,000 to replace one caseworker = $300,000.",
        "Return on investment: ($300,000 − $10,200) ÷ $10,200 = 2,841%.",
        "Each dollar spent on coaching would save $29.41 in replacement costs.",
        "Figures are rounded for reading; each step uses them unrounded.",
    )
    by_contract = roi_estimate(
        hours=None,
        rate=None,
        contract=60_000.0,
        period_days=730,
        turnover_not_coached=0.25,
        turnover_coached=0.10,
        coached_staff=40,
        replacement_cost=5_000.0,
    )
    assert by_contract.cost == pytest.approx(120_000)  # two years of the contract
    assert by_contract.roi == pytest.approx((30_000 - 120_000) / 120_000)  # −75%
    assert by_contract.steps[-2] == "The estimated savings are less than the cost of coaching."


def test_roi_page_works_the_estimate_from_tandems_figures(client, rworld):
    html = _page(client, rworld, "evaluation:roi", rate="100", replacement_cost="$50,000")
    known = _table(html, "roi-inputs")
    # 15 coached sessions of 90 minutes and one of 60 in the period: 23.5 hours, 16 people.
    assert known["Hours of coaching held in the period"] == ["23.5"]
    assert known["Staff who had that coaching"] == ["16"]
    assert known["Left within 12 months: not coached"] == ["18.8%"]  # 3 of 16
    assert known["Left within 12 months: coached"] == ["13.3%"]  # 2 of 15
    steps = html.split('id="roi-steps">', 1)[1].split("</ol>", 1)[0]
    # Cost 23.5 × $100 = $2,350; avoided (18.75% − 13.33%) × 16 = 0.8667; savings $43,333.33;
    # ROI (43,333.33 − 2,350) / 2,350 = 1,744%.
    assert "23.5 hours of coaching held in the period × $100 an hour = $2,350." in steps
    assert "× 16 coached staff = 0.87 people." in steps
    assert "= $43,333.33." in steps
    assert "÷ $2,350 = 1,744%." in steps
    assert "An estimate, not a result" in html


def test_roi_cannot_be_made_when_the_retention_figures_are_hidden(client, rworld, settings):
    settings.PRIVACY_MIN_COUNT = 16
    html = _page(client, rworld, "evaluation:roi", contract="60000", replacement_cost="50000")
    cannot = html.split('id="roi-cannot"', 1)[1].split("</ul>", 1)[0]
    assert "The estimate cannot be made" in cannot
    assert "The coached group has fewer than 16 people." in cannot
    assert 'id="roi-steps"' not in html


def test_roi_bad_input_gets_field_messages_and_keeps_the_values(client, rworld):
    html = _page(
        client, rworld, "evaluation:roi", rate="-5", replacement_cost="lots", coached_staff="2.5"
    )
    assert "Enter 0 or more: a cost cannot be negative." in html
    assert "Enter an amount in dollars as a number, like 85 or 85.50." in html
    assert "Enter a whole number of people, like 40." in html
    assert 'value="-5"' in html and 'value="lots"' in html and 'value="2.5"' in html
    assert 'id="roi-steps"' not in html
    both = _page(client, rworld, "evaluation:roi", rate="80", contract="1000", replacement_cost="1")
    assert "Enter a cost per hour or a yearly contract cost, not both." in both
    neither = _page(client, rworld, "evaluation:roi", replacement_cost="")
    assert "Enter the coach&#x27;s cost per hour, or a yearly contract cost." in neither
    assert "Enter what it costs to replace one caseworker." in neither


def test_roi_page_without_costs_asks_for_them_and_keeps_the_filters(client, rworld):
    html = _page(client, rworld, "evaluation:roi")
    assert "Enter your costs above to see the estimate." in html
    assert "Please fix" not in html
    unit = rworld.tree["retention"].pk
    assert f'<input type="hidden" name="unit" value="{unit}">' in html


@pytest.mark.parametrize("actor", ["supervisor", "coach", "learner"])
def test_retention_and_roi_are_refused_to_people_without_a_program_level_role(
    client, rworld, actor
):
    for name, args in (
        ("evaluation:section", ("retention",)),
        ("evaluation:roi", ()),
        ("evaluation:table_csv", ("retention", "retention")),
        ("evaluation:table_csv", ("roi", "roi-inputs")),
    ):
        assert _open(client, rworld, name, *args, actor=actor).status_code == 403, name


def test_retention_csv_is_the_table(client, rworld):
    query = {"unit": rworld.tree["retention"].pk, **_period()}
    response = _open(client, rworld, "evaluation:table_csv", "retention", "retention", **query)
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "Coached: after 12 months,15,87%,56% to 96%,13" in body


def test_query_count_does_not_grow_with_the_groups(client, rworld, page_queries):
    client.force_login(rworld.people["evaluator"].user)
    pages = (
        (reverse("evaluation:section", args=["retention"]), {}),
        (reverse("evaluation:roi"), {"rate": "90", "replacement_cost": "40000"}),
    )

    def counts(unit: str) -> list[int]:
        return [
            page_queries(url, {"unit": rworld.tree[unit].pk, **_period(), **extra})
            for url, extra in pages
        ]

    empty, full = counts("small_retention"), counts("retention")
    _cohort(rworld.tree["small_retention"], rworld.people["coach"], coached=3, not_coached=3)
    assert empty == full == counts("small_retention")
