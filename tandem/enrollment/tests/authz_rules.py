"""Enrollment URLs in the authorization matrix (collected by tandem/privacy/tests/test_matrix.py).

The learner has an open request R1 (in matching, offered to the coach) whose words and
starting point carry markers, and an older withdrawn request R0 whose reason is the learner's
alone; the other learner has R2. Program lead, supervisors and the other coach must never see
any of it."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tandem.enrollment.models import (
    Campaign,
    Coachability,
    CoachingRequest,
    Invitation,
    Match,
    Suggestion,
)
from tandem.privacy.tests.authz import DENY, HIDDEN, LOGIN, OK, REDIRECT, Rule, everyone, only

S = CoachingRequest.Status

LEARNER_ONLY = only({"learner": OK}, otherwise=HIDDEN)
LEARNER_POSTS = only({"learner": REDIRECT}, otherwise=HIDDEN)
LEADS = only({"program_lead": OK})

RULES = {
    "enrollment:my_requests": [Rule(everyone(OK))],
    # The two learners already have an open request: they are sent to it.
    "enrollment:request_new": [
        Rule(everyone(OK) | {"learner": REDIRECT, "other_learner": REDIRECT})
    ],
    "enrollment:request_detail": [
        Rule(LEARNER_ONLY, args=("enr_r1",)),
        Rule(LEARNER_ONLY, args=("enr_r0",)),
        Rule(only({"other_learner": OK}, otherwise=HIDDEN), args=("enr_r2",)),
    ],
    "enrollment:request_withdraw": [
        Rule(LEARNER_POSTS, args=("enr_r1",), method="post", data={"reason": "moving"})
    ],
    "enrollment:readiness_start": [Rule(LEARNER_POSTS, args=("enr_r1",), method="post")],
    "enrollment:readiness_done": [Rule(LEARNER_POSTS, args=("enr_r1",), method="post")],
    # Only the coach of the engagement gives it; R1's coach was only offered the request.
    "enrollment:readiness_with_coach": [
        Rule(
            only({"learner": DENY, "coach": DENY}, otherwise=HIDDEN),
            args=("enr_r1",),
            method="post",
        )
    ],
    "enrollment:coachability": [
        Rule(only({"learner": OK, "coach": OK}, otherwise=HIDDEN), args=("enr_r1",)),
        Rule(only({"other_learner": OK}, otherwise=HIDDEN), args=("enr_r2",)),
    ],
    "enrollment:suggestions": [Rule(everyone(OK))],
    "enrollment:suggestion_decline": [Rule(LEARNER_POSTS, args=("enr_s1",), method="post")],
    "enrollment:invitation_decline": [Rule(LEARNER_POSTS, args=("enr_i1",), method="post")],
    "enrollment:suggest": [Rule(only({"supervisor": OK, "other_supervisor": OK}))],
    "enrollment:board": [Rule(LEADS)],
    "enrollment:campaigns": [Rule(LEADS)],
    "enrollment:campaign_new": [Rule(LEADS)],
}
for _rules in RULES.values():
    for _rule in _rules:
        assert _rule.expect["anonymous"] == LOGIN


def _request(learner, label: str, status: str, **extra) -> CoachingRequest:
    now = timezone.now()
    return CoachingRequest.objects.create(
        learner=learner,
        status=status,
        status_changed_at=now - timedelta(days=30),
        focus=f"REQ-FOCUS-{label} court reports",
        goals=f"REQ-GOALS-{label} calmer hearings",
        preferred_times=f"REQ-TIMES-{label}",
        for_coach=f"REQ-FORCOACH-{label} night shifts",
        supervisor_informed=True,
        **extra,
    )


def objects(world) -> dict[str, int]:
    p = world.people
    r0 = _request(p["learner"], "R0", S.WITHDRAWN, withdrawal_reason="REQ-REASON-R0 private")
    r1 = _request(p["learner"], "R1", S.MATCHING, waitlisted_at=timezone.now())
    r2 = _request(p["other_learner"], "R2", S.READINESS)
    Match.objects.create(request=r1, coach=p["coach"], proposed_by=p["program_lead"])
    Coachability.objects.create(request=r1, fears="REQ-BASELINE-R1 fear of judgement")
    suggestion = Suggestion.objects.create(supervisor=p["supervisor"], learner=p["learner"])
    campaign = Campaign.objects.create(
        name="Q4 new hires",
        scope=world.tree["north_office"],
        opens_on=timezone.localdate(),
        created_by=p["program_lead"],
    )
    invitation = Invitation.objects.create(campaign=campaign, person=p["learner"])
    return {
        "enr_r0": r0.pk,
        "enr_r1": r1.pk,
        "enr_r2": r2.pk,
        "enr_s1": suggestion.pk,
        "enr_i1": invitation.pk,
    }


def needles(world) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for kind in ("FOCUS", "GOALS", "TIMES", "FORCOACH"):
        found[f"REQ-{kind}-R0"] = {"learner"}  # R0 was never offered to a coach
        found[f"REQ-{kind}-R1"] = {"learner", "coach"}
        found[f"REQ-{kind}-R2"] = {"other_learner"}
    found["REQ-REASON-R0"] = {"learner"}
    found["REQ-BASELINE-R1"] = {"learner", "coach"}
    return found


# --- Matching pages (tandem/enrollment/matching), collected through this module -----------------
from tandem.enrollment.matching.tests import authz_rules as _matching  # noqa: E402

assert not set(RULES) & set(_matching.RULES)
RULES |= _matching.RULES
_enrollment_objects, _enrollment_needles = objects, needles


def objects(world) -> dict[str, int]:  # type: ignore[no-redef]  # noqa: F811
    return _enrollment_objects(world) | _matching.objects(world)


def needles(world) -> dict[str, set[str]]:  # type: ignore[no-redef]  # noqa: F811
    return _enrollment_needles(world) | _matching.needles(world)
