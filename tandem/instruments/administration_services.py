"""Giving instruments to people, saving drafts, submitting and sharing responses (writes).

Who may see a response is decided in tandem/privacy/responses.py; the functions here take a
`ResponseAccess` from it and refuse anything it does not allow.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from tandem.coaching.models import CoachingSession, Engagement
from tandem.instruments.definition import Definition
from tandem.instruments.models import Administration, InstrumentVersion, Response
from tandem.instruments.scoring import answers_validate, score
from tandem.instruments.selectors import version_definition
from tandem.people.models import Person, Role
from tandem.people.selectors import has_role, role_grants
from tandem.privacy.development import is_coach_supervisor_of
from tandem.privacy.models import AccessEvent
from tandem.privacy.responses import ResponseAccess, response_write_audit

Kind = Administration.Kind
Phase = Administration.Phase
# Roles that may ask someone to rate a coach's practice, for coaches in their scope.
PRACTICE_ASSIGNERS = (Role.COACH_SUPERVISOR, Role.PROGRAM_LEAD, Role.OBSERVER)


class AssignError(ValueError):
    """An administration that cannot be made as asked; `field` names the form field at fault."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def administration_kind(definition: Definition) -> str:
    """What kind of record the answers will be, from who fills the instrument in and about whom."""
    if definition.respondent == "self":
        return Kind.SELF
    if definition.subject == "coach":
        return Kind.PRACTICE_RATING
    if definition.subject == "learner":
        return Kind.OBSERVATION
    return Kind.OTHER


def _covers(person: Person, roles: tuple[str, ...], unit_path: str) -> bool:
    return any(
        g.role in roles and unit_path.startswith(g.scope_path) for g in role_grants(person=person)
    )


@transaction.atomic
def administration_assign(
    *,
    assigned_by: Person,
    version: InstrumentVersion,
    respondent: Person,
    subject: Person | None = None,
    engagement: Engagement | None = None,
    session: CoachingSession | None = None,
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
    due_on: datetime.date | None = None,
    phase: str = Phase.SINGLE,
    pre: Administration | None = None,
    note: str = "",
) -> Administration:
    """Give `version` to `respondent` (with an empty draft response to fill in).

    Raises PermissionDenied when `assigned_by` may not give it, AssignError when the request
    does not fit the instrument (a missing engagement, a subject it does not rate...)."""
    if not version.published:
        raise AssignError("This instrument version is not published.", field="instrument")
    definition = version_definition(version)
    kind = administration_kind(definition)
    if kind == Kind.OBSERVATION:
        subject = _observation_checks(assigned_by, respondent, subject, engagement)
    elif kind == Kind.PRACTICE_RATING:
        _practice_rating_checks(assigned_by, respondent, subject, engagement)
        _observed_session_checks(respondent, subject, engagement, session)
    else:
        if subject is not None:
            raise AssignError("This instrument is not about another person.", field="subject")
        _self_checks(assigned_by, respondent, engagement, kind)
    _link_checks(engagement, session, period_start, period_end)
    _pair_checks(version, respondent, subject, phase, pre)
    administration = Administration.objects.create(
        version=version,
        kind=kind,
        respondent=respondent,
        subject=subject,
        assigned_by=assigned_by,
        engagement=engagement,
        session=session,
        period_start=period_start,
        period_end=period_end,
        due_on=due_on,
        phase=phase,
        pre=pre,
        note=note,
    )
    Response.objects.create(
        administration=administration, version=version, respondent=respondent, subject=subject
    )
    return administration


def _self_checks(
    assigned_by: Person, respondent: Person, engagement: Engagement | None, kind: str
) -> None:
    if engagement is not None and engagement.learner_id != respondent.pk:
        raise AssignError(
            "Choose coaching in which this person is the learner.", field="engagement"
        )
    if assigned_by.pk == respondent.pk:
        return  # anyone may fill in an instrument about themselves
    if kind == Kind.SELF:
        if (
            engagement is not None
            and engagement.coach_id == assigned_by.pk
            and engagement.status == Engagement.Status.ACTIVE
        ):
            return
        if _covers(assigned_by, (Role.PROGRAM_LEAD,), respondent.org_unit.path):
            return
    raise PermissionDenied(
        "You can give this instrument to yourself, to a learner you coach (choose the coaching)"
        " or, as a program lead, to people in your program."
    )


