"""Coach development: how much peer learning and supervision the coaches in scope had in the
period (issue #17 item 5; seed 001: monthly roundtables, a quarterly statewide collaborative,
group and individual supervision). Counts of meetings attended only, never what was said;
small numbers are suppressed like every other table (privacy/suppression.py)."""

from __future__ import annotations

from statistics import fmean

from django.db.models import Count

from tandem.development.models import (
    RoundtableAttendance,
    SupervisionAttendee,
    SupervisionSession,
)
from tandem.evaluation.filters import Filters
from tandem.evaluation.tables import (
    TOO_FEW,
    Cell,
    Table,
    count_cell,
    label,
    number,
    percent,
    period_bounds,
    suppressed_column,
    withheld,
)
from tandem.people.models import CoachProfile
from tandem.privacy.suppression import figure_shown

ANY = "Attended at least one roundtable meeting"
NONE = "Attended no roundtable meeting"


def coach_development(filters: Filters) -> list[Table]:
    return [development_dose(filters)]


def development_dose(filters: Filters) -> Table:
    """Coaches in scope (active people with a coach profile whose own unit is in scope), the
    roundtable meetings each attended in the period (cancelled ones never count), and the
    supervision sessions held in the period that each attended."""
    start, end = period_bounds(filters)
    coaches = CoachProfile.objects.filter(
        filters.scope.people_q("person__org_unit__path"), person__is_active=True
    ).values_list("person_id", flat=True)
    coach_ids = list(coaches)
    roundtables = dict(
        list(
            RoundtableAttendance.objects.filter(
                person_id__in=coaches,
                attended=True,
                meeting__cancelled=False,
                meeting__starts_at__range=(start, end),
            )
            .order_by()
            .values_list("person_id")
            .annotate(n=Count("meeting", distinct=True))
        )
    )
    supervision = dict(
        list(
            SupervisionAttendee.objects.filter(
                coach_id__in=coaches,
                attended=True,
                session__status=SupervisionSession.Status.HELD,
                session__starts_at__range=(start, end),
            )
            .order_by()
            .values_list("coach_id")
            .annotate(n=Count("session", distinct=True))
        )
    )
    n = len(coach_ids)
    came = sum(1 for pk in coach_ids if roundtables.get(pk))
    labels = {"any": ANY, "none": NONE}
    cells = suppressed_column({"any": came, "none": n - came}, labels)
    shown = figure_shown(n) and not any(cell.suppressed for cell in cells)

    def mean_of(per_coach: dict[int, int]) -> Cell:
        if not figure_shown(n):
            return withheld(n)
        return number(fmean(per_coach.get(pk, 0) for pk in coach_ids), places=1)

    rows: list[tuple[Cell, Cell]] = [
        (label("Coaches in scope"), count_cell(n)),
        (label(ANY), cells[0]),
        (label(NONE), cells[1]),
        (
            label("Share who attended at least one roundtable meeting"),
            percent(came, n) if shown else withheld(n) if n == 0 else Cell(TOO_FEW),
        ),
        (label("Roundtable meetings attended per coach (mean)"), mean_of(roundtables)),
        (label("Supervision sessions attended per coach (mean)"), mean_of(supervision)),
    ]
    return Table(
        slug="coach-development-dose",
        title="Coach development dose",
        counts="Coaches in scope (people with a coach profile working in the organization "
        "chosen), the roundtable and collaborative meetings each attended in the period "
        "(cancelled meetings never count) and the supervision sessions held in the period "
        "that each attended. Means are over every coach in scope, those who attended none "
        "included.",
        columns=("Measure", "Coaches, share or mean"),
        rows=tuple(rows),
        behind=n,
        behind_label="coaches",
    )
