"""The rules for coach development records (issue #17, docs/COACH_DEVELOPMENT.md): who reads
and writes coach supervision, competency ratings, development plans, roundtables, caseloads and
onboarding, and the audit of every confidential read and write.

- **Coach supervision** (category COACH_SUPERVISION): a session's notes, next steps and the
  situations brought to it are read by its coach supervisor and the coaches seated at it (an
  individual session: one coach; a group: each coach in the group) — nobody else. The coach's
  line manager (anyone above the coach) and program leads whose scope covers the coach learn
  only *that* supervision took place (date, kind, whether the coach came). Anyone else is told
  the session does not exist.
- **Who may be a coach supervisor**: a person holding the coach supervisor role, who is not
  the coach, and stands neither above nor below the coach in the line of management (APECS,
  seed 003 l.11709: supervision of coaching is not line management). One current supervisor
  per coach; a replaced supervisor reads nothing more.
- **Competency ratings and development plans** (COACH_SUPERVISION): the coach and their
  *current* coach supervisor. A rating's draft is its rater's alone.
- **Roundtables** (COACH_COMMUNITY): agenda, resources and consultations are read by the
  roundtable's current members and its facilitator; program leads and coach supervisors in
  scope see the schedule and attendance counts; a member who leaves reads nothing more.
- **Caseload, onboarding, training and expertise** are administrative facts about a coach:
  the coach, their current coach supervisor and program leads whose scope covers the coach.

Superuser and staff flags grant nothing (`holds_coaching_relations`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from tandem.people.models import CoachProfile, Person, Role
from tandem.people.selectors import (
    all_reports_ids,
    chain_of_command_ids,
    role_grants,
    under_scopes,
)
from tandem.privacy import registry as domain
from tandem.privacy.categories import Category
from tandem.privacy.models import AccessEvent
from tandem.privacy.policy import holds_coaching_relations

if TYPE_CHECKING:
    from tandem.development.models import (
        CoachDevelopmentPlan,
        CompetencyRating,
        Roundtable,
        SupervisionSession,
    )

# Roles that oversee coaches' administrative facts in their scope. A coach supervisor sees the
# facts of the coaches they supervise today (an assignment), not of every coach in their scope.
COACH_OVERSIGHT = (Role.PROGRAM_LEAD,)


# --- Who supervises whom ----------------------------------------------------------------------


def coach_supervisor_of(*, coach: Person) -> Person | None:
    """The coach's current coach supervisor, or None."""
    assignment = (
        domain.CoachSupervisorAssignment.objects.filter(coach=coach, ended_on__isnull=True)
        .select_related("supervisor")
        .first()
    )
    return assignment.supervisor if assignment else None


def supervised_coach_ids(*, supervisor: Person) -> set[int]:
    """The coaches this person supervises today: their current assignments, while they hold
    the coach supervisor role and stand outside each coach's line of management. An assignment
    that a role ending or a reorganization has made wrong gives nothing until a program lead
    replaces it (the same rule as `coach_supervisor_refusal`, checked at every read)."""
    if not holds_coaching_relations(supervisor) or not supervisor.is_active:
        return set()
    coach_ids = set(
        domain.CoachSupervisorAssignment.objects.filter(
            supervisor=supervisor, ended_on__isnull=True
        ).values_list("coach_id", flat=True)
    )
    if not coach_ids:
        return set()
    if not any(g.role == Role.COACH_SUPERVISOR for g in role_grants(person=supervisor)):
        return set()
    coach_ids -= set(chain_of_command_ids(person_id=supervisor.pk))
    return coach_ids - all_reports_ids(person_id=supervisor.pk)


def is_coach_supervisor_of(*, viewer: Person, coach: Person) -> bool:
    return coach.pk in supervised_coach_ids(supervisor=viewer)