def _practice_rating_checks(
    assigned_by: Person, respondent: Person, subject: Person | None, engagement: Engagement | None
) -> None:
    if subject is None:
        raise AssignError("Choose the coach whose practice is rated.", field="subject")
    if not has_role(person=subject, role=Role.COACH):
        raise AssignError("The person rated must be a coach.", field="subject")
    if engagement is not None and engagement.coach_id != subject.pk:
        raise AssignError("Choose coaching given by this coach.", field="engagement")
    self_rating = assigned_by.pk == respondent.pk == subject.pk
    if (
        not self_rating
        and not _covers(assigned_by, PRACTICE_ASSIGNERS, subject.org_unit.path)
        and not is_coach_supervisor_of(viewer=assigned_by, coach=subject)
    ):
        raise PermissionDenied(
            "Ratings of a coach's practice are given by the coach's coach supervisor, a coach "
            "supervisor, program lead or observer whose role covers the coach's unit, or by "
            "the coach about themselves."
        )
    if respondent.pk != subject.pk and _coached_by(learner=respondent, coach=subject):
        raise AssignError(
            f"{respondent.full_name} is coached by {subject.full_name}. A learner does not rate "
            "their own coach's practice: choose another observer.",
            field="respondent",
        )


def _coached_by(*, learner: Person, coach: Person) -> bool:
    """Whether `learner` is coached by `coach` now: the learner of their coaching under way,
    or a member of their group who has not declined or left."""
    under_way = (Engagement.Status.PLANNED, Engagement.Status.ACTIVE, Engagement.Status.PAUSED)
    coaching = Engagement.objects.filter(coach=coach, status__in=under_way)
    return (
        coaching.filter(learner=learner).exists()
        or coaching.filter(
            members__person=learner,
            members__declined_at__isnull=True,
            members__left_on__isnull=True,
        ).exists()
    )


# Session outcomes at which an observer can have watched the session.
OBSERVABLE = (CoachingSession.Status.HELD, CoachingSession.Status.SCHEDULED)


def observation_consent_refusal(engagement: Engagement) -> str:
    """Why the learner's agreement does not allow observing this coaching, or "" when it does.

    The agreement in force must say how observation is consented to (its "observation and
    recording" term, seed 003 l.10112-10296): without it the learner (and any family present)
    never agreed that someone else may watch a session."""
    agreement = getattr(engagement, "agreement", None)
    version = agreement.in_force_version if agreement is not None else None
    if version is None:
        return (
            "This coaching has no agreement in force yet, so the learner has not agreed to "
            "anyone observing a session."
        )
    if not str((version.content or {}).get("observation_consent") or "").strip():
        return (
            "The agreement in force for this coaching says nothing about observation, so the "
            "learner has not agreed to anyone observing a session. Add the observation term to "
            "the agreement first."
        )
    return ""


def _observed_session_checks(
    respondent: Person,
    subject: Person | None,
    engagement: Engagement | None,
    session: CoachingSession | None,
) -> None:
    """A rating tied to the session it observed: someone other than the coach watched a
    session that was held or is booked, of coaching whose agreement allows observation."""
    if session is None:
        return
    if subject is not None and respondent.pk == subject.pk:
        raise AssignError(
            "A coach does not observe their own session: choose another observer.",
            field="respondent",
        )
    if session.status not in OBSERVABLE:
        raise AssignError(
            "That session was cancelled or missed: choose a session that was held or is booked.",
            field="session",
        )
    if engagement is not None and engagement.pk == session.engagement_id:
        refusal = observation_consent_refusal(engagement)
        if refusal:
            raise AssignError(refusal, field="session")


def _observation_checks(
    assigned_by: Person, respondent: Person, subject: Person | None, engagement: Engagement | None
) -> Person:
    if engagement is None:
        raise AssignError("Choose the coaching this observation belongs to.", field="engagement")
    if subject is not None and subject.pk != engagement.learner_id:
        raise AssignError("The person observed must be the learner.", field="subject")
    if respondent.pk != engagement.coach_id:
        raise AssignError(
            "The coach of this coaching fills in the observation.", field="respondent"
        )
    if engagement.status != Engagement.Status.ACTIVE:
        raise AssignError("This coaching is not active.", field="engagement")
    learner = engagement.learner
    if assigned_by.pk != engagement.coach_id and not _covers(
        assigned_by, (Role.PROGRAM_LEAD,), learner.org_unit.path
    ):
        raise PermissionDenied("Observations are given by the coach or a program lead.")
    return learner


def _link_checks(
    engagement: Engagement | None,
    session: CoachingSession | None,
    period_start: datetime.date | None,
    period_end: datetime.date | None,
) -> None:
    if session is not None and (engagement is None or session.engagement_id != engagement.pk):
        raise AssignError("Choose a session of the chosen coaching.", field="session")
    if period_start and period_end and period_end < period_start:
        raise AssignError("The period must end on or after its first day.", field="period_end")


