"""Reads of engagements and sessions for list pages. Visibility comes from the privacy policy;
each function runs a fixed number of queries whatever the number of rows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils import timezone

from tandem.coaching.models import CoachingSession, Engagement, EngagementMember
from tandem.people.models import Person
from tandem.privacy.policy import (
    engagements_visible_to,
    group_engagements_of,
    group_members_reading,
)

HELD = CoachingSession.Status.HELD
SCHEDULED = CoachingSession.Status.SCHEDULED
NO_SHOW = CoachingSession.Status.NO_SHOW
CANCELLED = CoachingSession.Status.CANCELLED
LIVE_STATUSES = (Engagement.Status.PLANNED, Engagement.Status.ACTIVE, Engagement.Status.PAUSED)
# How long after its start a session still shows among a learner's sessions to come.
UPCOMING_GRACE = timedelta(hours=2)


def participant_engagements(*, viewer: Person) -> QuerySet[Engagement]:
    """Engagements where the viewer is coach, learner or a group member who reads the group
    (joined and acknowledged its agreement, not left: the privacy policy decides)."""
    return engagements_visible_to(viewer=viewer).filter(
        Q(coach=viewer) | Q(learner=viewer) | Q(pk__in=group_engagements_of(person=viewer))
    )


def members_joined_rows(*, engagement_id: int) -> list[EngagementMember]:
    """The group's members who accepted joining and have neither declined nor left, in the
    order they were added (one query): the people its agreement names."""
    return list(
        EngagementMember.objects.filter(
            engagement_id=engagement_id,
            accepted_at__isnull=False,
            declined_at__isnull=True,
            left_on__isnull=True,
        )
        .select_related("person")
        .order_by("pk")
    )


def members_joined(*, engagement_id: int) -> list[Person]:
    return [m.person for m in members_joined_rows(engagement_id=engagement_id)]


def members_reading(*, engagement: Engagement) -> list[EngagementMember]:
    """The members who read the group now (joined, acknowledged its agreement, not left): the
    names its learners see. Who was invited or declined is the coach's to know (one query)."""
    return list(
        EngagementMember.objects.filter(
            engagement=engagement, person__in=group_members_reading(engagement=engagement)
        )
        .select_related("person")
        .order_by("pk")
    )


def invitations_waiting(*, person: Person) -> QuerySet[EngagementMember]:
    """Group coaching the person was invited to and has not answered yet (one query). Only the
    coach's name is shown with an invitation: nothing of the group reaches them before they
    accept and acknowledge its agreement."""
    return (
        EngagementMember.objects.filter(
            person=person,
            accepted_at__isnull=True,
            declined_at__isnull=True,
            left_on__isnull=True,
            engagement__status__in=LIVE_STATUSES,
        )
        .select_related("engagement__coach")
        .order_by("pk")
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


def sessions_later_today(*, engagement_ids: Sequence[int]) -> QuerySet[CoachingSession]:
    """Sessions of these engagements still to start today (local time), soonest first. From
    its start a session waits for its outcome instead (`sessions_needing_outcome`)."""
    now = timezone.localtime()
    return (
        CoachingSession.objects.filter(
            engagement_id__in=engagement_ids,
            status=SCHEDULED,
            starts_at__date=now.date(),
            starts_at__gt=now,
        )
        .select_related("engagement__learner")
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
