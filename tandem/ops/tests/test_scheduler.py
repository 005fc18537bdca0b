"""The scheduler: each job enqueued once per firing, on time, even with two schedulers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django_tasks.base import Task, TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tandem.ops.models import Heartbeat, ScheduledRun
from tandem.ops.schedule import JOBS, Job, _weekday_names
from tandem.ops.services import Scheduler, task_results_prune
from tandem.ops.tasks import heartbeat

DENVER = ZoneInfo("America/Denver")
EVERY_FIVE = Job("reap", "tandem.ops.tasks.reap_stale_jobs", "*/5 * * * *", "test")
DAILY = Job("daily", "tandem.ops.tasks.refresh_evaluation", "0 7 * * *", "test")


def at(hour: int, minute: int, second: int = 0, day: int = 7) -> datetime:
    return datetime(2026, 12, day, hour, minute, second, tzinfo=DENVER)


def test_every_scheduled_job_names_a_task_that_exists():
    assert {job.name for job in JOBS} >= {
        "remind_stalled",
        "remind_supervision",
        "remind_sessions",
        "remind_instruments",
        "refresh_evaluation",
        "reap_stale_jobs",
        "heartbeat",
    }
    for job in JOBS:
        assert isinstance(job.task(), Task), job.name
        assert job.next_after(at(9, 0)) > at(9, 0)


def test_a_job_is_enqueued_when_due_and_then_at_its_next_time(db):
    scheduler = Scheduler(jobs=(EVERY_FIVE,))
    scheduler.start(now=at(9, 12, 30))
    assert scheduler.tick(now=at(9, 14, 59)) == []
    fired = scheduler.tick(now=at(9, 15, 2))
    assert [(run.job, run.due_at) for run in fired] == [("reap", at(9, 15))]
    queued = DBTaskResult.objects.get(id=fired[0].task_result_id)
    assert queued.task_path == "tandem.ops.tasks.reap_stale_jobs"
    assert queued.status == TaskResultStatus.READY
    assert scheduler.tick(now=at(9, 17)) == []
    assert [run.due_at for run in scheduler.tick(now=at(9, 20, 1))] == [at(9, 20)]


def test_two_schedulers_enqueue_each_firing_once(db):
    first, second = Scheduler(jobs=(EVERY_FIVE,)), Scheduler(jobs=(EVERY_FIVE,))
    first.start(now=at(9, 12))
    second.start(now=at(9, 13))
    assert len(first.tick(now=at(9, 15, 1))) == 1
    assert second.tick(now=at(9, 15, 3)) == []
    assert ScheduledRun.objects.filter(job="reap").count() == 1
    assert DBTaskResult.objects.filter(task_path=EVERY_FIVE.task_path).count() == 1


def test_two_schedulers_ticking_at_the_same_moment_enqueue_once(threads_db):
    schedulers = [Scheduler(jobs=(EVERY_FIVE,)) for _ in range(2)]
    for scheduler in schedulers:
        scheduler.next_due["reap"] = at(9, 15)
    outcomes = threads_db.at_once(*(lambda s=s: s.tick(now=at(9, 15, 1)) for s in schedulers))
    assert sorted(len(outcome.value) for outcome in outcomes) == [0, 1]
    assert ScheduledRun.objects.filter(job="reap").count() == 1
    assert DBTaskResult.objects.filter(task_path=EVERY_FIVE.task_path).count() == 1


def test_a_firing_missed_while_the_scheduler_was_down_runs_once_when_it_returns(db):
    ScheduledRun.objects.create(job="daily", due_at=at(7, 0, day=3))
    scheduler = Scheduler(jobs=(DAILY,))
    scheduler.start(now=at(12, 0))  # four firings missed
    assert [run.due_at for run in scheduler.tick(now=at(12, 0, 5))] == [at(7, 0, day=4)]
    assert scheduler.tick(now=at(12, 1)) == []
    assert scheduler.next_due["daily"] == at(7, 0, day=8)


def test_a_new_job_first_fires_at_its_next_time_and_the_heartbeat_at_once(db):
    scheduler = Scheduler(jobs=(DAILY, JOBS[0]))
    scheduler.start(now=at(12, 0, 20))
    assert [run.job for run in scheduler.tick(now=at(12, 0, 21))] == ["heartbeat"]
    assert scheduler.next_due["daily"] == at(7, 0, day=8)
    # Restarted within the same minute: that minute's heartbeat is on record already.
    again = Scheduler(jobs=(JOBS[0],))
    again.start(now=at(12, 0, 40))
    assert again.tick(now=at(12, 0, 41)) == []
    assert Heartbeat.objects.get(source="scheduler").beat_at == at(12, 0, 41)


def test_the_environment_moves_a_job_or_switches_it_off(monkeypatch):
    monkeypatch.setenv("SCHEDULE_DAILY", "30 6 * * 1-5")
    assert Job("daily", DAILY.task_path, DAILY.default_crontab, "").next_after(
        at(12, 0, day=11)  # a Friday
    ) == at(6, 30, day=14)
    monkeypatch.setenv("SCHEDULE_DAILY", "off")
    assert Job("daily", DAILY.task_path, DAILY.default_crontab, "").next_after(at(12, 0)) is None
    monkeypatch.setenv("SCHEDULE_DAILY", "every morning")
    with pytest.raises(ImproperlyConfigured, match="SCHEDULE_DAILY='every morning' is not a"):
        Job("daily", DAILY.task_path, DAILY.default_crontab, "").next_after(at(12, 0))


def test_the_worker_running_the_heartbeat_task_records_its_sign_of_life(db):
    heartbeat.call()
    beat = Heartbeat.objects.get(source=Heartbeat.Source.WORKER)
    assert timezone.now() - beat.beat_at < timedelta(seconds=5)


def test_old_task_results_are_pruned_and_recent_or_running_ones_kept(db):
    now = timezone.now()

    def result(path: str, status: str, days_ago: float) -> DBTaskResult:
        return DBTaskResult.objects.create(
            task_path=path,
            status=status,
            args_kwargs={"args": [], "kwargs": {}},
            backend_name="default",
            run_after=now,
            finished_at=now - timedelta(days=days_ago) if status != "RUNNING" else None,
        )

    kept = [
        result("tandem.ops.tasks.reap_stale_jobs", "SUCCESSFUL", 29),
        result("tandem.ops.tasks.reap_stale_jobs", "RUNNING", 0),
        result("tandem.ops.tasks.heartbeat", "SUCCESSFUL", 0.5),
    ]
    result("tandem.ops.tasks.reap_stale_jobs", "FAILED", 31)
    result("tandem.ops.tasks.heartbeat", "SUCCESSFUL", 2)
    ScheduledRun.objects.create(job="heartbeat", due_at=now - timedelta(days=2))
    recent_reap = ScheduledRun.objects.create(job="reap", due_at=now - timedelta(days=2))
    assert task_results_prune(now=now) == 2
    assert set(DBTaskResult.objects.values_list("id", flat=True)) == {r.id for r in kept}
    # A heartbeat each minute: its firings are kept a day, the others thirty.
    assert list(ScheduledRun.objects.values_list("pk", flat=True)) == [recent_reap.pk]


@pytest.mark.parametrize(
    "field,days",
    [
        ("1-5", "mon,tue,wed,thu,fri"),
        ("0,6", "sun,sat"),
        ("7", "sun"),
        ("0-6", "sun,mon,tue,wed,thu,fri,sat"),
        ("*/2", "sun,tue,thu,sat"),
        ("1/2", "mon,wed,fri"),
    ],
)
def test_crontab_weekdays_mean_what_they_mean_in_cron(field, days):
    assert _weekday_names(field) == days


def _firings(crontab: str, start: datetime, count: int) -> list[str]:
    job, moment, seen = Job("x", DAILY.task_path, crontab, ""), start, []
    for _ in range(count):
        moment = job.next_after(moment)
        seen.append(moment.astimezone(UTC).strftime("%d %H:%M"))
    return seen


def test_when_clocks_fall_back_a_daily_job_runs_once_and_a_frequent_one_keeps_going():
    # 7 November 2027: 01:00-02:00 happens twice in Denver (06:00-09:00 UTC spans it).
    assert _firings("30 1 * * *", at(12, 0, day=6).replace(year=2027, month=11), 3) == [
        "07 07:30",
        "08 08:30",
        "09 08:30",
    ]
    every_twenty = _firings("*/20 * * * *", datetime(2027, 11, 7, 0, 50, tzinfo=DENVER), 8)
    assert every_twenty == [
        f"07 {t}" for t in ["07:00", "07:20", "07:40", "08:00", "08:20", "08:40", "09:00", "09:20"]
    ]


def test_when_clocks_spring_forward_a_job_in_the_missing_hour_runs_an_hour_later():
    # 14 March 2027: 02:00-03:00 does not happen in Denver.
    assert _firings("30 2 * * *", datetime(2027, 3, 13, 12, 0, tzinfo=DENVER), 2) == [
        "14 09:30",  # 03:30 MDT
        "15 08:30",  # 02:30 MDT
    ]


def test_a_mistyped_schedule_stops_the_deploy_with_the_jobs_name(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    result = subprocess.run(  # noqa: S603
        [sys.executable, str(Path(__file__).parents[3] / "manage.py"), "check"],
        env={
            "PATH": "/usr/bin:/bin",
            "TANDEM_DATA_DIR": str(tmp_path),
            "SCHEDULE_REMIND_STALLED": "daily at seven",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SCHEDULE_REMIND_STALLED='daily at seven' is not a crontab" in result.stderr
