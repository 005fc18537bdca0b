from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from tandem.coaching.models import CoachingSession, Engagement


def future(days: int = 7, hour: int = 10) -> datetime:
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=30, second=0, microsecond=0)


def form_time(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def scheduled(engagement: Engagement, days: int = 7, **fields: object) -> CoachingSession:
    return CoachingSession.objects.create(
        engagement=engagement,
        starts_at=future(days),
        status=CoachingSession.Status.SCHEDULED,
        **fields,
    )


def past_scheduled(engagement: Engagement, hours: float = 50, **fields: object) -> CoachingSession:
    """A session still marked scheduled whose time has passed: it needs an outcome."""
    fields = {"status": CoachingSession.Status.SCHEDULED, **fields}
    return CoachingSession.objects.create(
        engagement=engagement, starts_at=timezone.now() - timedelta(hours=hours), **fields
    )
