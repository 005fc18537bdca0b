"""Writes to session records and notes. Each write is checked here and audited by the privacy
policy (`record_write_audit`). Who writes what (docs/CONVERSATION.md):

- the coach: the session record, scaling answers, feedback-ladder notes, wellbeing referrals;
- the coach and the learner: action steps and their review;
- the learner: their feedback on a session;
- notes: the kinds `writable_note_kinds` allows, with a version check on every change.

The session record, the feedback-ladder notes and the learner's feedback are saved only from
the version their form opened (`base_version`; 0 for one not written yet): a save made from an
older version raises `Conflict` and changes nothing (tandem/ui/locking.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Model, QuerySet
from django.utils import timezone

from tandem.coaching.models import CoachingSession, Note
from tandem.coaching.services import note_create
from tandem.conversation.content import SCALING, TECHNIQUE_LABELS
from tandem.conversation.cycle import stages_in_recorded_order
from tandem.conversation.models import (
    ActionStep,
    FeedbackLadderNote,
    LearnerSessionFeedback,
    NoteDraft,
    NoteRevision,
    ScalingAnswer,
    SessionRecord,
    WellbeingReferral,
)
from tandem.people.models import Person
from tandem.privacy.categories import Category, Relation
from tandem.privacy.models import AccessEvent
from tandem.privacy.policy import (
    EngagementAccess,
    can_write,
    record_write_audit,
    writable_note_kinds,
)
from tandem.ui.locking import Conflict, version_claim

M = TypeVar("M", bound=Model)


def is_coach(access: EngagementAccess) -> bool:
    return Relation.COACH in access.relations


def is_learner(access: EngagementAccess) -> bool:
    return Relation.LEARNER in access.relations


def _check(
    author: Person, access: EngagementAccess, session: CoachingSession | None, ok: bool
) -> None:
    if access.viewer.pk != author.pk or not ok:
        raise PermissionDenied("You cannot change this part of the session record.")
    if session is not None and session.engagement_id != access.engagement.pk:
        raise PermissionDenied("This session belongs to another engagement.")


def _audit(
    author: Person, access: EngagementAccess, kind: str, pk: int, created: bool, via: str
) -> None:
    record_write_audit(
        viewer=author,
        access=access,
        category=Category.COACH_LEARNER,
        record_type=kind,
        record_id=pk,
        action=AccessEvent.Action.CREATE if created else AccessEvent.Action.UPDATE,
        via=via,
    )


def _save_versioned(
    model: type[M], *, lookup: dict[str, Any], base_version: int, values: dict[str, Any]
) -> tuple[M, bool]:
    """Write the one record `lookup` finds (created when the form opened none: version 0),
    unless it was saved since the form opened it: then raise Conflict and write nothing.
    Returns the record and whether it was created."""
    found = model._default_manager.filter(**lookup).first()
    if found is None and base_version == 0:
        try:
            # A savepoint: another tab may be writing the first one at this very moment.
            with transaction.atomic():
                return model._default_manager.create(**lookup, **values), True
        except IntegrityError:
            found = model._default_manager.get(**lookup)  # it was: its version stands
    if found is None:
        raise Conflict(seen=base_version, saved=0)
    version = version_claim(model._default_manager.all(), pk=found.pk, seen=base_version)
    for name, value in values.items():
        setattr(found, name, value)
    found.version = version  # type: ignore[attr-defined]
    found.save()
    return found, False


def _observations(access: EngagementAccess) -> QuerySet[Any]:
    return access.engagement.observations.all()  # type: ignore[attr-defined]


@transaction.atomic
def session_record_save(
    *,
    author: Person,
    access: EngagementAccess,
    session: CoachingSession,
    base_version: int,
    focus: str,
    model_code: str,
    stages_done: list[str],
    techniques: list[str],
    via: str,
    stage_notes: dict[str, str] | None = None,
    observation_id: int | None = None,
) -> SessionRecord:
    """`stage_notes`: the coach's notes per stage code; `observation_id`: one of this
    engagement's observations, for the model's observation step (None: none linked)."""
    _check(author, access, session, can_write(access, "session_record"))
    unknown = [t for t in techniques if t not in TECHNIQUE_LABELS]
    if unknown:
        raise ValidationError({"techniques": "Choose techniques from the list."})
    # Read through the engagement (instruments sits beside this app): only its own.
    if observation_id is not None and not _observations(access).filter(pk=observation_id).exists():
        raise ValidationError({"observation": "Choose one of this coaching's observations."})
    before = SessionRecord.objects.filter(session=session).values_list("stages_done", flat=True)
    record, created = _save_versioned(
        SessionRecord,
        lookup={"session": session},
        base_version=base_version,
        values={
            "focus": focus,
            "model_code": model_code,
            "stages_done": stages_in_recorded_order(next(iter(before), []), stages_done),
            "stage_notes": dict(stage_notes or {}),
            "observation_id": observation_id,
            "techniques": list(techniques),
            "recorded_by": author,
        },
    )
    _audit(author, access, "session_record", record.pk, created, via)
    return record


@transaction.atomic
def scaling_answer_add(
    *,
    author: Person,
    access: EngagementAccess,
    session: CoachingSession,
    kind: str,
    question: str,
    scale_min: int,
    value: int,
    follow_up: str,
    via: str,
) -> ScalingAnswer:
    _check(author, access, session, can_write(access, "session_record"))
    if kind not in SCALING:
        raise ValidationError({"kind": "Choose what the question is about."})
    question = question.strip() or SCALING[kind].question
    if not question:
        raise ValidationError({"question": "Write the question you asked."})
    if scale_min not in (0, 1):
        raise ValidationError({"scale_min": "A scale starts at 0 or at 1."})
    if not scale_min <= value <= 10:
        raise ValidationError({"answer": f"The answer must be from {scale_min} to 10."})
    answer = ScalingAnswer.objects.create(
        session=session,
        kind=kind,
        question=question,
        scale_min=scale_min,
        value=value,
        follow_up=follow_up,
        recorded_by=author,
    )
    _audit(author, access, "scaling_answer", answer.pk, True, via)
    return answer


@transaction.atomic
def action_step_add(
    *,
    author: Person,
    access: EngagementAccess,
    session: CoachingSession,
    what: str,
    owner: str,
    due_on: date | None,
    commitment: int | None,
    via: str,
) -> ActionStep:
    _check(author, access, session, can_write(access, "conversation"))
    if commitment is not None and not 1 <= commitment <= 10:
        raise ValidationError({"commitment": "Commitment is a number from 1 to 10."})
    step = ActionStep.objects.create(
        session=session,
        what=what,
        owner=owner,
        due_on=due_on,
        commitment=commitment,
        created_by=author,
    )
    _audit(author, access, "action_step", step.pk, True, via)
    return step


@transaction.atomic
def action_step_review(
    *,
    author: Person,
    access: EngagementAccess,
    step: ActionStep,
    session: CoachingSession,
    base_version: int,
    review: str,
    note: str,
    via: str,
) -> ActionStep:
    """Review, in `session`, an action step agreed in an earlier session (from the version of
    the step the form opened: the coach and the learner may both be reviewing it)."""
    _check(author, access, session, can_write(access, "conversation"))
    if step.session.engagement_id != access.engagement.pk:
        raise PermissionDenied("This action step belongs to another engagement.")
    if review not in ActionStep.Review.values:
        raise ValidationError({"review": "Choose done, partly done or not done."})
    step.version = version_claim(ActionStep.objects.all(), pk=step.pk, seen=base_version)
    step.review = review
    step.review_note = note
    step.reviewed_in = None if review == ActionStep.Review.OPEN else session
    step.save(update_fields=["review", "review_note", "reviewed_in"])
    _audit(author, access, "action_step", step.pk, False, via)
    return step


@transaction.atomic
def feedback_ladder_save(
    *,
    author: Person,
    access: EngagementAccess,
    session: CoachingSession,
    base_version: int,
    steps: dict[str, str],
    via: str,
) -> FeedbackLadderNote:
    _check(author, access, session, can_write(access, "session_record"))
    ladder, created = _save_versioned(
        FeedbackLadderNote,
        lookup={"session": session},
        base_version=base_version,
        values={**steps, "recorded_by": author},
    )
    _audit(author, access, "feedback_ladder", ladder.pk, created, via)
    return ladder


@transaction.atomic
def session_feedback_save(
    *,
    author: Person,
    access: EngagementAccess,
    session: CoachingSession,
    base_version: int,
    usefulness: int,
    helped: str,
    change: str,
    via: str,
) -> LearnerSessionFeedback:
    _check(author, access, session, can_write(access, "session_feedback"))
    if not 1 <= usefulness <= 5:
        raise ValidationError({"usefulness": "Choose a number from 1 to 5."})
    feedback, created = _save_versioned(
        LearnerSessionFeedback,
        lookup={"session": session, "learner": author},
        base_version=base_version,
        values={"usefulness": usefulness, "helped": helped, "change": change},
    )
    _audit(author, access, "session_feedback", feedback.pk, created, via)
    return feedback


@transaction.atomic
def wellbeing_referral_record(
    *,
    author: Person,
    access: EngagementAccess,
    session: CoachingSession | None,
    offered_on: date,
    via: str,
) -> WellbeingReferral:
    """Record that professional help was offered: a dated fact, never the reason."""
    _check(author, access, session, can_write(access, "session_record"))
    referral = WellbeingReferral.objects.create(
        engagement=access.engagement, session=session, offered_on=offered_on, recorded_by=author
    )
    _audit(author, access, "wellbeing_referral", referral.pk, True, via)
    return referral


# --- Notes: versions, history and drafts -----------------------------------------------


class VersionConflict(Conflict):
    """Someone saved the note after the editor started from `base_version` (the shared
    `Conflict`, with the newer revision as `current`)."""

    current: NoteRevision

    def __init__(self, *, current: NoteRevision, base_version: int) -> None:
        super().__init__(
            seen=base_version,
            saved=current.number,
            current=current,
            saved_by=current.author.full_name,
            saved_at=current.saved_at,
        )
        self.base_version = base_version


def note_version(note: Note) -> int:
    """The note's current version: its newest revision number (1 for a note never edited)."""
    found = NoteRevision.objects.filter(note=note).aggregate(n=Max("number"))["n"]
    return found or 1


