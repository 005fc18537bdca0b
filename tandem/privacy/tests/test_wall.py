"""The wall between coaching and performance evaluation, and the append-only audit trail."""

import pytest
from django.contrib import admin
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import reverse

from tandem.privacy.models import AccessEvent, ExceptionDisclosure

pytestmark = pytest.mark.django_db

CONFIDENTIAL_APPS = {"coaching", "privacy"}


def _admin_of_everything(world):
    supervisor = world.people["supervisor"]
    supervisor.user.is_staff = supervisor.user.is_superuser = True
    supervisor.user.save()
    return supervisor


def test_no_coaching_record_is_registered_in_django_admin():
    registered = {model._meta.app_label for model in admin.site._registry}
    assert registered & CONFIDENTIAL_APPS == set()


def test_superuser_supervisor_finds_no_content_in_admin_pages(client, world):
    client.force_login(_admin_of_everything(world).user)
    for url in (
        "/admin/",
        "/admin/coaching/note/",
        "/admin/coaching/engagement/1/change/",
        "/admin/privacy/accessevent/",
        f"/admin/people/person/{world.people['learner'].pk}/change/",
    ):
        response = client.get(url, follow=True)
        assert response.status_code in (200, 404), url
        assert world.markers_in(response.content.decode()) == set(), url


def test_a_supervisor_with_admin_rights_sees_nothing_of_coaching(client, world):
    """Admin rights never widen access; an account holding them holds no coaching relation,
    so even what the agreement grants the supervisor stays closed to it."""
    client.force_login(_admin_of_everything(world).user)
    for engagement in (world.e1, world.e2):
        response = client.get(reverse("coaching:engagement_detail", args=[engagement.pk]))
        assert (response.status_code, world.markers_in(response.content.decode())) == (404, set())


def test_directory_search_never_returns_coaching_content(client, world):
    client.force_login(_admin_of_everything(world).user)
    for url in (
        reverse("people:person_list") + "?q=LEAK",
        reverse("people:person_list") + "?q=confidential",
        reverse("people:person_detail", args=[world.people["learner"].pk]),
        "/admin/people/person/?q=LEAK",
    ):
        response = client.get(url)
        assert world.markers_in(response.content.decode()) == set(), url


@pytest.mark.parametrize("guess", range(1, 6))
def test_guessed_ids_reveal_nothing(client, world, guess):
    client.force_login(world.people["other_supervisor"].user)
    for name in ("coaching:engagement_detail", "privacy:sharing", "privacy:disclosure_new"):
        response = client.get(reverse(name, args=[guess]))
        assert response.status_code == 404
        assert world.markers_in(response.content.decode()) == set()


def _one_event(world):
    return AccessEvent.objects.create(
        viewer=world.people["coach"],
        engagement=world.e1,
        record_type="note",
        record_id=1,
        category="private",
        action="view",
        relation="Coach",
        via="test",
    )


def test_audit_rows_cannot_be_changed_or_deleted_by_the_application(world):
    event = _one_event(world)
    event.via = "edited"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AccessEvent.objects.all().update(via="edited")
    with pytest.raises(PermissionError):
        AccessEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        ExceptionDisclosure.objects.all().delete()


def test_database_refuses_to_update_audit_rows(world):
    event = _one_event(world)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE privacy_accessevent SET via = 'edited' WHERE id = %s", [event.pk])
    event.refresh_from_db()
    assert event.via == "test"


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="DELETE is refused by PostgreSQL only"
)
def test_postgresql_refuses_to_delete_audit_rows(world):
    event = _one_event(world)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM privacy_accessevent WHERE id = %s", [event.pk])
    assert AccessEvent.objects.filter(pk=event.pk).count() == 1
