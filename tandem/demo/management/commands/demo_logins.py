"""Print the demo sign-in accounts: `manage.py demo_logins`."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from tandem.demo.generator import ACCOUNT_ROLES, DEMO_DOMAIN, DEMO_PASSWORD
from tandem.people.models import Person, Role


class Command(BaseCommand):
    help = "List the demo accounts (role, email, password) found in the database."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--domain", default=DEMO_DOMAIN, help="Email domain of the accounts.")

    def handle(self, *args: Any, domain: str, **options: Any) -> None:
        people = (
            Person.objects.filter(user__email__endswith=f"@{domain}")
            .select_related("user")
            .prefetch_related("role_assignments")
        )
        named = dict(ACCOUNT_ROLES)
        labels = dict(Role.choices)
        rows = []
        for person in people:
            if person.user is None:
                continue
            email = person.user.email
            held = {a.role for a in person.role_assignments.all()}
            role = named.get(email.split("@")[0])
            if role not in held:
                continue  # An account someone renamed or re-roled: don't advertise it.
            rows.append((list(named).index(email.split("@")[0]), labels[role], email, person))
        if not rows:
            self.stdout.write(f"No accounts at @{domain}. Run `manage.py seed --scale demo`.")
            return
        rows.sort()
        width = max(len(r[1]) for r in rows) + 2
        email_width = max(len(r[2]) for r in rows) + 2
        pw_width = len(DEMO_PASSWORD) + 2
        self.stdout.write(
            f"{'Role':<{width}}{'Email':<{email_width}}{'Password':<{pw_width}}Person"
        )
        for _order, label, email, person in rows:
            self.stdout.write(
                f"{label:<{width}}{email:<{email_width}}{DEMO_PASSWORD:<{pw_width}}"
                f"{person.full_name}, {person.job_title}"
            )
