"""Reads: closing records (through the privacy policy), the development plan's readers, and
which engagements a stalled-coaching board covers."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from tandem.coaching.models import Engagement
from tandem.instruments.models import Administration
from tandem.lifecycle.models import (
    ClosingRecord,
    Cycle,
    DevelopmentPlan,
    DevelopmentPlanAcknowledgment,
    DevelopmentPlanVersion,
)
from tandem.people.models import Person, Role
from tandem.people.selectors import role_grants
from tandem.privacy.categories import Category, Party
from tandem.privacy.models import AccessEvent
from tandem.privacy.policy import (
    EngagementAccess,
    Read,
    holds_coaching_relations,
    record_reads_audit,
    shares_with,
    under_scopes,
)

CLOSING_SURVEY = "closing-survey"

# --- Closing ---------------------------------------------------------------------------------


def supervisor_sees_closing_summary(*, engagement: Engagement) -> bool:
    """Does the agreement in force share closing summaries with the learner's supervisor?"""
    return shares_with(
        engagement_id=engagement.pk, party=Party.SUPERVISOR, category=Category.CLOSING_SUMMARY
    )


def closing_record_of(
    *, viewer: Person, access: EngagementAccess, via: str
) -> ClosingRecord | None:
    """The closing conversation record, if the policy lets the viewer read it (audited).

    Reads only this record (not every coach-and-learner record, as `records_visible_to` would)
    so that the audit trail names exactly what the page showed."""
    if access.viewer.pk != viewer.pk or not access.sees(ClosingRecord.CATEGORY):
        return None
    record = (
        ClosingRecord.objects.filter(engagement=access.engagement).select_related("author").first()
    )
    if record is not None:
        record_reads_audit(
            reads=[Read(access, ClosingRecord.CATEGORY, "closing_record", record.pk)], via=via
        )
    return record


def closing_survey_of(*, engagement: Engagement) -> Administration | None:
    """The closing survey given to the learner of this engagement, if any (not its answers)."""
    return (
        Administration.objects.filter(
            engagement=engagement,
            respondent_id=engagement.learner_id,
            version__instrument__slug=CLOSING_SURVEY,
        )
        .order_by("-pk")
        .first()
    )


def cycles_of(*, engagement: Engagement) -> tuple[Cycle | None, Cycle | None]:
    """The cycle this engagement continues, and the one that continues it."""
    found = list(Cycle.objects.filter(Q(previous=engagement) | Q(next=engagement)))
    before = next((c for c in found if c.next_id == engagement.pk), None)
    after = next((c for c in found if c.previous_id == engagement.pk), None)
    return before, after


# --- Stalled coaching ------------------------------------------------------------------------


def stalled_scope(*, viewer: Person) -> QuerySet[Engagement]:
    """Engagements whose stall this viewer follows: the coach's own, and a program lead's
    learners in scope. Administrative facts only; empty for anyone else."""
    paths = [g.scope_path for g in role_grants(person=viewer) if g.role == Role.PROGRAM_LEAD]
    return Engagement.objects.filter(
        Q(coach=viewer) | under_scopes("learner__org_unit__path", paths)
    )


# --- Development plans -----------------------------------------------------------------------


@dataclass(frozen=True)
class PlanAccess:
    """How one viewer stands to one development plan: the learner or their line supervisor.

    The plan is theirs alone (seed 003 l.5864-5878: after closing, supervisor and learner go on
    without the coach). The coach, program leads and everyone else never read it."""

    plan: DevelopmentPlan
    viewer: Person
    role: str | None

    @classmethod
    def for_person(cls, *, plan: DevelopmentPlan, viewer: Person) -> PlanAccess:
        role = None
        if not holds_coaching_relations(viewer):
            pass  # an account with admin rights reads no one's plan (privacy/policy.py)
        elif plan.learner_id == viewer.pk:
            role = DevelopmentPlanAcknowledgment.Role.LEARNER
        elif plan.learner.supervisor_id == viewer.pk:
            role = DevelopmentPlanAcknowledgment.Role.SUPERVISOR
        return cls(plan=plan, viewer=viewer, role=role)

    @property
    def can_write(self) -> bool:
        return self.role is not None

    @property
    def relation_label(self) -> str:
        return "Learner" if self.role == "learner" else "Learner's supervisor"

    @property
    def other(self) -> Person | None:
        learner = self.plan.learner
        return learner.supervisor if self.role == "learner" else learner


def plan_access(*, viewer: Person, plan_id: int) -> PlanAccess:
    """The viewer's access to a plan, or 404 (a guessed id reveals nothing)."""
    plan = (
        DevelopmentPlan.objects.select_related("learner__supervisor", "started_by")
        .filter(pk=plan_id)
        .first()
    )
    if plan is None:
        raise Http404("No such plan.")
    access = PlanAccess.for_person(plan=plan, viewer=viewer)
    if access.role is None:
        raise Http404("No such plan.")
    return access


def plan_versions_read(*, access: PlanAccess, via: str) -> list[DevelopmentPlanVersion]:
    """Every version of the plan, newest first, with its agreements; the read is audited."""
    versions = list(
        access.plan.versions.select_related("edited_by")
        .prefetch_related(
            Prefetch(
                "acknowledgments",
                queryset=DevelopmentPlanAcknowledgment.objects.select_related("person"),
            )
        )
        .order_by("-number")
    )
    if versions:
        AccessEvent.objects.create(
            viewer=access.viewer,
            subject=access.plan.learner,
            record_type="development_plan",
            record_id=versions[0].pk,
            category=Category.PRIVATE,
            action=AccessEvent.Action.VIEW,
            relation=access.relation_label,
            via=via[:200],
        )
    return versions


def plans_visible_to(*, viewer: Person) -> QuerySet[DevelopmentPlan]:
    """The viewer's own plans and those of the people they supervise (names and dates only)."""
    if not holds_coaching_relations(viewer):
        return DevelopmentPlan.objects.none()
    return (
        DevelopmentPlan.objects.filter(Q(learner=viewer) | Q(learner__supervisor=viewer))
        .select_related("learner")
        .order_by("-created_at", "-pk")
    )


def plan_learners_for(*, viewer: Person) -> QuerySet[Person]:
    """Whom the viewer may start a plan for: themselves (with a supervisor) and direct reports."""
    return Person.objects.filter(
        Q(pk=viewer.pk, supervisor__isnull=False) | Q(supervisor=viewer), is_active=True
    ).order_by("last_name", "first_name")
