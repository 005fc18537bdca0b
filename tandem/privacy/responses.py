"""Who may see and change instrument responses: the one place that decides it.

Deny by default. The respondent always sees their own response and changes it while it is a
draft. Other people see only submitted responses, by the administration's kind:

- self-assessment: private to the respondent until they share it with their coach; then the
  coach of the linked engagement sees it (as "between coach and learner" content, through the
  engagement policy);
- rating of a coach's practice (fidelity): the rated coach, the coach's current assigned coach
  supervisor (`privacy.development`; once replaced, only a role scope covering the coach lets
  them read it), and coach supervisors and program leads whose role scope covers the coach's
  unit;
- observation of a learner: whoever the engagement policy lets see "between coach and learner"
  content of the linked engagement (its coach and its learner);
- anything else: the respondent only.

Superuser and staff flags grant nothing. Every read of a response's answers or scores is
written to the audit trail (`response_read_audit`), with the person the record is about.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from tandem.people.models import Person, Role
from tandem.people.selectors import RoleGrant, role_grants
from tandem.privacy import registry as domain
from tandem.privacy.categories import AdministrationKind, Category, Relation
from tandem.privacy.development import supervised_coach_ids
from tandem.privacy.models import AccessEvent
from tandem.privacy.policy import (
    EngagementAccess,
    access_to,
    holds_coaching_relations,
    under_scopes,
)

if TYPE_CHECKING:
    from tandem.instruments.models import Administration, Response

Kind = AdministrationKind
RECORD_TYPE = "instrument_response"
# Roles that see ratings of the practice of coaches in their scope.
PRACTICE_OVERSIGHT = (Role.COACH_SUPERVISOR, Role.PROGRAM_LEAD)


@dataclass(frozen=True)
class ResponseAccess:
    response: Response
    viewer: Person
    can_view: bool
    can_edit: bool
    relation: str  # how the viewer stands to the response, for the audit trail
    category: Category

    @property
    def administration(self) -> Administration:
        administration = self.response.administration
        assert administration is not None  # responses_visible_to only yields administered ones
        return administration


def _with_related(queryset: QuerySet[Response]) -> QuerySet[Response]:
    return queryset.select_related(
        "version__instrument",
        "respondent",
        "subject__org_unit",
        "administration__engagement__learner__org_unit",
        "administration__engagement__coach__org_unit",
        "administration__subject__org_unit",
        "administration__pre",
    )


def _oversight_paths(viewer: Person) -> list[str]:
    return [g.scope_path for g in role_grants(person=viewer) if g.role in PRACTICE_OVERSIGHT]


def responses_visible_to(*, viewer: Person) -> QuerySet[Response]:
    """Every response whose answers the viewer may read. One query to build, one to run.

    The engagement conditions mirror what tandem.privacy.policy grants for "between coach and
    learner" content (coach and learner only); `response_access` asks the policy itself, and a
    test checks that the two agree."""
    if not holds_coaching_relations(viewer):
        return domain.Response.objects.none()
    submitted = Q(status=domain.Response.Status.SUBMITTED)
    participant = Q(administration__engagement__coach=viewer) | Q(
        administration__engagement__learner=viewer
    )
    condition = (
        Q(respondent=viewer)
        | (
            submitted
            & Q(administration__kind=Kind.SELF)
            & Q(shared_with_coach_at__isnull=False)
            & Q(administration__engagement__coach=viewer)
        )
        | (
            submitted
            & Q(administration__kind=Kind.PRACTICE_RATING)
            & (
                Q(administration__subject=viewer)
                | Q(administration__subject_id__in=supervised_coach_ids(supervisor=viewer))
                | under_scopes("administration__subject__org_unit__path", _oversight_paths(viewer))
            )
        )
        | (submitted & Q(administration__kind=Kind.OBSERVATION) & participant)
    )
    return _with_related(
        domain.Response.objects.filter(administration__isnull=False).filter(condition)
    )


def response_access(*, viewer: Person, response: Response) -> ResponseAccess:
    """What the viewer may do with one response (which must have an administration)."""
    return responses_access(viewer=viewer, responses=[response])[response.pk]


def responses_access(*, viewer: Person, responses: Sequence[Response]) -> dict[int, ResponseAccess]:
    """The viewer's access to each response, in at most three queries whatever the number."""
    if not holds_coaching_relations(viewer):
        return {r.pk: ResponseAccess(r, viewer, False, False, "", _category(r)) for r in responses}
    others = [r for r in responses if r.respondent_id != viewer.pk and _submitted(r)]
    grants = role_grants(person=viewer) if others else []
    oversight = [g.scope_path for g in grants if g.role in PRACTICE_OVERSIGHT]
    rates_practice = any(_kind(r) == Kind.PRACTICE_RATING for r in others)
    supervised = supervised_coach_ids(supervisor=viewer) if rates_practice else set()
    engagements = {
        r.administration.engagement.pk: r.administration.engagement
        for r in others
        if r.administration is not None and r.administration.engagement is not None
    }
    engagement_access = (
        access_to(viewer=viewer, engagements=list(engagements.values())) if engagements else {}
    )
    result = {}
    for response in responses:
        category = _category(response)
        if response.respondent_id == viewer.pk:
            editable = response.status == domain.Response.Status.DRAFT
            access = ResponseAccess(response, viewer, True, editable, "Respondent", category)
        else:
            relation = ""
            if _submitted(response):
                relation = _other_relation(
                    viewer, response, grants, oversight, supervised, engagement_access
                )
            access = ResponseAccess(response, viewer, bool(relation), False, relation, category)
        result[response.pk] = access
    return result


