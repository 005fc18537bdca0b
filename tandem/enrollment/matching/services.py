"""Writes for matching: offer a coach, answer an offer, run a cohort, weights, conflicts.

Every write re-checks the hard exclusions in the database at the moment it happens, so a page
left open while a conflict was declared or a coach filled up can never produce a forbidden match.

Two people acting at the same moment (docs/RELIABILITY.md): a write that changes a request's
offers locks the request's row first, and one that takes a coach's place locks the coach's
profile before counting their load, so the second writer waits and then sees the first's
offer. Locks are taken in one order (requests by id, then offers, then coaches by id), so
writers never deadlock. On SQLite `select_for_update` does nothing, but there a write
transaction begins IMMEDIATE (settings.py) and so already runs alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tandem.coaching.models import Engagement
from tandem.coaching.services import chain_of_command_kind
from tandem.enrollment.intake import NOT_FITTING, fitting, intake_fits
from tandem.enrollment.matching.engine import (
    FACTOR_NAMES,
    Candidate,
    factors_for,
    fit_of,
    intrinsic_exclusions,
    rank,
)
from tandem.enrollment.matching.selectors import (
    LIVE_MATCH,
    OFFERED,
    candidates_load,
    coach_places_taken,
    covered,
    exclusions_for,
    lead_paths,
    needs_for,
    weights_for,
)
from tandem.enrollment.models import CoachingRequest, ConflictOfInterest, Match, MatchingWeights
from tandem.enrollment.services import request_transition, request_waitlist_set
from tandem.notifications.services import notification_send
from tandem.people.models import CoachProfile, OrgUnit, Person, Role, RoleAssignment

S = CoachingRequest.Status


def _incoming_url() -> str:
    return reverse("matching:incoming")


def _request_url(request: CoachingRequest) -> str:
    return reverse("matching:request", args=[request.pk])


def _leads_of(request: CoachingRequest) -> list[Person]:
    """Program leads whose scope covers the learner. One query."""
    path = request.learner.org_unit.path
    prefixes = [path[:end] for end in range(4, len(path) + 1, 4)]
    grants = RoleAssignment.objects.filter(
        role=Role.PROGRAM_LEAD, scope__path__in=prefixes, person__is_active=True
    ).select_related("person")
    return list({grant.person.pk: grant.person for grant in grants}.values())


def _tell_supervisor(request: CoachingRequest, subject: str, body: str) -> None:
    supervisor = request.learner.supervisor if request.supervisor_informed else None
    if supervisor is not None:
        notification_send(recipient=supervisor, subject=subject, body=body)


def _lock_request(request: CoachingRequest) -> None:
    """Hold the request's row until the transaction ends and read again what another writer
    may just have changed, so two writes on one request run one after the other."""
    request.status, request.engagement_id, request.waitlisted_at = (
        CoachingRequest.objects.select_for_update()
        .filter(pk=request.pk)
        .values_list("status", "engagement_id", "waitlisted_at")
        .get()
    )


def _lock_coaches(coach_ids: Iterable[int]) -> dict[int, int]:
    """Hold the coaches' profiles until the transaction ends, in id order; returns each one's
    capacity. Whoever counts a coach's load and then gives them a learner holds the coach, so
    two writers never both see the same free place."""
    return dict(
        CoachProfile.objects.select_for_update()
        .filter(person_id__in=sorted(set(coach_ids)))
        .order_by("person_id")
        .values_list("person_id", "capacity")
    )


def _lock_match(match: Match) -> None:
    """Hold the match's row and read its status again (another tab may just have answered)."""
    match.status = (
        Match.objects.select_for_update().values_list("status", flat=True).get(pk=match.pk)
    )


def _check_allowed(
    request: CoachingRequest, coach_id: int, *, pool: Sequence[Candidate] | None = None
) -> Candidate:
    """The coach as a candidate for the request, or ValidationError naming every exclusion."""
    pool = candidates_load(today=timezone.localdate()) if pool is None else pool
    candidate = next((c for c in pool if c.coach_id == coach_id), None)
    if candidate is None:
        raise ValidationError("This person has no coach profile.", code="not_a_coach")
    need = needs_for(requests=[request])[0]
    reasons = [*exclusions_for(requests=[request])[request.pk].get(coach_id, [])]
    reasons += intrinsic_exclusions(need, candidate)
    if reasons:
        raise ValidationError(
            f"{candidate.name} cannot coach this learner: {' '.join(reasons)}", code="excluded"
        )
    return candidate


