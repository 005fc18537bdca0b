"""Retention of coached and not-coached staff, and the return-on-investment estimate built on it
(issue #14, parts 2.7 and 2.8). Definitions and why they were chosen: docs/EVALUATION.md,
"Retention" and "Return on investment".

Retention is a landmark comparison. Everyone in scope who was employed on the period's first
day (the landmark) is followed from that day to the period's end, coached or not:

- coached = their coaching (as learner or group member) had started by the landmark;
- not coached = no coaching of any kind had started by then (someone first coached later stays
  in this group: their coaching cannot have kept them before it began);
- staff coached only in ways the cohort, coach type, model or kind filters leave out are in
  neither group.

Counting from hire instead would credit coaching with the months a person had to stay in
order to be coached at all (immortal-time bias), and HR files hold few of the people who left
long ago. A group of fewer than PRIVACY_MIN_COUNT people shows nothing, and a month where
fewer than that are still followed is not shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from tandem.coaching.models import Engagement, EngagementMember
from tandem.evaluation.filters import Filters
from tandem.evaluation.stats import Survival, SurvivalAt, survival
from tandem.evaluation.tables import TOO_FEW, Cell, Table, label, number
from tandem.people.models import Person
from tandem.privacy.suppression import figure_shown, min_count, small_label
from tandem.ui.charts import Chart, Step, format_percent, step_chart

YEAR_DAYS = 365
POINTS = (12, 24)  # months after the landmark shown in the summary
COACHED, NOT_COACHED = "coached", "not-coached"
GROUP_NAMES = {COACHED: "Coached", NOT_COACHED: "Not coached"}
NOT_CAUSAL = (
    "This is not proof that coaching keeps staff. People who take up coaching differ from "
    "those who do not (in motivation, in their supervisor's support, in their caseload), and "
    "those differences alone can change who stays."
)


def month_day(months: int) -> int:
    """Days in `months` months, a month being a twelfth of 365 days: 12 months = 365 days."""
    return round(months * YEAR_DAYS / 12)


def day_text(day: date) -> str:
    return f"{day:%b %-d, %Y}"


def percent_text(share: float, places: int = 0) -> str:
    return f"{100 * share:.{places}f}%"


@dataclass(frozen=True)
class Group:
    key: str
    n: int
    curve: Survival

    @property
    def name(self) -> str:
        return GROUP_NAMES[self.key]

    @property
    def shown(self) -> bool:
        return figure_shown(self.n)

    def at(self, months: int) -> SurvivalAt:
        day = month_day(months)
        return next(point for point in self.curve.at if point.day == day)

    def shown_at(self, months: int) -> SurvivalAt | None:
        """The estimate `months` after the landmark if it may be shown: the group is large
        enough, it was followed that long, and enough people were still followed then."""
        point = self.at(months)
        if not self.shown or point.survival is None or point.at_risk < min_count():
            return None
        return point


@dataclass(frozen=True)
class Retention:
    landmark: date
    until: date
    groups: tuple[Group, ...]

    @property
    def days(self) -> int:
        return max((self.until - self.landmark).days, 0)

    def group(self, key: str) -> Group:
        return next(g for g in self.groups if g.key == key)


def _staff(filters: Filters, landmark: date) -> QuerySet[Person]:
    """Staff in scope employed on the landmark: hired on or before it and not left by then.
    People marked as gone without a separation date are left out: when they left is unknown."""
    return (
        Person.objects.filter(filters.scope.people_q("org_unit__path"), hire_date__lte=landmark)
        .exclude(separation_date__lte=landmark)
        .exclude(is_active=False, separation_date__isnull=True)
    )


def _coached_by(
    landmark: date, staff: QuerySet[Person], engagements: QuerySet[Engagement]
) -> set[int]:
    """Those of `staff` whose coaching in `engagements` had started by the landmark, as the
    learner or as a group member who had joined by then (accepted the invitation: someone
    invited who never answered, or declined, was not coached)."""
    started = engagements.filter(started_on__lte=landmark)
    learners = started.filter(learner__in=staff.values("pk")).values_list("learner_id", flat=True)
    members = EngagementMember.objects.filter(
        accepted_at__isnull=False,
        joined_on__lte=landmark,
        engagement__in=started.values("pk"),
        person__in=staff.values("pk"),
    ).values_list("person_id", flat=True)
    return set(learners.distinct()) | set(members.distinct())


def retention_figures(filters: Filters) -> Retention:
    """Both groups' Kaplan–Meier curves from the landmark (the period's start) to the period's
    end or today, whichever comes first, evaluated month by month."""
    landmark = filters.start
    until = max(min(filters.end, timezone.localdate()), landmark)
    staff = _staff(filters, landmark)
    everyone = Engagement.objects.all()
    coached = _coached_by(landmark, staff, filters.engagements(everyone))
    narrowed = filters.campaign is not None or filters.narrows_engagements
    ever = _coached_by(landmark, staff, everyone) if narrowed else coached
    followed = (until - landmark).days
    durations: dict[str, tuple[list[float], list[bool]]] = {
        COACHED: ([], []),
        NOT_COACHED: ([], []),
    }
    for pk, left_on in staff.order_by("pk").values_list("pk", "separation_date"):
        if pk not in coached and pk in ever:
            continue  # coached, but only in ways the filters leave out
        days, observed = durations[COACHED if pk in coached else NOT_COACHED]
        if left_on is not None and left_on <= until:
            days.append((left_on - landmark).days)
            observed.append(True)
        else:
            days.append(followed)  # still employed when follow-up ends
            observed.append(False)
    months = range(followed * 12 // YEAR_DAYS + 1)
    at_days = sorted({month_day(m) for m in months} | {month_day(m) for m in POINTS})
    groups = tuple(
        Group(key, len(days), survival(days, observed, at_days=at_days))
        for key, (days, observed) in durations.items()
    )
    return Retention(landmark=landmark, until=until, groups=groups)


# --- Retention tables --------------------------------------------------------------------


@dataclass(frozen=True)
class CurveTable(Table):
    """One group's Kaplan–Meier curve, month by month; drawn as a step curve with its band."""

    steps: tuple[Step, ...] = field(default_factory=tuple)
    x_label: str = ""

    @property
    def chart(self) -> Chart | None:
        if self.too_few or not self.steps:
            return None
        return step_chart(
            title=self.title,
            description=f"{self.counts} The table beside it gives the same figures.",
            steps=self.steps,
            x_label=self.x_label,
            y_label="Still employed",
            band_label="95% confidence interval",
            chart_id=f"chart-{self.slug}",
        )


