"""A small agency where coaching content could leak: two engagements, every kind of note,
sessions, and one person in each relation. Every note body carries a unique marker so a test
can tell exactly which content reached a page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.utils import dateformat, timezone

from tandem.agreements.demo import agreement_in_force_create
from tandem.coaching.models import CoachingSession, Engagement, Note
from tandem.people.models import OrgUnit, Person, Role, RoleAssignment
from tandem.people.tests.factories import make_tree, person_with_account
from tandem.privacy.categories import Category, Party

ACTORS = (
    "anonymous",
    "learner",
    "other_learner",
    "coach",
    "other_coach",
    "supervisor",
    "other_supervisor",
    "leadership",
    "program_lead",
    "coach_supervisor",
    "evaluator",
    "administrator",
)


def marker(kind: str, engagement: str) -> str:
    return f"LEAK-{kind}-{engagement}"


@dataclass
class World:
    tree: dict[str, OrgUnit]
    people: dict[str, Person]
    e1: Engagement
    e2: Engagement
    notes: dict[str, Note] = field(default_factory=dict)
    marker_texts: dict[str, str] = field(default_factory=dict)

    def markers_in(self, html: str) -> set[str]:
        """Which pieces of confidential content appear in a page."""
        return {name for name, needle in self.marker_texts.items() if needle in html}


# Every note body carries its marker.
NOTE_NEEDLES = {marker(kind, e): marker(kind, e) for kind in Note.Kind.values for e in ("E1", "E2")}
# Days before today of each engagement's held session: well inside every window Tandem lists
# (the calendar feed's 60 days, "recent" lists), so the world means the same on any date.
SESSION_DAYS_AGO = {"E1": 30, "E2": 29}


def _held_at(label: str) -> datetime:
    """7:13 am local time, which nothing else in this world uses, so a page that shows the time
    shows this session's attendance."""
    day = timezone.localdate() - timedelta(days=SESSION_DAYS_AGO[label])
    return timezone.make_aware(datetime.combine(day, time(7, 13)))


def _engagement(learner: Person, coach: Person, label: str) -> Engagement:
    engagement = Engagement.objects.create(
        learner=learner,
        coach=coach,
        status=Engagement.Status.ACTIVE,
        focus=f"Family engagement ({label})",
        started_on=timezone.localdate() - timedelta(days=90),
    )
    for kind, category in Note.CATEGORY_OF_KIND.items():
        author = learner if kind == Note.Kind.LEARNER_JOURNAL else coach
        Note.objects.create(
            engagement=engagement,
            author=author,
            kind=kind,
            category=category,
            body=f"{marker(kind, label)} confidential words",
        )
    # Session times stand in for attendance content.
    CoachingSession.objects.create(
        engagement=engagement, starts_at=_held_at(label), status=CoachingSession.Status.HELD
    )
    return engagement


def build_world() -> World:
    tree = make_tree()
    north_office, south_office = tree["north_office"], tree["south_office"]
    p: dict[str, Person] = {}
    p["supervisor"] = person_with_account(
        roles=(Role.SUPERVISOR, Role.LEARNER), org_unit=tree["intake"], last_name="Supervisor"
    )
    p["other_supervisor"] = person_with_account(
        roles=(Role.SUPERVISOR, Role.LEARNER), org_unit=tree["permanency"], last_name="Othersup"
    )
    p["learner"] = person_with_account(
        org_unit=tree["intake"], supervisor=p["supervisor"], last_name="Learner"
    )
    p["other_learner"] = person_with_account(
        org_unit=tree["permanency"], supervisor=p["other_supervisor"], last_name="Otherlearner"
    )
    p["coach"] = person_with_account(
        roles=(Role.COACH, Role.LEARNER), org_unit=tree["ongoing"], last_name="Coach"
    )
    p["other_coach"] = person_with_account(
        roles=(Role.COACH, Role.LEARNER), org_unit=tree["permanency"], last_name="Othercoach"
    )
    p["leadership"] = person_with_account(
        roles=(Role.LEADERSHIP,), org_unit=north_office, last_name="Leader"
    )
    p["program_lead"] = person_with_account(
        roles=(Role.PROGRAM_LEAD,), org_unit=north_office, last_name="Lead"
    )
    p["coach_supervisor"] = person_with_account(
        roles=(Role.COACH_SUPERVISOR,), org_unit=north_office, last_name="Coachsup"
    )
    p["evaluator"] = person_with_account(roles=(), org_unit=south_office, last_name="Evaluator")
    RoleAssignment.objects.create(person=p["evaluator"], role=Role.EVALUATOR, scope=tree["state"])
    p["administrator"] = person_with_account(roles=(), org_unit=north_office, last_name="Admin")
    RoleAssignment.objects.create(
        person=p["administrator"], role=Role.ADMINISTRATOR, scope=tree["state"]
    )
    p["administrator"].user.is_staff = True
    p["administrator"].user.save()
    e1 = _engagement(p["learner"], p["coach"], "E1")
    e2 = _engagement(p["other_learner"], p["other_coach"], "E2")
    # E1's learner shares attendance and progress summaries with the supervisor, and
    # attendance with the program lead; nothing with leadership. E2 shares nothing.
    agreement_in_force_create(
        engagement=e1,
        shares={
            Party.SUPERVISOR: [Category.ATTENDANCE, Category.PROGRESS_SUMMARY],
            Party.PROGRAM_LEAD: [Category.ATTENDANCE],
        },
    )
    # Pages show session times as "Oct 1, 2026 7:13 a.m.".
    sessions = {
        f"SESSION-{label}": dateformat.format(timezone.localtime(_held_at(label)), "M j, Y g:i")
        for label in ("E1", "E2")
    }
    return World(tree=tree, people=p, e1=e1, e2=e2, marker_texts=NOTE_NEEDLES | sessions)


# What each actor may see of E1 anywhere in Tandem (E2 content is visible only to its own
# learner and coach, who are not among these actors except as "other_*").
SEES_OF_E1: dict[str, set[str]] = {
    "learner": {
        marker(k, "E1")
        for k in (
            "learner_journal",
            "session_summary",
            "action_step",
            "progress_summary",
            "closing_summary",
        )
    }
    | {"SESSION-E1"},
    "coach": {
        marker(k, "E1")
        for k in (
            "coach_journal",
            "session_summary",
            "action_step",
            "progress_summary",
            "closing_summary",
        )
    }
    | {"SESSION-E1"},
    "supervisor": {marker("progress_summary", "E1"), "SESSION-E1"},
    "program_lead": {"SESSION-E1"},
}
SEES_OF_E2: dict[str, set[str]] = {
    "other_learner": {
        marker(k, "E2")
        for k in (
            "learner_journal",
            "session_summary",
            "action_step",
            "progress_summary",
            "closing_summary",
        )
    }
    | {"SESSION-E2"},
    "other_coach": {
        marker(k, "E2")
        for k in (
            "coach_journal",
            "session_summary",
            "action_step",
            "progress_summary",
            "closing_summary",
        )
    }
    | {"SESSION-E2"},
}


def allowed_markers(actor: str) -> set[str]:
    return SEES_OF_E1.get(actor, set()) | SEES_OF_E2.get(actor, set())
