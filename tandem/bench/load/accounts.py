"""Sign-in accounts for the load test: many seeded people of each role, not one per role.

The seed command gives each role one account (learner@…, coach@…), but a load test of a county
needs a hundred different people signed in at once: a coach saving her own session records, a
learner his own journal. Two simulated users sharing one person would fight over the same
records (409 conflicts no real office sees) and hit the same cached rows. So, on a copy of a
seeded database, this gives an account to every person who can do the role's work:

- learners of an active one-to-one (or online) engagement: they have a journal to write;
- coaches of an active engagement with sessions: they have session records to save;
- supervisors, those whose team shares some coaching with them first;
- program leads.

Every account gets the seed's published password (DEMO_PASSWORD), hashed once and stored on
all of them: hashing it per account would cost seconds of Argon2 for nothing. Refused in
production, as the seed command is.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from tandem.accounts.models import User
from tandem.coaching.models import Engagement
from tandem.demo.generator import DEMO_PASSWORD
from tandem.people.models import Person, Role, RoleAssignment
from tandem.privacy.policy import engagements_visible_to

LOAD_DOMAIN = "load.tandem.test"
# The roles the load test plays, as the locustfile names them; the scarcest first, since a
# person is played in one role only (a program lead may supervise too).
ROLES = ("program_lead", "coach", "learner", "supervisor")
ONE_TO_ONE = (Engagement.Kind.INDIVIDUAL, Engagement.Kind.ONLINE)


def _holding(role: str) -> set[int]:
    return set(RoleAssignment.objects.filter(role=role).values_list("person_id", flat=True))


def _spread(ids: set[int] | list[int]) -> list[int]:
    """In an order spread over the organization (not the first office's people first), the
    same at every run: the first simulated users of a role are the first people listed."""
    ordered = sorted(ids)
    random.Random(1).shuffle(ordered)
    return ordered


def _learners(limit: int) -> list[int]:
    active = Engagement.objects.filter(status=Engagement.Status.ACTIVE, kind__in=ONE_TO_ONE)
    ids = set(active.values_list("learner_id", flat=True)) & _holding(Role.LEARNER)
    return _spread(ids)[:limit]


def _coaches(limit: int) -> list[int]:
    active = Engagement.objects.filter(
        status=Engagement.Status.ACTIVE, kind__in=ONE_TO_ONE, sessions__isnull=False
    )
    ids = set(active.values_list("coach_id", flat=True)) & _holding(Role.COACH)
    return _spread(ids)[:limit]


def _supervisors(limit: int) -> list[int]:
    """Supervisors whose team shares coaching with them first (they have a summary to read),
    then the others, who still open their team."""
    sharing: list[int] = []
    others: list[int] = []
    for person in Person.objects.filter(pk__in=_holding(Role.SUPERVISOR)).order_by("pk"):
        shared = (
            engagements_visible_to(viewer=person)
            .filter(learner__supervisor=person)
            .exclude(coach=person)
            .exists()
        )
        (sharing if shared else others).append(person.pk)
    return (_spread(sharing) + _spread(others))[:limit]


def _program_leads(limit: int) -> list[int]:
    return _spread(_holding(Role.PROGRAM_LEAD))[:limit]


def load_accounts_create(*, limit: int = 200) -> dict[str, list[str]]:
    """Give up to `limit` people of each role an account (keeping the accounts people already
    have) and return the sign-in emails by role. A person is played in one role only."""
    if settings.PRODUCTION:
        raise ImproperlyConfigured(
            "Refusing to create load-test accounts: TANDEM_PRODUCTION is on and their password "
            "is published."
        )
    chosen: dict[str, list[int]] = {
        "program_lead": _program_leads(limit),
        "coach": _coaches(limit),
        "learner": _learners(limit),
        "supervisor": _supervisors(limit),
    }
    seen: set[int] = set()
    for role in ROLES:
        chosen[role] = [pk for pk in chosen[role] if pk not in seen]
        seen.update(chosen[role])
    encoded = make_password(DEMO_PASSWORD)
    emails: dict[str, list[str]] = {}
    with transaction.atomic():
        people = Person.objects.select_related("user").in_bulk(seen)
        for role in ROLES:
            emails[role] = []
            for pk in chosen[role]:
                person = people[pk]
                if person.user is None:
                    user = User.objects.create(
                        email=f"load.{role.replace('_', '-')}.{pk}@{LOAD_DOMAIN}",
                        password=encoded,
                    )
                    Person.objects.filter(pk=pk).update(user=user)
                    emails[role].append(user.email)
                elif not person.user.is_staff:  # admin accounts take no part in coaching
                    emails[role].append(person.user.email)
    return emails


def accounts_write(*, path: str, limit: int = 200) -> dict[str, Any]:
    """Create the accounts and write them with their password to `path` (JSON) for locust."""
    data = {"password": DEMO_PASSWORD, "roles": load_accounts_create(limit=limit)}
    Path(path).write_text(json.dumps(data, indent=1))
    return data
