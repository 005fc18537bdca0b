"""Reach and flow, and dose and adherence: each a table that says what it counts, over which
scope and period, and how many records are behind it. Figures only: no names, no coaching content.

Every count of people goes through small-cell suppression (privacy/suppression.py) and every
statistic built from people (a median, a mean) is shown only when enough people are behind it,
so narrowing the filters never singles anyone out. Definitions: docs/EVALUATION.md.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping
from datetime import datetime

from django.db.models import Case, Count, QuerySet, Sum, Value, When
from django.db.models.fields.json import KT
from django.utils import timezone

from tandem.agreements.models import AgreementVersion
from tandem.coaching.models import CoachingSession, Engagement
from tandem.enrollment.models import CoachingRequest, StatusChange
from tandem.evaluation.filters import Filters
from tandem.evaluation.tables import (
    TOO_FEW,
    Cell,
    Table,
    count_rows,
    label,
    number,
    period_bounds,
    statistic,
    suppressed_column,
)
from tandem.lifecycle.stalled import interval_days
from tandem.privacy.aggregates import engagements_evaluated, requests_evaluated
from tandem.privacy.suppression import suppress_counts

S = CoachingRequest.Status
STAGES = (S.REQUESTED, S.READINESS, S.MATCHING, S.AGREEMENT, S.ACTIVE, S.CLOSED, S.WITHDRAWN)


# --- 1. Reach and flow ----------------------------------------------------------------------


def _requests(filters: Filters) -> QuerySet[CoachingRequest]:
    start, end = period_bounds(filters)
    requests = requests_evaluated(filters.scope).filter(created_at__range=(start, end))
    if filters.campaign is not None:
        requests = requests.filter(campaign=filters.campaign)
    if filters.narrows_engagements:
        requests = requests.filter(
            engagement__in=filters.engagements(Engagement.objects.all()).values("pk")
        )
    return requests


def reach_and_flow(filters: Filters) -> list[Table]:
    requests = _requests(filters)
    total = requests.count()
    reached: Counter[str] = Counter()
    stays: dict[str, list[float]] = defaultdict(list)
    history = (
        StatusChange.objects.filter(request__in=requests.values("pk"))
        .order_by("request_id", "at", "pk")
        .values_list("request_id", "to_status", "at")
    )
    previous: tuple[int, str, datetime] | None = None
    seen: set[tuple[int, str]] = set()
    for request_id, status, at in history:
        if (request_id, status) not in seen:
            seen.add((request_id, status))
            reached[status] += 1
        if previous is not None and previous[0] == request_id:
            stays[previous[1]].append((at - previous[2]).total_seconds() / 86400)
        previous = (request_id, status, at)
    reached[S.REQUESTED] = total
    stage_labels = {str(s): s.label for s in STAGES}
    counts = {s: reached.get(s, 0) for s in stage_labels}
    flow = Table(
        slug="flow",
        title="How far requests went",
        counts="Coaching requests made in the period, and how many of them reached each stage "
        "(at any time up to today).",
        columns=("Stage", "Requests"),
        # Nested, not a partition: a request that reached matching also reached readiness.
        rows=count_rows(counts, stage_labels, partition=False),
        behind=total,
        behind_label="requests",
        chart_column=1,
    )
    time_rows = []
    for s in (S.REQUESTED, S.READINESS, S.MATCHING, S.AGREEMENT):
        n, median, p90 = statistic(stays.get(s, []))
        time_rows.append((label(str(s.label)), n, median, p90))
    time_in_stage = Table(
        slug="time-in-stage",
        title="Days spent in each stage before moving on",
        counts="For requests made in the period: days from entering a stage to leaving it, for "
        "stays that have ended. Median and 90th percentile (nine in ten moved on sooner).",
        columns=("Stage", "Stays", "Median days", "90th percentile days"),
        rows=tuple(time_rows),
        behind=sum(len(v) for v in stays.values()),
        behind_label="completed stays",
        people=total,
    )
    sources = dict(requests.values_list("source").annotate(n=Count("pk")))
    mandated = sources.get(CoachingRequest.Source.MANDATED, 0)
    how = {"voluntary": total - mandated, "mandated": mandated}
    how_labels = {"voluntary": "Voluntary", "mandated": "Agency-directed (mandated)"}
    voluntary = Table(
        slug="voluntary",
        title="Voluntary and mandated requests",
        counts="Requests made in the period by how they came: asked for, suggested by a "
        "supervisor or answering an invitation (voluntary), or directed by the agency.",
        columns=("How", "Requests"),
        rows=count_rows(how, how_labels),
        behind=total,
        behind_label="requests",
        chart_column=1,
    )
    waiting = (
        requests_evaluated(filters.scope)
        .filter(waitlisted_at__isnull=False, status__in=CoachingRequest.OPEN_STATUSES)
        .exclude(status__in=[S.ACTIVE, S.PAUSED])
        .count()
    )
    waitlist_cell = suppress_counts({"w": waiting}, total_shown=False).cell("w")
    waitlist = Table(
        slug="waitlist",
        title="Waiting list today",
        counts="Open requests on the waiting list today (no coach with room yet), in the "
        "whole scope whatever the period.",
        columns=("", "Requests"),
        rows=(
            (
                label("On the waiting list"),
                Cell(waitlist_cell.label, waitlist_cell.value, waitlist_cell.suppressed),
            ),
        ),
        behind=waiting,
        behind_label="requests",
    )
    return [flow, time_in_stage, voluntary, waitlist]


# --- 2. Dose and adherence -----------------------------------------------------------------


def _engagements(filters: Filters) -> QuerySet[Engagement]:
    return filters.engagements(engagements_evaluated(filters.scope)).filter(
        filters.active_in_period()
    )


def period_sessions(filters: Filters) -> QuerySet[CoachingSession]:
    """The dose's sessions: those of the engagements going on in the period, dated in it.
    Sessions declared supervision (supervisor as coach) are not coaching and are left out."""
    start, end = period_bounds(filters)
    return CoachingSession.objects.filter(
        engagement__in=_engagements(filters).values("pk"), starts_at__range=(start, end)
    ).exclude(role=CoachingSession.Role.SUPERVISION)


def dose(filters: Filters) -> list[Table]:
    engagements = _engagements(filters)
    now = timezone.now()
    sessions = period_sessions(filters)
    past = Case(When(starts_at__lt=now, then=Value(True)), default=Value(False))
    by_status = {
        (status, was): n
        for status, was, n in sessions.annotate(past=past)
        .values_list("status", "past")
        .annotate(n=Count("pk"))
    }
    H = CoachingSession.Status
    outcome = {
        "held": sum(n for (s, _), n in by_status.items() if s == H.HELD),
        "cancelled": sum(n for (s, _), n in by_status.items() if s == H.CANCELLED),
        "no_show": sum(n for (s, _), n in by_status.items() if s == H.NO_SHOW),
        "needs_outcome": by_status.get((H.SCHEDULED, True), 0),
        "upcoming": by_status.get((H.SCHEDULED, False), 0),
    }
    outcome_labels = {
        "held": "Held",
        "cancelled": "Cancelled",
        "no_show": "Missed (no-show)",
        "needs_outcome": "Past, no outcome recorded yet",
        "upcoming": "Still to come",
    }
    total = sum(outcome.values())
    sessions_table = Table(
        slug="sessions",
        title="Sessions in the period, by outcome",
        counts="Coaching sessions of the engagements in scope dated in the period. Sessions "
        "with no outcome recorded are counted apart, never as held.",
        columns=("Outcome", "Sessions"),
        rows=tuple(
            (label(outcome_labels[k]), number(outcome[k]))  # sessions, not people
            for k in outcome_labels
        ),
        behind=total,
        behind_label="sessions",
        chart_column=1,
        people=engagements.count(),
    )
    per_engagement = dict(
        sessions.filter(status=H.HELD)
        .values_list("engagement_id")
        .annotate(minutes=Sum("duration_minutes"))
        .values_list("engagement_id", "minutes")
    )
    held_counts = dict(
        sessions.filter(status=H.HELD)
        .values_list("engagement_id")
        .annotate(n=Count("pk"))
        .values_list("engagement_id", "n")
    )
    rows = list(engagements.values_list("pk", "coach_id", "kind"))
    per_coach: dict[int, int] = defaultdict(int)
    for pk, coach_id, _kind in rows:
        per_coach[coach_id] += held_counts.get(pk, 0)
    dose_rows = []
    for title, values, places in (
        ("Sessions held per engagement", [held_counts.get(pk, 0) for pk, _, _ in rows], 1),
        (
            "Hours held per engagement",
            [per_engagement.get(pk, 0) / 60 for pk, _, _ in rows],
            1,
        ),
        ("Sessions held per coach", list(per_coach.values()), 1),
    ):
        n, median, p90 = statistic(values, places=places)
        dose_rows.append((label(title), n, median, p90))
    dose_table = Table(
        slug="dose",
        title="How much coaching each engagement and each coach had",
        counts="Engagements going on at some time in the period; their held sessions dated in "
        "the period. Median and 90th percentile.",
        columns=("Measure", "Engagements or coaches", "Median", "90th percentile"),
        rows=tuple(dose_rows),
        behind=len(rows),
        behind_label="engagements",
    )
    kinds: Counter[str] = Counter(kind for _, _, kind in rows)
    held_by_kind: Counter[str] = Counter()
    for pk, _, kind in rows:
        held_by_kind[kind] += held_counts.get(pk, 0)
    kind_labels = {k: str(v) for k, v in Engagement.Kind.choices if kinds.get(k)}
    engagement_cells = suppressed_column({k: kinds[k] for k in kind_labels}, kind_labels)
    kinds_table = Table(
        slug="kinds",
        title="Individual, group and peer coaching",
        counts="Engagements going on in the period by kind, and the sessions they held in it.",
        columns=("Kind", "Engagements", "Sessions held"),
        rows=tuple(
            (
                label(kind_labels[k]),
                cell,
                number(held_by_kind[k]) if not cell.suppressed else Cell(TOO_FEW),
            )
            for k, cell in zip(kind_labels, engagement_cells, strict=True)
        ),
        behind=len(rows),
        behind_label="engagements",
        chart_column=1,
    )
    return [sessions_table, dose_table, _adherence(filters, engagements, held_counts), kinds_table]


MEETS_SHARE = 0.8  # of the sessions the agreed frequency asks for in the time coached


def _adherence(
    filters: Filters, engagements: QuerySet[Engagement], held: Mapping[int, int]
) -> Table:
    """Did each engagement meet the frequency its agreement set? The agreement's "How often we
    meet" is free text, read as the stalled-coaching check reads it (lifecycle/stalled.py)."""
    frequencies: dict[int, str] = {}
    versions = (
        AgreementVersion.objects.filter(
            agreement__engagement__in=engagements.values("pk"), in_force_at__isnull=False
        )
        .annotate(frequency=KT("content__frequency"))
        .order_by("agreement__engagement_id", "in_force_at")
        .values_list("agreement__engagement_id", "frequency")
    )
    for engagement_id, frequency in versions:
        frequencies[engagement_id] = frequency or ""  # the last version in force wins
    outcome: Counter[str] = Counter()
    for pk, started_on, ended_on in engagements.values_list("pk", "started_on", "ended_on"):
        interval = interval_days(frequencies.get(pk))
        first = max(started_on or filters.start, filters.start)  # started: see active_in_period
        last = min(ended_on or filters.end, filters.end)
        if interval is None:
            outcome["unreadable"] += 1
            continue
        expected = ((last - first).days + 1) // interval
        if expected < 1:
            outcome["short"] += 1
        elif held.get(pk, 0) >= math.ceil(MEETS_SHARE * expected):
            outcome["met"] += 1
        else:
            outcome["below"] += 1
    labels = {
        "met": "Met the agreed frequency",
        "below": "Met less than the agreed frequency",
        "short": "Too short in the period to tell",
        "unreadable": "No agreed frequency that can be read",
    }
    counts = {key: outcome[key] for key in labels}
    return Table(
        slug="adherence",
        title="Meeting as often as agreed",
        counts="Engagements going on in the period, by whether they held at least "
        f"{MEETS_SHARE:.0%} of the sessions their agreement's frequency asks for in the days "
        "they were going on in the period (e.g. every two weeks over 12 weeks asks for 6, so 5 "
        "held meets it). The frequency is the agreement's own words, read as the stalled-"
        "coaching check reads them; words it cannot read are counted apart.",
        columns=("Engagements", "Number"),
        rows=count_rows(counts, labels),
        behind=sum(counts.values()),
        behind_label="engagements",
        chart_column=1,
    )