def coach_supervisor_refusal(*, coach: Person, supervisor: Person) -> str:
    """Why this person may not supervise this coach's coaching, or "" when they may."""
    if supervisor.pk == coach.pk:
        return "A coach cannot be their own coach supervisor."
    if not supervisor.is_active:
        return f"{supervisor.full_name} no longer works here."
    if supervisor.pk in chain_of_command_ids(person_id=coach.pk):
        return (
            f"{supervisor.full_name} is {coach.full_name}'s line manager or above them. "
            "Coach supervision must come from outside the coach's line of management, so that "
            "what a coach brings to supervision never becomes part of a performance review "
            "(APECS; Coaching Toolkit, ethics appendix)."
        )
    if coach.pk in chain_of_command_ids(person_id=supervisor.pk):
        return (
            f"{coach.full_name} manages {supervisor.full_name}. A coach supervisor should not "
            "report to the coach they supervise."
        )
    if not any(g.role == Role.COACH_SUPERVISOR for g in role_grants(person=supervisor)):
        return f"{supervisor.full_name} does not hold the coach supervisor role."
    return ""


def _oversight_paths(viewer: Person, roles: Sequence[str] = COACH_OVERSIGHT) -> list[str]:
    return [g.scope_path for g in role_grants(person=viewer) if g.role in roles]


def program_lead_paths(viewer: Person) -> list[str]:
    return _oversight_paths(viewer, (Role.PROGRAM_LEAD,))


def can_assign_coach_supervisor(*, viewer: Person, coach: Person) -> bool:
    """Program leads whose scope covers the coach assign (and replace) coach supervisors."""
    return any(coach.org_unit.path.startswith(p) for p in program_lead_paths(viewer))


# --- Administrative facts about a coach (caseload, onboarding, training, expertise) -----------


def can_see_coach_facts(*, viewer: Person, coach: Person) -> bool:
    """The coach, their current coach supervisor, and program leads or coach supervisors whose
    role scope covers the coach's unit."""
    if not holds_coaching_relations(viewer):
        return False
    if viewer.pk == coach.pk or is_coach_supervisor_of(viewer=viewer, coach=coach):
        return True
    return any(coach.org_unit.path.startswith(p) for p in _oversight_paths(viewer))


def coaches_facts_visible_to(*, viewer: Person) -> Q:
    """A filter on Person: the coaches whose facts the viewer may see (besides themself)."""
    if not holds_coaching_relations(viewer):
        return Q(pk__in=[])
    paths = _oversight_paths(viewer)
    q = Q(pk=viewer.pk) | Q(pk__in=supervised_coach_ids(supervisor=viewer))
    if paths:
        q |= under_scopes("org_unit__path", paths)
    return q


def coach_for_facts(*, viewer: Person, coach_id: int) -> Person:
    coach = Person.objects.select_related("org_unit").filter(pk=coach_id).first()
    if coach is None or not can_see_coach_facts(viewer=viewer, coach=coach):
        raise Http404("No such coach.")
    return coach


def knows_supervision_took_place(*, viewer: Person, coach: Person) -> bool:
    """That supervision took place (dates, kinds, attendance): the coach, their *current*
    coach supervisor, program leads whose scope covers the coach, and the coach's line
    managers. Not other coach supervisors: a replaced one learns nothing more."""
    if not holds_coaching_relations(viewer):
        return False
    if viewer.pk == coach.pk or is_coach_supervisor_of(viewer=viewer, coach=coach):
        return True
    if can_assign_coach_supervisor(viewer=viewer, coach=coach):
        return True
    return viewer.pk in chain_of_command_ids(person_id=coach.pk)


# --- Supervision sessions ---------------------------------------------------------------------


@dataclass(frozen=True)
class SupervisionAccess:
    session: SupervisionSession
    viewer: Person
    is_supervisor: bool
    is_attendee: bool

    @property
    def can_read(self) -> bool:
        return self.is_supervisor or self.is_attendee

    @property
    def can_record(self) -> bool:
        """Notes, next steps, attendance, status: the coach supervisor who leads it."""
        return self.is_supervisor

    @property
    def can_bring_situation(self) -> bool:
        return self.is_attendee or self.is_supervisor

    @property
    def relation(self) -> str:
        return "Coach supervisor" if self.is_supervisor else "Coach in supervision"


