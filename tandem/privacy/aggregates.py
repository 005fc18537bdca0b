"""Who sees program figures, and over whom: the rules behind the evaluation pages.

Evaluation shows figures only (counts, medians, means, statistics), never a record's content nor
who a figure is about. It is for program-level roles (program lead, coach supervisor,
leadership, evaluator), over the learners in the org units their role covers; a supervisor, a
coach or a learner sees their own people on their own pages and gets no evaluation pages. Every
figure built from fewer people than `settings.PRIVACY_MIN_COUNT` is suppressed
(`tandem/privacy/suppression.py`), so narrowing the filters never singles anyone out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from tandem.people.models import OrgUnit, Person
from tandem.people.selectors import RoleGrant, role_grants
from tandem.privacy import registry as domain
from tandem.privacy.policy import AGGREGATE_ROLES, under_scopes

if TYPE_CHECKING:
    from tandem.coaching.models import Engagement

EVALUATION_ROLES = AGGREGATE_ROLES


@dataclass(frozen=True)
class EvaluationScope:
    """The org subtrees one viewer evaluates, and the unit they narrowed it to (if any)."""

    viewer: Person
    paths: tuple[str, ...]
    names: tuple[str, ...]
    unit: OrgUnit | None = None

    @property
    def effective_paths(self) -> tuple[str, ...]:
        return (self.unit.path,) if self.unit is not None else self.paths

    @property
    def label(self) -> str:
        return self.unit.name if self.unit is not None else ", ".join(self.names)

    def covers(self, path: str) -> bool:
        return any(path.startswith(p) for p in self.paths)

    def people_q(self, field: str = "learner__org_unit__path") -> Q:
        return under_scopes(field, self.effective_paths)

    def narrowed(self, unit: OrgUnit | None) -> EvaluationScope:
        """The same viewer, limited to `unit`; a unit outside their scope is refused."""
        if unit is not None and not self.covers(unit.path):
            raise PermissionDenied("That unit is outside the scope of your role.")
        return EvaluationScope(self.viewer, self.paths, self.names, unit)


def evaluation_scope(*, viewer: Person) -> EvaluationScope:
    """The viewer's evaluation scope; 403 for anyone without a program-level role."""
    grants = [g for g in role_grants(person=viewer) if g.role in EVALUATION_ROLES]
    if not grants:
        raise PermissionDenied(
            "Program evaluation is for program leads, coach supervisors, leadership and evaluators."
        )
    return scope_of_grants(viewer=viewer, grants=grants)


def scope_of_grants(*, viewer: Person, grants: Sequence[RoleGrant]) -> EvaluationScope:
    """The org subtrees `grants` cover, as one evaluation scope."""
    paths = tuple(sorted({g.scope_path for g in grants}))
    # A scope inside another adds nothing.
    paths = tuple(p for p in paths if not any(p != q and p.startswith(q) for q in paths))
    names = tuple(sorted({g.scope_name for g in grants if g.scope_path in paths}))
    return EvaluationScope(viewer=viewer, paths=paths, names=names)


def units_to_evaluate(scope: EvaluationScope) -> QuerySet[OrgUnit]:
    """The units a viewer may narrow their figures to: every unit under their scopes."""
    return OrgUnit.objects.filter(under_scopes("path", scope.paths)).order_by("path")


def engagements_evaluated(scope: EvaluationScope) -> QuerySet[Engagement]:
    """Engagements whose learner is in the scope (for figures only)."""
    return domain.Engagement.objects.filter(scope.people_q())


def requests_evaluated(scope: EvaluationScope) -> QuerySet[Any]:
    """Coaching requests of learners in the scope (for figures only: never their words)."""
    return domain.CoachingRequest.objects.filter(scope.people_q())
