"""A record of each staff import run from the upload page: the file, its progress and outcome."""

from __future__ import annotations

from django.db import models

from tandem.people.models import Person


class StaffImport(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        VALIDATING = "validating", "Checking rows"
        IMPORTING = "importing", "Saving changes"
        DONE = "done", "Imported"
        INVALID = "invalid", "Not imported: problems found"
        FAILED = "failed", "Not imported: something went wrong"

    FINISHED = (Status.DONE, Status.INVALID, Status.FAILED)
    RUNNING = (Status.VALIDATING, Status.IMPORTING)
    # The error of an import whose worker stopped (killed, crashed, its machine restarted)
    # while it ran: the reaper writes it (services.staff_imports_reap).
    STOPPED_MESSAGE = (
        "The import stopped part-way (the worker was stopped). Nothing was changed. Start it again."
    )

    uploaded_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="staff_imports"
    )
    file_name = models.CharField(max_length=255)
    # The uploaded bytes, kept so the background worker can read them and nothing is lost.
    content = models.BinaryField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)
    problem_count = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True, help_text="What went wrong, when status is failed.")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # The worker's last sign of life while it runs (every progress update). An import still
    # running with no sign of life for STAFF_IMPORT_STALE_MINUTES is taken as stopped.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # The background task that runs it, so the reaper can mark that task failed as well.
    task_id = models.CharField(max_length=64, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def stopped_part_way(self) -> bool:
        return self.status == self.Status.FAILED and self.error == self.STOPPED_MESSAGE

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))