def _supersede_live(request: CoachingRequest) -> None:
    """Earlier offers and acceptances give way to the new offer; they stay in the history. A
    planned engagement from an earlier acceptance never started, so it is withdrawn."""
    now = timezone.now()
    earlier = list(Match.objects.filter(request=request, status__in=LIVE_MATCH))
    for match in earlier:
        match.status = Match.Status.SUPERSEDED
        match.decided_at = now
        match.save(update_fields=["status", "decided_at"])
    if request.engagement_id is not None:
        engagement = Engagement.objects.get(pk=request.engagement_id)
        if engagement.status != Engagement.Status.PLANNED:
            raise ValidationError("Coaching has already started with this coach.", code="started")
        engagement.status = Engagement.Status.WITHDRAWN
        engagement.ended_on = timezone.localdate()
        engagement.save(update_fields=["status", "ended_on"])
        request.engagement = None
        request.save(update_fields=["engagement"])


@transaction.atomic
def match_propose(
    *,
    request: CoachingRequest,
    coach_id: int,
    by: Person,
    override_reason: str = "",
    chemistry: bool = False,
) -> Match:
    """Offer the request to a coach. Choosing other than the top suggestion needs a reason."""
    _lock_request(request)
    if request.status != S.MATCHING:
        raise ValidationError("Only a request in matching can be offered to a coach.")
    if not intake_fits(request=request):
        raise ValidationError(NOT_FITTING, code="intake")
    _lock_coaches([coach_id])
    pool = candidates_load(today=timezone.localdate())
    need = needs_for(requests=[request])[0]
    excluded = exclusions_for(requests=[request])[request.pk]
    suggestions, _ = rank(need, pool, excluded, weights_for(unit_path=need.unit_path))
    chosen = next((s for s in suggestions if s.coach_id == coach_id), None)
    if chosen is None:
        _check_allowed(request, coach_id, pool=pool)
        raise ValidationError("This coach cannot be offered the request.", code="excluded")
    override_reason = override_reason.strip()
    if chosen.rank != 1 and not override_reason:
        raise ValidationError(
            "Say why you chose a coach other than the top suggestion.", code="override_reason"
        )
    _supersede_live(request)
    match = Match.objects.create(
        request=request,
        coach_id=coach_id,
        status=Match.Status.CHEMISTRY if chemistry else Match.Status.PROPOSED,
        fit=chosen.fit,
        factors=[f.as_dict() for f in chosen.factors],
        suggested_rank=chosen.rank,
        override_reason=override_reason if chosen.rank != 1 else "",
        proposed_by=by,
    )
    if request.waitlisted_at is not None:
        request_waitlist_set(request=request, waiting=False)
    _announce(match)
    return match


def _announce(match: Match) -> None:
    request = match.request
    chemistry = match.status == Match.Status.CHEMISTRY
    notification_send(
        recipient=match.coach,
        subject="A coaching request was offered to you",
        body="Meet the learner first, then answer the offer."
        if chemistry
        else "Read the request and accept or decline it.",
        url=_incoming_url(),
    )
    notification_send(
        recipient=request.learner,
        subject="A coach was proposed for you",
        body="A coach will meet you first to see whether you work well together."
        if chemistry
        else "You will hear from us when the coach accepts.",
        url=reverse("enrollment:request_detail", args=[request.pk]),
    )
    _tell_supervisor(
        request,
        f"Coaching for {request.learner}: a coach was proposed",
        "A coach was proposed; you will hear when coaching is agreed.",
    )


@transaction.atomic
def match_reopen(*, request: CoachingRequest, by: Person) -> CoachingRequest:
    """Take a request back to matching after a coach accepted but before coaching started
    ("is someone else a better fit?", toolkit l.5861). The accepted match is kept as
    reassigned and the planned engagement withdrawn."""
    _lock_request(request)
    if request.status != S.AGREEMENT:
        raise ValidationError("Only a request waiting for its agreement can go back to matching.")
    _supersede_live(request)
    request_transition(request=request, to=S.MATCHING, by=by)
    return request


@transaction.atomic
def match_chemistry_ask(*, match: Match, by: Person) -> Match:
    """Ask for a chemistry meeting before the coach answers."""
    _lock_match(match)
    if match.status != Match.Status.PROPOSED:
        raise ValidationError("Only an open offer can add a chemistry meeting.")
    match.status = Match.Status.CHEMISTRY
    match.save(update_fields=["status"])
    _announce(match)
    return match