def _kind(response: Response) -> str:
    return response.administration.kind if response.administration is not None else Kind.OTHER


def _submitted(response: Response) -> bool:
    return (
        response.status == domain.Response.Status.SUBMITTED and response.administration is not None
    )


def _other_relation(
    viewer: Person,
    response: Response,
    grants: Sequence[RoleGrant],
    oversight: Sequence[str],
    supervised: set[int],
    engagement_access: dict[int, EngagementAccess],
) -> str:
    administration = response.administration
    assert administration is not None
    kind = administration.kind
    engagement = administration.engagement
    access = engagement_access.get(engagement.pk) if engagement is not None else None
    # Shared with "my coach": the coach of the linked engagement, as the policy sees them.
    if (
        kind == Kind.SELF
        and response.shared_with_coach_at
        and access is not None
        and Relation.COACH in access.relations
        and access.sees(Category.COACH_LEARNER)
    ):
        return Relation.COACH.label
    if kind == Kind.PRACTICE_RATING and administration.subject is not None:
        if administration.subject_id == viewer.pk:
            return "Rated coach"
        if administration.subject_id in supervised:
            return "Coach supervisor (assigned)"
        coach_path = administration.subject.org_unit.path
        if not any(coach_path.startswith(path) for path in oversight):
            return ""
        covering = sorted(
            {
                g.role
                for g in grants
                if g.role in PRACTICE_OVERSIGHT and coach_path.startswith(g.scope_path)
            }
        )
        return ", ".join(Role(role).label for role in covering)
    if (
        kind == Kind.OBSERVATION
        and access is not None
        and access.is_participant
        and access.sees(Category.COACH_LEARNER)
    ):
        return access.relation_label
    return ""


def _category(response: Response) -> Category:
    """The kind of information a response is, for the audit trail.

    Unshared self-assessments are private to their author; shared ones and observations are
    between coach and learner. There is no category yet for ratings of a coach's practice:
    they are recorded as private (a narrow circle named by this module), with their own
    record type."""
    administration = response.administration
    kind = administration.kind if administration is not None else Kind.OTHER
    if kind == Kind.OBSERVATION or (kind == Kind.SELF and response.shared_with_coach_at):
        return Category.COACH_LEARNER
    return Category.PRIVATE


def response_get(*, viewer: Person, administration_id: int) -> ResponseAccess:
    """The viewer's access to the response of one administration; 404 when they may not see
    it, so a guessed id does not reveal that it exists."""
    response = _with_related(
        domain.Response.objects.filter(administration_id=administration_id)
    ).first()
    if response is None:
        raise Http404("No such instrument response.")
    access = response_access(viewer=viewer, response=response)
    if not access.can_view:
        raise Http404("No such instrument response.")
    return access


def subject_of(response: Response) -> Person:
    """Whose record this is: the rated or observed person, or the respondent themselves."""
    administration = response.administration
    if administration is not None and administration.subject is not None:
        return administration.subject
    return response.respondent


def response_read_audit(*, accesses: Sequence[ResponseAccess], via: str) -> None:
    """Write one audit row per response read, in one insert."""
    _audit(accesses=accesses, action=AccessEvent.Action.VIEW, via=via)


def response_write_audit(*, access: ResponseAccess, action: str, via: str) -> None:
    _audit(accesses=[access], action=action, via=via)


def _audit(*, accesses: Sequence[ResponseAccess], action: str, via: str) -> None:
    AccessEvent.objects.bulk_create(
        AccessEvent(
            viewer=access.viewer,
            engagement=access.administration.engagement,
            subject=subject_of(access.response),
            record_type=RECORD_TYPE,
            record_id=access.response.pk,
            category=access.category,
            action=action,
            relation=access.relation[:100],
            via=via[:200],
        )
        for access in accesses
        if access.can_view
    )
