"""Fill an empty database with a made-up organization: `manage.py seed --scale demo`."""

from __future__ import annotations

import io
import time
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from tandem.coaching.models import CoachingSession
from tandem.conversation.demo import conversation_seed
from tandem.demo.coaching import (
    demo_engagement_ensure,
    engagements_seed,
    past_cohort_campaign,
    past_cohort_seed,
)
from tandem.demo.generator import DEMO_PASSWORD, SCALES, plan_for_scale
from tandem.demo.notes import SEED_DAY
from tandem.demo.writer import accounts_create, plan_write
from tandem.development.demo import development_seed
from tandem.enrollment.demo import enrollment_seed
from tandem.goals.demo import goals_seed
from tandem.instruments.demo import instruments_demo_seed, past_cohort_instruments_seed
from tandem.lifecycle.demo import lifecycle_seed
from tandem.people.models import Person


class Command(BaseCommand):
    help = "Load a made-up organization (demo, county, state or state10 scale) and its accounts."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--scale", choices=list(SCALES), default="demo")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data.")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (and succeed) when the database already has people.",
        )

    def handle(self, *args: Any, scale: str, seed: int, if_empty: bool, **options: Any) -> None:
        if settings.PRODUCTION:
            # The accounts share a published password; made-up staff don't belong there either.
            raise CommandError("Refusing to seed: TANDEM_PRODUCTION is on.")
        if Person.objects.exists():
            if if_empty:
                self.stdout.write("People are already loaded; nothing to seed.")
                return
            raise CommandError(
                "The database already has people. Seed an empty database, or pass --if-empty."
            )
        started = time.perf_counter()
        # The demo is a program in its fourth month as of the day it is seeded; bulk scales are
        # seeded as of a fixed day, so a benchmark database does not depend on when it was built.
        today = timezone.localdate() if scale == "demo" else SEED_DAY
        plan = plan_for_scale(scale, seed=seed)
        with transaction.atomic():
            written = plan_write(plan=plan)
            accounts = accounts_create(plan=plan, written=written, password=DEMO_PASSWORD)
            engagements = engagements_seed(seed=seed, scale=scale, today=today)
            by_email = {user.email.split("@")[0]: user for user in accounts}
            call_command("load_instruments", stdout=io.StringIO())
            if "learner" in by_email and "coach" in by_email:
                demo = demo_engagement_ensure(
                    learner=Person.objects.get(user=by_email["learner"]),
                    coach=Person.objects.get(user=by_email["coach"]),
                    today=today,
                )
                instruments_demo_seed(
                    engagement=demo,
                    coach_supervisor=Person.objects.get(user=by_email["coach-supervisor"]),
                )
            cohort = past_cohort_seed(seed=seed, today=today) if scale == "demo" else []
            engagements += len(cohort)
            goals = goals_seed(seed=seed, today=today)
            requests = enrollment_seed(seed=seed, today=today)
            past_cohort_campaign(engagement_ids=cohort)
            if cohort and "coach-supervisor" in by_email:
                past_cohort_instruments_seed(
                    engagement_ids=cohort,
                    coach_supervisor=Person.objects.get(user=by_email["coach-supervisor"]),
                    seed=seed,
                )
            records = conversation_seed(seed=seed)
            lifecycle_seed(seed=seed)
            development = development_seed(seed=seed, today=today) if scale == "demo" else 0
            sessions = CoachingSession.objects.count()
        elapsed = time.perf_counter() - started
        coaches = sum(1 for p in plan.people if p.coach is not None)
        self.stdout.write(
            f"Seeded {scale} (seed {seed}): {len(plan.agencies)} agencies, {len(plan.units)} "
            f"org units, {len(plan.people)} people, {coaches} coaches, {len(accounts)} sign-in "
            f"accounts at @{plan.account_domain}, {engagements} coaching engagements with "
            f"agreements, {sessions} sessions ({records} with a session record), {goals} goals, "
            f"{requests} coaching requests, {development} coach development records in "
            f"{elapsed:.1f} s."
        )