def _first_revision(note: Note) -> NoteRevision:
    """A note written elsewhere (the engagement page, the seed) gets its text as revision 1."""
    revision, _ = NoteRevision.objects.get_or_create(
        note=note,
        number=1,
        defaults={"body": note.body, "author": note.author, "saved_at": note.created_at},
    )
    return revision


def _check_note_writer(author: Person, access: EngagementAccess, note: Note) -> None:
    if access.viewer.pk != author.pk or note.engagement_id != access.engagement.pk:
        raise PermissionDenied("You cannot change this note.")
    if note.kind not in writable_note_kinds(access):
        raise PermissionDenied("You cannot change this kind of note.")
    if note.category == Category.PRIVATE and note.author_id != author.pk:
        raise PermissionDenied("A private journal is changed only by its author.")


def _drop_draft(author: Person, access: EngagementAccess, kind: str, note: Note | None) -> None:
    NoteDraft.objects.filter(
        author=author, engagement=access.engagement, kind=kind, note=note
    ).delete()


@transaction.atomic
def note_publish(
    *,
    author: Person,
    access: EngagementAccess,
    kind: str,
    body: str,
    fields: dict[str, str] | None = None,
    session: CoachingSession | None = None,
    via: str,
) -> Note:
    """A new note (created and audited by `tandem.coaching.services.note_create`) with its
    first revision; the author's draft for a new entry of this kind is removed."""
    if session is not None and session.engagement_id != access.engagement.pk:
        raise PermissionDenied("This session belongs to another engagement.")
    note = note_create(author=author, access=access, kind=kind, body=body, via=via)
    NoteRevision.objects.create(
        note=note,
        number=1,
        body=body,
        fields=fields or {},
        session=session,
        author=author,
        saved_at=note.created_at,
    )
    _drop_draft(author, access, kind, None)
    return note


