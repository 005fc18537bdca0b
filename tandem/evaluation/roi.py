"""Return on investment: a worked estimate from Tandem's own dose and the retention figures,
every step and assumption shown (docs/EVALUATION.md, "Return on investment")."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Sum

from tandem.coaching.models import CoachingSession, EngagementMember
from tandem.evaluation.figures import period_sessions
from tandem.evaluation.filters import Filters
from tandem.evaluation.retention import (
    COACHED,
    NOT_CAUSAL,
    NOT_COACHED,
    YEAR_DAYS,
    Group,
    day_text,
    percent_text,
    retention_figures,
)
from tandem.evaluation.tables import TOO_FEW, Cell, Table, label, number
from tandem.privacy.suppression import figure_shown, min_count, small_label

# --- Return on investment ------------------------------------------------------------------


@dataclass(frozen=True)
class RoiBasis:
    """What Tandem knows for the estimate; a figure is None where it may not be shown, and
    `missing` says why the estimate cannot be made from it."""

    period_days: int
    people: int  # staff who had held coaching in the period
    hours: float | None  # held coaching in the period
    coached_in_period: int | None  # people who had those hours
    turnover_not_coached: float | None  # left within 12 months of the landmark
    turnover_coached: float | None
    missing: tuple[str, ...]
    hours_missing: str = ""


def _turnover(group: Group, start: str) -> tuple[float | None, str]:
    point = group.shown_at(12)
    if point is not None and point.survival is not None:
        return 1 - point.survival, ""
    name = group.name.lower()
    if not group.shown:
        return None, f"The {name} group has {small_label(min_count())} people."
    if group.at(12).survival is None:
        return None, (
            f"Nobody was followed 12 months from {start}: choose a period of at least a year."
        )
    return None, f"{small_label(min_count()).capitalize()} {name} staff were followed 12 months."


def roi_basis(filters: Filters) -> RoiBasis:
    figures = retention_figures(filters)
    start = day_text(figures.landmark)
    not_coached, why_not = _turnover(figures.group(NOT_COACHED), start)
    coached, why = _turnover(figures.group(COACHED), start)
    held = period_sessions(filters).filter(status=CoachingSession.Status.HELD)
    minutes = held.aggregate(minutes=Sum("duration_minutes"))["minutes"] or 0
    learners = set(held.values_list("engagement__learner_id", flat=True).distinct())
    # Members who joined (accepted the invitation), not everyone invited.
    members = EngagementMember.objects.filter(
        engagement__in=held.values("engagement_id"), accepted_at__isnull=False
    )
    people = len(learners | set(members.values_list("person_id", flat=True).distinct()))
    shown = figure_shown(people)
    return RoiBasis(
        period_days=max((filters.end - filters.start).days, 1),
        people=people,
        hours=minutes / 60 if shown else None,
        coached_in_period=people if shown else None,
        turnover_not_coached=not_coached,
        turnover_coached=coached,
        missing=tuple(reason for reason in (why_not, why) if reason),
        hours_missing=""
        if shown or not people
        else f"{small_label(min_count()).capitalize()} staff had coaching in the period.",
    )


def roi(filters: Filters) -> list[Table]:
    return [roi_table(roi_basis(filters))]


def roi_table(basis: RoiBasis) -> Table:
    def share(value: float | None) -> Cell:
        return Cell(TOO_FEW) if value is None else Cell(percent_text(value, 1), value)

    difference = (
        None
        if basis.turnover_not_coached is None or basis.turnover_coached is None
        else basis.turnover_not_coached - basis.turnover_coached
    )
    rows = (
        (
            label("Hours of coaching held in the period"),
            Cell(TOO_FEW) if basis.hours is None else number(basis.hours, places=1),
        ),
        (
            label("Staff who had that coaching"),
            Cell(TOO_FEW) if basis.coached_in_period is None else number(basis.coached_in_period),
        ),
        (label("Left within 12 months: not coached"), share(basis.turnover_not_coached)),
        (label("Left within 12 months: coached"), share(basis.turnover_coached)),
        (
            label("Difference (not coached minus coached)"),
            Cell(TOO_FEW)
            if difference is None
            else Cell(f"{100 * difference:.1f} percentage points", difference),
        ),
    )
    return Table(
        slug="roi-inputs",
        title="What Tandem knows for the estimate",
        counts="Hours of held coaching sessions dated in the period (as on the dose page) and "
        "the staff who had them; the share of staff who left within 12 months of the period's "
        "start, not coached and coached (as on the retention page).",
        columns=("Figure", "Value"),
        rows=rows,
        behind=basis.people,
        behind_label="staff coached in the period",
        people=0,  # each figure above is suppressed on its own: never hide them all at once
        notes=(NOT_CAUSAL,),
    )


@dataclass(frozen=True)
class RoiEstimate:
    cost: float
    leavers_avoided: float
    savings: float
    roi: float | None  # (savings - cost) / cost; None when coaching cost nothing
    steps: tuple[str, ...]


def _money(value: float) -> str:
    sign = "−" if value < 0 else ""
    text = f"{abs(value):,.2f}"
    return f"{sign}${text[:-3] if text.endswith('.00') else text}"


def roi_estimate(
    *,
    hours: float | None,
    rate: float | None,
    contract: float | None,
    period_days: int,
    turnover_not_coached: float,
    turnover_coached: float,
    coached_staff: int,
    replacement_cost: float,
) -> RoiEstimate:
    """The worked estimate, each step in plain words. Cost of coaching = hours × rate, or the
    yearly contract × the period's days / 365; leavers avoided = (turnover not coached −
    turnover coached) × coached staff; savings = leavers avoided × replacement cost;
    ROI = (savings − cost) / cost. Pass `rate` (with `hours`) or `contract`."""
    if rate is not None:
        if hours is None:
            raise ValueError("an hourly rate needs the hours of coaching")
        cost = hours * rate
        cost_step = (
            f"Cost of coaching: {hours:,.1f} hours of coaching held in the period × "
            f"{_money(rate)} an hour = {_money(cost)}."
        )
    elif contract is not None:
        cost = contract * period_days / YEAR_DAYS
        cost_step = (
            f"Cost of coaching: the yearly contract of {_money(contract)} × {period_days} days "
            f"in the period ÷ {YEAR_DAYS} = {_money(cost)}."
        )
    else:
        raise ValueError("give an hourly rate or a yearly contract cost")
    difference = turnover_not_coached - turnover_coached
    avoided = difference * coached_staff
    savings = avoided * replacement_cost
    steps = [
        cost_step,
        f"Turnover within 12 months: {percent_text(turnover_not_coached, 1)} of staff not coached "
        f"left, and {percent_text(turnover_coached, 1)} of coached staff: a difference of "
        f"{100 * difference:.1f} percentage points.",
        f"Leavers avoided: {percent_text(difference, 1)} × {coached_staff:,} coached staff = "
        f"{avoided:,.2f} people.",
        f"Savings: {avoided:,.2f} people × {_money(replacement_cost)} to replace one "
        f"caseworker = {_money(savings)}.",
    ]
    roi_value = None
    if cost > 0:
        roi_value = (savings - cost) / cost
        steps.append(
            f"Return on investment: ({_money(savings)} − {_money(cost)}) ÷ {_money(cost)} = "
            f"{100 * roi_value:,.0f}%."
        )
        if savings > cost:
            steps.append(
                f"Each dollar spent on coaching would save {_money(savings / cost)} in "
                "replacement costs."
            )
        else:
            steps.append("The estimated savings are less than the cost of coaching.")
    else:
        steps.append("Coaching cost nothing here, so a return on it cannot be worked out.")
    steps.append("Figures are rounded for reading; each step uses them unrounded.")
    return RoiEstimate(cost, avoided, savings, roi_value, tuple(steps))


def roi_for(
    basis: RoiBasis,
    *,
    rate: float | None,
    contract: float | None,
    replacement_cost: float,
    coached_staff: int | None,
) -> tuple[RoiEstimate | None, tuple[str, ...]]:
    """The estimate from Tandem's figures and the costs entered, or why it cannot be made."""
    reasons = list(basis.missing)
    why = basis.hours_missing or "Nobody had coaching in the period."
    staff = coached_staff if coached_staff is not None else basis.coached_in_period
    if rate is not None and basis.hours is None:
        reasons.append(
            f"{why} The hours of coaching are not shown for so few: enter a yearly contract "
            "cost instead, or widen the scope or the period."
        )
    elif staff is None:
        reasons.append(f"{why} Enter the number of coached staff to use instead.")
    if reasons or basis.turnover_not_coached is None or basis.turnover_coached is None:
        return None, tuple(dict.fromkeys(reasons))
    assert staff is not None
    estimate = roi_estimate(
        hours=basis.hours,
        rate=rate,
        contract=contract,
        period_days=basis.period_days,
        turnover_not_coached=basis.turnover_not_coached,
        turnover_coached=basis.turnover_coached,
        coached_staff=staff,
        replacement_cost=replacement_cost,
    )
    return estimate, ()