@transaction.atomic
def match_accept(*, match: Match, coach: Person) -> Engagement:
    """The offered coach takes the request: a planned engagement, and the agreement is next.

    The offer held one of the coach's places, but the coach may hold more offers than free
    places (their capacity was lowered since): only learners actually taken on count here."""
    request = CoachingRequest.objects.select_for_update().get(pk=match.request_id)
    _lock_match(match)
    if match.coach_id != coach.pk or match.status not in OFFERED:
        raise ValidationError("This offer is no longer open.", code="closed")
    if request.status != S.MATCHING:
        raise ValidationError("This request is no longer waiting for a coach.", code="closed")
    reasons = exclusions_for(requests=[request])[request.pk].get(coach.pk, [])
    if reasons:
        raise ValidationError(f"You cannot coach this learner: {' '.join(reasons)}")
    capacity = _lock_coaches([coach.pk]).get(coach.pk)
    taken = coach_places_taken(coach_id=coach.pk)
    if capacity is not None and taken >= capacity:
        raise ValidationError(
            f"You are at capacity ({taken} of {capacity} learners): decline this offer, or ask "
            "your program lead to raise your capacity first.",
            code="full",
        )
    kind: str = (
        Engagement.Kind.SUPERVISOR_AS_COACH
        if request.wants_supervisor_as_coach
        else Engagement.Kind.INDIVIDUAL
    )
    # A supervisor set up for supportive supervision holds it with their team (seed 002).
    kind = chain_of_command_kind(coach=coach, learner=request.learner, kind=kind)
    engagement = Engagement.objects.create(
        learner=request.learner, coach=coach, kind=kind, status=Engagement.Status.PLANNED
    )
    match.status = Match.Status.ACCEPTED
    match.decided_at = timezone.now()
    match.save(update_fields=["status", "decided_at"])
    request.engagement = engagement
    request.save(update_fields=["engagement"])
    request_transition(request=request, to=S.AGREEMENT, by=coach)
    return engagement


@transaction.atomic
def match_decline(*, match: Match, coach: Person, reason: str) -> Match:
    """The offered coach says no, with a reason the program lead reads; matching goes on."""
    reason = reason.strip()
    if not reason:
        raise ValidationError("Say why you decline, so the program lead can find another coach.")
    _lock_match(match)
    if match.coach_id != coach.pk or match.status not in OFFERED:
        raise ValidationError("This offer is no longer open.", code="closed")
    match.status = Match.Status.DECLINED
    match.decline_reason = reason
    match.decided_at = timezone.now()
    match.save(update_fields=["status", "decline_reason", "decided_at"])
    _after_decline(match)
    return match


def _after_decline(match: Match) -> None:
    request = match.request
    for lead in _leads_of(request):
        notification_send(
            recipient=lead,
            subject="A coach declined an offer",
            body="The request is back in matching and needs another coach.",
            url=_request_url(request),
        )
    notification_send(
        recipient=request.learner,
        subject="We are finding you another coach",
        body="The coach we asked cannot take you on. We are looking for another.",
        url=reverse("enrollment:request_detail", args=[request.pk]),
    )
    _tell_supervisor(
        request,
        f"Coaching for {request.learner}: still matching",
        "We are still looking for a coach.",
    )


