"""The de-identified research export for evaluators: which records go in, and each table, row
by row (docs/EVALUATION.md, "Research export").

The rules (evaluators only, consent, small agencies, audit) are privacy's
(tandem/privacy/research.py); this module applies them and makes the pseudonyms. The tables
are in export_tables.py, the files in export_files.py.
"""

from __future__ import annotations

import hmac
import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from tandem.coaching.models import Engagement, EngagementMember
from tandem.evaluation.filters import Filters
from tandem.evaluation.tables import period_bounds
from tandem.people.models import OrgUnit
from tandem.privacy.aggregates import engagements_evaluated
from tandem.privacy.research import agencies_kept, declined_learner_ids


class Pseudonyms:
    """Stable ids within one export, unlinkable across exports: HMAC-SHA256 of the record's
    kind and id under a random key made for this export. The key is never stored, logged or
    returned, so nobody (Tandem included) can map a pseudonym back or match two exports."""

    # The last pseudonyms made, kept for the rows that repeat them (a session row names the
    # engagement of the row before it); cleared when full, so memory stays flat at any size.
    REMEMBERED = 50_000

    def __init__(self) -> None:
        self.__key = secrets.token_bytes(32)
        self._made: dict[tuple[str, int], str] = {}

    def __call__(self, kind: str, pk: int | None) -> str:
        if pk is None:
            return ""
        made = self._made.get((kind, pk))
        if made is None:
            # hmac.digest: the one-shot HMAC, in C (hmac.new builds Python objects per call).
            digest = hmac.digest(self.__key, f"{kind}:{pk}".encode(), "sha256")
            made = digest.hex()[:20]  # 80 bits: no collision at state scale
            if len(self._made) >= self.REMEMBERED:
                self._made.clear()
            self._made[(kind, pk)] = made
        return made


def iso_week(day: date | datetime | None) -> str:
    """A date generalized to its ISO week, e.g. 2026-W07 (a datetime: its local date's week)."""
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = day.astimezone(timezone.get_current_timezone()).date()
    return _week_of(day)


class MomentWeeks:
    """ISO weeks of many timestamps, as `iso_week` gives them, remembering each moment's week:
    sessions start at a few times a day, so a state's 150,000 share a few tens of thousands of
    moments. A cursor gives aware datetimes (PostgreSQL) or naive ones in UTC (SQLite, as
    Django stores them); both mean the same instant."""

    REMEMBERED = 100_000

    def __init__(self) -> None:
        self._zone = timezone.get_current_timezone()
        self._known: dict[datetime, str] = {}

    def __call__(self, moment: datetime | None) -> str:
        if moment is None:
            return ""
        week = self._known.get(moment)
        if week is None:
            aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
            week = _week_of(aware.astimezone(self._zone).date())
            if len(self._known) >= self.REMEMBERED:
                self._known.clear()
            self._known[moment] = week
        return week


@lru_cache(maxsize=4096)
def _week_of(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


TENURE_BANDS = ((1, "under 1 year"), (2, "1 to 2 years"), (5, "2 to 5 years"))


def tenure_band(hired: date | None, on: date) -> str:
    """Time since hire on the export's day, in bands (an exact hire date identifies people)."""
    if hired is None:
        return "unknown"
    years = on.year - hired.year - ((on.month, on.day) < (hired.month, hired.day))
    return next((label for limit, label in TENURE_BANDS if years < limit), "5 years or more")


# --- Which records ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """The engagements the export holds, and what was left out of it."""

    engagements: QuerySet[Engagement]
    agency_of_unit: dict[int, str]  # the learner's unit -> their agency's name
    declined: QuerySet[Any]  # ids of people who declined research use (a subquery)
    declined_coaches: frozenset[int]
    declined_left_out: int  # learners who declined and would otherwise be in it
    small_groups_left_out: int  # learners of agencies with fewer than the threshold
    start: datetime
    end: datetime


def _agencies() -> dict[str, str]:
    return dict(OrgUnit.objects.filter(kind=OrgUnit.Kind.AGENCY).values_list("path", "name"))


def _agency_path(path: str, agencies: dict[str, str]) -> str:
    """The agency above (or at) a unit; "" for a unit under no agency (state-level staff)."""
    step = OrgUnit.steplen
    return next((path[:k] for k in range(step, len(path) + 1, step) if path[:k] in agencies), "")


def selection_build(filters: Filters) -> Selection:
    """Engagements in scope and going on in the period (the evaluation filters), without those
    of learners who declined, and without agencies left with fewer learners than the threshold.
    A group engagement is left out when its learner or any member declined."""
    base = filters.engagements(engagements_evaluated(filters.scope)).filter(
        filters.active_in_period()
    )
    declined = declined_learner_ids()
    declined_people = set(base.filter(learner__in=declined).values_list("learner_id", flat=True))
    declined_people |= set(
        EngagementMember.objects.filter(
            engagement__in=base.values("pk"), person__in=declined
        ).values_list("person_id", flat=True)
    )
    consenting = base.exclude(learner__in=declined).exclude(members__person__in=declined)
    agencies = _agencies()
    per_unit = (
        consenting.order_by()
        .values_list("learner__org_unit_id", "learner__org_unit__path")
        .annotate(n=Count("learner", distinct=True))
    )
    learners: Counter[str] = Counter()
    unit_agency: dict[int, str] = {}
    for unit_id, path, n in per_unit:
        unit_agency[unit_id] = _agency_path(path, agencies)
        learners[unit_agency[unit_id]] += n
    kept = agencies_kept(learners)
    small_units = [unit for unit, agency in unit_agency.items() if agency not in kept]
    engagements = consenting.exclude(learner__org_unit_id__in=small_units)
    return Selection(
        engagements=engagements,
        agency_of_unit={u: agencies.get(a, "") for u, a in unit_agency.items() if a in kept},
        declined=declined,
        declined_coaches=frozenset(
            engagements.filter(coach__in=declined).values_list("coach_id", flat=True)
        ),
        declined_left_out=len(declined_people),
        small_groups_left_out=sum(n for agency, n in learners.items() if agency not in kept),
        start=period_bounds(filters)[0],
        end=period_bounds(filters)[1],
    )
