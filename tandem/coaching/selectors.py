"""Reads of engagements and sessions for list pages. Visibility comes from the privacy policy;
each function runs a fixed number of queries whatever the number of rows."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils import timezone

from tandem.coaching.models import CoachingSession, Engagement, EngagementMember
from tandem.people.models import Person
from tandem.privacy.policy import engagements_visible_to

HELD = CoachingSession.Status.HELD
SCHEDULED = CoachingSession.Status.SCHEDULED
NO_SHOW = CoachingSession.Status.NO_SHOW
CANCELLED = CoachingSession.Status.CANCELLED
# How long after its start a session still shows among a learner's sessions to come.
UPCOMING_GRACE = timedelta(hours=2)


def participant_engagements(*, viewer: Person) -> QuerySet[Engagement]:
    """Engagements where the viewer is coach, learner or group member."""
    member_of = EngagementMember.objects.filter(person=viewer, left_on__isnull=True).values(
        "engagement_id"
    )
    return engagements_visible_to(viewer=viewer).filter(
        Q(coach=viewer) | Q(learner=viewer) | Q(pk__in=member_of)
    )


def upcoming_sessions(*, viewer: Person) -> QuerySet[CoachingSession]:
    """Sessions still to come in the viewer's own engagements, soonest first.

    A session stays here for two hours after its start, except for its coach: once its time has
    come the coach finds it among the sessions that need an outcome instead."""
    now = timezone.now()
    engagements = participant_engagements(viewer=viewer).values("pk")
    return (
        CoachingSession.objects.filter(
            engagement__in=engagements, status=SCHEDULED, starts_at__gte=now - UPCOMING_GRACE
        )
        .exclude(engagement__coach=viewer, starts_at__lte=now)
        .select_related("engagement__learner__org_unit", "engagement__coach__org_unit")
        .order_by("starts_at", "pk")
    )


# --- Sessions that need an outcome ----------------------------------------------------------
# A session whose time has come but that is still "scheduled" has no outcome yet: nobody said
# whether it was held, missed or cancelled. It is counted apart, never as held (issue #14).


def needs_outcome(session: CoachingSession, *, now: datetime | None = None) -> bool:
    """Is this session past its start time and still without an outcome?"""
    return session.status == SCHEDULED and session.starts_at <= (now or timezone.now())


def sessions_needing_outcome(*, coach: Person) -> QuerySet[CoachingSession]:
    """Sessions the coach leads whose time has come and that have no outcome yet, latest
    first: the coach records whether each was held, missed or cancelled (one query)."""
    engagements = engagements_visible_to(viewer=coach).filter(coach=coach).values("pk")
    return (
        CoachingSession.objects.filter(
            engagement__in=engagements, status=SCHEDULED, starts_at__lte=timezone.now()
        )
        .select_related("engagement__learner__org_unit", "engagement__coach__org_unit")
        .order_by("-starts_at", "-pk")
    )


OUTCOMES = ("held", "missed", "cancelled", "needs_outcome", "to_come")


def session_outcome_counts(*, engagement_ids: Iterable[int] | QuerySet) -> dict[str, int]:
    """How many sessions of these engagements were held, missed or cancelled, how many still
    need an outcome (their time came and went without one) and how many are still to come.
    One query (`engagement_ids` may be a `values("pk")` query). Figures only: for counting
    dose, a session that needs an outcome is never counted as held."""
    now = timezone.now()
    ids = engagement_ids if isinstance(engagement_ids, QuerySet) else list(engagement_ids)
    counts = CoachingSession.objects.filter(engagement_id__in=ids).aggregate(
        held=Count("pk", filter=Q(status=HELD)),
        missed=Count("pk", filter=Q(status=NO_SHOW)),
        cancelled=Count("pk", filter=Q(status=CANCELLED)),
        needs_outcome=Count("pk", filter=Q(status=SCHEDULED, starts_at__lte=now)),
        to_come=Count("pk", filter=Q(status=SCHEDULED, starts_at__gt=now)),
    )
    return {name: counts[name] or 0 for name in OUTCOMES}


def coach_learner_rows(*, coach: Person) -> QuerySet[Engagement]:
    """The coach's engagements with next session, last session held and sessions held: one
    query."""
    now = timezone.now()
    return (
        engagements_visible_to(viewer=coach)
        .filter(coach=coach)
        .annotate(
            next_session=Min(
                "sessions__starts_at",
                filter=Q(sessions__status=SCHEDULED, sessions__starts_at__gte=now),
            ),
            last_session=Max("sessions__starts_at", filter=Q(sessions__status=HELD)),
            held_count=Count("sessions", filter=Q(sessions__status=HELD), distinct=True),
            member_count=Count("members", distinct=True),
        )
        .order_by("status", "learner__last_name", "learner__first_name", "pk")
    )
