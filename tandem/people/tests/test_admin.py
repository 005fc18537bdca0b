"""The data stewards' admin: every changelist loads; the forms keep the data's rules."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.people.models import CoachProfile, OrgUnit, Role, RoleAssignment
from tandem.people.tests.factories import CoachProfileFactory, PersonFactory
from tandem.people.tests.html import parse
from tandem.ui.tests.helpers import as_posted, conflict_sides

pytestmark = pytest.mark.django_db

MODELS = [
    "orgunit",
    "person",
    "roleassignment",
    "coachprofile",
    "practicearea",
    "language",
    "modality",
    "competency",
]


@pytest.mark.parametrize("model", MODELS)
def test_admin_changelist_loads_for_superuser(steward_client, tree, model):
    person = PersonFactory(org_unit=tree["intake"])
    RoleAssignment.objects.create(person=person, role=Role.COACH, scope=tree["north"])
    CoachProfileFactory(person=person)
    assert steward_client.get(reverse(f"admin:people_{model}_changelist")).status_code == 200


@pytest.mark.parametrize("model", MODELS)
def test_admin_add_form_loads_for_superuser(steward_client, tree, model):
    assert steward_client.get(reverse(f"admin:people_{model}_add")).status_code == 200


def test_admin_changelists_are_closed_to_staff_without_admin_access(viewer_client):
    response = viewer_client.get(reverse("admin:people_person_changelist"))
    assert response.status_code == 302


def test_admin_person_search_and_change_page_load(steward_client, tree):
    person = PersonFactory(first_name="Findme", last_name="Please", org_unit=tree["intake"])
    response = steward_client.get(reverse("admin:people_person_changelist"), {"q": "findme"})
    assert parse(response.content).find("p", class_="paginator").text == "1 person"
    response = steward_client.get(reverse("admin:people_person_change", args=[person.pk]))
    assert response.status_code == 200


def test_admin_adds_an_org_unit_under_its_parent_through_the_tree(steward_client, tree):
    response = steward_client.post(
        reverse("admin:people_orgunit_add"),
        {
            "name": "Adoption",
            "kind": OrgUnit.Kind.UNIT,
            "code": "",
            "treebeard_position": "first-child",
            "treebeard_ref_node": tree["south_office"].pk,
        },
    )
    assert response.status_code == 302
    unit = OrgUnit.objects.get(name="Adoption")
    parent = OrgUnit.objects.get_parent(unit)
    assert (parent.pk, unit.depth) == (tree["south_office"].pk, 4)
    assert OrgUnit.objects.get(pk=tree["south_office"].pk).numchild == 2
    assert OrgUnit.objects.find_problems() == ([], [], [], [], [])


def _coach_form(person, **overrides):
    data = {
        "person": person.pk,
        "coach_type": CoachProfile.CoachType.EXTERNAL,
        "capacity": 4,
        "expertise_level": CoachProfile.Expertise.EXPERT,
        "external_organization": "",
        "accepting_learners": "on",
    }
    return {**data, **overrides}


def test_admin_rejects_external_coach_without_organization(steward_client, tree):
    person = PersonFactory(org_unit=tree["intake"])
    response = steward_client.post(reverse("admin:people_coachprofile_add"), _coach_form(person))
    assert response.status_code == 200
    errors = parse(response.content).texts("ul", class_="errorlist")
    assert errors == ["An external (contracted) coach needs the name of their organization."]
    assert CoachProfile.objects.count() == 0


def test_admin_rejects_contract_ending_before_it_starts(steward_client, tree):
    person = PersonFactory(org_unit=tree["intake"])
    data = _coach_form(
        person,
        external_organization="Co-op",
        contract_start="2025-06-01",
        contract_end="2025-01-01",
    )
    response = steward_client.post(reverse("admin:people_coachprofile_add"), data)
    errors = parse(response.content).texts("ul", class_="errorlist")
    assert errors == ["The contract cannot end before it starts."]


def test_admin_saves_external_coach_with_organization(steward_client, tree):
    person = PersonFactory(org_unit=tree["intake"])
    data = _coach_form(person, external_organization="Coaching Co-op")
    response = steward_client.post(reverse("admin:people_coachprofile_add"), data)
    assert response.status_code == 302
    assert CoachProfile.objects.get().external_organization == "Coaching Co-op"


def test_two_stewards_editing_one_coach_profile_never_overwrite_each_other(steward_client, tree):
    person = PersonFactory(org_unit=tree["intake"])
    profile = CoachProfile.objects.create(
        person=person, coach_type="internal", expertise_level="competent", bio="First bio"
    )
    url = reverse("admin:people_coachprofile_change", args=[profile.pk])
    tab_one = steward_client.get(url).context["adminform"].form
    tab_two = steward_client.get(url).context["adminform"].form
    assert tab_one["base_version"].value() == 1

    first = steward_client.post(url, as_posted(tab_one, bio="TAB-ONE bio", capacity="3"))
    assert first.status_code == 302
    page = steward_client.post(url, as_posted(tab_two, trained_models="TAB-TWO GROW"))

    assert page.status_code == 409
    theirs, yours = conflict_sides(page.content.decode())
    assert ("TAB-ONE bio" in theirs, "TAB-TWO GROW" in yours) == (True, True)
    profile.refresh_from_db()
    assert (profile.bio, profile.capacity, profile.trained_models, profile.version) == (
        "TAB-ONE bio",
        3,
        "",
        2,
    )
    form = page.context["adminform"].form
    assert (form["trained_models"].value(), form["base_version"].value()) == ("TAB-TWO GROW", "2")
    # Saving again from the conflict page is a deliberate choice.
    assert steward_client.post(url, as_posted(form)).status_code == 302
    assert CoachProfile.objects.get(pk=profile.pk).trained_models == "TAB-TWO GROW"
