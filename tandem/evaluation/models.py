"""Evaluation figures kept once computed (tandem/evaluation/snapshots.py): figures only, already
put through small-cell suppression, never a record's content nor who a figure is about."""

from __future__ import annotations

from django.db import models


class FigureSnapshot(models.Model):
    """The figures of one part of the evaluation for one scope and set of filters."""

    # A digest of everything the figures depend on: part, scope, filters, suppression threshold.
    key = models.CharField(max_length=64, unique=True)
    section = models.CharField(max_length=40)
    # What the tables were computed from, to compute them again in the background: the scope's
    # org paths and unit, the filters, and the period as shown.
    params = models.JSONField()
    figures = models.JSONField(help_text="The tables (or the basis of the ROI estimate).")
    refreshed_at = models.DateTimeField()
    seconds = models.FloatField(help_text="How long computing the tables took.")
    # Set when a background refresh is queued, cleared when it is done: one refresh at a time.
    refresh_queued_at = models.DateTimeField(null=True, blank=True)
    viewed_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["viewed_at"])]

    def __str__(self) -> str:
        return f"{self.section} figures of {self.refreshed_at:%Y-%m-%d %H:%M}"
