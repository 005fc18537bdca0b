"""Session and calendar URLs in the authorization matrix (collected by
tandem/privacy/tests/test_matrix.py). The older coaching URLs stay declared there.

E1 shares attendance with the supervisor and the program lead, so they may know session
times, but only the coach and the learner arrange sessions or see where they meet."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from tandem.coaching.models import CoachingSession, Engagement
from tandem.coaching.services import calendar_feed_regenerate, member_add
from tandem.privacy.tests.authz import (
    DENY,
    HIDDEN,
    OK,
    REDIRECT,
    REFUSED,
    Rule,
    everyone,
    only,
)

ZONE = ZoneInfo("America/Denver")

# Who takes part in E1 and how far: arranging is for coach and learner; the others who may
# know E1 exists are refused; everyone else is told it does not exist.
ARRANGE_E1 = {
    "learner": OK,
    "coach": OK,
    "supervisor": DENY,
    "program_lead": DENY,
    "coach_supervisor": DENY,
}


def _e1(outcome: str) -> dict[str, str]:
    return only({**ARRANGE_E1, "learner": outcome, "coach": outcome}, otherwise=HIDDEN)


def _coach_only(outcome: str) -> dict[str, str]:
    return only({**ARRANGE_E1, "learner": DENY, "coach": outcome}, otherwise=HIDDEN)


RULES = {
    "coaching:schedule": [Rule(everyone(OK))],
    "coaching:calendar_feed_settings": [
        Rule(everyone(OK)),
        Rule(everyone(OK), method="post", data={"action": "regenerate"}),
    ],
    "coaching:calendar_feed": [
        # The secret token is the key: no sign-in, and a wrong token finds nothing.
        Rule(everyone(OK, anonymous=OK), args=("coaching_feed_token",)),
        Rule(everyone(HIDDEN, anonymous=HIDDEN), args=("coaching_bad_token",)),
    ],
    "coaching:session_reschedule": [
        Rule(_e1(OK), args=("e1", "coaching_s1")),
        Rule(
            _e1(REDIRECT),
            args=("e1", "coaching_s1"),
            method="post",
            data={
                "starts_at": "2027-04-05T09:30",
                "duration_minutes": 45,
                "modality": "video",
                "place": "",
                "base_version": "0",  # a new session's sequence
            },
        ),
        # A session of another engagement is not found through this one.
        Rule(everyone(HIDDEN), args=("e2", "coaching_s1")),
    ],
    "coaching:session_cancel": [
        Rule(_e1(OK), args=("e1", "coaching_s1")),
        Rule(_e1(REDIRECT), args=("e1", "coaching_s1"), method="post", data={"kind": "cancelled"}),
        # Only the coach records a missed session.
        Rule(
            only({**ARRANGE_E1, "learner": DENY, "coach": REDIRECT}, otherwise=HIDDEN),
            args=("e1", "coaching_s_past"),
            method="post",
            data={"kind": "no_show"},
        ),
    ],
    # Recording a session held is the coach's, like a missed session, once its time has come:
    # a session still to come is refused with a message (400).
    "coaching:session_held": [
        Rule(_coach_only(OK), args=("e1", "coaching_s_past")),
        Rule(
            _coach_only(REDIRECT),
            args=("e1", "coaching_s_past"),
            method="post",
            data={"duration_minutes": 50},
        ),
        Rule(
            _coach_only(REFUSED),
            args=("e1", "coaching_s1"),
            method="post",
            data={"duration_minutes": 50},
        ),
        # A session of another engagement is not found through this one.
        Rule(everyone(HIDDEN), args=("e2", "coaching_s1")),
    ],
    "coaching:session_ics": [
        Rule(_e1(OK), args=("e1", "coaching_s1")),
        Rule(everyone(HIDDEN), args=("e2", "coaching_s1")),
    ],
    # Purpose, model, focus and kind: the coach or the learner; the others who may know E1
    # exists are refused, everyone else is told it does not exist.
    "coaching:engagement_settings": [
        Rule(_e1(OK), args=("e1",)),
        Rule(
            _e1(REDIRECT),
            args=("e1",),
            method="post",
            data={
                "purpose": "performance",
                "model": "",
                "focus": "New focus",
                "kind": "online",
                "base_version": "1",
            },
        ),
        # Peer coaching is not offered: the form refuses it and keeps what was typed.
        Rule(
            _e1(REFUSED),
            args=("e1",),
            method="post",
            data={
                "purpose": "skills",
                "model": "",
                "focus": "",
                "kind": "peer",
                "base_version": "1",
            },
        ),
    ],
    # Group members: participants read the list; only the coach adds or removes. E1 is
    # individual coaching, so the coach's add is refused (400) and the learner's denied.
    "coaching:engagement_members": [
        Rule(_e1(OK), args=("e1",)),
        Rule(
            only({**ARRANGE_E1, "learner": DENY, "coach": REFUSED}, otherwise=HIDDEN),
            args=("e1",),
            method="post",
            data={"email": "someone@example.org"},
        ),
    ],
    # An invitation to group coaching is its person's alone; anyone else finds nothing.
    "coaching:invitation": [
        Rule(only({"learner": OK}, otherwise=HIDDEN), args=("coaching_invitation",)),
        Rule(
            only({"learner": REDIRECT}, otherwise=HIDDEN),
            args=("coaching_invitation",),
            method="post",
            data={"answer": "decline"},
        ),
    ],
    # Peer coaching: everyone has the page (their pairs and requests, none here); a request
    # naming nobody in the agency is refused with a message. Only program leads set pairs up.
    "coaching:peer_pairs": [
        Rule(everyone(OK)),
        Rule(everyone(REFUSED), method="post", data={"email": "nobody@example.org"}),
    ],
    "coaching:peer_pair_new": [
        Rule(only({"program_lead": OK})),
        Rule(
            only({"program_lead": REFUSED}),
            method="post",
            data={"first_email": "nobody@example.org", "second_email": "x@example.org"},
        ),
    ],
}
for _rules in RULES.values():
    for _rule in _rules:
        if "coaching_feed_token" not in _rule.args and "coaching_bad_token" not in _rule.args:
            assert _rule.expect["anonymous"] == "login"

PLACE_E1 = "PLACE-E1 Room 7"


def objects(world) -> dict[str, object]:
    s1 = CoachingSession.objects.create(
        engagement=world.e1,
        starts_at=datetime(2027, 3, 3, 8, 17, tzinfo=ZONE),
        status=CoachingSession.Status.SCHEDULED,
        place=PLACE_E1,
    )
    s_past = CoachingSession.objects.create(
        engagement=world.e1,
        starts_at=datetime(2026, 10, 20, 8, 17, tzinfo=ZONE),
        status=CoachingSession.Status.SCHEDULED,
    )
    token = calendar_feed_regenerate(person=world.people["coach"])
    # E2's coach invites E1's learner to a group of theirs (no answer yet).
    group = Engagement.objects.create(
        coach=world.people["other_coach"],
        learner=world.people["other_learner"],
        kind=Engagement.Kind.GROUP,
    )
    invitation = member_add(engagement=group, person=world.people["learner"])
    return {
        "coaching_invitation": invitation.pk,
        "coaching_s1": s1.pk,
        "coaching_s_past": s_past.pk,
        "coaching_feed_token": token,
        "coaching_bad_token": "not-a-token",
    }


def needles(world) -> dict[str, set[str]]:
    return {
        # Where coach and learner meet is theirs alone.
        PLACE_E1: {"learner", "coach"},
        # E1's session times are attendance, which E1 shares with supervisor and program lead.
        "Mar 3, 2027 8:17": {"learner", "coach", "supervisor", "program_lead"},
    }
