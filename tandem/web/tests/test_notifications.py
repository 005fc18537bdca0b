"""The notifications page and the header's unread count (issue #16, item 6a).

Each person sees and changes only their own notifications; another person's answer 404.
Notifications carry no coaching content, so the page needs no privacy policy: the page a
notification links to decides again on open."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from tandem.notifications.models import Notification
from tandem.notifications.services import notification_send
from tandem.people.models import Role
from tandem.people.tests.factories import make_tree, person_with_account
from tandem.testing import fresh

LIST = reverse("web:notifications")
OTHERS_MARKER = "MARKER-someone-elses-notification"


def _build() -> SimpleNamespace:
    tree = make_tree()
    alice = person_with_account(roles=(Role.LEARNER,), org_unit=tree["intake"])
    bob = person_with_account(roles=(Role.COACH,), org_unit=tree["intake"])
    first = notification_send(
        recipient=alice,
        subject="Your coach scheduled a session",
        body="A session was scheduled. Open Tandem to see when.",
        url=reverse("web:my_coaching"),
    )
    bobs = notification_send(
        recipient=bob, subject=f"For Bob {OTHERS_MARKER}", body=OTHERS_MARKER, url="/"
    )
    return SimpleNamespace(alice=alice, bob=bob, first=first, bobs=bobs)


@pytest.fixture(scope="module")
def scene_once(module_db):
    return module_db(_build)


@pytest.fixture
def scene(scene_once, db):
    return fresh(scene_once)


def _as(client, person):
    client.force_login(person.user)
    return client


def _more_for(person, n):
    for i in range(n):
        notification_send(recipient=person, subject=f"Update {i}", body="Something happened.")


def test_notifications_page_shows_my_own_and_not_anyone_elses(client, scene):
    page = _as(client, scene.alice).get(LIST).content.decode()
    assert "Your coach scheduled a session" in page
    assert OTHERS_MARKER not in page
    assert "1 unread." in page


def test_header_names_the_unread_count_in_words(client, scene):
    _more_for(scene.alice, 2)
    page = _as(client, scene.alice).get(reverse("web:my_coaching")).content.decode()
    link = page.split('id="notifications-link"')[1].split("</a>")[0]
    assert link == (
        f' href="{LIST}" aria-label="Notifications, 3 unread">Notifications'
        ' <span class="usa-tag margin-left-05">3</span>'
    )


def test_header_shows_no_count_when_everything_is_read(client, scene):
    Notification.objects.filter(recipient=scene.alice).update(read_at=scene.first.created_at)
    page = _as(client, scene.alice).get(reverse("web:my_coaching")).content.decode()
    link = page.split('id="notifications-link"')[1].split("</a>")[0]
    assert link == f' href="{LIST}">Notifications'


def test_marking_one_read_lowers_the_count(client, scene):
    _more_for(scene.alice, 1)
    client = _as(client, scene.alice)
    response = client.post(reverse("web:notification_read", args=[scene.first.pk]))
    assert response.status_code == 302
    assert response.url == LIST
    scene.first.refresh_from_db()
    assert scene.first.read_at is not None
    page = client.get(LIST).content.decode()
    assert "1 unread." in page
    assert 'aria-label="Notifications, 1 unread"' in page


def test_marking_read_with_htmx_answers_the_row_and_the_new_count(client, scene):
    client = _as(client, scene.alice)
    response = client.post(
        reverse("web:notification_read", args=[scene.first.pk]), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count(f'id="notification-{scene.first.pk}"') == 1
    assert "Mark as read" not in html  # the row is read now
    assert (
        'id="notifications-link" href="/notifications/" hx-swap-oob="true">Notifications</a>'
        in html
    )
    assert "Marked as read. No unread notifications." in html


def test_mark_all_read_marks_only_mine(client, scene):
    _more_for(scene.alice, 2)
    response = _as(client, scene.alice).post(reverse("web:notifications_read_all"))
    assert response.status_code == 302
    assert Notification.objects.filter(recipient=scene.alice, read_at__isnull=True).count() == 0
    assert Notification.objects.get(pk=scene.bobs.pk).read_at is None


def test_someone_elses_notification_cannot_be_marked_or_opened(client, scene):
    client = _as(client, scene.alice)
    for name in ("web:notification_read", "web:notification_open"):
        assert client.post(reverse(name, args=[scene.bobs.pk])).status_code == 404
    assert Notification.objects.get(pk=scene.bobs.pk).read_at is None


def test_marking_read_needs_a_post(client, scene):
    response = _as(client, scene.alice).get(reverse("web:notification_read", args=[scene.first.pk]))
    assert response.status_code == 405


def test_opening_marks_read_and_goes_to_the_page_it_is_about(client, scene):
    response = _as(client, scene.alice).post(
        reverse("web:notification_open", args=[scene.first.pk])
    )
    assert response.status_code == 302
    assert response.url == reverse("web:my_coaching")
    scene.first.refresh_from_db()
    assert scene.first.read_at is not None


def test_opening_a_link_to_another_site_goes_back_to_the_list(client, scene):
    Notification.objects.filter(pk=scene.first.pk).update(url="//elsewhere.example/")
    response = _as(client, scene.alice).post(
        reverse("web:notification_open", args=[scene.first.pk])
    )
    assert response.url == LIST


def test_signed_out_visitors_are_sent_to_sign_in(client, scene):
    assert client.get(LIST).status_code == 302


def test_notifications_page_queries_do_not_grow(client, scene, page_queries):
    client = _as(client, scene.alice)
    one = page_queries(LIST, client=client)
    _more_for(scene.alice, 2)
    assert page_queries(LIST, client=client) == one


def test_header_count_is_one_query_whatever_the_number(client, scene, page_queries):
    client = _as(client, scene.alice)
    url = reverse("web:baseline")
    one = page_queries(url, client=client)
    _more_for(scene.alice, 2)
    assert page_queries(url, client=client) == one
