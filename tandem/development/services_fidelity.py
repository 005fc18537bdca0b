"""Asking someone to observe one of a coach's sessions with the Coaching Practices Rating
Scale (issue #17 item 3). The observer may be the coach supervisor, an observer, or a peer
coach; never the coach themself nor one of the coach's learners. The session must be held or
booked, and the coaching's agreement must allow observation (administration_assign checks
both). Who may ask is decided in tandem/privacy/development.py."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction

from tandem.coaching.models import CoachingSession
from tandem.development.selectors_fidelity import CPRS
from tandem.instruments.administration_services import AssignError, administration_assign
from tandem.instruments.models import Administration, InstrumentVersion
from tandem.instruments.selectors import instrument_version_find
from tandem.people.models import Person
from tandem.privacy.categories import Category
from tandem.privacy.development import (
    can_request_practice_rating,
    development_write_audit,
    is_coach_supervisor_of,
)
from tandem.privacy.models import AccessEvent


@transaction.atomic
def practice_observation_request(
    *,
    assigned_by: Person,
    coach: Person,
    session: CoachingSession,
    observer: Person,
    learner_agreed: bool,
    due_on: date | None = None,
    via: str,
) -> Administration:
    """Give the CPRS to `observer` about `coach`, tied to the session observed.

    PermissionDenied when `assigned_by` may not ask; AssignError (with the form field at
    fault) when the session, the observer or the consent does not allow it."""
    if not can_request_practice_rating(viewer=assigned_by, coach=coach):
        raise PermissionDenied(
            "Observations of a coach's practice are asked for by the coach's coach supervisor, "
            "or a coach supervisor, program lead or observer whose role covers the coach."
        )
    engagement = session.engagement
    if engagement.coach_id != coach.pk:
        raise AssignError("Choose a session of this coach's coaching.", field="session")
    if not learner_agreed:
        raise AssignError(
            "The agreement asks for the learner's agreement to each observation: confirm that "
            "the learner agreed to this session being observed.",
            field="learner_agreed",
        )
    try:
        version = instrument_version_find(slug=CPRS)
    except InstrumentVersion.DoesNotExist as missing:
        raise AssignError(
            "The Coaching Practices Rating Scale is not loaded: ask an administrator to load "
            "the instruments (manage.py load_instruments)."
        ) from missing
    administration = administration_assign(
        assigned_by=assigned_by,
        version=version,
        respondent=observer,
        subject=coach,
        engagement=engagement,
        session=session,
        due_on=due_on,
        # No date: when the learner's sessions take place is theirs to share (their agreement);
        # the coach tells the observer when and where.
        note="Observation of a coaching session; the learner agreed. The coach tells you when.",
    )
    relation = "Coach supervisor" if is_coach_supervisor_of(viewer=assigned_by, coach=coach) else ""
    development_write_audit(
        viewer=assigned_by,
        subject_id=coach.pk,
        record_type="practice_observation",
        record_id=administration.pk,
        relation=relation or "Program oversight",
        via=via,
        category=Category.PRIVATE,
        action=AccessEvent.Action.CREATE,
    )
    return administration
