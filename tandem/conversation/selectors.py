"""Reads of session records and notes, through the privacy policy.

The viewer's rights come from `engagement_access` (404 when they have none). A page reads
only the categories `access.sees(...)` grants and audits every record it shows in one insert
(`record_reads_audit`). Notes private to their author are read only by that author (the same
rule as the policy's `author_field`). Every function here costs a constant number of queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.http import Http404

from tandem.coaching.models import CoachingSession, Note
from tandem.conversation.chart import scaling_chart
from tandem.conversation.content import SCALING
from tandem.conversation.cycle import OrderProblem, feedback_before_reflection
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
from tandem.privacy.categories import Category
from tandem.privacy.policy import (
    EngagementAccess,
    Read,
    can_read_note,
    engagement_access,
    readable_notes,
    record_reads_audit,
)
from tandem.questionbank.models import CoachingModel, ModelStage
from tandem.questionbank.selectors import questions_suggested_by_stage
from tandem.ui.charts import Chart

FALLBACK_MODELS = ("skills-based", "grow")
OBSERVATION = "observation"  # the record type instruments audits observations under


@dataclass
class StageItem:
    code: str
    name: str
    guidance: str
    done: bool
    questions: list[Any] = field(default_factory=list)
    role: str = ""  # ModelStage.Role: observation, reflection, feedback
    note: str = ""  # the coach's notes on this stage in this session


@dataclass
class OrderNotice:
    """Feedback came before the learner's own reflection (cycle.feedback_before_reflection)."""

    problem: OrderProblem
    model_name: str
    reflection: str  # the names of the model's steps
    feedback: str


@dataclass
class SessionPage:
    access: EngagementAccess
    session: CoachingSession
    sees_schedule: bool
    sees_content: bool
    record: SessionRecord | None = None
    scaling: list[ScalingAnswer] = field(default_factory=list)
    actions: list[ActionStep] = field(default_factory=list)
    to_review: list[ActionStep] = field(default_factory=list)
    ladder: FeedbackLadderNote | None = None
    feedback: list[LearnerSessionFeedback] = field(default_factory=list)
    referrals: list[WellbeingReferral] = field(default_factory=list)
    summaries: list[Note] = field(default_factory=list)


def session_access(*, viewer: Person, session_id: int) -> tuple[EngagementAccess, CoachingSession]:
    """The session and the viewer's access to its engagement: 404 when they have none, and
    also when their part includes neither the schedule nor the conversation — a supervisor
    who is not shared attendance must not be able to count sessions by trying ids."""
    session = CoachingSession.objects.filter(pk=session_id).first()
    if session is None:
        raise Http404("No such session.")
    access = engagement_access(viewer=viewer, engagement_id=session.engagement_id)
    if not (access.sees(Category.ATTENDANCE) or access.sees(Category.COACH_LEARNER)):
        raise Http404("No such session.")
    session.engagement = access.engagement
    return access, session


def session_page(
    *, viewer: Person, access: EngagementAccess, session: CoachingSession, via: str
) -> SessionPage:
    """Everything on a session's page the viewer may see; the reads are audited together."""
    page = SessionPage(
        access=access,
        session=session,
        sees_schedule=access.sees(Category.ATTENDANCE),
        sees_content=access.sees(Category.COACH_LEARNER),
    )
    reads: list[Read] = []
    if page.sees_schedule:
        reads.append(Read(access, Category.ATTENDANCE, "session", session.pk))
    if page.sees_content:
        page.record = (
            SessionRecord.objects.filter(session=session).select_related("observation").first()
        )
        page.scaling = list(ScalingAnswer.objects.filter(session=session).order_by("pk"))
        page.actions = list(ActionStep.objects.filter(session=session).order_by("pk"))
        page.to_review = list(
            ActionStep.objects.filter(session__engagement=access.engagement)
            .filter(session__starts_at__lt=session.starts_at)
            .filter(Q(review=ActionStep.Review.OPEN) | Q(reviewed_in=session))
            .select_related("session")
            .order_by("session__starts_at", "pk")
        )
        page.ladder = FeedbackLadderNote.objects.filter(session=session).first()
        page.feedback = list(
            LearnerSessionFeedback.objects.filter(session=session).select_related("learner")
        )
        page.referrals = list(WellbeingReferral.objects.filter(session=session))
        page.summaries = [
            r.note
            for r in NoteRevision.objects.filter(
                session=session, number=1, note__kind=Note.Kind.SESSION_SUMMARY
            ).select_related("note")
        ]
        C = Category.COACH_LEARNER
        if page.record:
            reads.append(Read(access, C, "session_record", page.record.pk))
            if page.record.observation_id and access.is_participant:
                reads.append(Read(access, C, OBSERVATION, page.record.observation_id))
        if page.ladder:
            reads.append(Read(access, C, "feedback_ladder", page.ladder.pk))
        reads += [Read(access, C, "scaling_answer", a.pk) for a in page.scaling]
        reads += [Read(access, C, "action_step", a.pk) for a in page.actions + page.to_review]
        reads += [Read(access, C, "session_feedback", f.pk) for f in page.feedback]
        reads += [Read(access, C, "wellbeing_referral", r.pk) for r in page.referrals]
        reads += [Read(access, C, "note", n.pk) for n in page.summaries]
    record_reads_audit(reads=reads, via=via)
    return page


