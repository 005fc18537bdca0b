"""What the administrator's jobs page and /readyz read: each job's last and next run, recent
failures and the background processes' heartbeats. A fixed number of queries, whatever the
number of runs on record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tandem.ops.models import Heartbeat, ScheduledRun
from tandem.ops.schedule import JOBS, Job

FAILURES_SHOWN_FOR = timedelta(days=7)
# /readyz reports not ready when the worker has not run the minute's heartbeat task for this long.
HEARTBEAT_STALE_AFTER = timedelta(minutes=5)


@dataclass(frozen=True)
class JobStatus:
    job: Job
    last_due: datetime | None
    last_status: str  # a TaskResultStatus label, "" before the first run
    last_finished: datetime | None
    next_due: datetime | None
    failures: int  # in the last FAILURES_SHOWN_FOR
    last_failure_at: datetime | None
    last_error: str  # the latest failure's exception class, never its traceback


def latest_runs() -> dict[str, ScheduledRun]:
    """Each job's last firing on record, in one query (one index probe per job name)."""
    latest = ScheduledRun.objects.filter(job=OuterRef("job")).order_by("-due_at")
    return {
        run.job: run
        for run in ScheduledRun.objects.filter(
            pk__in=Subquery(
                ScheduledRun.objects.values("job")
                .distinct()
                .annotate(latest=Subquery(latest.values("pk")[:1]))
                .values("latest")
            )
        )
    }


def job_statuses(*, now: datetime | None = None) -> list[JobStatus]:
    now = now or timezone.now()
    runs = latest_runs()
    results = {
        str(result.id): result
        for result in DBTaskResult.objects.filter(
            id__in=[run.task_result_id for run in runs.values() if run.task_result_id]
        ).only("id", "status", "finished_at")
    }
    paths = [job.task_path for job in JOBS]
    failed = DBTaskResult.objects.filter(
        task_path__in=paths,
        status=TaskResultStatus.FAILED,
        finished_at__gte=now - FAILURES_SHOWN_FOR,
    )
    failures = {
        row["task_path"]: row
        for row in failed.values("task_path").annotate(count=Count("id"), last=Max("finished_at"))
    }
    last_errors = dict(
        failed.order_by("task_path", "finished_at").values_list("task_path", "exception_class_path")
    )
    statuses = []
    for job in JOBS:
        run = runs.get(job.name)
        result = results.get(run.task_result_id) if run else None
        failure = failures.get(job.task_path, {})
        statuses.append(
            JobStatus(
                job=job,
                last_due=run.due_at if run else None,
                last_status=str(TaskResultStatus(result.status).label) if result else "",
                last_finished=result.finished_at if result else None,
                next_due=job.next_after(now),
                failures=failure.get("count", 0),
                last_failure_at=failure.get("last"),
                last_error=last_errors.get(job.task_path, "").rsplit(".", 1)[-1],
            )
        )
    return statuses


@dataclass(frozen=True)
class Beat:
    source: str
    label: str
    beat_at: datetime | None
    host: str
    recent: bool


def heartbeats(*, now: datetime | None = None) -> list[Beat]:
    now = now or timezone.now()
    rows = {row.source: row for row in Heartbeat.objects.all()}
    beats = []
    for source, label in Heartbeat.Source.choices:
        row = rows.get(source)
        beats.append(
            Beat(
                source=source,
                label=str(label),
                beat_at=row.beat_at if row else None,
                host=row.host if row else "",
                recent=bool(row and row.beat_at >= now - HEARTBEAT_STALE_AFTER),
            )
        )
    return beats


def worker_alive(*, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return Heartbeat.objects.filter(
        Q(source=Heartbeat.Source.WORKER) & Q(beat_at__gte=now - HEARTBEAT_STALE_AFTER)
    ).exists()