def supervision_access(*, viewer: Person, session_id: int) -> SupervisionAccess:
    """The viewer's access to a supervision session's content, or 404 for anyone else (the
    line manager and program lead read its facts elsewhere, never this page)."""
    session = (
        domain.SupervisionSession.objects.select_related("supervisor").filter(pk=session_id).first()
    )
    if session is None or not holds_coaching_relations(viewer):
        raise Http404("No such supervision session.")
    seated = set(session.attendees.values_list("coach_id", flat=True))
    # A replaced coach supervisor reads nothing more of the coach's supervision: the session's
    # leader reads it only while every coach seated at it is still theirs.
    is_supervisor = (
        session.supervisor_id == viewer.pk
        and bool(seated)
        and seated <= supervised_coach_ids(supervisor=viewer)
    )
    is_attendee = viewer.pk in seated
    if not (is_supervisor or is_attendee):
        raise Http404("No such supervision session.")
    return SupervisionAccess(session, viewer, is_supervisor, is_attendee)


def supervision_sessions_readable_by(*, viewer: Person) -> QuerySet[SupervisionSession]:
    """Sessions whose content the viewer reads: those they are seated at, and those they lead
    while every coach seated at them is still theirs."""
    if not holds_coaching_relations(viewer):
        return domain.SupervisionSession.objects.none()
    seats = domain.SupervisionAttendee.objects
    mine = supervised_coach_ids(supervisor=viewer)
    return domain.SupervisionSession.objects.filter(
        Q(supervisor=viewer, pk__in=seats.values("session_id"))
        & ~Q(pk__in=seats.exclude(coach__in=mine).values("session_id"))
        | Q(pk__in=seats.filter(coach=viewer).values("session_id"))
    )


def supervision_read_audit(
    *, access: SupervisionAccess, coach_ids: Iterable[int], via: str
) -> None:
    """One audit row per coach whose supervision record was read (the viewer's own excepted),
    so each coach's access record lists who read it."""
    AccessEvent.objects.bulk_create(
        [
            AccessEvent(
                viewer=access.viewer,
                subject_id=coach_id,
                record_type="supervision_session",
                record_id=access.session.pk,
                category=Category.COACH_SUPERVISION,
                action=AccessEvent.Action.VIEW,
                relation=access.relation,
                via=via[:200],
            )
            for coach_id in sorted(set(coach_ids))
            if coach_id != access.viewer.pk
        ]
    )


def development_write_audit(
    *,
    viewer: Person,
    subject_id: int | None,
    record_type: str,
    record_id: int,
    relation: str,
    via: str,
    category: Category = Category.COACH_SUPERVISION,
    action: str = AccessEvent.Action.UPDATE,
) -> None:
    """Audit a write of a coach development record."""
    AccessEvent.objects.create(
        viewer=viewer,
        subject_id=subject_id,
        record_type=record_type,
        record_id=record_id,
        category=category,
        action=action,
        relation=relation[:100],
        via=via[:200],
    )


# --- Competency ratings and development plans ------------------------------------------------


def can_read_competency_rating(*, viewer: Person, rating: CompetencyRating) -> bool:
    """A draft: its rater. Submitted: the coach and the coach's current coach supervisor."""
    if not holds_coaching_relations(viewer):
        return False
    if rating.rater_id == viewer.pk and rating.status == "draft":
        return True
    if rating.status != "submitted":
        return False
    return viewer.pk == rating.coach_id or is_coach_supervisor_of(viewer=viewer, coach=rating.coach)


def can_rate_competencies(*, viewer: Person, coach: Person) -> str | None:
    """The kind of rating the viewer may give this coach ("self" or "supervisor"), or None."""
    if not holds_coaching_relations(viewer):
        return None
    if viewer.pk == coach.pk:
        return "self"
    if is_coach_supervisor_of(viewer=viewer, coach=coach):
        return "supervisor"
    return None


