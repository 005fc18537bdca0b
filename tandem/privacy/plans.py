"""The rules for Individual Professional Development Plans: who reads and writes them, and the
audit of every read and write. A plan is the learner's and their line supervisor's alone
(seed 003 l.5864-5878: after closing, supervisor and learner go on without the coach); the
coach, program leads and everyone else never read it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from tandem.people.models import Person
from tandem.privacy import registry as domain
from tandem.privacy.categories import Category
from tandem.privacy.models import AccessEvent
from tandem.privacy.policy import holds_coaching_relations

if TYPE_CHECKING:
    from tandem.lifecycle.models import DevelopmentPlan, DevelopmentPlanVersion


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
            role = domain.DevelopmentPlanAcknowledgment.Role.LEARNER
        elif plan.learner.supervisor_id == viewer.pk:
            role = domain.DevelopmentPlanAcknowledgment.Role.SUPERVISOR
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
        domain.DevelopmentPlan.objects.select_related("learner__supervisor", "started_by")
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
                queryset=domain.DevelopmentPlanAcknowledgment.objects.select_related("person"),
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
        return domain.DevelopmentPlan.objects.none()
    return (
        domain.DevelopmentPlan.objects.filter(Q(learner=viewer) | Q(learner__supervisor=viewer))
        .select_related("learner")
        .order_by("-created_at", "-pk")
    )


def plan_write_audit(
    *, access: PlanAccess, version: DevelopmentPlanVersion, action: str, via: str
) -> None:
    """Audit a change to a plan (the version written or agreed to)."""
    AccessEvent.objects.create(
        viewer=access.viewer,
        subject=access.plan.learner,
        record_type="development_plan",
        record_id=version.pk,
        category=Category.PRIVATE,
        action=action,
        relation=access.relation_label,
        via=via[:200],
    )
