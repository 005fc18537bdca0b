"""Health checks for a load balancer or an orchestrator.

`/healthz`: the process answers (no database). `/readyz`: the installation can serve: the
database answers, every migration this code knows is applied, and the background worker ran
the scheduler's heartbeat task lately; 503 with the failing checks otherwise.
`/readyz?scope=app` leaves out the worker: what a load balancer should probe, so a stopped
worker (an alert for the operator) does not take every app server out of service. Neither says
anything about the agency's data."""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from tandem.ops.selectors import HEARTBEAT_STALE_AFTER, worker_alive

# Once this process has seen every migration applied it stops checking: its code, and so its
# set of migrations, cannot change while it runs (a deploy restarts it).
_migrated = False


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _migrations_applied() -> bool:
    global _migrated
    if not _migrated:
        connection = connections[DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        _migrated = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return _migrated


@require_safe
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    checks: dict[str, str] = {}
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except DatabaseError as error:
        checks["database"] = f"unreachable: {error.__class__.__name__}"
    if checks["database"] == "ok":
        checks["migrations"] = "ok" if _migrations_applied() else "not applied"
        if request.GET.get("scope") != "app":
            minutes = int(HEARTBEAT_STALE_AFTER.total_seconds() // 60)
            checks["worker"] = "ok" if worker_alive() else f"no heartbeat for {minutes} minutes"
    ready = all(value == "ok" for value in checks.values())
    response = JsonResponse(
        {"status": "ok" if ready else "not ready", "checks": checks}, status=200 if ready else 503
    )
    # A 503 here is an answer, not a server error: keep it out of the error log and the
    # administrators' mailbox (Django logs every 5xx unless told it was logged).
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response
