"""The scheduler's tick, heartbeats and the keeping of task results."""

from __future__ import annotations

import logging
import socket
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tandem.ops.models import Heartbeat, ScheduledRun
from tandem.ops.schedule import JOBS, Job, job_named
from tandem.ops.selectors import latest_runs

logger = logging.getLogger("tandem.scheduler")

# Finished task results are kept this long (the jobs page shows a week of failures); the
# heartbeat's, one a minute, only a day.
KEEP_TASK_RESULTS = timedelta(days=30)
KEEP_HEARTBEATS = timedelta(days=1)
SCHEDULER_BEAT_EVERY = timedelta(seconds=30)


def heartbeat_record(*, source: str, now: datetime | None = None) -> datetime:
    now = now or timezone.now()
    Heartbeat.objects.update_or_create(
        source=source, defaults={"beat_at": now, "host": socket.gethostname()[:200]}
    )
    return now


def task_results_prune(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    finished = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED]
    )
    heartbeats, _ = finished.filter(
        task_path=job_named("heartbeat").task_path, finished_at__lt=now - KEEP_HEARTBEATS
    ).delete()
    others, _ = finished.filter(finished_at__lt=now - KEEP_TASK_RESULTS).delete()
    ScheduledRun.objects.filter(job="heartbeat", due_at__lt=now - KEEP_HEARTBEATS).delete()
    ScheduledRun.objects.filter(due_at__lt=now - KEEP_TASK_RESULTS).delete()
    return heartbeats + others


@dataclass
class Scheduler:
    """Enqueues each job when it falls due. `tick()` is called every few seconds by
    `manage.py run_scheduler`.

    A job whose last firing is on record resumes from there, so a firing missed while the
    scheduler was down runs once when it comes back (not once per missed firing). A job never
    run before first fires at its next time after start-up; one marked `at_start` fires at
    once.
    """

    jobs: tuple[Job, ...] = JOBS
    next_due: dict[str, datetime] = field(default_factory=dict)
    last_beat: datetime | None = None

    def start(self, *, now: datetime | None = None) -> None:
        now = now or timezone.now()
        latest = {name: run.due_at for name, run in latest_runs().items()}
        for job in self.jobs:
            since = latest.get(job.name)
            if since is None:  # never run: from now on, or (at_start) this minute's firing
                since = now - timedelta(minutes=1) if job.at_start else now
            due = job.next_after(since)
            if due is not None:
                self.next_due[job.name] = due

    def tick(self, *, now: datetime | None = None) -> list[ScheduledRun]:
        """Enqueue every job due at `now`; returns the firings this scheduler enqueued."""
        now = now or timezone.now()
        # A sign of life twice a minute is plenty (it is judged over minutes), not every tick.
        if self.last_beat is None or now - self.last_beat >= SCHEDULER_BEAT_EVERY:
            self.last_beat = heartbeat_record(source=Heartbeat.Source.SCHEDULER, now=now)
        fired = []
        for job in self.jobs:
            due = self.next_due.get(job.name)
            if due is None or due > now:
                continue
            run = _fire(job, due)
            if run is not None:
                fired.append(run)
            following = job.next_after(now)
            if following is not None:
                self.next_due[job.name] = following
        return fired


def _fire(job: Job, due: datetime) -> ScheduledRun | None:
    """Record the firing and enqueue the task, both or neither; None when another scheduler
    already did (the unique (job, due_at) constraint)."""
    try:
        with transaction.atomic():
            run = ScheduledRun.objects.create(job=job.name, due_at=due)
            result = job.task().enqueue()
            run.task_result_id = str(result.id)
            run.save(update_fields=["task_result_id"])
    except IntegrityError:
        logger.info("Job %s due %s was enqueued by another scheduler", job.name, due)
        return None
    logger.info("Job %s due %s enqueued as task %s", job.name, due, run.task_result_id)
    return run