def competency_ratings_readable(*, viewer: Person, coach: Person) -> QuerySet[CompetencyRating]:
    """The coach's submitted ratings the viewer reads (none unless coach or current coach
    supervisor), plus the viewer's own drafts about the coach."""
    ratings = domain.CompetencyRating.objects.filter(coach=coach)
    if not holds_coaching_relations(viewer):
        return ratings.none()
    own_drafts = Q(rater=viewer, status="draft")
    if viewer.pk == coach.pk or is_coach_supervisor_of(viewer=viewer, coach=coach):
        return ratings.filter(Q(status="submitted") | own_drafts)
    return ratings.filter(own_drafts)


def competency_read_audit(
    *, viewer: Person, coach: Person, ratings: Sequence[CompetencyRating], via: str
) -> None:
    if viewer.pk == coach.pk or not ratings:
        return
    AccessEvent.objects.bulk_create(
        [
            AccessEvent(
                viewer=viewer,
                subject=coach,
                record_type="competency_rating",
                record_id=rating.pk,
                category=Category.COACH_SUPERVISION,
                action=AccessEvent.Action.VIEW,
                relation="Coach supervisor",
                via=via[:200],
            )
            for rating in ratings
        ]
    )


def development_plan_access(*, viewer: Person, plan_id: int) -> CoachDevelopmentPlan:
    """A coach's development plan for the coach or their current coach supervisor; else 404.
    A replaced coach supervisor reads it no more, even the plan they agreed."""
    plan = (
        domain.CoachDevelopmentPlan.objects.select_related("coach__org_unit", "supervisor")
        .filter(pk=plan_id)
        .first()
    )
    if plan is None or not can_read_development_of(viewer=viewer, coach=plan.coach):
        raise Http404("No such development plan.")
    return plan


def can_read_development_of(*, viewer: Person, coach: Person) -> bool:
    """Competency ratings, development plans, supervision history: coach and current coach
    supervisor only."""
    if not holds_coaching_relations(viewer):
        return False
    return viewer.pk == coach.pk or is_coach_supervisor_of(viewer=viewer, coach=coach)


def development_plan_read_audit(*, viewer: Person, plan: CoachDevelopmentPlan, via: str) -> None:
    if viewer.pk == plan.coach_id:
        return
    AccessEvent.objects.create(
        viewer=viewer,
        subject_id=plan.coach_id,
        record_type="coach_development_plan",
        record_id=plan.pk,
        category=Category.COACH_SUPERVISION,
        action=AccessEvent.Action.VIEW,
        relation="Coach supervisor",
        via=via[:200],
    )


# --- Roundtables ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoundtableAccess:
    roundtable: Roundtable
    viewer: Person
    is_member: bool
    is_facilitator: bool
    oversees: bool  # program lead or coach supervisor whose scope covers the roundtable
    # A program lead whose scope holds the roundtable's whole scope manages it; a county lead
    # only sees a statewide collaborative's schedule.
    manages: bool = False

    @property
    def can_read_content(self) -> bool:
        """Agenda, resources, consultations."""
        return self.is_member or self.is_facilitator

    @property
    def can_manage(self) -> bool:
        """Schedule meetings, record attendance, change members."""
        return self.is_facilitator or self.manages

    @property
    def relation(self) -> str:
        if self.is_facilitator:
            return "Roundtable facilitator"
        return "Roundtable member" if self.is_member else "Program oversight"


def _covers(paths: Sequence[str], scope_path: str) -> bool:
    """A roundtable is overseen by roles whose scope contains its scope, or lies inside it (a
    county program lead oversees the county's part of a statewide collaborative's schedule)."""
    return any(scope_path.startswith(p) or p.startswith(scope_path) for p in paths)


