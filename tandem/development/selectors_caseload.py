"""Caseloads: each coach's learners against capacity, sessions held per week, sessions waiting
for an outcome, stalled coaching and the time from start to first session (issue #17 item 4).

Administrative facts only: counts and days, never a learner's name or any coaching content.
Every function runs a fixed number of aggregate queries whatever the number of coaches, so the
program-wide view holds at state scale (600 coaches, 150,000 sessions). Who may see whose
caseload is decided in tandem/privacy/development.py.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median
from typing import Any

from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from tandem.coaching.models import CoachingSession, Engagement, EngagementMember
from tandem.coaching.stalling import stalled_rows
from tandem.people.models import OrgUnit, Person, Role
from tandem.people.selectors import under_scopes

LIVE = (Engagement.Status.PLANNED, Engagement.Status.ACTIVE, Engagement.Status.PAUSED)
WEEKS = 4  # sessions per week are averaged over the last four weeks
SORTS = {
    "load": "Share of capacity, highest first",
    "learners": "Active learners, most first",
    "name": "Name",
}


@dataclass(frozen=True)
class Caseload:
    coach_id: int
    name: str
    office: str
    capacity: int | None
    learners: int
    held_last_weeks: int
    outcomes_missing: int
    stalled: int
    median_days_to_first: float | None
    first_sessions: int  # how many engagements the median is taken over

    @property
    def load_percent(self) -> int | None:
        if not self.capacity:
            return None
        return round(100 * self.learners / self.capacity)

    @property
    def over_capacity(self) -> bool:
        return self.capacity is not None and self.learners > self.capacity

    @property
    def sessions_per_week(self) -> float:
        return round(self.held_last_weeks / WEEKS, 1)


def coaches_queryset() -> QuerySet[Person]:
    """Active people with a coach profile or the coach role."""
    holders = Person.objects.filter(role_assignments__role=Role.COACH).values("pk")
    return Person.objects.filter(is_active=True).filter(
        Q(coach_profile__isnull=False) | Q(pk__in=holders)
    )


def _live_count(model_filter: QuerySet[Any], coach_field: str) -> Subquery:
    return Subquery(
        model_filter.filter(**{coach_field: OuterRef("pk")})
        .order_by()
        .values(coach_field)
        .annotate(n=Count("pk"))
        .values("n")[:1],
        output_field=IntegerField(),
    )


def with_load(coaches: QuerySet[Person]) -> QuerySet[Person]:
    """Coaches annotated with `learners` (planned, active or paused coaching they give, each
    group member who joined and has not left counted as a learner), `capacity` and `load` (the
    share of capacity, None without a capacity): sortable in the database, so the workload
    view pages through 600 coaches without computing every row."""
    engagements = Engagement.objects.filter(status__in=LIVE)
    members = EngagementMember.objects.filter(
        engagement__status__in=LIVE,
        engagement__kind=Engagement.Kind.GROUP,
        accepted_at__isnull=False,
        declined_at__isnull=True,
        left_on__isnull=True,
    ).exclude(person_id=F("engagement__learner_id"))
    learners = Coalesce(_live_count(engagements, "coach_id"), 0) + Coalesce(
        _live_count(members, "engagement__coach_id"), 0
    )
    return coaches.annotate(learners=learners).annotate(
        capacity=F("coach_profile__capacity"),
        load=Case(
            When(
                coach_profile__capacity__gt=0,
                then=Cast(F("learners"), FloatField()) / F("coach_profile__capacity"),
            ),
            default=Value(None),
            output_field=FloatField(),
        ),
        office_name=Coalesce(F("coach_profile__office__name"), F("org_unit__name")),
    )


def sorted_by(coaches: QuerySet[Person], sort: str) -> QuerySet[Person]:
    if sort == "learners":
        return coaches.order_by("-learners", "last_name", "first_name", "pk")
    if sort == "name":
        return coaches.order_by("last_name", "first_name", "pk")
    return coaches.order_by(F("load").desc(nulls_last=True), "last_name", "first_name", "pk")


def in_office(coaches: QuerySet[Person], office: OrgUnit | None) -> QuerySet[Person]:
    """Coaches whose unit is in the office, or whose profile names it as their office."""
    if office is None:
        return coaches
    return coaches.filter(
        Q(org_unit__path__startswith=office.path) | Q(coach_profile__office=office)
    )


def caseloads(*, coaches: Sequence[Person], now: datetime | None = None) -> list[Caseload]:
    """The caseload of each coach (annotated by `with_load`), in the order given. Three
    queries whatever the number: sessions, stalled coaching, first sessions."""
    now = now or timezone.now()
    ids = [c.pk for c in coaches]
    sessions = _session_counts(ids, now)
    stalled: dict[int, int] = defaultdict(int)
    for row in stalled_rows(engagements=Engagement.objects.filter(coach_id__in=ids), now=now):
        stalled[row["coach_id"]] += 1
    firsts = _days_to_first(ids)
    result = []
    for coach in coaches:
        days = firsts.get(coach.pk, [])
        held, missing = sessions.get(coach.pk, (0, 0))
        result.append(
            Caseload(
                coach_id=coach.pk,
                name=coach.full_name,
                office=getattr(coach, "office_name", "") or "",
                capacity=getattr(coach, "capacity", None),
                learners=getattr(coach, "learners", 0) or 0,
                held_last_weeks=held,
                outcomes_missing=missing,
                stalled=stalled[coach.pk],
                median_days_to_first=float(median(days)) if days else None,
                first_sessions=len(days),
            )
        )
    return result


def _session_counts(ids: list[int], now: datetime) -> dict[int, tuple[int, int]]:
    """Per coach: sessions held in the last four weeks, and sessions of coaching under way
    whose time has come without an outcome (as the coach's home counts them)."""
    since = now - timedelta(weeks=WEEKS)
    rows = (
        CoachingSession.objects.filter(engagement__coach_id__in=ids)
        .filter(
            Q(status=CoachingSession.Status.HELD, starts_at__gte=since, starts_at__lte=now)
            | Q(
                status=CoachingSession.Status.SCHEDULED,
                starts_at__lte=now,
                engagement__status__in=LIVE,
            )
        )
        .order_by()
        .values("engagement__coach_id")
        .annotate(
            held=Count("pk", filter=Q(status=CoachingSession.Status.HELD)),
            missing=Count("pk", filter=Q(status=CoachingSession.Status.SCHEDULED)),
        )
        .values_list("engagement__coach_id", "held", "missing")
    )
    return {coach_id: (held, missing) for coach_id, held, missing in rows}


def _days_to_first(ids: list[int]) -> dict[int, list[int]]:
    """Per coach: days from the start of each coaching to its first held session."""
    rows = (
        Engagement.objects.filter(coach_id__in=ids, started_on__isnull=False)
        .annotate(
            first=Min("sessions__starts_at", filter=Q(sessions__status=CoachingSession.Status.HELD))
        )
        .filter(first__isnull=False)
        .order_by()
        .values_list("coach_id", "started_on", "first")
    )
    found: dict[int, list[int]] = defaultdict(list)
    for coach_id, started_on, first in rows:
        if started_on is None:  # filtered out above; for the type checker
            continue
        found[coach_id].append(max(0, (timezone.localdate(first) - started_on).days))
    return found


def caseload_of(*, coach: Person, now: datetime | None = None) -> Caseload:
    """One coach's caseload (five queries)."""
    annotated = with_load(Person.objects.filter(pk=coach.pk)).select_related("org_unit").get()
    return caseloads(coaches=[annotated], now=now)[0]


def offices_under(*, paths: Sequence[str]) -> QuerySet[OrgUnit]:
    """Offices inside these role scopes (the office filter's choices)."""
    if not paths:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(under_scopes("path", paths), kind=OrgUnit.Kind.OFFICE).order_by(
        "name"
    )
