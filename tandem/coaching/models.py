"""Coaching engagements and the confidential records kept in them.

Every record here is read only through `tandem.privacy.policy`; nothing in this app decides
who may see what. Each record type names its privacy category.
"""

from __future__ import annotations

from django.db import models

from tandem.people.models import Person
from tandem.privacy.categories import Category


class Engagement(models.Model):
    """A coach working with a learner under one agreement, from start to close."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", "Individual coaching"
        PEER = "peer", "Peer coaching"
        GROUP = "group", "Group coaching"
        SUPERVISOR_AS_COACH = "supervisor_as_coach", "Supervisor as coach"
        SUPPORTIVE_SUPERVISION = "supportive_supervision", "Supportive supervision"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned (agreement not yet in force)"
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        CLOSED = "closed", "Closed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    learner = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="engagements_as_learner"
    )
    coach = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="engagements_as_coach")
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.INDIVIDUAL)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    focus = models.CharField(
        max_length=200, blank=True, help_text="The learner's focus, in a few words."
    )
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(learner=models.F("coach")), name="coach_is_not_own_learner"
            )
        ]

    def __str__(self) -> str:
        return f"Engagement {self.pk}"


class CoachingSession(models.Model):
    """A scheduled meeting. Whether it happened is attendance, which an agreement may share."""

    CATEGORY = Category.ATTENDANCE

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"
        NO_SHOW = "no_show", "Missed"

    class Purpose(models.TextChoices):
        COACHING = "coaching", "Coaching session"
        INTRO = "intro", "Introductory meeting"
        CHEMISTRY = "chemistry", "Chemistry meeting (is this a good fit?)"

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="sessions")
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.COACHING)
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"Session {self.pk}"


class Note(models.Model):
    """Written coaching content. Its kind fixes its privacy category."""

    class Kind(models.TextChoices):
        COACH_JOURNAL = "coach_journal", "Coach's journal"
        LEARNER_JOURNAL = "learner_journal", "Learner's reflective journal"
        SESSION_SUMMARY = "session_summary", "Session summary"
        ACTION_STEP = "action_step", "Action step"
        PROGRESS_SUMMARY = "progress_summary", "Progress summary"
        CLOSING_SUMMARY = "closing_summary", "Closing summary"

    CATEGORY_OF_KIND: dict[str, Category] = {
        Kind.COACH_JOURNAL: Category.PRIVATE,
        Kind.LEARNER_JOURNAL: Category.PRIVATE,
        Kind.SESSION_SUMMARY: Category.COACH_LEARNER,
        Kind.ACTION_STEP: Category.COACH_LEARNER,
        Kind.PROGRESS_SUMMARY: Category.PROGRESS_SUMMARY,
        Kind.CLOSING_SUMMARY: Category.CLOSING_SUMMARY,
    }

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    category = models.CharField(max_length=30, choices=Category.choices, editable=False)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["engagement", "category"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"
