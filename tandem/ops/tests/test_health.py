"""/healthz and /readyz, as a load balancer reads them."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import OperationalError
from django.utils import timezone

from tandem.ops import health
from tandem.ops.models import Heartbeat


def test_healthz_answers_without_touching_the_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def _beat(minutes_ago: float) -> None:
    Heartbeat.objects.update_or_create(
        source=Heartbeat.Source.WORKER,
        defaults={"beat_at": timezone.now() - timedelta(minutes=minutes_ago)},
    )


def test_readyz_is_ready_only_while_the_worker_beats(client, db, caplog):
    # django.request does not propagate to the root logger, where caplog listens.
    logging.getLogger("django.request").addHandler(caplog.handler)
    missing = client.get("/readyz")
    assert missing.status_code == 503
    assert missing.json()["checks"] == {
        "database": "ok",
        "migrations": "ok",
        "worker": "no heartbeat for 5 minutes",
    }
    _beat(minutes_ago=1)
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "worker": "ok"},
    }
    _beat(minutes_ago=6)
    assert client.get("/readyz").status_code == 503
    # The load balancer's probe asks about this app server only.
    app = client.get("/readyz", {"scope": "app"})
    assert (app.status_code, app.json()["checks"]) == (200, {"database": "ok", "migrations": "ok"})
    # Not ready is an answer, not a server error: nothing for the error log or the mailbox.
    logging.getLogger("django.request").removeHandler(caplog.handler)
    assert [r for r in caplog.records if r.name == "django.request"] == []


def test_readyz_says_when_migrations_are_not_applied(client, db, monkeypatch):
    _beat(minutes_ago=0)
    monkeypatch.setattr(health, "_migrated", False)
    monkeypatch.setattr(
        health.MigrationExecutor, "migration_plan", lambda self, targets: [("ops", "0099")]
    )
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "not applied"


def test_readyz_says_when_the_database_is_unreachable(client, db, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(health.connections["default"], "cursor", refuse)
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "not ready",
        "checks": {"database": "unreachable: OperationalError"},
    }