@transaction.atomic
def note_update(
    *,
    author: Person,
    access: EngagementAccess,
    note: Note,
    base_version: int,
    body: str,
    fields: dict[str, str] | None = None,
    via: str,
) -> NoteRevision:
    """Save a new text of `note`, unless someone saved it since `base_version`: then raise
    `VersionConflict` carrying the newer text, and change nothing."""
    _check_note_writer(author, access, note)
    locked = Note.objects.select_for_update().get(pk=note.pk)
    first = _first_revision(locked)
    current = NoteRevision.objects.filter(note=locked).order_by("-number").first() or first
    if current.number != base_version:
        raise VersionConflict(current=current, base_version=base_version)
    now = timezone.now()
    revision = NoteRevision.objects.create(
        note=locked,
        number=current.number + 1,
        body=body,
        fields=fields or {},
        session=current.session,
        author=author,
        saved_at=now,
    )
    Note.objects.filter(pk=locked.pk).update(body=body, updated_at=now)
    note.body, note.updated_at = body, now
    record_write_audit(
        viewer=author,
        access=access,
        category=Category(locked.category),
        record_type="note",
        record_id=locked.pk,
        action=AccessEvent.Action.UPDATE,
        via=via,
    )
    _drop_draft(author, access, note.kind, note)
    return revision


