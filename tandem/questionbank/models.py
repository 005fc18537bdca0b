"""Coaching models (GROW, CLEAR, ...) with their stages, and the question bank that prompts them.

Built-in content ships as data in our own words with the source cited (DOMAIN.md §8, §9);
agencies add their own models and questions and retire the ones they do not use.
"""

from __future__ import annotations

from django.db import models

from tandem.people.models import Person


class CoachingModel(models.Model):
    """A structure a coaching conversation follows, e.g. GROW or the skills-based model."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    source = models.CharField(max_length=300, blank=True, help_text="Where the model comes from.")
    is_builtin = models.BooleanField(default=False)
    retired = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ModelStage(models.Model):
    """One step of a coaching model, in order, with guidance for the coach."""

    model = models.ForeignKey(CoachingModel, on_delete=models.CASCADE, related_name="stages")
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=120)
    order = models.PositiveSmallIntegerField()
    guidance = models.TextField(blank=True)

    class Meta:
        ordering = ["model", "order"]
        constraints = [
            models.UniqueConstraint(fields=["model", "code"], name="stage_code_once_per_model"),
            models.UniqueConstraint(fields=["model", "order"], name="stage_order_once_per_model"),
        ]

    def __str__(self) -> str:
        return f"{self.model.name}: {self.name}"
