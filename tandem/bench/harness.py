"""Server time and query count of the key pages, through Django's test client.

Each page is opened by the sign-in account of the role that uses it (the accounts the seed
command creates at @bench.tandem.test or @demo.tandem.test). Add a page by adding a `Page`.
"""

from __future__ import annotations

import math
import sqlite3
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from tandem.agreements.models import Agreement
from tandem.coaching.models import CoachingSession, Engagement
from tandem.evaluation.sections import SECTIONS
from tandem.people.models import CoachProfile, OrgUnit, Person, Role, RoleAssignment

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@dataclass(frozen=True)
class Subjects:
    """The objects pages are opened on: the accounts' people and what their pages show."""

    people: dict[str, Person]  # by account (email local part)
    agency: OrgUnit  # the program lead's agency: the largest one at bench scale
    coach_profile: CoachProfile  # the coach account's profile


@dataclass(frozen=True)
class Page:
    label: str
    url_name: str
    account: str  # email local part of the account that opens the page
    kwargs: Callable[[Subjects], dict[str, Any]] | None = None
    query: str = ""
    settings: dict[str, Any] = field(default_factory=dict)  # overridden while measuring

    def url(self, subjects: Subjects) -> str:
        path = reverse(self.url_name, kwargs=self.kwargs(subjects) if self.kwargs else None)
        return f"{path}?{self.query}" if self.query else path


def _section(slug: str) -> Callable[[Subjects], dict[str, Any]]:
    return lambda _: {"section": slug}


PAGES: tuple[Page, ...] = (
    Page("Baseline (base template only)", "web:baseline", "learner"),
    Page("My coaching", "web:my_coaching", "learner"),
    Page("My team", "web:my_team", "supervisor"),
    Page("My learners", "web:my_learners", "coach"),
    Page("Program", "web:program", "program-lead"),
    Page("Administration", "web:administration", "administrator"),
    Page("People", "people:person_list", "program-lead"),
    Page("People, search", "people:person_list", "program-lead", query="q=mar"),
    Page(
        "Person",
        "people:person_detail",
        "program-lead",
        kwargs=lambda s: {"pk": s.people["learner"].pk},
    ),
    Page("Organization", "people:orgunit_list", "program-lead"),
    Page(
        "Org unit (largest agency)",
        "people:orgunit_detail",
        "program-lead",
        kwargs=lambda s: {"pk": s.agency.pk},
    ),
    Page("Coaches", "people:coach_list", "program-lead"),
    Page(
        "Coach",
        "people:coach_detail",
        "program-lead",
        kwargs=lambda s: {"pk": s.coach_profile.pk},
    ),
    Page("Engagements (coach)", "coaching:engagement_list", "coach"),
    Page(
        "Engagement (coach)",
        "coaching:engagement_detail",
        "coach",
        kwargs=lambda s: {"pk": _engagement_of(s.people["learner"])},
    ),
    Page(
        "Engagement (learner)",
        "coaching:engagement_detail",
        "learner",
        kwargs=lambda s: {"pk": _engagement_of(s.people["learner"])},
    ),
    Page("My sessions (coach)", "coaching:schedule", "coach"),
    Page("My sessions (learner)", "coaching:schedule", "learner"),
    Page(
        "Schedule a session (coach)",
        "coaching:session_add",
        "coach",
        kwargs=lambda s: {"pk": _engagement_of(s.people["learner"])},
    ),
    Page("Who viewed my coaching record", "privacy:my_record", "learner"),
    Page("Agreements (coach)", "agreements:mine", "coach"),
    Page(
        "Agreement (learner, a party)",
        "agreements:detail",
        "learner",
        kwargs=lambda s: {"pk": _agreement_of(s.people["learner"])},
    ),
    Page("Agreement status (program lead)", "agreements:overview", "program-lead"),
    Page(
        "Goals and progress (coach)",
        "goals:progress",
        "coach",
        kwargs=lambda s: {"pk": _engagement_of(s.people["learner"])},
    ),
    Page("Goals of all my learners (coach)", "goals:coach_overview", "coach"),
    Page("My instruments (learner)", "instruments:my_instruments", "learner"),
    Page("Access to coaching records", "privacy:access_patterns", "program-lead"),
    Page("Enrollment board (program lead)", "enrollment:board", "program-lead"),
    Page("Campaigns (program lead)", "enrollment:campaigns", "program-lead"),
    Page("My coaching requests (learner)", "enrollment:my_requests", "learner"),
    Page("Suggest coaching (supervisor)", "enrollment:suggest", "supervisor"),
    Page("Matching: cohort run (program lead)", "matching:cohort", "program-lead", query="run=1"),
    Page("Matching: weights", "matching:weights", "program-lead"),
    Page("Matching: conflicts of interest", "matching:conflicts", "program-lead"),
    Page("Matching: offers to me (coach)", "matching:incoming", "coach"),
    Page("Question bank (coach)", "questionbank:search", "coach"),
    Page("Question bank, search (coach)", "questionbank:search", "coach", query="q=safety"),
    Page("Question bank suggestions", "questionbank:suggest", "coach", query="focus=safety+plan"),
    Page("Stalled coaching (program lead)", "lifecycle:stalled", "program-lead"),
    Page("Stalled coaching (coach)", "lifecycle:stalled", "coach"),
    Page(
        "Closing and next steps (coach)",
        "lifecycle:engagement",
        "coach",
        kwargs=lambda s: {"pk": _engagement_of(s.people["learner"])},
    ),
    Page("Development plans (supervisor)", "lifecycle:plans", "supervisor"),
    Page(
        "Session record (coach)",
        "conversation:session_detail",
        "coach",
        kwargs=lambda s: {"session_pk": _held_session_of(s.people["learner"])},
    ),
    Page(
        "Session record (learner)",
        "conversation:session_detail",
        "learner",
        kwargs=lambda s: {"session_pk": _held_session_of(s.people["learner"])},
    ),
    Page(
        "Scaling answers over time (learner)",
        "conversation:scaling_series",
        "learner",
        kwargs=lambda s: {"pk": _engagement_of(s.people["learner"])},
    ),
    # Program evaluation: the evaluator's statewide figures are the heaviest aggregates. Each
    # page as served (figures kept and refreshed in the background), and computed on every visit.
    *(
        Page(
            f"Evaluation: {title.lower()} (evaluator{how})",
            "evaluation:section",
            "evaluator",
            kwargs=_section(slug),
            settings=overrides,
        )
        for how, overrides in (("", {}), (", computed live", {"EVALUATION_REFRESH_MINUTES": 0}))
        for slug, (title, _) in SECTIONS.items()
        if slug != "roi"  # it has its own page, below
    ),
    Page(
        "Evaluation: goal attainment (program lead)",
        "evaluation:section",
        "program-lead",
        kwargs=lambda s: {"section": "goals"},
    ),
    Page("Evaluation: return on investment (evaluator)", "evaluation:roi", "evaluator"),
    Page("Evaluation: research export (evaluator)", "evaluation:export", "evaluator"),
    Page(
        "Coach's journal (coach)",
        "conversation:note_list",
        "coach",
        kwargs=lambda s: {"pk": _engagement_of(s.people["learner"]), "kind": "coach_journal"},
    ),
)