def engagement_stages(
    *, access: EngagementAccess, record: SessionRecord | None, focus: str, with_questions: bool
) -> tuple[str, str, list[StageItem]]:
    """The stages of the engagement's coaching model as a checklist (model code, model name,
    stages), each with suggested questions from the question bank for the coach."""
    engagement = access.engagement
    model = None
    model_id = getattr(engagement, "model_id", None)
    if model_id:
        model = CoachingModel.objects.filter(pk=model_id).first()
    if model is None:
        found = {m.code: m for m in CoachingModel.objects.filter(code__in=FALLBACK_MODELS)}
        model = next((found[c] for c in FALLBACK_MODELS if c in found), None)
    if model is None:
        return "", "", []
    done = set(record.stages_done if record else [])
    stages = list(ModelStage.objects.filter(model=model).order_by("order"))
    questions = _questions(stages, focus) if with_questions else {}
    notes = record.stage_notes if record and record.model_code == model.code else {}
    items = [
        StageItem(
            stage.code,
            stage.name,
            stage.guidance,
            stage.code in done,
            questions.get(stage.pk, []),
            role=stage.role,
            note=notes.get(stage.code, ""),
        )
        for stage in stages
    ]
    return model.code, model.name, items


def observation_choices(*, access: EngagementAccess, via: str) -> list[tuple[int, str]]:
    """The engagement's observations for the coach to link to the observation step, newest
    first, as (id, label); the labels (date, who watched whom, setting) are audited as read.
    Read through the engagement: instruments sits beside this app and neither imports the
    other. Only the coach and the learner read observations."""
    if not (access.is_participant and access.sees(Category.COACH_LEARNER)):
        return []
    found = list(access.engagement.observations.order_by("-observed_on", "-pk"))  # type: ignore[attr-defined]
    record_reads_audit(
        reads=[Read(access, Category.COACH_LEARNER, OBSERVATION, o.pk) for o in found], via=via
    )
    return [
        (
            o.pk,
            f"{o.observed_on:%b %-d, %Y}: {o.get_direction_display()}, {o.get_setting_display()}",
        )
        for o in found
    ]


def reflection_order_notice(
    *,
    access: EngagementAccess,
    session: CoachingSession,
    model_code: str,
    model_name: str,
    stages: list[StageItem],
    record: SessionRecord | None,
    ladder: FeedbackLadderNote | None,
    via: str,
) -> OrderNotice | None:
    """Whether this session's feedback came before the learner's own reflection, in the order
    the model sets. Earlier records of the engagement are read (and audited) only when this
    one has feedback without a reflection of its own."""
    reflection = {s.code for s in stages if s.role == ModelStage.Role.REFLECTION}
    feedback = {s.code for s in stages if s.role == ModelStage.Role.FEEDBACK}
    if not reflection or not feedback:
        return None
    current = record.stages_done if record and record.model_code == model_code else []
    wrote_feedback = ladder is not None and any(
        getattr(ladder, name).strip() for name in ("clarify", "value", "concerns", "suggest")
    )
    check = dict(
        reflection=reflection, feedback=feedback, current=current, feedback_notes=wrote_feedback
    )
    problem = feedback_before_reflection(**check)  # type: ignore[arg-type]
    if problem == OrderProblem.MISSING:
        earlier = list(
            SessionRecord.objects.filter(
                session__engagement=access.engagement,
                session__starts_at__lt=session.starts_at,
                model_code=model_code,
            )
            .order_by("session__starts_at")
            .values_list("pk", "stages_done")
        )
        record_reads_audit(
            reads=[Read(access, Category.COACH_LEARNER, "session_record", pk) for pk, _ in earlier],
            via=via,
        )
        check["earlier"] = [done for _, done in earlier]
        problem = feedback_before_reflection(**check)  # type: ignore[arg-type]
    if problem is None:
        return None
    names = {s.code: s.name for s in stages}
    return OrderNotice(
        problem,
        model_name,
        reflection=" / ".join(names[c] for c in names if c in reflection),
        feedback=" / ".join(names[c] for c in names if c in feedback),
    )


def _questions(stages: list[ModelStage], focus: str) -> dict[int, list[Any]]:
    """Suggested questions per stage from the question bank (three queries in all)."""
    return questions_suggested_by_stage(stages=stages, focus=focus, limit=3)


