"""What the scheduler and the worker leave behind, so an administrator (and /readyz) can see
that scheduled work runs."""

from __future__ import annotations

from django.db import models


class ScheduledRun(models.Model):
    """One firing of a scheduled job: the moment it fell due and the task it enqueued.

    The (job, due_at) pair is unique, so two schedulers started by mistake enqueue each firing
    once: the second insert fails and that scheduler moves on (docs/OPERATIONS.md).
    """

    job = models.CharField(max_length=60)
    due_at = models.DateTimeField()
    enqueued_at = models.DateTimeField(auto_now_add=True)
    # The django-tasks result (django_tasks_db.DBTaskResult) that holds status and errors.
    task_result_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-due_at"]
        constraints = [
            models.UniqueConstraint(fields=["job", "due_at"], name="one_run_per_job_firing")
        ]
        indexes = [models.Index(fields=["job", "-due_at"], name="scheduled_run_latest")]

    def __str__(self) -> str:
        return f"{self.job} due {self.due_at:%Y-%m-%d %H:%M}"


class Heartbeat(models.Model):
    """The last sign of life of a background process, one row per process kind.

    The scheduler beats on every tick; the worker beats when it runs the heartbeat task the
    scheduler enqueues each minute, so a recent worker beat shows both that tasks get picked up
    and that the scheduler enqueues them.
    """

    class Source(models.TextChoices):
        SCHEDULER = "scheduler", "Scheduler"
        WORKER = "worker", "Background worker"

    source = models.CharField(max_length=20, choices=Source.choices, unique=True)
    beat_at = models.DateTimeField()
    host = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.source} at {self.beat_at:%Y-%m-%d %H:%M:%S}"
