"""The administrator's view of the background work: each scheduled job's last and next run and
recent failures, and whether the worker and the scheduler are alive. It shows no agency data."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tandem.ops.selectors import FAILURES_SHOWN_FOR, heartbeats, job_statuses
from tandem.people.access import role_required
from tandem.people.models import Role


@role_required(Role.ADMINISTRATOR)
def jobs(request: HttpRequest) -> HttpResponse:
    context = {
        "jobs": job_statuses(),
        "beats": heartbeats(),
        "failure_days": FAILURES_SHOWN_FOR.days,
    }
    return render(request, "web/jobs.html", context)
