"""Peer coaching pairs: two colleagues who coach each other (DOMAIN.md §8, "peer (mutual;
feedback optional)"; Coaching Toolkit, seed 003, l.9198).

A pair is two engagements set up together, each the mirror of the other (`peer_of`): each peer
is coach in one and learner in the other. A program lead sets one up for two people in their
scope, or two peers do it themselves: one proposes, and the pair exists only once the other
agrees. Either way the database keeps two people to one live pair
(`one_live_peer_engagement_per_direction`), so two requests at the same moment cannot make two.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from tandem.coaching.models import Engagement, PeerPairProposal
from tandem.coaching.selectors import LIVE_STATUSES
from tandem.coaching.services import engagement_create
from tandem.notifications.services import notification_send
from tandem.people.models import Person, Role
from tandem.people.selectors import agencies_of, has_role, is_above
from tandem.privacy.policy import engagements_visible_to, holds_coaching_relations

ALREADY_A_PAIR = "These two people already coach each other in a peer pair."


def peer_by_email(*, email: str, field: str = "email") -> Person:
    """The active staff member with this work email who may take part in coaching (one
    query), or a ValidationError on `field` that says what to fix."""
    person = (
        Person.objects.annotate(email_lower=Lower("work_email"))
        .filter(email_lower=email.strip().lower(), is_active=True)
        .select_related("org_unit", "user")
        .first()
    )
    if person is None or not holds_coaching_relations(person):
        raise ValidationError({field: "No active staff member has this work email."})
    return person


def _check_peers(first: Person, second: Person) -> None:
    """Two colleagues of one agency, neither in the other's chain of command (a supervisor
    coaching their own staff is supervisor as coach, not peer coaching)."""
    if first.pk == second.pk:
        raise ValidationError("A peer pair is two different people.")
    agencies = agencies_of(units=[first.org_unit, second.org_unit])
    agency = agencies.get(first.org_unit_id)
    if agency is None or agencies.get(second.org_unit_id) != agency:
        raise ValidationError("Peers coach each other within one agency.")
    if is_above(superior=first, person=second) or is_above(superior=second, person=first):
        raise ValidationError(
            "One of them is in the other's chain of command: that is supervisor as coach, "
            "not peer coaching."
        )


def _live_pair_exists(first: Person, second: Person) -> bool:
    return Engagement.objects.filter(
        Q(coach=first, learner=second) | Q(coach=second, learner=first),
        kind=Engagement.Kind.PEER,
        status__in=LIVE_STATUSES,
    ).exists()


def _pair_create(
    *, first: Person, second: Person, purpose: str, focus: str, peer_feedback: bool
) -> Engagement:
    """Both mirrored engagements, or a ValidationError when the two already are a pair (also
    when another request made the pair a moment ago: the database refuses the second)."""
    _check_peers(first, second)
    if _live_pair_exists(first, second):
        raise ValidationError(ALREADY_A_PAIR)
    # Always the same side first, whoever asked: two requests for one pair at the same moment
    # then wait on the same row of the unique index (the second is refused) instead of each
    # holding one side and waiting for the other (a deadlock).
    first, second = sorted((first, second), key=lambda person: person.pk)
    try:
        with transaction.atomic():
            engagement = engagement_create(
                coach=first,
                learner=second,
                kind=Engagement.Kind.PEER,
                purpose=purpose,
                focus=focus,
                peer_feedback=peer_feedback,
            )
    except IntegrityError as error:
        raise ValidationError(ALREADY_A_PAIR) from error
    for person in (first, second):
        notification_send(
            recipient=person,
            subject="Your peer coaching pair is set up",
            body="You and a colleague now coach each other. Open Tandem to start your "
            "agreements and arrange your first sessions.",
            url=reverse("coaching:peer_pairs"),
        )
    return engagement


@transaction.atomic
def peer_pair_set_up(
    *,
    lead: Person,
    first: Person,
    second: Person,
    purpose: str = Engagement.Purpose.SKILLS,
    focus: str = "",
    peer_feedback: bool = False,
) -> Engagement:
    """A program lead sets up a pair of two people in their scope."""
    outside = [
        person.full_name
        for person in (first, second)
        if not has_role(person=lead, role=Role.PROGRAM_LEAD, unit=person.org_unit)
    ]
    if outside:
        raise ValidationError(
            f"{' and '.join(outside)} {'does' if len(outside) == 1 else 'do'} not work where "
            "you are program lead."
        )
    return _pair_create(
        first=first, second=second, purpose=purpose, focus=focus, peer_feedback=peer_feedback
    )


@transaction.atomic
def peer_proposal_create(
    *, proposer: Person, partner: Person, focus: str = "", peer_feedback: bool = False
) -> PeerPairProposal:
    """A peer asks a colleague to coach each other. Nothing is set up until they agree."""
    if not holds_coaching_relations(proposer):
        raise PermissionDenied("This account does not take part in coaching.")
    _check_peers(proposer, partner)
    if _live_pair_exists(proposer, partner):
        raise ValidationError(ALREADY_A_PAIR)
    try:
        with transaction.atomic():
            proposal = PeerPairProposal.objects.create(
                proposer=proposer, partner=partner, focus=focus, peer_feedback=peer_feedback
            )
    except IntegrityError as error:
        raise ValidationError(
            "One of you has already asked the other: answer or withdraw that request first."
        ) from error
    notification_send(
        recipient=partner,
        subject="A colleague asks you to coach each other",
        body="A colleague would like the two of you to be peer coaches. Open Tandem to agree "
        "or decline.",
        url=reverse("coaching:peer_pairs"),
    )
    return proposal


@transaction.atomic
def peer_proposal_answer(*, person: Person, proposal_id: int, answer: str) -> PeerPairProposal:
    """The partner agrees (the pair is set up) or declines; the proposer may withdraw."""
    proposal = (
        PeerPairProposal.objects.select_for_update(of=("self",))
        .filter(Q(partner=person) | Q(proposer=person), pk=proposal_id)
        .select_related("proposer__org_unit", "partner__org_unit")
        .first()
    )
    if proposal is None:
        raise PermissionDenied("This request is not yours to answer.")
    if proposal.status != PeerPairProposal.Status.OPEN:
        raise ValidationError("This request has already been answered.")
    answers_by = {
        "agree": proposal.partner_id,
        "decline": proposal.partner_id,
        "withdraw": proposal.proposer_id,
    }
    if answers_by.get(answer) != person.pk:
        raise PermissionDenied(
            "The colleague asked agrees or declines; the one who asked may withdraw."
        )
    if answer == "agree":
        proposal.engagement = _pair_create(
            first=proposal.proposer,
            second=proposal.partner,
            purpose=Engagement.Purpose.SKILLS,
            focus=proposal.focus,
            peer_feedback=proposal.peer_feedback,
        )
        proposal.status = PeerPairProposal.Status.ACCEPTED
    else:
        proposal.status = (
            PeerPairProposal.Status.DECLINED
            if answer == "decline"
            else PeerPairProposal.Status.WITHDRAWN
        )
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_at", "engagement"])
    return proposal


# --- Reads ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeerPair:
    """One pair as one of its peers sees it: the side they coach and the side they learn in."""

    partner: Person
    coaching: Engagement  # the viewer coaches the partner here
    learning: Engagement | None  # and learns from them here (the mirror)


def pairs_of(*, person: Person) -> list[PeerPair]:
    """The person's peer pairs, live ones first (two queries whatever the number)."""
    coaching = list(
        engagements_visible_to(viewer=person)
        .filter(kind=Engagement.Kind.PEER, coach=person)
        .order_by("status", "-created_at", "-pk")
    )
    mirrors = {
        e.pk: e
        for e in Engagement.objects.filter(pk__in=[e.peer_of_id for e in coaching if e.peer_of_id])
    }
    return [
        PeerPair(partner=e.learner, coaching=e, learning=mirrors.get(e.peer_of_id or 0))
        for e in coaching
    ]


def proposals_of(*, person: Person) -> QuerySet[PeerPairProposal]:
    """Open requests the person sent or received (one query)."""
    return (
        PeerPairProposal.objects.filter(
            Q(proposer=person) | Q(partner=person), status=PeerPairProposal.Status.OPEN
        )
        .select_related("proposer", "partner")
        .order_by("-created_at", "-pk")
    )


def pairs_in_scope(*, lead: Person) -> QuerySet[Engagement]:
    """Peer pairs a program lead knows of (administrative facts only), each once: the side
    with the lower id (one query)."""
    return (
        engagements_visible_to(viewer=lead)
        .filter(kind=Engagement.Kind.PEER, peer_of__isnull=False, pk__lt=F("peer_of"))
        .order_by("-created_at", "-pk")
    )
