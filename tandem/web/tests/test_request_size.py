"""A form larger than Tandem accepts gets a page saying so (413), not Django's bare 400; a form
under the limit reaches its view, whose boxes each have their own limit."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tandem.people.tests.factories import make_tree, person_with_account

pytestmark = pytest.mark.django_db
FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def signed_in(client):
    client.force_login(person_with_account(org_unit=make_tree()["intake"]).user)
    return client


def test_forms_are_capped_at_5_mb():
    assert django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 5 * 1024 * 1024


def test_a_form_over_the_limit_gets_the_413_page_and_nothing_is_read(signed_in, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    body = urlencode({"body": "x" * (1024 * 1024)})
    response = signed_in.post(reverse("coaching:engagement_list"), body, content_type=FORM)
    html = response.content.decode()
    assert response.status_code == 413
    assert "<h1>Too much to save at once</h1>" in html
    assert "larger than Tandem accepts (1 MB), so nothing was saved" in html
    assert "a box takes up to 20,000 characters" in html


def test_a_form_under_the_limit_reaches_the_page(signed_in, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = urlencode({"q": "x" * 100})
    response = signed_in.post(reverse("coaching:engagement_list"), body, content_type=FORM)
    assert response.status_code != 413


def test_a_file_upload_is_left_to_django_and_the_form_s_own_check(signed_in, settings):
    # The limit leaves files out (a staff import file may be 25 MB).
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    upload = SimpleUploadedFile("staff.csv", b"x" * 5000, "text/csv")
    response = signed_in.post(reverse("coaching:engagement_list"), {"file": upload})
    assert response.status_code != 413
