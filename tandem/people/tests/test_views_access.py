"""Every directory page: open to signed-in staff, closed to everyone else."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.people.tests.factories import CoachProfileFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls(tree: dict) -> dict[str, str]:
    profile = CoachProfileFactory(person__org_unit=tree["intake"])
    return {
        "person_list": reverse("people:person_list"),
        "person_detail": reverse("people:person_detail", args=[profile.person.pk]),
        "orgunit_list": reverse("people:orgunit_list"),
        "orgunit_detail": reverse("people:orgunit_detail", args=[tree["north"].pk]),
        "coach_list": reverse("people:coach_list"),
        "coach_detail": reverse("people:coach_detail", args=[profile.pk]),
    }


PAGES = [
    "person_list",
    "person_detail",
    "orgunit_list",
    "orgunit_detail",
    "coach_list",
    "coach_detail",
]


@pytest.mark.parametrize("page", PAGES)
def test_directory_page_allowed_for_signed_in_staff(viewer_client, urls, page):
    assert viewer_client.get(urls[page]).status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_directory_page_redirects_anonymous_to_sign_in(client, urls, page):
    response = client.get(urls[page])
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={urls[page]}"


@pytest.mark.parametrize("page", PAGES)
def test_directory_page_forbidden_without_staff_record(unlinked_client, urls, page):
    assert unlinked_client.get(urls[page]).status_code == 403


@pytest.mark.parametrize("page", PAGES)
def test_directory_page_forbidden_for_separated_staff(client, tree, urls, page):
    separated = PersonFactory(org_unit=tree["intake"], is_active=False, user=UserFactory())
    client.force_login(separated.user)
    assert client.get(urls[page]).status_code == 403


@pytest.mark.parametrize(
    "name", ["people:person_detail", "people:orgunit_detail", "people:coach_detail"]
)
def test_directory_detail_unknown_id_is_not_found(viewer_client, name):
    assert viewer_client.get(reverse(name, args=[999_999])).status_code == 404