def _people_cell(group: Group) -> Cell:
    if group.shown:
        return number(group.n)
    return Cell(small_label(min_count()) if group.n else "0", None, bool(group.n))


def _ci(point: SurvivalAt) -> str:
    if point.low is None or point.high is None:
        return "–"
    return f"{format_percent(point.low)} to {format_percent(point.high)}"


def _point_cells(group: Group, months: int) -> tuple[Cell, Cell, Cell]:
    point = group.at(months)
    if not group.shown:
        return Cell(TOO_FEW), Cell(TOO_FEW), Cell(TOO_FEW)
    if point.survival is None:
        return Cell(f"period shorter than {months} months"), Cell("–"), number(0)
    if point.at_risk < min_count():
        at_risk = Cell(small_label(min_count()), None, True) if point.at_risk else number(0)
        return Cell(TOO_FEW), Cell(TOO_FEW), at_risk
    share = Cell(format_percent(point.survival), point.survival)
    return share, Cell(_ci(point)), number(point.at_risk)


def _behind(retention: Retention) -> int:
    """The staff the page may say it is built from. With one group hidden, only the shown
    group: their total would give the hidden group's size away."""
    shown = [g.n for g in retention.groups if g.shown]
    if len(shown) == 1:
        return shown[0]
    return sum(g.n for g in retention.groups)


def _summary(retention: Retention) -> Table:
    start, until = day_text(retention.landmark), day_text(retention.until)
    rows = []
    for group in retention.groups:
        people = _people_cell(group)
        for months in POINTS:
            row_label = label(f"{group.name}: after {months} months")
            rows.append((row_label, people, *_point_cells(group, months)))
    notes = [NOT_CAUSAL]
    notes += [
        f"The {g.name.lower()} group has {small_label(min_count())} people: nothing about it "
        "is shown."
        for g in retention.groups
        if g.n and not g.shown
    ]
    notes.append(
        f"Staff first coached after {start} count as not coached here: their coaching began "
        "after the comparison starts. New hires after that day are not in these figures."
    )
    return Table(
        slug="retention",
        title="Staff still employed 12 and 24 months on",
        counts=f"Staff in scope employed on {start} (hired by then and not yet left), followed "
        f"to {until}: the share still employed 12 and 24 months later (Kaplan–Meier), its 95% "
        f"confidence interval, and how many were still followed then. Coached: their coaching "
        f"had started by {start}. Not coached: no coaching had.",
        columns=(
            "Group",
            "Staff in the group",
            "Still employed",
            "95% confidence interval",
            "Still followed (at risk)",
        ),
        rows=tuple(rows),
        behind=_behind(retention),
        behind_label="staff",
        notes=tuple(notes),
    )


def _curve(retention: Retention, group: Group) -> CurveTable:
    start = day_text(retention.landmark)
    rows, steps = [], []
    if group.shown:
        for months in range(retention.days * 12 // YEAR_DAYS + 1):
            point = group.shown_at(months)
            if point is None or point.survival is None:
                break  # fewer than the threshold still followed from here on
            s = point.survival
            rows.append(
                (
                    label(str(months)),
                    Cell(format_percent(s), s),
                    Cell(_ci(point)),
                    number(point.at_risk),
                )
            )
            low = s if point.low is None else point.low
            high = s if point.high is None else point.high
            steps.append(Step(float(months), s, low, high))
    return CurveTable(
        slug=f"curve-{group.key}",
        title=f"{group.name}: share still employed, month by month",
        counts=f"{group.name} staff employed on {start}: the share still employed each month "
        "after that day (Kaplan–Meier), with its 95% confidence interval. The curve stops "
        f"where {small_label(min_count())} are still followed.",
        columns=(
            f"Months after {start}",
            "Still employed",
            "95% confidence interval",
            "Still followed (at risk)",
        ),
        rows=tuple(rows),
        behind=group.n,
        behind_label="staff",
        steps=tuple(steps),
        x_label=f"Months after {start}",
    )


def retention(filters: Filters) -> list[Table]:
    figures = retention_figures(filters)
    return [_summary(figures), *(_curve(figures, group) for group in figures.groups)]
