"""Writes for imports whose worker stopped (killed, crashed, its machine restarted) while they
ran, and for starting a failed import again.

django-tasks-db has no mechanism for a task whose worker died: it stays RUNNING for ever, and
so does the import. The saving step is one transaction, so the database undoes it when the
worker's connection dies; all that is left to do is to say so on the import and on its task.
A live worker records a sign of life at each progress update (`heartbeat_at`); the saving step
cannot (it is inside the transaction), so the timeout must exceed the longest save (under a
minute for a whole state). See docs/STAFF_IMPORT.md.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tandem.staff_import.models import StaffImport

logger = logging.getLogger(__name__)


class WorkerStopped(Exception):
    """Recorded on the background task of an import whose worker stopped while it ran."""


def stale_after() -> timedelta:
    return timedelta(minutes=settings.STAFF_IMPORT_STALE_MINUTES)


def _last_seen(staff_import: StaffImport) -> datetime:
    return staff_import.heartbeat_at or staff_import.started_at or staff_import.created_at


def _stale(now: datetime, stale_for: timedelta) -> QuerySet[StaffImport]:
    """Imports still running with no sign of life since `now - stale_for`. Imports started
    before heartbeats existed are judged by when they started."""
    cutoff = now - stale_for
    return StaffImport.objects.filter(status__in=StaffImport.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff)
        | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
        | Q(heartbeat_at__isnull=True, started_at__isnull=True, created_at__lt=cutoff)
    )


def _fail_task(task_id: str) -> None:
    """Mark the import's task failed too, if the database backend still has it running."""
    if not task_id:
        return
    try:
        results = list(DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.RUNNING))
    except ValidationError:  # not a database-backend task id (the immediate backend's)
        return
    for result in results:
        result.set_failed(WorkerStopped(StaffImport.STOPPED_MESSAGE))


def staff_imports_reap(
    *,
    now: datetime | None = None,
    stale_for: timedelta | None = None,
    ids: Iterable[int] | None = None,
) -> list[int]:
    """Mark failed every import (of `ids`, or all) still running with no sign of life from its
    worker for `stale_for` (default STAFF_IMPORT_STALE_MINUTES), and its task with it; returns
    their ids. Each is changed only if it is still stale at that moment, so a worker that is
    alive after all and records progress meanwhile keeps its import."""
    now = now or timezone.now()
    stale_for = stale_after() if stale_for is None else stale_for
    candidates = _stale(now, stale_for)
    if ids is not None:
        candidates = candidates.filter(pk__in=list(ids))
    reaped = []
    for pk, task_id in candidates.values_list("pk", "task_id"):
        changed = (
            _stale(now, stale_for)
            .filter(pk=pk)
            .update(
                status=StaffImport.Status.FAILED,
                error=StaffImport.STOPPED_MESSAGE,
                finished_at=now,
            )
        )
        if changed:
            logger.warning("Staff import %s: its worker stopped; marked failed", pk)
            _fail_task(task_id)
            reaped.append(pk)
    return reaped


def staff_import_reap_if_stopped(*, staff_import: StaffImport) -> StaffImport:
    """The import page's check: no query at all unless this import looks stopped."""
    running = staff_import.status in StaffImport.RUNNING
    silent = running and _last_seen(staff_import) < timezone.now() - stale_after()
    if silent and staff_imports_reap(ids=[staff_import.pk]):
        staff_import.refresh_from_db()
    return staff_import


def staff_import_restart(*, staff_import: StaffImport) -> bool:
    """Put a failed import back in the queue, to run again from its stored file (the caller
    enqueues it). False, changing nothing, if it is not failed (a second click, say)."""
    changed = StaffImport.objects.filter(
        pk=staff_import.pk, status=StaffImport.Status.FAILED
    ).update(
        status=StaffImport.Status.QUEUED,
        error="",
        total_rows=0,
        processed_rows=0,
        problems=[],
        problem_count=0,
        summary={},
        started_at=None,
        heartbeat_at=None,
        finished_at=None,
        task_id="",
    )
    return bool(changed)
