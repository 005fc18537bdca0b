from __future__ import annotations

import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import RequestFactory

from tandem.accounts.models import User
from tandem.coaching.models import Engagement
from tandem.demo.generator import ACCOUNT_ROLES, DEMO_DOMAIN, DEMO_PASSWORD
from tandem.people.models import CoachProfile, OrgUnit, Person, Role, RoleAssignment
from tandem.people.selectors import chain_of_command_ids

pytestmark = pytest.mark.django_db


def _seed(*args: str) -> str:
    out = StringIO()
    call_command("seed", "--scale", "demo", *args, stdout=out)
    return out.getvalue()


def _agency_path(person: Person) -> str:
    return person.org_unit.path[: 2 * OrgUnit.steplen]


def test_seed_demo_loads_forty_staff_in_one_agency() -> None:
    _seed()
    agency = OrgUnit.objects.get(kind=OrgUnit.Kind.AGENCY)

    assert Person.objects.count() == 40
    assert Person.objects.filter(org_unit__path__startswith=agency.path).count() == 40


def test_seed_demo_hierarchy_has_no_cycles_and_stays_in_the_agency() -> None:
    _seed()
    people = Person.objects.select_related("org_unit", "supervisor__org_unit")

    for person in people:
        chain = chain_of_command_ids(person_id=person.pk)
        assert len(chain) == len(set(chain)) and person.pk not in chain
        if person.job_title == "Director":
            assert person.supervisor is None
        else:
            assert _agency_path(person.supervisor) == _agency_path(person)


def test_seed_demo_coaches_have_full_profiles() -> None:
    _seed()
    profiles = CoachProfile.objects.prefetch_related(
        "practice_areas", "languages", "modalities", "competencies"
    )

    assert {p.coach_type for p in profiles} == set(CoachProfile.CoachType.values)
    for profile in profiles:
        assert profile.practice_areas.all() and profile.languages.all()
        assert profile.modalities.all() and profile.competencies.all()
        assert RoleAssignment.objects.filter(person=profile.person, role=Role.COACH).exists()
    external = profiles.get(coach_type=CoachProfile.CoachType.EXTERNAL)
    assert external.external_organization != ""
    assert external.contract_start < external.contract_end


def test_seed_demo_coach_supervisor_never_line_manages_a_coach() -> None:
    _seed()
    supervisors = set(
        RoleAssignment.objects.filter(role=Role.COACH_SUPERVISOR).values_list("person", flat=True)
    )

    assert supervisors
    for profile in CoachProfile.objects.all():
        assert not supervisors & set(chain_of_command_ids(person_id=profile.person_id))


def test_seed_demo_creates_one_working_account_per_role() -> None:
    _seed()

    for local, role in ACCOUNT_ROLES:
        email = f"{local}@{DEMO_DOMAIN}"
        request = RequestFactory().post("/")
        user = authenticate(request=request, username=email, password=DEMO_PASSWORD)
        assert user is not None, email
        assert RoleAssignment.objects.filter(person__user=user, role=role).exists(), email
        assert user.is_staff == (local == "administrator")
    learner = Person.objects.get(user__email=f"learner@{DEMO_DOMAIN}")
    assert learner.supervisor.user.email == f"supervisor@{DEMO_DOMAIN}"


def test_seed_same_seed_gives_same_people() -> None:
    # Seed, note the result, and roll the whole seed back to an empty database.
    before_seed = transaction.savepoint()
    _seed("--seed", "5")
    first = list(Person.objects.order_by("work_email").values_list("work_email", "last_name"))
    first_pairs = _engagement_pairs()
    transaction.savepoint_rollback(before_seed)
    assert Person.objects.count() == 0

    _seed("--seed", "5")
    second = list(Person.objects.order_by("work_email").values_list("work_email", "last_name"))

    assert first == second
    assert first_pairs == _engagement_pairs()


def _engagement_pairs() -> list[tuple[str, str, str]]:
    return list(
        # The whole tuple as the order: a learner can have two engagements (one closed), and
        # PostgreSQL returns ties in any order.
        Engagement.objects.order_by(
            "learner__work_email", "coach__work_email", "status", "pk"
        ).values_list("learner__work_email", "coach__work_email", "status")
    )


def test_seed_never_matches_a_learner_with_someone_above_them() -> None:
    _seed()
    engagements = list(Engagement.objects.select_related("learner", "coach"))
    assert len(engagements) >= 10
    supportive = Engagement.Kind.SUPPORTIVE_SUPERVISION
    for engagement in engagements:
        above = chain_of_command_ids(person_id=engagement.learner.pk)
        if engagement.kind == supportive:  # held by the learner's own supervisor (seed 002)
            assert engagement.coach.pk == engagement.learner.supervisor_id
        else:
            assert engagement.coach.pk not in above
    assert any(e.kind == supportive for e in engagements)


def test_demo_learner_coaching_has_every_record_kind_and_shares_with_supervisor() -> None:
    _seed()
    engagement = Engagement.objects.get(learner__user__email="learner@demo.tandem.test")
    assert engagement.coach.user.email == "coach@demo.tandem.test"
    # Every kind at least once (the conversation seed adds more journal entries).
    assert sorted(set(engagement.notes.values_list("kind", flat=True))) == [
        "action_step",
        "coach_journal",
        "learner_journal",
        "progress_summary",
        "session_summary",
    ]
    shared = engagement.agreement.in_force_version.disclosures.values_list("party", "category")
    assert sorted(shared) == [
        ("supervisor", "attendance"),
        ("supervisor", "progress_summary"),
    ]


def test_seed_if_empty_does_not_duplicate() -> None:
    _seed("--if-empty")

    output = _seed("--if-empty")

    assert output == "People are already loaded; nothing to seed.\n"
    assert Person.objects.count() == 40
    assert User.objects.count() == len(ACCOUNT_ROLES)


def test_seed_without_if_empty_refuses_a_loaded_database() -> None:
    _seed()

    with pytest.raises(CommandError):
        _seed()


def test_seed_refuses_in_production(settings: pytest.FixtureRequest) -> None:
    settings.PRODUCTION = True

    with pytest.raises(CommandError):
        _seed()

    assert User.objects.count() == 0
    assert Person.objects.count() == 0


def test_demo_logins_prints_all_nine_roles() -> None:
    _seed()
    out = StringIO()

    call_command("demo_logins", stdout=out)

    rows = [re.split(r"\s{2,}", line) for line in out.getvalue().splitlines()[1:]]
    assert [row[0] for row in rows] == [Role(role).label for _local, role in ACCOUNT_ROLES]
    assert [row[1] for row in rows] == [f"{local}@{DEMO_DOMAIN}" for local, _ in ACCOUNT_ROLES]
    assert {row[2] for row in rows} == {DEMO_PASSWORD}


def test_demo_logins_without_accounts_says_how_to_seed() -> None:
    out = StringIO()

    call_command("demo_logins", stdout=out)

    assert out.getvalue() == (
        f"No accounts at @{DEMO_DOMAIN}. Run `manage.py seed --scale demo`.\n"
    )
