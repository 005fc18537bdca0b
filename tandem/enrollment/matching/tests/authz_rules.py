"""Matching URLs in the authorization matrix (merged into tandem/enrollment/tests/authz_rules.py,
which the matrix collects).

M1 is a request of a team member of the learner's unit (not an actor), in matching and offered
to the coach. Its words carry markers: only the coach it was offered to may read them; the
program lead matches on structured fields, the other coach was never offered it."""

from __future__ import annotations

from django.utils import timezone

from tandem.enrollment.models import CoachingRequest, Intake, Match
from tandem.people.models import CoachProfile
from tandem.people.tests.factories import PersonFactory
from tandem.privacy.tests.authz import DENY, HIDDEN, LOGIN, OK, REDIRECT, REFUSED, Rule, only

LEAD = only({"program_lead": OK})
COACHES = {"coach": OK, "other_coach": OK}

RULES = {
    "matching:request": [Rule(LEAD, args=("match_r1",))],
    # No coach chosen: the form is refused and shown again.
    "matching:propose": [Rule(only({"program_lead": REFUSED}), args=("match_r1",), method="post")],
    # M1 is still in matching, so there is nothing to reopen: the lead is sent back with a message.
    # No date or decision: the intake form is refused and shown again.
    "matching:intake": [Rule(only({"program_lead": REFUSED}), args=("match_r1",), method="post")],
    "matching:reopen": [Rule(only({"program_lead": REDIRECT}), args=("match_r1",), method="post")],
    "matching:chemistry": [
        Rule(only({"program_lead": REDIRECT}), args=("match_m1",), method="post")
    ],
    "matching:cohort": [Rule(LEAD), Rule(LEAD, data={"run": "1"})],
    "matching:cohort_confirm": [Rule(only({"program_lead": REDIRECT}), method="post")],
    "matching:weights": [Rule(LEAD)],
    "matching:conflicts": [Rule(only(COACHES | {"program_lead": OK}))],
    "matching:incoming": [Rule(only(COACHES))],
    # Someone else's offer does not exist for the other coach.
    "matching:accept": [
        Rule(
            only({"coach": REDIRECT, "other_coach": HIDDEN}, otherwise=DENY),
            args=("match_m1",),
            method="post",
        )
    ],
    "matching:decline": [
        Rule(
            only({"coach": REFUSED, "other_coach": HIDDEN}, otherwise=DENY),
            args=("match_m1",),
            method="post",
        )
    ],
}
for _rules in RULES.values():
    for _rule in _rules:
        assert _rule.expect["anonymous"] == LOGIN


def objects(world) -> dict[str, int]:
    p = world.people
    teammate = PersonFactory(
        org_unit=world.tree["intake"], supervisor=p["supervisor"], last_name="Teammate"
    )
    request = CoachingRequest.objects.create(
        learner=teammate,
        status=CoachingRequest.Status.MATCHING,
        status_changed_at=timezone.now(),
        focus="MATCH-FOCUS-M1 family meetings",
        goals="MATCH-GOALS-M1 steadier visits",
        preferred_times="MATCH-TIMES-M1",
        for_coach="MATCH-FORCOACH-M1 works nights",
    )
    Intake.objects.create(
        request=request,
        held_on=timezone.localdate(),
        decision=Intake.Decision.FITS,
        note="MATCH-INTAKE-M1 worried about court weeks",
        recorded_by=p["program_lead"],
    )
    match = Match.objects.create(request=request, coach=p["coach"], proposed_by=p["program_lead"])
    CoachProfile.objects.create(
        person=p["other_coach"], coach_type="internal", expertise_level="competent"
    )
    return {"match_r1": request.pk, "match_m1": match.pk}


def needles(world) -> dict[str, set[str]]:
    words = {f"MATCH-{kind}-M1": {"coach"} for kind in ("FOCUS", "GOALS", "TIMES", "FORCOACH")}
    # The intake note is the program lead's (and the learner's, who is not an actor here).
    return words | {"MATCH-INTAKE-M1": {"program_lead"}}
