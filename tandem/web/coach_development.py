"""The coach development hub: where a coach, a coach supervisor and a program lead find their
part of coach development (issue #17, docs/COACH_DEVELOPMENT.md). Links only: each page it
leads to decides access through tandem/privacy/development.py."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tandem.people.access import request_roles, role_required
from tandem.people.models import Role


@dataclass(frozen=True)
class Link:
    url_name: str
    label: str
    says: str


@dataclass(frozen=True)
class Part:
    heading: str
    role: str
    links: tuple[Link, ...]


PARTS = (
    Part(
        "Your own development as a coach",
        Role.COACH,
        (
            Link("development:onboarding_mine", "Getting started", "your onboarding checklist"),
            Link(
                "development:supervision_list",
                "My supervision",
                "sessions with your coach supervisor, and the situations you bring",
            ),
            Link(
                "development:growth_mine",
                "Competencies and development plan",
                "your self-rating beside your coach supervisor's, expertise and goals",
            ),
            Link(
                "development:fidelity_mine",
                "My practice ratings",
                "Coaching Practices Rating Scale ratings of your sessions, over time",
            ),
            Link("development:caseload_mine", "My caseload", "learners against capacity"),
            Link("development:roundtables", "Roundtables", "peer learning with other coaches"),
        ),
    ),
    Part(
        "The coaches you supervise",
        Role.COACH_SUPERVISOR,
        (
            Link(
                "development:supervision_list",
                "Supervision sessions",
                "individual and group sessions you lead; schedule and record them",
            ),
            Link(
                "development:supervision_overdue",
                "Supervision due",
                "coaches whose supervision is due or overdue",
            ),
            Link(
                "development:growth_coaches",
                "Competencies and development plans",
                "each coach's ratings, expertise and plan",
            ),
            Link(
                "development:caseload_supervised",
                "Caseloads and practice ratings",
                "each coach's learners, sessions, stalled coaching and fidelity trend",
            ),
            Link(
                "development:onboarding_readiness",
                "New coaches",
                "onboarding step by step: training, shadowing, a first observed session",
            ),
            Link("development:roundtables", "Roundtables", "peer learning with other coaches"),
        ),
    ),
    Part(
        "Running coach development for the program",
        Role.PROGRAM_LEAD,
        (
            Link(
                "development:coach_supervisors",
                "Coach supervisors",
                "who supervises each coach (never their line manager)",
            ),
            Link(
                "development:supervision_overdue",
                "Supervision due",
                "that supervision took place, and who is overdue (facts only)",
            ),
            Link(
                "development:onboarding_readiness",
                "Ready to take learners",
                "new coaches' onboarding, step by step",
            ),
            Link("development:workload", "Coach workload", "every coach's caseload (facts only)"),
            Link(
                "development:growth_facts_list",
                "Expertise and ratings given",
                "expertise levels and when competencies were last rated (no ratings shown)",
            ),
            Link(
                "development:program_settings",
                "Supervision cadence and required models",
                "how often coaches meet their coach supervisor, and what they are trained in",
            ),
            Link(
                "development:roundtables",
                "Roundtables and collaboratives",
                "set up peer-learning meetings, members and schedules",
            ),
        ),
    ),
)
ROLES = tuple(part.role for part in PARTS)


@role_required(*ROLES)
def coach_development(request: HttpRequest) -> HttpResponse:
    roles = request_roles(request)
    parts = [part for part in PARTS if part.role in roles]
    return render(request, "web/coach_development.html", {"parts": parts})
