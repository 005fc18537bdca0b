"""Background tasks (django-tasks) that keep the installation healthy; the scheduler enqueues
them (tandem/ops/schedule.py) and `manage.py db_worker` runs them."""

from __future__ import annotations

from django_tasks import task

from tandem.evaluation.snapshots import snapshots_maintain
from tandem.ops.models import Heartbeat
from tandem.ops.services import heartbeat_record, task_results_prune
from tandem.staff_import.reaper import staff_imports_reap


@task()
def heartbeat() -> str:
    """The worker's sign of life: /readyz and the jobs page read when it last ran."""
    return heartbeat_record(source=Heartbeat.Source.WORKER).isoformat()


@task()
def reap_stale_jobs() -> int:
    """Mark failed the staff imports whose worker stopped; returns how many."""
    return len(staff_imports_reap())


@task()
def refresh_evaluation() -> dict[str, int]:
    """Keep the evaluation figures people look at fresh (docs/EVALUATION.md, "Freshness")."""
    done = snapshots_maintain()
    return {"refreshed": done.refreshed, "ahead": done.ahead, "forgotten": done.forgotten}


@task()
def prune_task_results() -> int:
    """Drop finished task results past their keeping time; returns how many."""
    return task_results_prune()
