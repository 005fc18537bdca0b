"""The coaching conversation: what happened in each session, and the notes around it.

Every record here hangs off `tandem.coaching` (a session or a note) and names its privacy
category; reads go through `tandem.privacy.policy` (see `register_record_sources` and
docs/CONVERSATION.md), writes through `tandem.conversation.services`.

Published notes stay `tandem.coaching.models.Note`. This app adds their history
(`NoteRevision`: every saved text, with its structured journal fields) and autosaved drafts
(`NoteDraft`), so no coaching migration is needed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from django.db.models import QuerySet

from tandem.coaching.models import CoachingSession, Engagement, Note
from tandem.people.models import Person
from tandem.privacy.categories import Category
from tandem.privacy.registry import RecordSource, record_source_register
from tandem.ui.locking import version_field


class SessionRecord(models.Model):
    """The coach's record of one session: focus, model stages covered, techniques used."""

    CATEGORY = Category.COACH_LEARNER

    session = models.OneToOneField(CoachingSession, on_delete=models.CASCADE, related_name="+")
    focus = models.CharField(max_length=300, blank=True)
    model_code = models.SlugField(max_length=40, blank=True)
    # Stage codes of model_code, in the order they were first recorded (newly ticked ones are
    # added at the end), so the record can tell feedback recorded before reflection.
    stages_done = models.JSONField(default=list, blank=True)
    # stage code -> the coach's notes; a database default for the demo's plain INSERTs
    stage_notes = models.JSONField(default=dict, db_default={}, blank=True)
    # The observation the model's observation step refers to (same engagement). A string
    # reference: instruments sits beside conversation, and neither imports the other.
    observation = models.ForeignKey(
        "instruments.Observation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    techniques = models.JSONField(default=list, blank=True)  # codes from content.TECHNIQUES
    recorded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    version = version_field()  # saved only from the version its form opened (ui/locking.py)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Session record {self.pk}"


class ScalingAnswer(models.Model):
    """A scaling question asked in a session and the learner's answer (l.3052-3202)."""

    CATEGORY = Category.COACH_LEARNER

    session = models.ForeignKey(CoachingSession, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    question = models.CharField(max_length=300)
    scale_min = models.PositiveSmallIntegerField(default=0)
    scale_max = models.PositiveSmallIntegerField(default=10)
    value = models.PositiveSmallIntegerField()
    follow_up = models.TextField(blank=True)
    recorded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scale_min__in=[0, 1]) & models.Q(scale_max=10),
                name="scaling_scale_0_or_1_to_10",
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=models.F("scale_min"))
                & models.Q(value__lte=models.F("scale_max")),
                name="scaling_value_on_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"Scaling answer {self.pk}"


class ActionStep(models.Model):
    """Something the learner (or coach) will do before a later session, then reviewed."""

    CATEGORY = Category.COACH_LEARNER

    class Owner(models.TextChoices):
        LEARNER = "learner", "Learner"
        COACH = "coach", "Coach"

    class Review(models.TextChoices):
        OPEN = "open", "Not reviewed yet"
        DONE = "done", "Done"
        PARTLY = "partly", "Partly done"
        NOT_DONE = "not_done", "Not done"

    session = models.ForeignKey(CoachingSession, on_delete=models.CASCADE, related_name="+")
    what = models.CharField(max_length=300)
    owner = models.CharField(max_length=10, choices=Owner.choices, default=Owner.LEARNER)
    due_on = models.DateField(null=True, blank=True)
    commitment = models.PositiveSmallIntegerField(null=True, blank=True)
    review = models.CharField(max_length=10, choices=Review.choices, default=Review.OPEN)
    review_note = models.TextField(blank=True)
    reviewed_in = models.ForeignKey(
        CoachingSession, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    # The coach and the learner both review a step: saved only from the version its form opened.
    version = version_field()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(commitment__isnull=True)
                | (models.Q(commitment__gte=1) & models.Q(commitment__lte=10)),
                name="action_commitment_1_to_10",
            )
        ]

    def __str__(self) -> str:
        return f"Action step {self.pk}"