def roundtable_access(*, viewer: Person, roundtable_id: int) -> RoundtableAccess:
    roundtable = (
        domain.Roundtable.objects.select_related("scope", "facilitator")
        .filter(pk=roundtable_id)
        .first()
    )
    if roundtable is None or not holds_coaching_relations(viewer):
        raise Http404("No such roundtable.")
    lead_paths = program_lead_paths(viewer)
    supervises_facilitator = roundtable.facilitator_id is not None and is_coach_supervisor_of(
        viewer=viewer, coach=roundtable.facilitator
    )
    access = RoundtableAccess(
        roundtable,
        viewer,
        is_member=roundtable.members.filter(pk=viewer.pk).exists(),
        is_facilitator=roundtable.facilitator_id == viewer.pk,
        oversees=_covers(lead_paths, roundtable.scope.path) or supervises_facilitator,
        manages=any(roundtable.scope.path.startswith(p) for p in lead_paths)
        or supervises_facilitator,
    )
    if not (access.is_member or access.is_facilitator or access.oversees):
        raise Http404("No such roundtable.")
    return access


def roundtables_visible_to(*, viewer: Person) -> QuerySet[Roundtable]:
    """Roundtables the viewer belongs to, facilitates, or oversees as a program lead."""
    if not holds_coaching_relations(viewer):
        return domain.Roundtable.objects.none()
    q = Q(members=viewer) | Q(facilitator=viewer)
    for path in program_lead_paths(viewer):
        q |= Q(scope__path__startswith=path) | Q(
            scope__path__in=[path[:i] for i in range(4, len(path), 4)]
        )
    return domain.Roundtable.objects.filter(q).distinct()


def roundtable_read_audit(
    *,
    access: RoundtableAccess,
    record_id: int,
    via: str,
    record_type: str = "roundtable_meeting",
    subject_ids: Iterable[int] = (),
) -> None:
    """Audit a read of a roundtable's content: one row for the read, and one per member whose
    consultation it showed (the viewer's own excepted), so each coach's access record lists
    who read the situation they brought."""
    subjects: list[int | None] = [*sorted(set(subject_ids) - {access.viewer.pk})]
    AccessEvent.objects.bulk_create(
        [
            AccessEvent(
                viewer=access.viewer,
                subject_id=subject_id,
                record_type=record_type,
                record_id=record_id,
                category=Category.COACH_COMMUNITY,
                action=AccessEvent.Action.VIEW,
                relation=access.relation,
                via=via[:200],
            )
            for subject_id in subjects or [None]
        ]
    )


# --- growth: expertise levels, competency rating rounds, development plan parties ----------------


def can_change_expertise(*, viewer: Person, coach: Person) -> bool:
    """A coach's expertise level (Toolkit Table 6.3) is set by their current coach supervisor
    or a program lead whose scope covers the coach; never by the coach themself."""
    if not holds_coaching_relations(viewer) or viewer.pk == coach.pk:
        return False
    if is_coach_supervisor_of(viewer=viewer, coach=coach):
        return True
    return any(coach.org_unit.path.startswith(p) for p in program_lead_paths(viewer))


def development_party(*, viewer: Person, coach: Person) -> str | None:
    """Which side of a coach's development plan the viewer stands on: "coach", "supervisor"
    (the coach's *current* coach supervisor), or None."""
    if not holds_coaching_relations(viewer):
        return None
    if viewer.pk == coach.pk:
        return "coach"
    if is_coach_supervisor_of(viewer=viewer, coach=coach):
        return "supervisor"
    return None


def development_of_coach(*, viewer: Person, coach_id: int) -> Person:
    """The coach whose competency ratings and plans the viewer reads (the coach themself or
    their current coach supervisor); 404 for anyone else."""
    coach = Person.objects.select_related("org_unit").filter(pk=coach_id).first()
    if coach is None or not can_read_development_of(viewer=viewer, coach=coach):
        raise Http404("No such coach.")
    return coach


# --- Roundtables: creating, membership and content rights (roundtables area) -------------------


def roundtable_creator_paths(viewer: Person) -> list[str]:
    """Scopes in which the viewer may start a roundtable: program leads and coach supervisors
    start them for the units their role covers."""
    if not holds_coaching_relations(viewer):
        return []
    return _oversight_paths(viewer, (Role.PROGRAM_LEAD, Role.COACH_SUPERVISOR))


def can_create_roundtable_in(*, viewer: Person, scope_path: str) -> bool:
    return any(scope_path.startswith(p) for p in roundtable_creator_paths(viewer))