def _pair_checks(
    version: InstrumentVersion,
    respondent: Person,
    subject: Person | None,
    phase: str,
    pre: Administration | None,
) -> None:
    if phase != Phase.POST:
        if pre is not None:
            raise AssignError("Only the second of a pair names the first.", field="pre")
        return
    if pre is None:
        raise AssignError("Choose the first administration of the pair.", field="pre")
    same = (
        pre.version.instrument_id == version.instrument_id
        and pre.respondent_id == respondent.pk
        and pre.subject_id == (subject.pk if subject else None)
    )
    if not same or pre.phase != Phase.PRE:
        raise AssignError(
            "The first of a pair must be a 'before' administration of the same instrument, "
            "for the same person.",
            field="pre",
        )
    if Administration.objects.filter(pre=pre).exists():
        raise AssignError("That 'before' administration already has its 'after'.", field="pre")


# --- Answering -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SaveResult:
    response: Response
    problems: dict[str, str] = field(default_factory=dict)  # item key → what to do
    stale: bool = False  # the page was older than what is stored: nothing was saved

    @property
    def saved(self) -> bool:
        return not self.stale


def _draft_problems(definition: Definition, answers: Mapping[str, object]) -> dict[str, str]:
    """Problems with the answers given, leaving out the items still to be answered."""
    checkable: dict[str, object] = {}
    for key, value in answers.items():
        if value is None:
            continue
        if isinstance(value, dict) and value and len(value) < 2:
            # Half a paired item is fine in a draft: check the half that is there.
            present = next(iter(value.values()))
            value = {"pro": present, "anti": present} | value
        checkable[key] = value
    problems = answers_validate(definition, checkable)
    return {key: problem for key, problem in problems.items() if key in checkable}


def _editable(access: ResponseAccess) -> Response:
    if not access.can_edit:
        raise PermissionDenied("Only the person filling it in can change a draft.")
    response = Response.objects.select_for_update().get(pk=access.response.pk)
    if response.status != Response.Status.DRAFT:
        raise PermissionDenied("This response has been submitted and can no longer change.")
    return response


@transaction.atomic
def response_save_draft(
    *, access: ResponseAccess, answers: Mapping[str, object], revision: int
) -> SaveResult:
    """Save some answers (a section's) into the draft; `None` clears an answer.

    Answers that cannot be used are not saved and come back as problems; the rest are saved.
    A save made from a page older than the stored draft (`revision`) is refused as stale,
    unless it would change nothing (the same answers already saved from another request)."""
    response = _editable(access)
    definition = version_definition(response.version)
    problems = _draft_problems(definition, answers)
    merged = dict(response.answers)
    for key, value in answers.items():
        if key in problems:
            continue
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    if merged == response.answers:
        return SaveResult(response, problems)
    if revision != response.revision:
        return SaveResult(response, problems, stale=True)
    response.answers = merged
    response.revision += 1
    response.updated_at = timezone.now()
    response.save(update_fields=["answers", "revision", "updated_at"])
    return SaveResult(response, problems)


@transaction.atomic
def response_submit(*, access: ResponseAccess, revision: int, via: str) -> SaveResult:
    """Check every answer; when all can be used, score them and submit."""
    response = _editable(access)
    if revision != response.revision:
        return SaveResult(response, stale=True)
    definition = version_definition(response.version)
    problems = answers_validate(definition, response.answers)
    if problems:
        return SaveResult(response, problems)
    report = score(definition, response.answers)
    response.scores = report.scores
    response.status = Response.Status.SUBMITTED
    response.submitted_at = response.updated_at = timezone.now()
    response.revision += 1
    response.save(update_fields=["scores", "status", "submitted_at", "updated_at", "revision"])
    response_write_audit(access=access, action=AccessEvent.Action.CREATE, via=via)
    return SaveResult(response)


@transaction.atomic
def response_share_with_coach(*, access: ResponseAccess, via: str) -> Response:
    """The respondent shows their submitted self-assessment to the coach of the linked coaching."""
    response = Response.objects.select_for_update().get(pk=access.response.pk)
    administration = access.administration
    if access.viewer.pk != response.respondent_id or administration.kind != Kind.SELF:
        raise PermissionDenied("Only the person who filled in a self-assessment shares it.")
    if response.status != Response.Status.SUBMITTED or administration.engagement is None:
        raise PermissionDenied("Only a submitted self-assessment linked to coaching is shared.")
    if response.shared_with_coach_at is None:
        response.shared_with_coach_at = timezone.now()
        response.save(update_fields=["shared_with_coach_at"])
        response_write_audit(access=access, action=AccessEvent.Action.UPDATE, via=via)
    return response