class FeedbackLadderNote(models.Model):
    """The coach's notes on feedback given with the ladder (l.3750): one per session."""

    CATEGORY = Category.COACH_LEARNER

    session = models.OneToOneField(CoachingSession, on_delete=models.CASCADE, related_name="+")
    clarify = models.TextField(blank=True)
    value = models.TextField(blank=True)
    concerns = models.TextField(blank=True)
    suggest = models.TextField(blank=True)
    thank = models.TextField(blank=True)
    recorded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    version = version_field()
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Feedback ladder {self.pk}"


class LearnerSessionFeedback(models.Model):
    """The learner's own feedback on a session, which the coach reads too."""

    CATEGORY = Category.COACH_LEARNER

    session = models.ForeignKey(CoachingSession, on_delete=models.CASCADE, related_name="+")
    learner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    usefulness = models.PositiveSmallIntegerField()
    helped = models.TextField(blank=True)
    change = models.TextField(blank=True)
    version = version_field()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "learner"], name="feedback_once"),
            models.CheckConstraint(
                condition=models.Q(usefulness__gte=1) & models.Q(usefulness__lte=5),
                name="feedback_usefulness_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"Session feedback {self.pk}"


class WellbeingReferral(models.Model):
    """That the coach offered a route to professional help (EAP). Deliberately no details:
    coaching is not counseling, and the record says a referral was offered, not why."""

    CATEGORY = Category.COACH_LEARNER

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(
        CoachingSession, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    offered_on = models.DateField()
    recorded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["offered_on", "pk"]

    def __str__(self) -> str:
        return f"Wellbeing referral {self.pk}"


class NoteRevision(models.Model):
    """One saved text of a note: number 1 is the first text; the highest is the current one.

    Same category as its note; visible to whoever may see the note. `fields` holds the
    structured answers of a journal entry (the note's body is their readable rendering)."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField()
    body = models.TextField()
    fields = models.JSONField(default=dict, blank=True)
    session = models.ForeignKey(
        CoachingSession, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    saved_at = models.DateTimeField()

    class Meta:
        ordering = ["note", "number"]
        constraints = [
            models.UniqueConstraint(fields=["note", "number"], name="revision_number_once")
        ]

    def __str__(self) -> str:
        return f"Revision {self.number} of note {self.note_id}"


class NoteDraft(models.Model):
    """Text being typed, saved as the author types. Private to its author, always.

    `note` is empty for a new entry. `base_version` is the note's version the author started
    from (the version check on publishing); `sequence` rises on every autosave so that two
    tabs never overwrite each other's draft silently."""

    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30, choices=Note.Kind.choices)
    note = models.ForeignKey(
        Note, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    base_version = models.PositiveIntegerField(default=0)
    body = models.TextField(blank=True)
    fields = models.JSONField(default=dict, blank=True)
    sequence = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["author", "note"],
                condition=models.Q(note__isnull=False),
                name="one_draft_per_note_and_author",
            ),
            models.UniqueConstraint(
                fields=["author", "engagement", "kind"],
                condition=models.Q(note__isnull=True),
                name="one_new_entry_draft_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"Draft {self.pk}"


SESSION_RECORD_TYPES: tuple[tuple[str, type[models.Model]], ...] = (
    ("session_record", SessionRecord),
    ("scaling_answer", ScalingAnswer),
    ("action_step", ActionStep),
    ("feedback_ladder", FeedbackLadderNote),
    ("session_feedback", LearnerSessionFeedback),
)


def register_record_sources() -> None:
    """Tell the privacy policy where each record type lives (called once, from apps.py)."""

    def by_session(model: type[models.Model]) -> Callable[[Engagement], QuerySet[Any]]:
        return lambda engagement: model._default_manager.filter(
            session__engagement=engagement
        ).order_by("pk")

    for record_type, model in SESSION_RECORD_TYPES:
        record_source_register(Category.COACH_LEARNER, RecordSource(record_type, by_session(model)))
    record_source_register(
        Category.COACH_LEARNER,
        RecordSource(
            "wellbeing_referral",
            lambda engagement: WellbeingReferral.objects.filter(engagement=engagement),
        ),
    )