def roundtable_facilitator_refusal(*, viewer: Person, scope_path: str, facilitator: Person) -> str:
    """Why the viewer may not start a roundtable in this scope with this facilitator, or "".
    A program lead over the scope names any coach or coach supervisor; a coach supervisor
    facilitates it or names a coach they supervise, so that they can still open it later
    (`roundtable_access` gives them the schedule through the facilitator)."""
    if not can_create_roundtable_in(viewer=viewer, scope_path=scope_path):
        return "You can start a roundtable only within the scope of your role."
    if not facilitator.is_active:
        return f"{facilitator.full_name} no longer works here."
    if any(scope_path.startswith(p) for p in program_lead_paths(viewer)):
        return ""
    if facilitator.pk == viewer.pk or is_coach_supervisor_of(viewer=viewer, coach=facilitator):
        return ""
    return (
        "As a coach supervisor you facilitate the roundtable yourself or ask one of the coaches "
        "you supervise to; a program lead can name anyone else."
    )


def can_bring_to_roundtable(*, access: RoundtableAccess) -> bool:
    """Agenda edits, shared resources and situations brought for consultation: the people who
    read the content (current members and the facilitator)."""
    return access.can_read_content


def roundtable_content_access(*, viewer: Person, roundtable_id: int) -> RoundtableAccess:
    """The access of someone who reads the roundtable's content; 404 for anyone else, the
    program lead who oversees its schedule included, and a member who has left."""
    access = roundtable_access(viewer=viewer, roundtable_id=roundtable_id)
    if not access.can_read_content:
        raise Http404("No such roundtable.")
    return access


def roundtable_manage_check(*, access: RoundtableAccess) -> None:
    """Scheduling, attendance and membership changes: the facilitator and those who oversee
    the roundtable. Members who may read it are refused (403), not told it is missing."""
    if not access.can_manage:
        raise PermissionDenied("Only the facilitator or a program lead can change this.")


# --- supervision: assigning coach supervisors, cadence settings, overdue lists ----------------


def coaches_assignable_by(*, viewer: Person) -> Q:
    """A filter on Person: the coaches whose coach supervisor this program lead assigns (those
    in the scope of their program lead role)."""
    if not holds_coaching_relations(viewer):
        return Q(pk__in=[])
    return under_scopes("org_unit__path", program_lead_paths(viewer))


def supervision_overseen_coaches(*, viewer: Person) -> Q:
    """A filter on Person: the coaches whose supervision cadence (due, overdue) the viewer
    follows: a program lead's coaches in scope, and a coach supervisor's current coaches."""
    if not holds_coaching_relations(viewer):
        return Q(pk__in=[])
    return Q(pk__in=supervised_coach_ids(supervisor=viewer)) | under_scopes(
        "org_unit__path", program_lead_paths(viewer)
    )


def can_edit_program_settings(*, viewer: Person, scope_path: str) -> bool:
    """A program's supervision cadence and required models: program leads whose scope holds
    the program's unit."""
    return holds_coaching_relations(viewer) and any(
        scope_path.startswith(p) for p in program_lead_paths(viewer)
    )


def supervision_record_coach(*, viewer: Person, coach_id: int) -> Person:
    """The coach whose supervision *record* (dates, kinds, attendance; never content) the
    viewer reads; 404 for anyone who may not know that supervision took place."""
    coach = Person.objects.select_related("org_unit").filter(pk=coach_id).first()
    if coach is None or not knows_supervision_took_place(viewer=viewer, coach=coach):
        raise Http404("No such coach.")
    return coach


# --- Caseload and fidelity (issue #17 items 3 and 4; docs/COACH_DEVELOPMENT.md) ---------------
# Caseload facts follow `can_see_coach_facts`. The program-wide workload view is for program
# leads: one row of facts per coach in their scope, never a learner's name or any content.
# Ratings of a coach's practice (CPRS) are read as tandem/privacy/responses.py decides: the
# coach, their current coach supervisor, and coach supervisors or program leads whose role
# scope covers the coach.


