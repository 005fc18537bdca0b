"""Session records and note history for tests: content that could leak, with unique markers."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from tandem.coaching.models import CoachingSession, Engagement, Note
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

# Each record type's marker; `{e}` is the engagement label.
RECORD_MARKERS = (
    "FOCUS-{e}",
    "SCALE-{e}",
    "STEP-{e}",
    "EARLYSTEP-{e}",
    "LADDER-{e}",
    "FEEDBACK-{e}",
)
# A wellbeing referral has no words: its date is the content (unique to this world).
REFERRAL_DATE = {"E1": date(2019, 2, 3), "E2": date(2019, 2, 4)}
REFERRAL_TEXT = {"E1": "Feb 3, 2019", "E2": "Feb 4, 2019"}


def held_session(engagement: Engagement, days_before: int = 0) -> CoachingSession:
    return CoachingSession.objects.create(
        engagement=engagement,
        starts_at=datetime(2026, 9, 20, 9, 0, tzinfo=ZoneInfo("America/Denver"))
        - timedelta(days=days_before),
        status=CoachingSession.Status.HELD,
    )


def fill_session(session: CoachingSession, label: str, steps: int = 1, answers: int = 1) -> None:
    """A complete record of `session`, each record type carrying its marker."""
    engagement = session.engagement
    coach, learner = engagement.coach, engagement.learner
    SessionRecord.objects.create(
        session=session,
        focus=f"FOCUS-{label} opening with strengths",
        model_code="skills-based",
        stages_done=["joint-planning"],
        techniques=["feedback", "reframing"],
        recorded_by=coach,
    )
    ScalingAnswer.objects.bulk_create(
        ScalingAnswer(
            session=session,
            kind="confidence",
            question="How confident do you feel?",
            value=4 + i,
            follow_up=f"SCALE-{label} one point higher means asking first",
            recorded_by=coach,
        )
        for i in range(answers)
    )
    ActionStep.objects.bulk_create(
        ActionStep(
            session=session,
            what=f"STEP-{label} ask one scaling question per visit",
            commitment=8,
            created_by=learner,
        )
        for _ in range(steps)
    )
    FeedbackLadderNote.objects.create(
        session=session, value=f"LADDER-{label} warm opening", recorded_by=coach
    )
    LearnerSessionFeedback.objects.create(
        session=session, learner=learner, usefulness=4, helped=f"FEEDBACK-{label} the practice"
    )
    WellbeingReferral.objects.create(
        engagement=engagement,
        session=session,
        offered_on=REFERRAL_DATE.get(label, date(2019, 3, 1)),
        recorded_by=coach,
    )


def earlier_step(session: CoachingSession, label: str) -> ActionStep:
    """An action step agreed in an earlier session, to review in `session`."""
    earlier = held_session(session.engagement, days_before=14)
    return ActionStep.objects.create(
        session=earlier,
        what=f"EARLYSTEP-{label} try a harm statement",
        created_by=session.engagement.learner,
    )


def revise(note: Note, old_text: str) -> None:
    """Give `note` a history: `old_text` was version 1, its body is version 2."""
    NoteRevision.objects.create(
        note=note, number=1, body=old_text, author=note.author, saved_at=timezone.now()
    )
    NoteRevision.objects.create(
        note=note, number=2, body=note.body, author=note.author, saved_at=timezone.now()
    )


def draft(note: Note, text: str) -> NoteDraft:
    return NoteDraft.objects.create(
        author=note.author,
        engagement=note.engagement,
        kind=note.kind,
        note=note,
        base_version=2,
        body=text,
    )


def note_of(engagement: Engagement, kind: str) -> Note:
    return Note.objects.get(engagement=engagement, kind=kind)
