"""Time matching on a seeded state-scale database: `manage.py bench_matching`.

Creates 2,000 requests in matching from real staff (all inside one transaction that is rolled
back, so the database is left as it was), then measures:
- the cohort run: loading requests, pool and exclusions from the database and solving the
  assignment (and the solver alone);
- the suggestions for one request (server time of the selector, and of the whole page through
  Django's test client with its query count).
Run it against the bench database, e.g.
`DATABASE_URL=sqlite:///data/bench/state-v<N>.sqlite3 manage.py bench_matching`.
"""

from __future__ import annotations

import random
import statistics
import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tandem.bench.harness import MODEL_BACKEND, percentile
from tandem.demo.generator import BENCH_DOMAIN
from tandem.enrollment.matching import selectors
from tandem.enrollment.matching.cohort import assign
from tandem.enrollment.models import CoachingRequest
from tandem.people.models import CoachProfile, Language, Modality, OrgUnit, Person, PracticeArea


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time cohort matching (2,000 requests) and one request's suggestions; changes nothing."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--requests", type=int, default=2000)
        parser.add_argument("--repeat", type=int, default=20)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with transaction.atomic():
                self._measure(options["requests"], options["repeat"])
                raise _Rollback
        except _Rollback:
            pass

    def _requests(self, count: int) -> list[CoachingRequest]:
        rng = random.Random(1)
        coaches = set(CoachProfile.objects.values_list("person_id", flat=True))
        people = [
            pk
            for pk in Person.objects.filter(is_active=True)
            .order_by("pk")
            .values_list("pk", flat=True)
            if pk not in coaches
        ]
        if len(people) < count:
            raise CommandError(f"Only {len(people)} staff to make requests for: seed first.")
        areas: list[int | None] = [*PracticeArea.objects.values_list("pk", flat=True)] or [None]
        languages = list(Language.objects.values_list("pk", flat=True))
        modalities = list(Modality.objects.values_list("pk", flat=True))
        now = timezone.now()
        made = CoachingRequest.objects.bulk_create(
            CoachingRequest(
                learner_id=pk,
                status=CoachingRequest.Status.MATCHING,
                status_changed_at=now,
                practice_area_id=rng.choice(areas),
                language_id=rng.choice(languages) if languages and rng.random() < 0.2 else None,
            )
            for pk in rng.sample(people, count)
        )
        through = CoachingRequest.modalities.through
        through.objects.bulk_create(
            through(coachingrequest_id=r.pk, modality_id=m)
            for r in made
            for m in rng.sample(modalities, min(len(modalities), rng.randint(0, 2)))
        )
        return made

    def _measure(self, count: int, repeat: int) -> None:
        self._requests(count)
        root = OrgUnit.objects.get(depth=1)
        today = timezone.localdate()
        coaches = CoachProfile.objects.count()

        started = time.perf_counter()
        requests = selectors.cohort_requests(paths=[root.path])
        weights = selectors.weights_for(unit_path=root.path)
        loaded = time.perf_counter()
        needs = selectors.needs_for(requests=requests)
        pool = selectors.candidates_load(today=today)
        excluded = selectors.exclusions_for(requests=requests)
        prepared = time.perf_counter()
        assignments, unassigned = assign(needs, pool, excluded, weights)
        solved = time.perf_counter()
        self.stdout.write(
            f"Cohort: {len(requests)} requests x {coaches} coaches: "
            f"{solved - started:.2f} s in all (requests {loaded - started:.2f} s, "
            f"need/pool/exclusions {prepared - loaded:.2f} s, solver {solved - prepared:.2f} s); "
            f"{len(assignments)} matched, {len(unassigned)} without a coach."
        )

        lead = Person.objects.get(user__email=f"program-lead@{BENCH_DOMAIN}")
        paths = selectors.lead_paths(person=lead)
        request = next(r for r in requests if selectors.covered(r.learner.org_unit.path, paths))
        timings = []
        for _ in range(repeat + 1):
            t0 = time.perf_counter()
            selectors.suggestions_for(request=request, today=today)
            timings.append((time.perf_counter() - t0) * 1000)
        timings = timings[1:]
        self.stdout.write(
            f"Suggestions for one request (selector): p50 {statistics.median(timings):.1f} ms, "
            f"p95 {percentile(timings, 0.95):.1f} ms"
        )

        client = Client(HTTP_HOST="localhost", raise_request_exception=True)
        assert lead.user is not None
        client.force_login(lead.user, backend=MODEL_BACKEND)
        url = reverse("matching:request", args=[request.pk])
        client.get(url)
        # The log of earlier queries in this transaction would hide this request's queries.
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            status = client.get(url).status_code
        queries = len(captured.captured_queries)  # now: the next request clears the log
        page = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            client.get(url)
            page.append((time.perf_counter() - t0) * 1000)
        self.stdout.write(
            f"Matching page for one request: status {status}, "
            f"{queries} queries, p50 {statistics.median(page):.1f} ms, "
            f"p95 {percentile(page, 0.95):.1f} ms"
        )

        cohort_url = reverse("matching:cohort") + "?run=1"
        in_scope = sum(1 for r in requests if selectors.covered(r.learner.org_unit.path, paths))
        client.get(cohort_url)
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            status = client.get(cohort_url).status_code
        queries = len(captured.captured_queries)
        page = []
        for _ in range(max(1, repeat // 4)):
            t0 = time.perf_counter()
            client.get(cohort_url)
            page.append((time.perf_counter() - t0) * 1000)
        self.stdout.write(
            f"Cohort page, run, program lead's agency ({in_scope} requests): status {status}, "
            f"{queries} queries, p50 {statistics.median(page):.0f} ms, max {max(page):.0f} ms"
        )
