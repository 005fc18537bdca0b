"""Authorization matrix rules for the supervision pages (merged by authz_rules.py).

The world's coach supervisor ("coach_supervisor", coach supervisor role over North County)
supervises "coach"; one held individual session between them carries notes, next steps and a
situation brought, each with a marker that only those two may ever see."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from tandem.development.models import (
    CoachSupervisorAssignment,
    Consultation,
    SupervisionAttendee,
    SupervisionSession,
)
from tandem.privacy.tests.authz import DENY, HIDDEN, OK, Rule, everyone, only

NOTES = "LEAK-supervision-notes"
NEXT_STEPS = "LEAK-supervision-next-steps"
SITUATION = "LEAK-supervision-situation"
PAIR = {"coach": OK, "coach_supervisor": OK}

RULES: dict[str, list[Rule]] = {
    "development:coach_supervisors": [Rule(only({"program_lead": OK}))],
    "development:coach_supervisor_assign": [Rule(only({"program_lead": OK}), args=("coach_pk",))],
    "development:supervision_list": [Rule(everyone(OK))],
    "development:supervision_new": [Rule(only({"coach_supervisor": OK}))],
    "development:supervision_overdue": [Rule(only({"program_lead": OK, "coach_supervisor": OK}))],
    "development:supervision_detail": [
        Rule(only(PAIR, otherwise=HIDDEN), args=("supervision_pk",))
    ],
    "development:supervision_edit": [
        Rule(
            only({"coach_supervisor": OK, "coach": DENY}, otherwise=HIDDEN),
            args=("supervision_pk",),
        )
    ],
    "development:supervision_ics": [Rule(only(PAIR, otherwise=HIDDEN), args=("supervision_pk",))],
    "development:supervision_consultation": [
        Rule(only(PAIR, otherwise=HIDDEN), args=("supervision_pk",))
    ],
    # Facts only (dates, kinds, attendance): the coach, their coach supervisor and the program
    # lead over them; the coach has no line manager in this world.
    "development:supervision_coach_record": [
        Rule(only(PAIR | {"program_lead": OK}, otherwise=HIDDEN), args=("coach_pk",))
    ],
    "development:program_settings": [Rule(only({"program_lead": OK}))],
    "development:program_settings_edit": [
        Rule(only({"program_lead": OK}), args=("supervision_program_pk",))
    ],
}


def objects(world: Any) -> dict[str, int | str]:
    coach, supervisor = world.people["coach"], world.people["coach_supervisor"]
    CoachSupervisorAssignment.objects.create(
        coach=coach,
        supervisor=supervisor,
        started_on=timezone.localdate() - timedelta(days=60),
        assigned_by=world.people["program_lead"],
    )
    session = SupervisionSession.objects.create(
        supervisor=supervisor,
        kind=SupervisionSession.Kind.INDIVIDUAL,
        status=SupervisionSession.Status.HELD,
        starts_at=timezone.now() - timedelta(days=6),
        notes=f"{NOTES} what the coach noticed",
        next_steps=f"{NEXT_STEPS} try a scaling question",
        created_by=supervisor,
    )
    SupervisionAttendee.objects.create(session=session, coach=coach, attended=True)
    Consultation.objects.create(
        supervision=session, brought_by=coach, situation=f"{SITUATION} a stuck conversation"
    )
    return {"supervision_pk": session.pk, "supervision_program_pk": world.tree["north"].pk}


def needles(world: Any) -> dict[str, set[str]]:
    return {text: {"coach", "coach_supervisor"} for text in (NOTES, NEXT_STEPS, SITUATION)}
