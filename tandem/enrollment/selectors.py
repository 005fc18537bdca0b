"""Reads for enrollment. The learner's words are filtered by tandem.privacy.policy; the
program lead's board works from structured fields only (docs/ENROLLMENT.md)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from tandem.enrollment.models import (
    Campaign,
    CoachingRequest,
    Invitation,
    StatusChange,
    Suggestion,
)
from tandem.people.models import OrgUnit, Person, Role
from tandem.people.selectors import role_grants
from tandem.privacy.policy import under_scopes

S = CoachingRequest.Status
# Fields the program lead's pages may load. The learner's words are never among them.
STRUCTURED_FIELDS = (
    "id",
    "learner_id",
    "source",
    "campaign_id",
    "practice_area_id",
    "language_id",
    "status",
    "status_changed_at",
    "waitlisted_at",
    "created_at",
    "engagement_id",
    "supervisor_informed",
    "wants_supervisor_as_coach",
    "readiness_administration_id",
)


def waitlist_position(request: CoachingRequest) -> int | None:
    """1 for the request that has waited longest; None when not on the waitlist."""
    if request.status != S.MATCHING or request.waitlisted_at is None:
        return None
    ahead = CoachingRequest.objects.filter(status=S.MATCHING, waitlisted_at__isnull=False).filter(
        Q(waitlisted_at__lt=request.waitlisted_at)
        | Q(waitlisted_at=request.waitlisted_at, pk__lt=request.pk)
    )
    return ahead.count() + 1


def lead_scope_paths(*, person: Person) -> list[str]:
    return sorted({g.scope_path for g in role_grants(person=person) if g.role == Role.PROGRAM_LEAD})


def requests_in_scope(*, scope_paths: Sequence[str]) -> QuerySet[CoachingRequest]:
    """Requests of learners in the scopes, with structured fields only (no learner's words)."""
    return CoachingRequest.objects.filter(
        under_scopes("learner__org_unit__path", scope_paths)
    ).only(*STRUCTURED_FIELDS)


def requests_awaiting_match(*, scope_paths: Sequence[str]) -> QuerySet[CoachingRequest]:
    """Requests in matching for learners in the program lead's scope, longest waiting first."""
    return (
        requests_in_scope(scope_paths=scope_paths)
        .filter(status=S.MATCHING)
        .order_by("status_changed_at", "pk")
    )


# --- The learner's own pages -------------------------------------------------------------------


def requests_of_learner(*, learner: Person) -> QuerySet[CoachingRequest]:
    return (
        CoachingRequest.objects.filter(learner=learner)
        .select_related("practice_area", "language", "campaign")
        .prefetch_related("modalities")
        .order_by("-created_at", "-pk")
    )


def open_request_of(*, learner: Person) -> CoachingRequest | None:
    return (
        requests_of_learner(learner=learner)
        .filter(status__in=CoachingRequest.OPEN_STATUSES)
        .first()
    )


def suggestions_for(*, learner: Person) -> QuerySet[Suggestion]:
    return Suggestion.objects.filter(learner=learner, status=Suggestion.Status.OPEN).select_related(
        "supervisor"
    )


def invitations_for(*, person: Person) -> QuerySet[Invitation]:
    return Invitation.objects.filter(person=person, status=Invitation.Status.OPEN).select_related(
        "campaign"
    )


def suggestions_by(*, supervisor: Person) -> QuerySet[Suggestion]:
    """What a supervisor suggested, with the answer only (never what the learner then wrote)."""
    return Suggestion.objects.filter(supervisor=supervisor).select_related("learner")


# --- The enrollment board ---------------------------------------------------------------------


@dataclass
class BoardFilters:
    agency: OrgUnit | None = None
    office: OrgUnit | None = None
    status: str = ""
    source: str = ""
    campaign: Campaign | None = None
    stalled_days: int = 14


@dataclass
class Board:
    funnel: list[tuple[str, str, int]]
    total: int
    waitlist: list[CoachingRequest]
    stalled: list[CoachingRequest]
    stalled_count: int
    requests: list[CoachingRequest]
    request_count: int
    mandated_count: int
    campaigns: list[Campaign] = field(default_factory=list)


BOARD_ROWS = 50


def _filtered(scope_paths: Sequence[str], filters: BoardFilters) -> QuerySet[CoachingRequest]:
    found = requests_in_scope(scope_paths=scope_paths)
    unit = filters.office or filters.agency
    if unit is not None:
        found = found.filter(learner__org_unit__path__startswith=unit.path)
    if filters.source:
        found = found.filter(source=filters.source)
    if filters.campaign is not None:
        found = found.filter(campaign=filters.campaign)
    return found


def _rows(queryset: QuerySet[CoachingRequest]) -> QuerySet[CoachingRequest]:
    return queryset.select_related(
        "learner__org_unit", "practice_area", "language", "campaign"
    ).only(
        *STRUCTURED_FIELDS,
        "learner__first_name",
        "learner__last_name",
        "learner__org_unit__name",
        "practice_area__name",
        "language__name",
        "campaign__name",
    )


def enrollment_board(
    *, scope_paths: Sequence[str], filters: BoardFilters, now: date | None = None
) -> Board:
    """The program lead's board: a fixed number of queries whatever the number of requests."""
    base = _filtered(scope_paths, filters)
    counts = dict(base.order_by().values_list("status").annotate(n=Count("id")))
    funnel = [(value, str(label), counts.get(value, 0)) for value, label in S.choices]
    listed = base.filter(status=filters.status) if filters.status else base
    cutoff = timezone.now() - timedelta(days=max(filters.stalled_days, 1))
    stalled_q = listed.filter(
        status__in=[S.REQUESTED, S.READINESS, S.MATCHING, S.AGREEMENT],
        status_changed_at__lt=cutoff,
    )
    waitlist = _rows(
        base.filter(status=S.MATCHING, waitlisted_at__isnull=False).order_by("waitlisted_at", "pk")
    )
    return Board(
        funnel=funnel,
        total=sum(counts.values()),
        waitlist=list(waitlist[:BOARD_ROWS]),
        stalled=list(_rows(stalled_q).order_by("status_changed_at", "pk")[:BOARD_ROWS]),
        stalled_count=stalled_q.count(),
        requests=list(_rows(listed).order_by("-status_changed_at", "-pk")[:BOARD_ROWS]),
        request_count=sum(counts.values()) if not filters.status else counts.get(filters.status, 0),
        mandated_count=base.filter(
            source=CoachingRequest.Source.MANDATED, status__in=CoachingRequest.OPEN_STATUSES
        ).count(),
    )


def board_units(*, scope_paths: Sequence[str], kind: str) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(under_scopes("path", scope_paths), kind=kind).order_by("name")


def board_units_all(*, scope_paths: Sequence[str]) -> QuerySet[OrgUnit]:
    """Units a campaign can target: the lead's scopes and the agencies and offices in them."""
    kinds = [OrgUnit.Kind.STATE, OrgUnit.Kind.AGENCY, OrgUnit.Kind.OFFICE]
    return OrgUnit.objects.filter(under_scopes("path", scope_paths), kind__in=kinds).order_by(
        "path"
    )


def campaign_choices(*, scope_paths: Sequence[str]) -> QuerySet[Campaign]:
    return Campaign.objects.filter(under_scopes("scope__path", scope_paths)).only("pk", "name")


def campaigns_in_scope(*, scope_paths: Sequence[str]) -> QuerySet[Campaign]:
    return (
        Campaign.objects.filter(under_scopes("scope__path", scope_paths))
        .select_related("scope")
        .annotate(
            invited=Count("invitations", distinct=True),
            accepted=Count(
                "invitations",
                filter=Q(invitations__status=Invitation.Status.ACCEPTED),
                distinct=True,
            ),
            request_count=Count("requests", distinct=True),
        )
    )


def status_history(*, request: CoachingRequest) -> QuerySet[StatusChange]:
    return StatusChange.objects.filter(request=request).order_by("at", "pk")
