"""An administrator cannot become a learner, a supervisor or a program lead to read coaching.

The attempt: link one's own account to a learner's staff record in the Django admin (or make
oneself someone's line supervisor, or grant oneself a role), then read their coaching record.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.forms.models import model_to_dict
from django.test import RequestFactory
from django.urls import reverse

from tandem.notifications.models import Notification
from tandem.people.admin import SELF_REFUSED, PersonAdmin, RoleAssignmentAdmin
from tandem.people.models import Person, Role, RoleAssignment

pytestmark = pytest.mark.django_db


def _admin_request(person: Person):
    request = RequestFactory().post("/admin/")
    request.user = person.user
    return request


def _person_form(actor: Person, target: Person, **changes):
    model_admin = PersonAdmin(Person, admin.site)
    request = _admin_request(actor)
    form_class = model_admin.get_form(request, target, change=True)
    data = {k: v for k, v in model_to_dict(target).items() if v is not None} | changes
    return form_class(data=data, instance=target)


@pytest.fixture
def superuser(world):
    administrator = world.people["administrator"]
    administrator.user.is_superuser = True
    administrator.user.save()
    return administrator


def test_linking_ones_own_account_to_a_learners_record_is_refused(world, superuser):
    learner = world.people["learner"]
    form = _person_form(superuser, learner, user=superuser.user.pk)
    assert form.errors["user"] == [SELF_REFUSED]
    learner.refresh_from_db()
    assert learner.user_id == world.people["learner"].user_id


def test_making_oneself_someones_line_supervisor_is_refused(world, superuser):
    form = _person_form(superuser, world.people["learner"], supervisor=superuser.pk)
    assert form.errors["supervisor"] == [SELF_REFUSED]


def test_granting_oneself_a_role_is_refused(world, superuser):
    model_admin = RoleAssignmentAdmin(RoleAssignment, admin.site)
    form_class = model_admin.get_form(_admin_request(superuser), None)
    data = {"person": superuser.pk, "role": Role.PROGRAM_LEAD, "scope": world.tree["state"].pk}
    form = form_class(data=data)
    assert form.errors["person"] == [SELF_REFUSED]


def test_another_administrator_may_change_a_supervisor_and_the_person_is_told(world, superuser):
    learner = world.people["learner"]
    form = _person_form(superuser, learner, supervisor=world.people["other_supervisor"].pk)
    assert form.errors == {}
    PersonAdmin(Person, admin.site).save_model(_admin_request(superuser), form.save(), form, True)
    note = Notification.objects.get(recipient=learner)
    assert note.subject == "An administrator changed your staff record"
    assert "supervisor" in note.body


def test_an_account_with_admin_rights_reads_no_coaching_even_when_linked_to_a_learner(
    client, world
):
    # Suppose an account with admin rights got linked to the learner's record anyway (by
    # another administrator, or in the database): it is that account that signs in.
    account = world.people["learner"].user
    account.is_staff = True
    account.save()
    client.force_login(account)
    detail = client.get(reverse("coaching:engagement_detail", args=[world.e1.pk]))
    mine = client.get(reverse("web:my_coaching")).content.decode()
    assert detail.status_code == 404
    assert world.markers_in(mine) == set()


def test_the_same_learner_without_admin_rights_reads_their_coaching(client, world):
    """The check above can fail: the learner's own account does read it."""
    client.force_login(world.people["learner"].user)
    detail = client.get(reverse("coaching:engagement_detail", args=[world.e1.pk]))
    assert detail.status_code == 200
    assert "LEAK-learner_journal-E1" in world.markers_in(detail.content.decode())
