"""Made-up session records for the seeded held sessions. Deterministic for a seed; bulk inserts
only (a few queries whatever the number of sessions).

Every held coaching session gets a record, one scaling answer (the same question each session,
so each engagement has a series) and one or two action steps, reviewed in the next session.
Rows go in with plain multi-row INSERTs (about 150,000 held sessions at state scale). Above
`FULL_LIMIT` held sessions only every `n`-th engagement gets records, so the seed stays fast;
the demo engagement always gets them, plus journals, feedback and a note with history.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta
from itertools import combinations
from typing import Any

from django.db import connection, transaction
from django.db.models import Q

from tandem.coaching.models import CoachingSession, Engagement, Note
from tandem.conversation.content import TECHNIQUE_LABELS
from tandem.conversation.forms import render_body
from tandem.conversation.models import (
    ActionStep,
    FeedbackLadderNote,
    LearnerSessionFeedback,
    NoteRevision,
    ScalingAnswer,
    SessionRecord,
)
from tandem.people.models import Person
from tandem.rows import own_timestamps, rows_insert

FULL_LIMIT = 200_000
AFTER_SESSION = timedelta(minutes=70)
QUESTION = "Where are you now with the new skill?"
STAGES = ("joint-planning", "demonstration-observation-action", "individual-analysis")
FOCUS = (
    "Opening home visits with a strength",
    "Scaling questions about safety",
    "Harm and danger statements with families",
    "Solution-focused questions in staffings",
)
STEPS = (
    "Ask one scaling question in each safety conversation",
    "Write one harm statement with a family this week",
    "Open the next three visits with a strength I noticed",
    "Try the role-played question in a real staffing",
    "Note after each visit which question I used",
)
FOLLOW_UPS = (
    "One point higher would mean asking it without notes.",
    "What helped: practising it in the car before the visit.",
    "Small step: use it in the easiest visit of the week first.",
)


def _held(engagement_ids: list[int] | None) -> list[tuple[int, int, datetime, int, int, str]]:
    rows = CoachingSession.objects.filter(
        status=CoachingSession.Status.HELD, purpose=CoachingSession.Purpose.COACHING
    )
    if SessionRecord.objects.exists():  # a second run: only sessions without a record
        rows = rows.exclude(pk__in=SessionRecord.objects.values("session_id"))
    if engagement_ids is not None:
        rows = rows.filter(engagement_id__in=engagement_ids)
    return list(
        rows.order_by("engagement_id", "starts_at").values_list(
            "pk",
            "engagement_id",
            "starts_at",
            "engagement__coach_id",
            "engagement__learner_id",
            "engagement__focus",
        )
    )


@transaction.atomic
def conversation_seed(*, seed: int) -> int:
    """Session records for held sessions; returns how many sessions got one."""
    rng = random.Random(seed)
    rows = _held(None)
    demo = _demo_engagement()
    if len(rows) > FULL_LIMIT:
        every = -(-len(rows) // FULL_LIMIT)
        rows = [r for r in rows if r[1] % every == 0 or (demo is not None and r[1] == demo.pk)]
    by_engagement: dict[int, list[tuple[int, int, datetime, int, int, str]]] = defaultdict(list)
    for row in rows:
        by_engagement[row[1]].append(row)
    adapt = connection.ops.adapt_datetimefield_value
    # Random picks by index (random.choice is the slow part at 150,000 sessions).
    rand = rng.random

    def pick(options: Sequence[Any]) -> Any:
        return options[int(rand() * len(options))]

    # JSON in the database's own form (text on SQLite, jsonb on PostgreSQL).
    as_json = connection.ops.adapt_json_value
    stage_sets = [as_json(list(c), None) for n in (1, 2, 3) for c in combinations(STAGES, n)]
    technique_sets = [
        as_json(list(c), None) for n in (1, 2, 3) for c in combinations(sorted(TECHNIQUE_LABELS), n)
    ]
    records: list[list[Any]] = []
    answers: list[list[Any]] = []
    steps: list[list[Any]] = []
    for sessions in by_engagement.values():
        value = rng.randint(2, 5)
        focus = rng.choice(FOCUS)
        previous: list[list[Any]] = []
        for pk, _, starts_at, coach_id, learner_id, engagement_focus in sessions:
            # Written up just after the session, not at the moment of seeding.
            now = adapt(starts_at + AFTER_SESSION)
            stages = pick(stage_sets)
            used = pick(technique_sets)
            records.append(
                [pk, engagement_focus or focus, "skills-based", stages, used, coach_id, now]
            )
            value = max(0, min(10, value + pick((0, 1, 1, 2, -1))))
            answers.append(
                [pk, "improvement", QUESTION, 0, 10, value, pick(FOLLOW_UPS), coach_id, now]
            )
            for step in previous:
                step[5] = pick(("done", "done", "partly", "not_done"))
                step[7] = pk
            previous = [
                [
                    pk,
                    pick(STEPS),
                    "learner",
                    None,
                    pick((5, 6, 7, 8, 9, 10)),
                    "open",
                    "",
                    None,
                    learner_id,
                    now,
                ]
                for _ in range(pick((1, 2)))
            ]
            steps += previous
    rows_insert(
        SessionRecord._meta.db_table,
        (
            "session_id",
            "focus",
            "model_code",
            "stages_done",
            "techniques",
            "recorded_by_id",
            "updated_at",
        ),
        records,
    )
    rows_insert(
        ScalingAnswer._meta.db_table,
        (
            "session_id",
            "kind",
            "question",
            "scale_min",
            "scale_max",
            "value",
            "follow_up",
            "recorded_by_id",
            "created_at",
        ),
        answers,
    )
    rows_insert(
        ActionStep._meta.db_table,
        (
            "session_id",
            "what",
            "owner",
            "due_on",
            "commitment",
            "review",
            "review_note",
            "reviewed_in_id",
            "created_by_id",
            "created_at",
        ),
        steps,
    )
    if demo is not None:
        _demo_rich(demo, rng)
    return len(records)


def _demo_engagement() -> Engagement | None:
    return (
        Engagement.objects.filter(
            Q(learner__user__email__startswith="learner@"),
            Q(coach__user__email__startswith="coach@"),
        )
        .select_related("learner", "coach")
        .order_by("pk")
        .first()
    )


# The coach's journal after each of the demo's sessions: what was practised and what the coach
# noticed, in words that need no pronoun for the learner (Tandem records none).
COACH_JOURNAL = (
    (
        "We practised the scaling question and went over two visits.",
        "Found an example of a small step without my prompting.",
    ),
    (
        "We role-played a parent who answers zero.",
        "Stayed calm in the role-play and asked what had helped before.",
    ),
    (
        "We looked at last week's staffing.",
        "Named the strength first, then the worry: a good order.",
    ),
    ("We planned the next court report together.", "Had the report outline ready before we met."),
    (
        "We reviewed the action steps and two home visits.",
        "Both action steps done; one visit went better than expected.",
    ),
    (
        "We set the focus for the coming month.",
        "Chose the next skill to practise: asking about safety early.",
    ),
)


def _demo_rich(engagement: Engagement, rng: random.Random) -> None:
    """Feedback, ladder notes and journal entries for the demo learner and coach, each dated
    just after the session it is about."""
    sessions = list(
        CoachingSession.objects.filter(
            engagement=engagement, status=CoachingSession.Status.HELD
        ).order_by("starts_at")
    )
    done = LearnerSessionFeedback.objects.filter(session__engagement=engagement).exists()
    if not sessions or done:
        return
    sessions = sessions[-6:]
    coach, learner = engagement.coach, engagement.learner
    with own_timestamps(FeedbackLadderNote, LearnerSessionFeedback):
        FeedbackLadderNote.objects.bulk_create(
            FeedbackLadderNote(
                session=s,
                clarify="You meant to ask the question before the safety plan, is that right?",
                value="Your opening was warm and the parent relaxed straight away.",
                concerns="I wonder what would happen if you waited a little longer after asking.",
                suggest="Try counting to five before you speak again.",
                thank="Watching you reminded me how much the first minute matters.",
                recorded_by=coach,
                updated_at=s.starts_at + AFTER_SESSION,
            )
            for s in sessions
        )
        LearnerSessionFeedback.objects.bulk_create(
            LearnerSessionFeedback(
                session=s,
                learner=learner,
                usefulness=rng.randint(3, 5),
                helped="Practising the question out loud together.",
                change="More time on what to do when a parent says zero.",
                updated_at=s.starts_at + timedelta(hours=6),
            )
            for s in sessions
        )
    for i, session in enumerate(sessions):
        meeting, went_well = COACH_JOURNAL[i % len(COACH_JOURNAL)]
        _note(
            engagement,
            coach,
            Note.Kind.COACH_JOURNAL,
            session,
            {
                "topic": "Scaling questions about safety",
                "meeting": f"Session {i + 1}: {meeting}",
                "went_well": went_well,
                "better": "I talked too much at the start; next time I ask first.",
                "learned": "Silence after a question does the work.",
                "next_steps": "Check the action steps first thing next session.",
            },
        )
    for session, text in zip(
        sessions[:2], ("A visit where the mother scored 2", "Asking it a second time"), strict=False
    ):
        _note(
            engagement,
            learner,
            Note.Kind.LEARNER_JOURNAL,
            session,
            {
                "experience": f"{text}. I asked where things were on a scale from 0 to 10.",
                "reflection": "I wanted the parent to see what was already going right.",
                "learning": "Next time I will ask what would make it one point higher.",
                "ethics": "Yes: I let the parent lead, which is how I want to work.",
            },
            later=timedelta(days=1, hours=9),
        )
    summary = _note(
        engagement,
        coach,
        Note.Kind.SESSION_SUMMARY,
        sessions[-1],
        {},
        body=(
            "We looked at two visits where the scaling question worked. Action steps are on the "
            "session page."
        ),
    )
    added = summary.body + " Added: we agreed to meet in two weeks."
    edited = summary.created_at + timedelta(hours=1)
    NoteRevision.objects.create(
        note=summary, number=2, body=added, session=sessions[-1], author=coach, saved_at=edited
    )
    Note.objects.filter(pk=summary.pk).update(body=added, updated_at=edited)


def _note(
    engagement: Engagement,
    author: Person,
    kind: str,
    session: CoachingSession,
    fields: dict[str, str],
    body: str = "",
    later: timedelta = AFTER_SESSION,
) -> Note:
    """A note and its first revision, written `later` than the session began."""
    text = body or render_body(kind, fields)
    written = session.starts_at + later
    with own_timestamps(Note):
        note = Note.objects.create(
            engagement=engagement,
            author=author,
            kind=kind,
            category=Note.CATEGORY_OF_KIND[kind],
            body=text,
            created_at=written,
            updated_at=written,
        )
    NoteRevision.objects.create(
        note=note,
        number=1,
        body=text,
        fields=fields,
        session=session,
        author=author,
        saved_at=written,
    )
    return note
