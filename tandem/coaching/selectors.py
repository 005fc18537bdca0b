"""Reads of engagements and sessions for list pages. Visibility comes from the privacy policy;
each function runs a fixed number of queries whatever the number of rows."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils import timezone

from tandem.coaching.models import CoachingSession, Engagement, EngagementMember
from tandem.people.models import Person
from tandem.privacy.policy import engagements_visible_to

HELD = CoachingSession.Status.HELD
SCHEDULED = CoachingSession.Status.SCHEDULED


def participant_engagements(*, viewer: Person) -> QuerySet[Engagement]:
    """Engagements where the viewer is coach, learner or group member."""
    member_of = EngagementMember.objects.filter(person=viewer, left_on__isnull=True).values(
        "engagement_id"
    )
    return engagements_visible_to(viewer=viewer).filter(
        Q(coach=viewer) | Q(learner=viewer) | Q(pk__in=member_of)
    )


def upcoming_sessions(*, viewer: Person) -> QuerySet[CoachingSession]:
    """Sessions still to come in the viewer's own engagements, soonest first."""
    now = timezone.now()
    engagements = participant_engagements(viewer=viewer).values("pk")
    return (
        CoachingSession.objects.filter(
            engagement__in=engagements, status=SCHEDULED, starts_at__gte=now - timedelta(hours=2)
        )
        .select_related("engagement__learner", "engagement__coach")
        .order_by("starts_at", "pk")
    )


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
