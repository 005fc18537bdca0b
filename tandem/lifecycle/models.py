"""Closing a coaching engagement, starting the next cycle, the learner's development plan
written with their supervisor, and reminders about coaching that has stalled.

The closing record is content between coach and learner (read only through
tandem.privacy.policy). The development plan belongs to the learner and their line supervisor;
tandem/lifecycle/selectors.py is the one place that decides who reads it.
"""

from __future__ import annotations

from django.db import models

from tandem.coaching.models import Engagement
from tandem.people.models import Person
from tandem.privacy.categories import Category


class ClosingRecord(models.Model):
    """The closing conversation between coach and learner (DOMAIN.md §4.7-8; seed 003
    l.5814-5878). Confidential to the two of them."""

    CATEGORY = Category.COACH_LEARNER

    class GoalsMet(models.TextChoices):
        MET = "met", "Yes, the goals were met"
        PARTLY = "partly", "Partly"
        NOT_MET = "not_met", "Not yet"

    engagement = models.OneToOneField(
        Engagement, on_delete=models.CASCADE, related_name="closing_record"
    )
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    went_well = models.TextField()
    was_hard = models.TextField()
    coach_contribution = models.TextField()
    learner_contribution = models.TextField()
    goals_met = models.CharField(max_length=10, choices=GoalsMet.choices)
    goals_notes = models.TextField(blank=True)
    barriers = models.TextField(blank=True)
    process_changes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Closing record {self.pk}"

    # The coaching engagement page lists every coach-and-learner record with these three.
    def get_kind_display(self) -> str:
        return "Closing conversation"

    @property
    def body(self) -> str:
        parts = [
            ("What went well", self.went_well),
            ("What was hard", self.was_hard),
            ("What the coach brought", self.coach_contribution),
            ("What the learner brought", self.learner_contribution),
            ("Goals met", f"{self.get_goals_met_display()}. {self.goals_notes}".strip()),
            ("Barriers", self.barriers),
            ("What to change next time", self.process_changes),
        ]
        return "\n\n".join(f"{label}: {text}" for label, text in parts if text)


class Cycle(models.Model):
    """A new round of coaching that follows a closed one (same learner and coach)."""

    previous = models.OneToOneField(Engagement, on_delete=models.CASCADE, related_name="+")
    next = models.OneToOneField(Engagement, on_delete=models.CASCADE, related_name="+")
    started_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Engagement {self.previous_id} → {self.next_id}"


class StallReminder(models.Model):
    """One reminder about one stall: coaching with no session since `last_contact`.

    A new session moves `last_contact`, so a later stall gets its own reminder."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="+")
    last_contact = models.DateTimeField(help_text="The last session (or start) before the stall.")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "last_contact"], name="one_reminder_per_stall"
            )
        ]

    def __str__(self) -> str:
        return f"Reminder for engagement {self.engagement_id}"


class DevelopmentPlan(models.Model):
    """An Individual Professional Development Plan: the learner and their line supervisor
    write it together after coaching (seed 003 l.5864-5878; DOMAIN.md §5 sustainability)."""

    learner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    started_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Development plan {self.pk}"


class DevelopmentPlanVersion(models.Model):
    """Each save is a new version: who changed the plan and when stays visible."""

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    # [{"area", "actions", "supports", "timeline"}, ...]
    items = models.JSONField(default=list)
    supervisor_support = models.TextField(
        help_text="How the supervisor will support the learning (the sustainability plan)."
    )
    edited_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_version_once")]

    def __str__(self) -> str:
        return f"Development plan {self.plan_id} version {self.number}"


class DevelopmentPlanAcknowledgment(models.Model):
    class Role(models.TextChoices):
        LEARNER = "learner", "Learner"
        SUPERVISOR = "supervisor", "Supervisor"

    version = models.ForeignKey(
        DevelopmentPlanVersion, on_delete=models.CASCADE, related_name="acknowledgments"
    )
    role = models.CharField(max_length=12, choices=Role.choices)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at"]
        constraints = [
            models.UniqueConstraint(fields=["version", "role"], name="plan_ack_once_per_role")
        ]

    def __str__(self) -> str:
        return f"{self.person} agreed to version {self.version.number}"
