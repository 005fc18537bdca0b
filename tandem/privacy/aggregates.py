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

from tandem.people.models import OrgUnit, Person, RoleAssignment
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


def evaluation_scopes_all() -> list[EvaluationScope]:
    """Every distinct evaluation scope held today, each with one of the people who hold it (for
    computing figures ahead of a visit: the figures depend on the scope, not on the viewer)."""
    grants: dict[int, list[RoleGrant]] = {}
    rows = RoleAssignment.objects.filter(role__in=EVALUATION_ROLES).values_list(
        "person_id", "role", "scope_id", "scope__path", "scope__name"
    )
    for person_id, role, scope_id, path, name in rows:
        grants.setdefault(person_id, []).append(RoleGrant(role, scope_id, path, name))
    people = Person.objects.in_bulk(grants)
    scopes: dict[tuple[str, ...], EvaluationScope] = {}
    for person_id, held in sorted(grants.items()):
        scope = scope_of_grants(viewer=people[person_id], grants=held)
        scopes.setdefault(scope.paths, scope)
    return list(scopes.values())


def units_to_evaluate(scope: EvaluationScope) -> QuerySet[OrgUnit]:
    """The units a viewer may narrow their figures to: every unit under their scopes."""
    return OrgUnit.objects.filter(under_scopes("path", scope.paths)).order_by("path")


def units_offered(scope: EvaluationScope, chosen: OrgUnit | None) -> QuerySet[OrgUnit]:
    """The units to list in the chooser, a level at a time so the list stays short in a state of
    any size: the scope's own units and the ones just below them; and once a unit is chosen,
    the units above it (within the scope), it, and the ones just below it. One query."""
    step = OrgUnit.steplen  # a unit's path is `step` characters per level
    offered = Q(path__in=scope.paths)
    for path in scope.paths:
        offered |= Q(path__startswith=path, depth=len(path) // step + 1)
    if chosen is not None:
        above = [chosen.path[: step * level] for level in range(1, chosen.depth)]
        offered |= Q(path__in=above) | Q(path__startswith=chosen.path, depth__lte=chosen.depth + 1)
    return OrgUnit.objects.filter(offered & under_scopes("path", scope.paths)).order_by("path")


def engagements_evaluated(scope: EvaluationScope) -> QuerySet[Engagement]:
    """Engagements whose learner is in the scope (for figures only)."""
    return domain.Engagement.objects.filter(scope.people_q())


def requests_evaluated(scope: EvaluationScope) -> QuerySet[Any]:
    """Coaching requests of learners in the scope (for figures only: never their words)."""
    return domain.CoachingRequest.objects.filter(scope.people_q())