def engagement_sessions(*, access: EngagementAccess, via: str) -> list[CoachingSession]:
    """The engagement's sessions (attendance), for its participants' conversation overview."""
    sessions = list(
        CoachingSession.objects.filter(engagement=access.engagement).order_by("starts_at")
    )
    if access.sees(Category.ATTENDANCE):
        record_reads_audit(
            reads=[Read(access, Category.ATTENDANCE, "session", s.pk) for s in sessions], via=via
        )
        return sessions
    return []


@dataclass
class Series:
    kind: str
    label: str
    question: str
    answers: list[ScalingAnswer]

    @property
    def chart(self) -> Chart:
        return scaling_chart(question=self.question, answers=self.answers)


def scaling_series(*, access: EngagementAccess, via: str) -> list[Series]:
    """Scaling answers of the engagement grouped by question, each a series over sessions."""
    if not access.sees(Category.COACH_LEARNER):
        return []
    answers = list(
        ScalingAnswer.objects.filter(session__engagement=access.engagement)
        .select_related("session")
        .order_by("session__starts_at", "pk")
    )
    grouped: dict[tuple[str, str], list[ScalingAnswer]] = defaultdict(list)
    for answer in answers:
        grouped[(answer.kind, answer.question)].append(answer)
    record_reads_audit(
        reads=[Read(access, Category.COACH_LEARNER, "scaling_answer", a.pk) for a in answers],
        via=via,
    )
    return [
        Series(kind, SCALING[kind].label if kind in SCALING else kind, question, found)
        for (kind, question), found in grouped.items()
    ]


# --- Notes -------------------------------------------------------------------------------


def notes_of_kind(*, access: EngagementAccess, kind: str, via: str) -> list[Note]:
    """The notes of one kind the viewer may read, newest first, each with `.revisions`."""
    category = Note.CATEGORY_OF_KIND[kind]
    if not access.sees(category):
        return []
    notes = readable_notes(access, Note.objects.filter(kind=kind)).select_related("author")
    found = list(notes.order_by("-created_at", "-pk"))
    _attach_revisions(found)
    record_reads_audit(reads=[Read(access, category, "note", n.pk) for n in found], via=via)
    return found


def _attach_revisions(notes: Sequence[Note]) -> None:
    by_note: dict[int, list[NoteRevision]] = defaultdict(list)
    rows = NoteRevision.objects.filter(note__in=[n.pk for n in notes]).select_related("author")
    for revision in rows.order_by("number"):
        by_note[revision.note_id].append(revision)
    for note in notes:
        revisions = by_note.get(note.pk) or [
            NoteRevision(
                note=note, number=1, body=note.body, author=note.author, saved_at=note.created_at
            )
        ]
        note.revisions = revisions  # type: ignore[attr-defined]
        note.current = revisions[-1]  # type: ignore[attr-defined]


def note_for(*, viewer: Person, note_id: int, via: str) -> tuple[EngagementAccess, Note]:
    """One note with its history for a viewer who may read it; 404 otherwise (a private
    journal is not even revealed to exist). The read is audited."""
    note = Note.objects.select_related("author").filter(pk=note_id).first()
    if note is None:
        raise Http404("No such note.")
    access = engagement_access(viewer=viewer, engagement_id=note.engagement_id)
    if not can_read_note(access, note):
        raise Http404("No such note.")
    _attach_revisions([note])
    record_reads_audit(reads=[Read(access, Category(note.category), "note", note.pk)], via=via)
    return access, note


def note_being_edited(*, access: EngagementAccess, note_id: int, kind: str) -> Note | None:
    """The note of this engagement and kind that a writer's draft is about, if the viewer may
    read it (their own journal, a shared summary); None otherwise."""
    return readable_notes(access, Note.objects.filter(pk=note_id, kind=kind)).first()


def earlier_action_step(
    *, access: EngagementAccess, session: CoachingSession, step_id: int
) -> ActionStep | None:
    """An action step agreed in an earlier session of this engagement, to review in `session`
    (between coach and learner: None for anyone who does not see that category)."""
    if not access.sees(Category.COACH_LEARNER):
        return None
    return (
        ActionStep.objects.select_related("session")
        .filter(
            pk=step_id,
            session__engagement=access.engagement,
            session__starts_at__lt=session.starts_at,
        )
        .first()
    )


def draft_for(
    *, author: Person, access: EngagementAccess, kind: str, note: Note | None
) -> NoteDraft | None:
    """The author's own autosaved draft, if any (drafts are never shown to anyone else)."""
    return NoteDraft.objects.filter(
        author=author, engagement=access.engagement, kind=kind, note=note
    ).first()


def unfinished_drafts(*, author: Person, engagement_ids: Sequence[int]) -> list[NoteDraft]:
    """The author's own autosaved drafts in these engagements, newest first (one query).
    Private to the author: only the author's home lists them, never their text."""
    return list(
        NoteDraft.objects.filter(author=author, engagement_id__in=engagement_ids)
        .exclude(body="", fields={})
        .select_related("engagement__learner")
        .order_by("-updated_at", "-pk")
    )
