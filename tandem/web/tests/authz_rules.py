"""The notifications pages in the authorization matrix: each person reaches only their own
(another person's notification answers 404 to marking and opening, as a missing one does)."""

from __future__ import annotations

from tandem.notifications.services import notification_send
from tandem.privacy.tests.authz import HIDDEN, LOGIN, OK, REDIRECT, Rule, everyone, only

LEARNERS_NOTIFICATION = "NOTIFICATION-for-the-learner-only"

RULES = {
    "web:notifications": [Rule(everyone(OK))],
    "web:notifications_read_all": [Rule(everyone(REDIRECT, anonymous=LOGIN), method="post")],
    "web:notification_read": [
        Rule(
            only({"learner": REDIRECT}, otherwise=HIDDEN),
            args=("learner_notification",),
            method="post",
        )
    ],
    "web:notification_open": [
        Rule(
            only({"learner": REDIRECT}, otherwise=HIDDEN),
            args=("learner_notification",),
            method="post",
        )
    ],
}


def objects(world) -> dict[str, int]:  # type: ignore[no-untyped-def]
    notification = notification_send(
        recipient=world.people["learner"],
        subject=LEARNERS_NOTIFICATION,
        body=LEARNERS_NOTIFICATION,
        url="/my-coaching/",
    )
    return {"learner_notification": notification.pk}


def needles(world) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    return {LEARNERS_NOTIFICATION: {"learner"}}
