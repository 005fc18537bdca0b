"""Coaching models (GROW, CLEAR, ...) with their stages, and the question bank that prompts them.

Built-in content ships as data in our own words with the source cited (DOMAIN.md §8, §9);
agencies add their own models and questions and retire the ones they do not use.

Agency scope: a row with ``agency`` empty is shared state-wide (every built-in row is); a row
with an agency is seen only by people in that agency. Editing or retiring a built-in question
never changes it: the agency gets its own copy (``replaces`` points at the original), and that
copy hides the original for the agency's staff. See docs/QUESTION_BANK.md.
"""

from __future__ import annotations

from django.db import models

from tandem.people.models import OrgUnit, Person
from tandem.ui.locking import version_field


class CoachingModel(models.Model):
    """A structure a coaching conversation follows, e.g. GROW or the skills-based model."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    source = models.CharField(max_length=300, blank=True, help_text="Where the model comes from.")
    is_builtin = models.BooleanField(default=False)
    retired = models.BooleanField(default=False)
    agency = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Empty: shared state-wide. Set: only this agency's staff see it.",
    )
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # An agency's editors change its models: saved only from the version the form opened.
    version = version_field()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ModelStage(models.Model):
    """One step of a coaching model, in order, with guidance for the coach."""

    class Role(models.TextChoices):
        """What the session record does with a step (docs/CONVERSATION.md): an observation
        step links to an observation; the model's order of the learner's own reflection and
        feedback is checked (reflection first)."""

        NONE = "", "None"
        OBSERVATION = "observation", "Observation"
        REFLECTION = "reflection", "The learner's own reflection"
        FEEDBACK = "feedback", "Feedback"

    model = models.ForeignKey(CoachingModel, on_delete=models.CASCADE, related_name="stages")
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=120)
    order = models.PositiveSmallIntegerField()
    guidance = models.TextField(blank=True)
    role = models.CharField(max_length=20, choices=Role.choices, blank=True, default="")
    version = version_field()

    class Meta:
        ordering = ["model", "order"]
        constraints = [
            models.UniqueConstraint(fields=["model", "code"], name="stage_code_once_per_model"),
            models.UniqueConstraint(fields=["model", "order"], name="stage_order_once_per_model"),
        ]

    def __str__(self) -> str:
        return f"{self.model.name}: {self.name}"


class Category(models.TextChoices):
    """Question categories (DOMAIN.md §9)."""

    PURPOSE = "purpose", "Session purpose"
    EXPERIENCE = "experience", "Describe the experience"
    MEANING = "meaning", "Meaning and patterns"
    PRINCIPLES = "principles", "Principles"
    FUTURE = "future", "Apply to the future"
    MODEL_STAGE = "model_stage", "Coaching model stages"
    SCALING = "scaling", "Scaling follow-ups"
    MOTIVATIONAL = "motivational", "Motivational interviewing: evoking change"
    FEEDBACK = "feedback", "Feedback and concerns"
    ENROLLMENT = "enrollment", "Enrollment troubleshooting"
    AGREEMENT = "agreement", "Coaching agreement"
    QUALITY_CONTACT = "quality_contact", "Quality contacts"
    RESILIENCE = "resilience", "Resilience and supportive supervision"


class Tag(models.Model):
    """A short label for finding questions (e.g. ``safety``, ``learner``, ``confidence``)."""

    slug = models.SlugField(max_length=40, unique=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug


class Question(models.Model):
    """A question a coach can ask. ``text`` may hold placeholders such as ``{skill}``."""

    text = models.TextField()
    category = models.CharField(max_length=20, choices=Category.choices, db_index=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="questions")
    stages = models.ManyToManyField(ModelStage, blank=True, related_name="questions")
    source = models.CharField(
        max_length=300, blank=True, help_text="Where the idea comes from (document and lines)."
    )
    is_builtin = models.BooleanField(default=False)
    builtin_key = models.SlugField(
        max_length=60, blank=True, help_text="Stable key of a built-in question (reloads)."
    )
    agency = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Empty: shared state-wide. Set: only this agency's staff see it.",
    )
    replaces = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replacements",
        help_text="The shared question this agency copy stands in for.",
    )
    retired = models.BooleanField(default=False)
    retired_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Saved only from the version the edit form opened (an agency copy: its own version).
    version = version_field()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["category", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["builtin_key"],
                condition=~models.Q(builtin_key=""),
                name="builtin_question_key_once",
            ),
            models.UniqueConstraint(
                fields=["replaces", "agency"],
                name="one_copy_per_agency",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]
