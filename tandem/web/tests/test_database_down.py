"""While the database cannot be reached, pages answer 503 with a page that says when to try
again; once it is back, the same request works. Other errors stay a plain 500."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client
from django.urls import reverse

from tandem.people.tests.factories import make_tree, person_with_account

pytestmark = pytest.mark.django_db
EXECUTE = "django.db.backends.utils.CursorWrapper.execute"


@pytest.fixture
def browser():
    """A signed-in client that gets the error pages a browser gets (no re-raised exception)."""
    client = Client(raise_request_exception=False)
    client.force_login(person_with_account(org_unit=make_tree()["intake"]).user)
    return client


@pytest.mark.parametrize(
    "error",
    [OperationalError("server closed the connection unexpectedly"), InterfaceError("closed")],
)
def test_a_database_restart_answers_503_with_retry_after_then_recovers(browser, error):
    url = reverse("coaching:engagement_list")
    with mock.patch(EXECUTE, side_effect=error):
        response = browser.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "Tandem is briefly unavailable" in page
    assert "your browser still has what you typed" in page
    assert browser.get(url).status_code == 200


def test_any_other_error_is_still_a_plain_500(browser):
    with mock.patch(EXECUTE, side_effect=ValueError("a bug")):
        response = browser.get(reverse("coaching:engagement_list"))
    assert response.status_code == 500
    assert "Retry-After" not in response