def is_coach(person: Person) -> bool:
    """Someone with a coach profile or the coach role: they have a caseload of their own."""
    return CoachProfile.objects.filter(person=person).exists() or any(
        g.role == Role.COACH for g in role_grants(person=person)
    )


def workload_coaches_for(*, viewer: Person) -> Q:
    """A filter on Person: the coaches on the viewer's program-wide workload view (program
    leads: the coaches whose unit their scope covers). Nothing for anyone else."""
    paths = program_lead_paths(viewer) if holds_coaching_relations(viewer) else []
    if not paths:
        return Q(pk__in=[])
    return under_scopes("org_unit__path", paths)


def can_see_workload(*, viewer: Person) -> bool:
    return holds_coaching_relations(viewer) and bool(program_lead_paths(viewer))


def can_see_coach_fidelity(*, viewer: Person, coach: Person) -> bool:
    """The coach's fidelity trend: the coach, their current coach supervisor, and coach
    supervisors or program leads whose scope covers the coach (the readers of the ratings)."""
    return can_see_coach_facts(viewer=viewer, coach=coach)


def can_request_practice_rating(*, viewer: Person, coach: Person) -> bool:
    """Who may ask someone to observe a coach's session with the CPRS: the coach's current
    coach supervisor, and coach supervisors, program leads or observers whose scope covers the
    coach (as tandem/instruments/administration_services.py also checks)."""
    if not holds_coaching_relations(viewer) or viewer.pk == coach.pk:
        return False
    if is_coach_supervisor_of(viewer=viewer, coach=coach):
        return True
    roles = (Role.COACH_SUPERVISOR, Role.PROGRAM_LEAD, Role.OBSERVER)
    return any(coach.org_unit.path.startswith(p) for p in _oversight_paths(viewer, roles))


# --- Onboarding and training in coaching models (issue #17 items 2 and 6) ---------------------
# Administrative facts about a coach: read by `can_see_coach_facts` (the coach, their current
# coach supervisor, program leads and coach supervisors whose scope covers the coach); anyone
# else is told the coach's pages do not exist (`coach_for_facts`).


def can_record_training(*, viewer: Person, coach: Person) -> bool:
    """Training in a named coaching model is recorded by the readers of the coach's facts,
    the coach included (the record shows who recorded it, so a coach's own entry reads as
    self-reported)."""
    return can_see_coach_facts(viewer=viewer, coach=coach)


def can_confirm_onboarding(*, viewer: Person, coach: Person) -> bool:
    """Shadowing an experienced coach is confirmed by someone other than the coach: their
    current coach supervisor, or a program lead or coach supervisor whose scope covers them."""
    return viewer.pk != coach.pk and can_see_coach_facts(viewer=viewer, coach=coach)


def can_see_onboarding_readiness(*, viewer: Person) -> bool:
    """The readiness table is for program leads and coach supervisors (any scope) and anyone
    supervising a coach today."""
    if not holds_coaching_relations(viewer):
        return False
    return bool(_oversight_paths(viewer)) or bool(supervised_coach_ids(supervisor=viewer))


def onboarding_coaches_for(*, viewer: Person) -> Q:
    """A filter on Person: the coaches on the viewer's readiness table, the viewer excepted."""
    return coaches_facts_visible_to(viewer=viewer) & ~Q(pk=viewer.pk)


def onboarding_write_audit(
    *, viewer: Person, coach: Person, record_type: str, record_id: int, via: str
) -> None:
    """Audit a training record or onboarding confirmation written about a coach (not the
    coach's own entries about themself)."""
    if viewer.pk == coach.pk:
        return
    relation = (
        "Coach supervisor"
        if is_coach_supervisor_of(viewer=viewer, coach=coach)
        else "Program oversight"
    )
    development_write_audit(
        viewer=viewer,
        subject_id=coach.pk,
        record_type=record_type,
        record_id=record_id,
        relation=relation,
        via=via,
        category=Category.ADMINISTRATIVE,
        action=AccessEvent.Action.CREATE,
    )
