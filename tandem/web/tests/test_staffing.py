"""The administrator's staff pages: roles and coach profiles from Tandem's own interface
(issue #16 item 2). Rules and the record of changes: tandem/privacy/staffing.py."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.admin.models import LogEntry
from django.utils import timezone

from tandem.enrollment.matching.selectors import candidates_load
from tandem.notifications.models import Notification
from tandem.people.models import CoachProfile, Competency, OrgUnit, Person, Role, RoleAssignment
from tandem.people.tests.factories import (
    CoachProfileFactory,
    PersonFactory,
    make_tree,
    person_with_account,
)
from tandem.testing import fresh

OTHER_ROLES = [role for role in Role.values if role != Role.ADMINISTRATOR]


@dataclass
class Scene:
    tree: dict[str, OrgUnit]
    admin: Person
    staff: Person  # a caseworker in the administrator's county, no profile
    coach: Person  # a coach in the county, with a profile
    far: Person  # someone in the other county
    by_role: dict[str, Person]


def _build() -> Scene:
    tree = make_tree()
    admin = person_with_account(roles=(Role.ADMINISTRATOR,), org_unit=tree["intake"])
    admin.user.is_staff = True
    admin.user.save()
    staff = PersonFactory(org_unit=tree["ongoing"], first_name="Melinda", last_name="Gardner")
    coach = CoachProfileFactory(person__org_unit=tree["intake"], person__last_name="Coachly").person
    RoleAssignment.objects.create(person=coach, role=Role.COACH, scope=tree["north"])
    far = PersonFactory(org_unit=tree["permanency"], last_name="Faraway")
    by_role = {
        role: person_with_account(roles=(role,), org_unit=tree["intake"]) for role in OTHER_ROLES
    }
    return Scene(tree, admin, staff, coach, far, by_role)


@pytest.fixture(scope="module")
def scene_once(module_db):
    return module_db(_build)


@pytest.fixture
def scene(scene_once, db):
    return fresh(scene_once)


@pytest.fixture
def admin_client(client, scene):
    client.force_login(scene.admin.user)
    return client


def _log(person: Person) -> list[str]:
    return list(
        LogEntry.objects.filter(object_id=str(person.pk), content_type__model="person")
        .order_by("pk")
        .values_list("change_message", flat=True)
    )


def _profile_post(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "coach_type": "internal",
        "expertise_level": "competent",
        "capacity": "4",
        "accepting_learners": "on",
        "office": "",
        "trained_models": "GROW",
        "bio": "",
        "external_organization": "",
        "contract_start": "",
        "contract_end": "",
    }
    data |= changes
    return {k: v for k, v in data.items() if v is not None}


# --- Who may open the pages --------------------------------------------------------------------


def test_staff_list_shows_roles_and_profiles_to_the_administrator(admin_client, scene):
    response = admin_client.get("/administration/staff/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Melinda Gardner" in html
    assert "Internal coach, up to 6 learners" in html
    # Only the county the administrator administers: nobody from the other county.
    assert "Faraway" not in html


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_every_other_role_is_refused(client, scene, role):
    client.force_login(scene.by_role[role].user)
    pk = scene.staff.pk
    assert client.get("/administration/staff/").status_code == 403
    assert client.get(f"/administration/staff/{pk}/").status_code == 403
    assert client.get(f"/administration/staff/{pk}/coach-profile/").status_code == 403
    post = {"role": Role.PROGRAM_LEAD, "scope": scene.tree["north"].pk}
    assert client.post(f"/administration/staff/{pk}/roles/", post).status_code == 403
    assert (
        client.post(f"/administration/staff/{pk}/coach-profile/", _profile_post()).status_code
        == 403
    )
    assert not RoleAssignment.objects.filter(person=scene.staff).exists()
    assert not CoachProfile.objects.filter(person=scene.staff).exists()


def test_staff_outside_the_administrators_scope_are_not_found(admin_client, scene):
    assert admin_client.get(f"/administration/staff/{scene.far.pk}/").status_code == 404
    post = {"role": Role.LEARNER, "scope": scene.tree["north"].pk}
    assert (
        admin_client.post(f"/administration/staff/{scene.far.pk}/roles/", post).status_code == 404
    )


# --- Roles -------------------------------------------------------------------------------------


def test_granting_a_role_is_recorded_and_the_person_told(admin_client, scene):
    post = {"role": Role.PROGRAM_LEAD, "scope": scene.tree["north_office"].pk}
    response = admin_client.post(f"/administration/staff/{scene.staff.pk}/roles/", post)
    assert response.status_code == 302
    assert list(RoleAssignment.objects.filter(person=scene.staff).values_list("role", "scope")) == [
        (Role.PROGRAM_LEAD, scene.tree["north_office"].pk)
    ]
    assert _log(scene.staff) == ["Granted the role Program lead over North Main Office."]
    entry = LogEntry.objects.get(object_id=str(scene.staff.pk))
    assert entry.user_id == scene.admin.user_id
    assert list(
        Notification.objects.filter(recipient=scene.staff).values_list("body", flat=True)
    ) == [
        "An administrator changed your roles on your staff record in Tandem. If you did not "
        "expect this, tell your program lead."
    ]
    page = admin_client.get(f"/administration/staff/{scene.staff.pk}/").content.decode()
    assert "Granted the role Program lead over North Main Office." in page


@pytest.mark.parametrize(
    "post,message",
    [
        ({"scope": "north"}, "Choose the role to grant."),
        ({"role": Role.LEARNER}, "Choose the part of the organization the role covers."),
        ({"role": Role.LEARNER, "scope": "south"}, "Choose one of the units listed."),
        ({"role": "king", "scope": "north"}, "Select a valid choice. king is not one of"),
    ],
)
def test_a_bad_role_grant_says_what_is_wrong(admin_client, scene, post, message):
    if "scope" in post:
        post = post | {"scope": scene.tree[post["scope"]].pk}
    response = admin_client.post(f"/administration/staff/{scene.staff.pk}/roles/", post)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not RoleAssignment.objects.filter(person=scene.staff).exists()
    assert _log(scene.staff) == []


def test_a_role_held_already_is_not_granted_twice(admin_client, scene):
    RoleAssignment.objects.create(person=scene.staff, role=Role.LEARNER, scope=scene.tree["north"])
    post = {"role": Role.LEARNER, "scope": scene.tree["north"].pk}
    response = admin_client.post(f"/administration/staff/{scene.staff.pk}/roles/", post)
    assert response.status_code == 400
    assert "Melinda Gardner already holds this role: Learner over North County." in (
        response.content.decode()
    )
    assert RoleAssignment.objects.filter(person=scene.staff).count() == 1


def test_nobody_changes_their_own_roles(admin_client, scene):
    own = RoleAssignment.objects.get(person=scene.admin)
    post = {"role": Role.PROGRAM_LEAD, "scope": scene.tree["north"].pk}
    response = admin_client.post(f"/administration/staff/{scene.admin.pk}/roles/", post)
    assert response.status_code == 400
    assert (
        "You cannot change your own roles: ask another administrator." in response.content.decode()
    )
    admin_client.post(f"/administration/staff/{scene.admin.pk}/roles/{own.pk}/end/")
    assert list(RoleAssignment.objects.filter(person=scene.admin)) == [own]


def test_ending_a_role_is_recorded(admin_client, scene):
    role = RoleAssignment.objects.get(person=scene.coach)
    response = admin_client.post(
        f"/administration/staff/{scene.coach.pk}/roles/{role.pk}/end/", follow=True
    )
    assert "The role has ended." in response.content.decode()
    assert not RoleAssignment.objects.filter(pk=role.pk).exists()
    assert _log(scene.coach) == [f"Ended the role Coach over {role.scope.name}."]


def test_a_role_wider_than_the_administrators_scope_is_not_ended(admin_client, scene):
    statewide = RoleAssignment.objects.create(
        person=scene.staff, role=Role.EVALUATOR, scope=scene.tree["state"]
    )
    response = admin_client.post(
        f"/administration/staff/{scene.staff.pk}/roles/{statewide.pk}/end/", follow=True
    )
    assert "covers more than the part of the organization you administer" in (
        response.content.decode()
    )
    assert RoleAssignment.objects.filter(pk=statewide.pk).exists()


# --- Coach profiles ----------------------------------------------------------------------------


def test_a_coach_profile_created_on_the_page_is_offered_in_matching(admin_client, scene):
    competency = Competency.objects.order_by("order").first()
    post = _profile_post(competencies=[competency.pk] if competency else None)
    response = admin_client.post(f"/administration/staff/{scene.staff.pk}/coach-profile/", post)
    assert response.status_code == 302
    profile = CoachProfile.objects.get(person=scene.staff)
    assert (profile.coach_type, profile.capacity, profile.accepting_learners) == (
        "internal",
        4,
        True,
    )
    [candidate] = [
        c for c in candidates_load(today=timezone.localdate()) if c.coach_id == scene.staff.pk
    ]
    assert (candidate.active, candidate.capacity, candidate.load) == (True, 4, 0)
    # The new coach can see the learners offered to them.
    assert list(RoleAssignment.objects.filter(person=scene.staff).values_list("role", "scope")) == [
        (Role.COACH, scene.tree["north"].pk)
    ]
    assert _log(scene.staff) == [
        "Created a coach profile. Granted the role Coach over North County."
    ]


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"capacity": "lots"}, "Enter a whole number of learners, such as 6."),
        ({"capacity": "-1"}, "Enter 0 or more learners."),
        (
            {"coach_type": "external"},
            "An external (contracted) coach needs the name of their organization.",
        ),
        (
            {"contract_start": "2026-07-01", "contract_end": "2026-06-01"},
            "The contract cannot end before it starts.",
        ),
        ({"contract_end": "next June"}, "Enter a valid date."),
    ],
)
def test_a_bad_coach_profile_says_what_is_wrong_and_keeps_the_rest(
    admin_client, scene, changes, message
):
    post = _profile_post(trained_models="Solution-focused, CLEAR", **changes)
    response = admin_client.post(f"/administration/staff/{scene.staff.pk}/coach-profile/", post)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'value="Solution-focused, CLEAR"' in html
    assert not CoachProfile.objects.filter(person=scene.staff).exists()


def test_changing_a_profile_records_what_changed(admin_client, scene):
    profile = scene.coach.coach_profile
    post = _profile_post(capacity="2", expertise_level="competent", base_version=profile.version)
    post.pop("accepting_learners")
    response = admin_client.post(f"/administration/staff/{scene.coach.pk}/coach-profile/", post)
    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.capacity, profile.accepting_learners) == (2, False)
    assert _log(scene.coach) == [
        "Changed the coach profile: capacity, accepting learners, trained models."
    ]
    assert Notification.objects.filter(recipient=scene.coach).count() == 1  # told, no detail


def test_a_profile_saved_meanwhile_is_not_overwritten(admin_client, scene):
    profile = scene.coach.coach_profile
    CoachProfile.objects.filter(pk=profile.pk).update(capacity=9, version=profile.version + 1)
    post = _profile_post(capacity="2", base_version=profile.version)
    response = admin_client.post(f"/administration/staff/{scene.coach.pk}/coach-profile/", post)
    assert response.status_code == 409
    profile.refresh_from_db()
    assert profile.capacity == 9


def test_stopping_a_coach_takes_them_out_of_matching(admin_client, scene):
    response = admin_client.post(f"/administration/staff/{scene.coach.pk}/coach-profile/stop/")
    assert response.status_code == 302
    [candidate] = [
        c for c in candidates_load(today=timezone.localdate()) if c.coach_id == scene.coach.pk
    ]
    assert (candidate.active, candidate.inactive_reason) == (False, "Not taking new learners.")
    assert _log(scene.coach) == ["Coach profile: stopped taking new learners."]
    assert Notification.objects.filter(recipient=scene.coach).count() == 1


# --- Cost of the list --------------------------------------------------------------------------


def test_staff_list_queries_do_not_grow(admin_client, scene, page_queries):
    def add_extra(i: int) -> None:
        extra = PersonFactory(org_unit=scene.tree["intake"], last_name=f"Extra{i}")
        RoleAssignment.objects.create(person=extra, role=Role.LEARNER, scope=scene.tree["north"])
        RoleAssignment.objects.create(
            person=extra, role=Role.SUPERVISOR, scope=scene.tree["intake"]
        )
        CoachProfileFactory(person=extra)

    url = "/administration/staff/"
    add_extra(0)
    one = page_queries(url, {"q": "Extra"}, client=admin_client)
    add_extra(1)
    add_extra(2)
    assert page_queries(url, {"q": "Extra"}, client=admin_client) == one


def test_an_administrator_who_coaches_cannot_set_their_own_expertise(admin_client, scene):
    profile = CoachProfileFactory(person=scene.admin, expertise_level="novice")
    post = _profile_post(expertise_level="expert", base_version=profile.version)
    response = admin_client.post(f"/administration/staff/{scene.admin.pk}/coach-profile/", post)
    assert response.status_code == 400
    assert "You cannot change your own expertise level" in response.content.decode()
    profile.refresh_from_db()
    assert profile.expertise_level == "novice"
