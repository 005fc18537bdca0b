import re
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tandem.people.models import Role
from tandem.people.tests.factories import TEST_PASSWORD, person_with_account

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture
def learner(tree):
    return person_with_account(
        roles=(Role.LEARNER,), org_unit=tree["intake"], work_email="sam.ortiz@example.org"
    )


def _sign_in(client, email, password):
    return client.post(LOGIN, {"username": email, "password": password})


def test_sign_in_with_right_password_lands_on_role_home(client, learner):
    response = _sign_in(client, "Sam.Ortiz@example.org", TEST_PASSWORD)
    assert response.status_code == 302
    assert client.get(response["Location"]).url == reverse("web:my_coaching")


def test_sign_in_with_wrong_password_says_so_and_keeps_the_email(client, learner):
    response = _sign_in(client, "sam.ortiz@example.org", "not the password")
    page = response.content.decode()
    assert response.status_code == 200
    assert "That email and password do not match an account." in page
    assert 'value="sam.ortiz@example.org"' in page
    assert "_auth_user_id" not in client.session


def test_sign_in_is_locked_after_five_failures_even_with_right_password(client, learner):
    for _ in range(5):
        _sign_in(client, "sam.ortiz@example.org", "wrong")
    response = _sign_in(client, "sam.ortiz@example.org", TEST_PASSWORD)
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_counts_failures_whatever_the_email_case(client, learner):
    for attempt in range(5):
        email = "SAM.ORTIZ@example.org" if attempt % 2 else "sam.ortiz@example.org"
        _sign_in(client, email, "wrong")
    assert _sign_in(client, "sam.ortiz@example.org", TEST_PASSWORD).status_code == 429


def test_lockout_of_one_account_does_not_lock_another(client, tree, learner):
    other = person_with_account(org_unit=tree["intake"], work_email="kim.lee@example.org")
    for _ in range(5):
        _sign_in(client, "sam.ortiz@example.org", "wrong")
    response = _sign_in(client, other.work_email, TEST_PASSWORD)
    assert response.status_code == 302


def test_passwords_are_stored_with_argon2(settings, learner):
    settings.PASSWORD_HASHERS = ["tandem.accounts.hashers.TandemArgon2PasswordHasher"]
    learner.user.set_password("a long enough passphrase")
    learner.user.save()
    learner.user.refresh_from_db()
    assert learner.user.password.startswith("argon2$argon2id$")
    assert learner.user.check_password("a long enough passphrase") is True


def test_idle_session_expires_and_asks_to_sign_in_again(client, learner):
    client.force_login(learner.user)
    assert client.get("/my-coaching/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/my-coaching/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_session_cookie_ends_with_the_browser_and_after_idle_time(settings, client, learner):
    client.force_login(learner.user)
    response = client.get("/my-coaching/")
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["expires"] == ""  # a browser-session cookie
    assert client.session.get_expiry_age() == 60 * 60


def test_password_reset_email_link_sets_a_new_password(client, learner):
    response = client.post("/accounts/password-reset/", {"email": "sam.ortiz@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sam.ortiz@example.org"]
    link = re.search(r"http://testserver(/accounts/reset/\S+)", mail.outbox[0].body).group(1)

    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    new = "river stone lantern 42"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done.status_code == 302
    learner.user.refresh_from_db()
    assert learner.user.check_password(new) is True


def test_password_reset_for_unknown_email_sends_nothing_and_reveals_nothing(client, learner):
    response = client.post(
        "/accounts/password-reset/", {"email": "nobody@example.org"}, follow=True
    )
    assert "Check your email" in response.content.decode()
    assert mail.outbox == []


def test_sign_out_ends_the_session(client, learner):
    client.force_login(learner.user)
    client.post("/accounts/logout/")
    assert client.get("/my-coaching/").status_code == 302
