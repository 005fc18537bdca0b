"""The scheduled jobs: what runs when, in the agency's time zone (settings.TIME_ZONE).

Each job enqueues a django-tasks task; the worker (`manage.py db_worker`) runs it. An agency
moves or switches off a job from the environment: `SCHEDULE_REMIND_STALLED="30 6 * * 1-5"`
(crontab syntax) or `SCHEDULE_REMIND_STALLED=off` (docs/OPERATIONS.md)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


def _weekday_names(field: str) -> str:
    """A crontab weekday field (0 or 7 Sunday, 1 Monday; lists, ranges, steps) as the day
    names APScheduler takes: APScheduler 3 numbers days from Monday, so "1-5" would otherwise
    mean Tuesday to Saturday. Expanded to the days themselves so every cron form means what it
    means in cron ("0-6", "*/2" from Sunday)."""
    if field == "*":
        return "*"
    days: set[int] = set()
    for part in field.split(","):
        span, _, step_text = part.partition("/")
        step = int(step_text) if step_text else 1
        if span == "*":
            first, last = 0, 6
        elif "-" in span:
            first_text, last_text = span.split("-", 1)
            first, last = int(first_text), int(last_text)
        else:
            first = last = int(span)
            if step_text:
                last = 6
        if not (0 <= first <= 7 and 0 <= last <= 7 and first <= last and step > 0):
            raise ValueError(f"weekday {part!r} is outside 0-7")
        days |= {day % 7 for day in range(first, last + 1, step)}
    return ",".join(_DAYS[day] for day in sorted(days))


@dataclass(frozen=True)
class Job:
    name: str  # also the suffix of its SCHEDULE_ environment variable
    task_path: str  # dotted path of the django-tasks task it enqueues
    default_crontab: str
    purpose: str
    # Fire on start-up too (the heartbeat: /readyz should not wait for the next minute).
    at_start: bool = False

    @property
    def env_name(self) -> str:
        return f"SCHEDULE_{self.name.upper()}"

    @cached_property
    def crontab(self) -> str | None:
        """The job's crontab, or None when the environment switches it off."""
        value = os.environ.get(self.env_name, "").strip()
        if value.lower() in {"off", "none", "disabled"}:
            return None
        return value or self.default_crontab

    @cached_property
    def trigger(self) -> CronTrigger | None:
        if self.crontab is None:
            return None
        try:
            minute, hour, day, month, weekday = self.crontab.split()
            zone = ZoneInfo(settings.TIME_ZONE)
            # A job that runs within every hour ("*/5 * * * *") runs on the same minutes in UTC
            # where the zone is a whole number of hours from UTC (as US zones are). Reckoned in
            # UTC it keeps running through the hour repeated when clocks fall back, where
            # APScheduler's local reckoning would go back in time.
            hourly = (hour, day, month, weekday) == ("*", "*", "*", "*")
            return CronTrigger(
                minute=minute,
                hour=hour,
                day=day,
                month=month,
                day_of_week=_weekday_names(weekday),
                timezone=UTC if hourly and _whole_hours(zone) else zone,
            )
        except (ValueError, IndexError) as error:
            raise ImproperlyConfigured(
                f"{self.env_name}={self.crontab!r} is not a crontab (minute hour day month "
                f"weekday, e.g. '0 7 * * *'), nor 'off': {error}"
            ) from None

    def next_after(self, moment: datetime) -> datetime | None:
        """The first firing strictly after `moment`; None when switched off."""
        if self.trigger is None:
            return None
        # The trigger answers "at or after", to the second.
        due = self.trigger.get_next_fire_time(None, moment + timedelta(seconds=1))
        # When clocks fall back an hour, 01:30 happens twice: a job at a fixed time of day runs
        # at the first.
        if due is not None and self.once_a_day and _wall(due) == _wall(moment):
            due = self.trigger.get_next_fire_time(None, due + timedelta(hours=1, seconds=1))
        # Never back in time (APScheduler reads a repeated local hour as its first occurrence):
        # skip ahead to the first firing after the repeated hour.
        probe = moment
        while due is not None and due <= moment:
            probe += timedelta(minutes=15)
            due = self.trigger.get_next_fire_time(None, probe)
        return due

    @property
    def once_a_day(self) -> bool:
        minute, hour = (self.crontab or "* *").split()[:2]
        return minute.isdigit() and hour.isdigit()

    def task(self) -> Any:
        return import_string(self.task_path)


def _whole_hours(zone: ZoneInfo) -> bool:
    year = datetime.now(UTC).year
    offsets = {datetime(year, month, 1, tzinfo=zone).utcoffset() for month in (1, 7)}
    return all(offset is not None and offset.total_seconds() % 3600 == 0 for offset in offsets)


def _wall(moment: datetime) -> datetime:
    """The moment as the agency's clocks show it (no time zone, so 01:30 twice is equal)."""
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE)).replace(tzinfo=None)


JOBS: tuple[Job, ...] = (
    Job(
        "heartbeat",
        "tandem.ops.tasks.heartbeat",
        "* * * * *",
        "Shows that the worker picks up tasks (read by /readyz).",
        at_start=True,
    ),
    Job(
        "reap_stale_jobs",
        "tandem.ops.tasks.reap_stale_jobs",
        "*/5 * * * *",
        "Marks failed the staff imports whose worker stopped, so they can be started again.",
    ),
    Job(
        "remind_sessions",
        "tandem.coaching.tasks.remind_sessions",
        "5 * * * *",
        "Reminds coach and learner of a coaching session in the next 24 hours.",
    ),
    Job(
        "remind_stalled",
        "tandem.lifecycle.tasks.remind_stalled",
        "0 7 * * *",
        "Reminds coach and learner when coaching has stalled (docs/CLOSING.md).",
    ),
    Job(
        "remind_supervision",
        "tandem.development.tasks_supervision.remind_supervision",
        "10 7 * * *",
        "Reminds coaches and coach supervisors of supervision due or overdue.",
    ),
    Job(
        "remind_instruments",
        "tandem.instruments.tasks.remind_instruments",
        "20 7 * * *",
        "Reminds respondents of instruments falling due or overdue.",
    ),
    Job(
        "refresh_evaluation",
        "tandem.ops.tasks.refresh_evaluation",
        "30 * * * *",
        "Computes afresh the evaluation figures people look at.",
    ),
    Job(
        "prune_task_results",
        "tandem.ops.tasks.prune_task_results",
        "0 3 * * *",
        "Drops finished background-task records past their keeping time.",
    ),
)


def job_named(name: str) -> Job:
    for job in JOBS:
        if job.name == name:
            return job
    raise KeyError(name)
