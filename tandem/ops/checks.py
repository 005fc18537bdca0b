"""A system check for the schedule: a mistyped SCHEDULE_<JOB> stops `manage.py migrate` (and so
`tandem-server prepare`, which every deploy runs) with the job's name, instead of surfacing
later as a scheduler that will not start and an error on the jobs page."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error
from django.core.exceptions import ImproperlyConfigured

from tandem.ops.schedule import JOBS


def schedule_check(**kwargs: Any) -> list[Error]:
    errors = []
    for job in JOBS:
        try:
            job.trigger  # noqa: B018 - building the trigger parses the crontab
        except ImproperlyConfigured as error:
            errors.append(Error(str(error), id="tandem.ops.E001"))
    return errors
