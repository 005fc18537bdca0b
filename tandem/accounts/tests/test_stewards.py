"""The administrator's "Data admin" (Django admin): rights on people-app models only, for as
long as they hold the administrator role (tandem/accounts/stewards.py, issue #16 item 2)."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission

from tandem.accounts.stewards import STEWARD_PERMISSIONS
from tandem.people.models import Role, RoleAssignment
from tandem.people.tests.factories import CoachProfileFactory, PersonFactory, person_with_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def steward(tree):
    person = person_with_account(roles=(Role.ADMINISTRATOR,), org_unit=tree["intake"])
    person.user.is_staff = True
    person.user.save()
    return person


def test_the_administrator_can_use_the_data_admin(client, tree, steward):
    other = PersonFactory(org_unit=tree["ongoing"])
    client.force_login(steward.user)
    index = client.get("/admin/").content.decode()
    assert "have permission to view or edit anything" not in index
    assert "Persons" in index or "People" in index
    assert client.get("/admin/people/person/").status_code == 200
    assert client.get(f"/admin/people/person/{other.pk}/change/").status_code == 200
    assert client.get("/admin/people/orgunit/").status_code == 200
    assert client.get("/admin/people/practicearea/add/").status_code == 200


def test_roles_and_coach_profiles_are_read_only_in_the_data_admin(client, tree, steward):
    profile = CoachProfileFactory(person__org_unit=tree["intake"])
    client.force_login(steward.user)
    assert client.get("/admin/people/roleassignment/").status_code == 200
    assert client.get("/admin/people/roleassignment/add/").status_code == 403
    assert client.get("/admin/people/coachprofile/add/").status_code == 403
    page = client.get(f"/admin/people/coachprofile/{profile.pk}/change/")
    assert page.status_code == 200
    assert 'name="capacity"' not in page.content.decode()  # shown, not editable
    response = client.post(f"/admin/people/coachprofile/{profile.pk}/change/", {"capacity": "1"})
    assert response.status_code == 403
    profile.refresh_from_db()
    assert profile.capacity == 6


def test_a_staff_account_without_the_administrator_role_gets_nothing(client, tree):
    person = person_with_account(roles=(Role.PROGRAM_LEAD,), org_unit=tree["intake"])
    person.user.is_staff = True
    person.user.save()
    client.force_login(person.user)
    assert "have permission to view or edit anything" in client.get("/admin/").content.decode()
    assert client.get("/admin/people/person/").status_code == 403


def test_ending_the_administrator_role_ends_the_admin_rights(client, steward):
    client.force_login(steward.user)
    assert client.get("/admin/people/person/").status_code == 200
    RoleAssignment.objects.filter(person=steward, role=Role.ADMINISTRATOR).delete()
    assert client.get("/admin/people/person/").status_code == 403


def test_an_administrator_without_the_data_steward_flag_cannot_open_the_admin(client, tree):
    person = person_with_account(roles=(Role.ADMINISTRATOR,), org_unit=tree["intake"])
    client.force_login(person.user)
    assert client.get("/admin/").status_code == 302  # to the admin's sign-in


def test_steward_rights_name_only_people_models_and_nothing_is_deleted():
    people_perms = set(
        Permission.objects.filter(content_type__app_label="people").values_list(
            "codename", flat=True
        )
    )
    assert {p.split(".")[0] for p in STEWARD_PERMISSIONS} == {"people"}
    assert {p.split(".")[1] for p in STEWARD_PERMISSIONS} <= people_perms
    assert not [p for p in STEWARD_PERMISSIONS if ".delete_" in p]
    # No Tandem model outside the people app is in the admin at all (coaching content stays
    # out of it); the other registered models are libraries', on which stewards get nothing.
    tandem_apps = {
        m._meta.app_label for m in admin.site._registry if m.__module__.startswith("tandem.")
    }
    assert tandem_apps == {"people"}


def test_a_steward_sees_and_changes_only_the_staff_and_units_they_administer(client, tree, steward):
    mine = PersonFactory(org_unit=tree["ongoing"], last_name="Insidecounty")
    theirs = PersonFactory(org_unit=tree["permanency"], last_name="Othercounty")
    client.force_login(steward.user)
    listing = client.get("/admin/people/person/").content.decode()
    assert "Insidecounty" in listing and "Othercounty" not in listing
    # Another county's record does not open (the admin says it does not exist).
    assert client.get(f"/admin/people/person/{theirs.pk}/change/").status_code == 302
    page = client.get(f"/admin/people/person/{mine.pk}/change/").content.decode()
    assert 'name="user"' not in page  # who signs in as this person: superusers only

    def unit_editable(unit) -> bool:
        page = client.get(f"/admin/people/orgunit/{unit.pk}/change/")
        assert page.status_code == 200  # shown, at most read-only
        return 'name="name"' in page.content.decode()

    assert unit_editable(tree["ongoing"]) is True
    assert unit_editable(tree["permanency"]) is False  # another county
    # The top of their own scope is not moved from the admin.
    scope = RoleAssignment.objects.get(person=steward, role=Role.ADMINISTRATOR).scope
    assert unit_editable(scope) is False