@dataclass(frozen=True)
class DraftSaved:
    draft: NoteDraft
    conflict: bool  # another tab saved this draft since this page last did: nothing written


@transaction.atomic
def draft_autosave(
    *,
    author: Person,
    access: EngagementAccess,
    kind: str,
    note: Note | None,
    base_version: int,
    sequence: int,
    body: str,
    fields: dict[str, Any] | None = None,
) -> DraftSaved:
    """Save what the author is typing. Drafts are private to their author and not audited as
    coaching content reads (nobody else ever reads them). `sequence` is the draft sequence
    this page last saw (0 for none): if another tab saved since, nothing is overwritten."""
    if access.viewer.pk != author.pk or kind not in writable_note_kinds(access):
        raise PermissionDenied("You cannot write this kind of note.")
    if note is not None:
        _check_note_writer(author, access, note)
    draft = (
        NoteDraft.objects.select_for_update()
        .filter(author=author, engagement=access.engagement, kind=kind, note=note)
        .first()
    )
    if draft is None:
        try:
            # A savepoint: another tab may be creating the same first draft right now.
            with transaction.atomic():
                draft = NoteDraft.objects.create(
                    author=author,
                    engagement=access.engagement,
                    kind=kind,
                    note=note,
                    base_version=base_version,
                    body=body,
                    fields=fields or {},
                    sequence=1,
                )
        except IntegrityError:
            # It did: its draft stands, and this tab is told, as for any other conflict.
            draft = NoteDraft.objects.select_for_update().get(
                author=author, engagement=access.engagement, kind=kind, note=note
            )
            return DraftSaved(draft=draft, conflict=True)
        return DraftSaved(draft=draft, conflict=False)
    if sequence != draft.sequence:
        return DraftSaved(draft=draft, conflict=True)
    draft.body, draft.fields, draft.base_version = body, fields or {}, base_version
    draft.sequence += 1
    draft.save(update_fields=["body", "fields", "base_version", "sequence", "updated_at"])
    return DraftSaved(draft=draft, conflict=False)