@transaction.atomic
def cohort_confirm(
    *, lead: Person, pairs: Sequence[tuple[int, int]]
) -> tuple[list[Match], list[str]]:
    """Offer each (request id, coach id) pair, re-checking scope, status, exclusions and
    capacity (counting the offers made here). Returns the matches and a message per refusal.

    The requests and then the coaches are locked before anything is counted, so a lead
    confirming another cohort (or offering one request) at the same moment waits."""
    paths = lead_paths(person=lead)
    wanted = dict(pairs)
    requests = list(
        CoachingRequest.objects.select_for_update(of=("self",))
        .select_related("learner__org_unit", "learner__supervisor")
        .filter(pk__in=wanted, status=S.MATCHING)
        .order_by("pk")
    )
    fits = set(fitting(CoachingRequest.objects.filter(pk__in=wanted)).values_list("pk", flat=True))
    requests = [r for r in requests if covered(r.learner.org_unit.path, paths) and r.pk in fits]
    _lock_coaches(wanted[r.pk] for r in requests)
    live = set(
        Match.objects.filter(request__in=requests, status__in=LIVE_MATCH).values_list(
            "request_id", flat=True
        )
    )
    pool = {c.coach_id: c for c in candidates_load(today=timezone.localdate())}
    needs = {n.request_id: n for n in needs_for(requests=requests)}
    excluded = exclusions_for(requests=requests)
    weights_cache: dict[str, dict[str, int]] = {}
    made: list[Match] = []
    refused: list[str] = []
    for request in requests:
        coach_id = wanted[request.pk]
        candidate = pool.get(coach_id)
        need = needs[request.pk]
        if request.pk in live:
            refused.append(f"{request.learner}: already offered to a coach.")
            continue
        if candidate is None:
            refused.append(f"{request.learner}: the chosen person is not a coach.")
            continue
        reasons = [*excluded[request.pk].get(coach_id, []), *intrinsic_exclusions(need, candidate)]
        if reasons:
            refused.append(f"{request.learner} with {candidate.name}: {' '.join(reasons)}")
            continue
        if need.unit_path not in weights_cache:
            weights_cache[need.unit_path] = weights_for(unit_path=need.unit_path)
        factors = factors_for(need, candidate, weights_cache[need.unit_path])
        match = Match.objects.create(
            request=request,
            coach_id=coach_id,
            status=Match.Status.PROPOSED,
            fit=fit_of(factors),
            factors=[f.as_dict() for f in factors],
            proposed_by=lead,
        )
        match.request = request
        pool[coach_id] = replace(candidate, load=candidate.load + 1)
        if request.waitlisted_at is not None:
            request_waitlist_set(request=request, waiting=False)
        _announce(match)
        made.append(match)
    missing = set(wanted) - {r.pk for r in requests}
    refused += [f"Request {pk} is not waiting for a coach in your scope." for pk in sorted(missing)]
    return made, refused


@transaction.atomic
def waitlist_unassigned(*, lead: Person, request_ids: Sequence[int]) -> int:
    """Put requests the cohort run could not place on the waitlist. Returns how many."""
    paths = lead_paths(person=lead)
    count = 0
    for request in CoachingRequest.objects.select_related("learner__org_unit").filter(
        pk__in=request_ids, status=S.MATCHING, waitlisted_at__isnull=True
    ):
        if covered(request.learner.org_unit.path, paths):
            request_waitlist_set(request=request, waiting=True)
            count += 1
    return count


@transaction.atomic
def weights_update(*, scope: OrgUnit, by: Person, data: Mapping[str, Any]) -> MatchingWeights:
    if not covered(scope.path, lead_paths(person=by)):
        raise ValidationError("You can set weights only for your own scope.")
    values = {name: int(data[name]) for name in FACTOR_NAMES}
    if not any(values.values()):
        raise ValidationError("At least one factor must count.")
    row, _ = MatchingWeights.objects.update_or_create(
        scope=scope, defaults={**values, "updated_by": by}
    )
    return row


def may_declare_for(*, by: Person, coach: Person) -> bool:
    """A coach declares for themselves; a program lead for any coach in scope."""
    if by.pk == coach.pk:
        return True
    return covered(coach.org_unit.path, lead_paths(person=by))


@transaction.atomic
def conflict_declare(
    *, coach: Person, person: Person, by: Person, reason: str = ""
) -> ConflictOfInterest:
    """Record that the coach must never be matched with the person; open offers between them
    are withdrawn at once."""
    if not CoachProfile.objects.filter(person=coach).exists():
        raise ValidationError("Conflicts are declared for coaches.")
    if not may_declare_for(by=by, coach=coach):
        raise ValidationError("You may declare conflicts only for yourself or coaches you lead.")
    if coach.pk == person.pk:
        raise ValidationError("A coach never coaches themselves; no declaration is needed.")
    conflict, created = ConflictOfInterest.objects.get_or_create(
        coach=coach, person=person, defaults={"reason": reason.strip()[:200], "declared_by": by}
    )
    if not created:
        raise ValidationError("This conflict is already declared.")
    open_offers = (
        Match.objects.select_for_update(of=("self",))
        .filter(coach=coach, request__learner=person, status__in=OFFERED)
        .select_related("request__learner__org_unit", "request__learner__supervisor", "coach")
    )
    for match in open_offers:
        match.status = Match.Status.DECLINED
        match.decline_reason = "Conflict of interest declared."
        match.decided_at = timezone.now()
        match.save(update_fields=["status", "decline_reason", "decided_at"])
        _after_decline(match)
    return conflict