def _engagement_of(learner: Person) -> int:
    return (
        Engagement.objects.filter(learner=learner).order_by("-pk").values_list("pk", flat=True)[0]
    )


def _held_session_of(learner: Person) -> int:
    held = CoachingSession.objects.filter(
        engagement_id=_engagement_of(learner), status=CoachingSession.Status.HELD
    )
    return held.order_by("-starts_at").values_list("pk", flat=True)[0]


def _agreement_of(learner: Person) -> int:
    return (
        Agreement.objects.filter(engagement__learner=learner)
        .order_by("-pk")
        .values_list("pk", flat=True)[0]
    )


@dataclass(frozen=True)
class PageResult:
    label: str
    url: str
    account: str
    status: int
    queries: int
    p50_ms: float
    p95_ms: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def subjects_load(*, domain: str) -> Subjects:
    accounts = Person.objects.filter(user__email__endswith=f"@{domain}").select_related("user")
    people = {p.user.email.split("@")[0]: p for p in accounts if p.user is not None}
    if not people:
        raise LookupError(f"No accounts at @{domain}: seed the database first.")
    lead_scope = (
        RoleAssignment.objects.filter(person=people["program-lead"], role=Role.PROGRAM_LEAD)
        .select_related("scope")
        .first()
    )
    if lead_scope is None:
        raise LookupError("The program-lead account holds no program lead role.")
    return Subjects(
        people=people,
        agency=lead_scope.scope,
        coach_profile=CoachProfile.objects.get(person=people["coach"]),
    )


def server_version() -> str:
    """The database engine and its version, e.g. "PostgreSQL 15.14" or "SQLite 3.40.1"."""
    if connection.vendor == "postgresql":
        major, minor = divmod(connection.pg_version, 10_000)  # type: ignore[attr-defined]
        return f"PostgreSQL {major}.{minor}"
    if connection.vendor == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    return connection.display_name


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile: the smallest value with `fraction` of the values at or below."""
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def page_measure(*, client: Client, url: str, repeat: int) -> tuple[int, int, list[float]]:
    """(status, query count, request times in ms). One warm-up request, then `repeat` timed."""
    client.get(url)  # warm-up: template loading, URL resolver and other first-use caches
    with CaptureQueriesContext(connection) as captured:
        status = client.get(url).status_code
    # Count now: captured_queries reads the connection's log, which the next request clears.
    queries = len(captured.captured_queries)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    return status, queries, timings


def pages_measure(*, domain: str, repeat: int, pages: tuple[Page, ...] = PAGES) -> list[PageResult]:
    """Measure every page on the current database. Timings are wall time of the full request
    through the middleware stack (sessions, auth, CSP, axes) in this process."""
    subjects = subjects_load(domain=domain)
    clients: dict[str, Client] = {}
    results = []
    for page in pages:
        if page.account not in clients:
            # HTTP_HOST: outside the test runner "testserver" is not an allowed host.
            user = subjects.people[page.account].user
            if user is None:
                raise LookupError(f"The {page.account} account has no sign-in.")
            client = Client(HTTP_HOST="localhost", raise_request_exception=False)
            client.force_login(user, backend=MODEL_BACKEND)
            clients[page.account] = client
        url = page.url(subjects)
        with override_settings(**page.settings):
            status, queries, timings = page_measure(
                client=clients[page.account], url=url, repeat=repeat
            )
        results.append(
            PageResult(
                label=page.label,
                url=url,
                account=page.account,
                status=status,
                queries=queries,
                p50_ms=round(statistics.median(timings), 1),
                p95_ms=round(percentile(timings, 0.95), 1),
            )
        )
    return results
