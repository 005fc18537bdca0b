"""Demo data for caseload and fidelity (issue #17 items 3 and 4): Coaching Practices Rating
Scale ratings of the demo coach tied to sessions they held over the last months, by their
coach supervisor and once by a peer coach, so the coach's fidelity trend has points. The
caseload figures need no rows of their own: they are read from the coaching already seeded.
Bounded work whatever the scale: at most MAX_RATINGS ratings of one coach."""

from __future__ import annotations

import datetime
import random

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tandem.coaching.models import CoachingSession, Engagement
from tandem.development.selectors_caseload import coaches_queryset
from tandem.development.selectors_fidelity import CPRS
from tandem.instruments.administration_services import AssignError, administration_assign
from tandem.instruments.demo import _answer, _dated
from tandem.instruments.models import InstrumentVersion
from tandem.instruments.selectors import instrument_version_find
from tandem.people.models import Person, Role
from tandem.privacy.development import coach_supervisor_of

MAX_RATINGS = 6
COACH_EMAIL = "coach@demo.tandem.test"
SUPERVISOR_EMAIL = "coach-supervisor@demo.tandem.test"


def _one_session_a_month(coach: Person, today: datetime.date) -> list[CoachingSession]:
    """The coach's earliest held session in each of the last months, oldest first."""
    since = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    sessions = CoachingSession.objects.filter(
        engagement__coach=coach,
        engagement__status__in=(Engagement.Status.ACTIVE, Engagement.Status.PAUSED),
        status=CoachingSession.Status.HELD,
        starts_at__gte=since - datetime.timedelta(days=240),
        starts_at__lt=since,
        instrument_administrations__isnull=True,
    ).select_related("engagement__agreement__in_force_version", "engagement__learner")
    chosen: dict[tuple[int, int], CoachingSession] = {}
    for session in sessions.order_by("starts_at", "pk")[:500]:
        day = timezone.localdate(session.starts_at)
        chosen.setdefault((day.year, day.month), session)
    return list(chosen.values())[-MAX_RATINGS:]


def caseload_demo_seed(*, rng: random.Random, today: datetime.date) -> int:
    """Rate the demo coach's practice on sessions of recent months. Returns the rows made (an
    administration and its response for each rating)."""
    coach = Person.objects.filter(user__email=COACH_EMAIL).select_related("org_unit").first()
    if coach is None:
        return 0
    try:
        version: InstrumentVersion = instrument_version_find(slug=CPRS)
    except InstrumentVersion.DoesNotExist:
        return 0
    supervisor = coach_supervisor_of(coach=coach) or (
        Person.objects.filter(
            user__email=SUPERVISOR_EMAIL, role_assignments__role=Role.COACH_SUPERVISOR
        ).first()
    )
    if supervisor is None:
        return 0
    learners = Engagement.objects.filter(coach=coach).values("learner_id")
    peer = (
        coaches_queryset()
        .exclude(pk=coach.pk)
        .exclude(pk__in=learners)
        .filter(org_unit__path__startswith=coach.org_unit.path[:8])
        .order_by("pk")
        .first()
    )
    sessions = _one_session_a_month(coach, today)
    peer_index = len(sessions) // 2 if peer is not None else -1
    level = 1
    made = 0
    for index, session in enumerate(sessions):
        observer = peer if index == peer_index and peer is not None else supervisor
        try:
            administration = administration_assign(
                assigned_by=supervisor,
                version=version,
                respondent=observer,
                subject=coach,
                engagement=session.engagement,
                session=session,
                note="Observation of a coaching session (demo).",
            )
        except (AssignError, PermissionDenied):
            continue  # this coaching's agreement does not allow observation, say
        level = min(4, max(1, level + rng.choice((0, 0, 1))))
        _answer(administration, level=level)
        _dated(administration, timezone.localdate(session.starts_at) + datetime.timedelta(days=1))
        made += 2
    return made
