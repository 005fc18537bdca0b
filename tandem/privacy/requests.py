"""The rules for coaching requests (enrollment): who reads a learner's words in their request,
who reads the withdrawal reason (the learner alone), who reads the program lead's intake note,
and the audit of a coach's reads."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from tandem.people.models import Person, Role
from tandem.people.selectors import role_grants
from tandem.privacy import registry as domain
from tandem.privacy.categories import Category, Relation
from tandem.privacy.models import AccessEvent
from tandem.privacy.policy import holds_coaching_relations

if TYPE_CHECKING:
    pass

# A coach with one of these matches on a request may read the learner's words in it.
_REQUEST_MATCH_STATUSES = ("proposed", "chemistry", "accepted")


def _request_words_condition(viewer: Person, prefix: str = "") -> Q:
    """Who may read a request's words: the learner; a coach with a live match on it; and,
    once a match was accepted, the coach of the engagement that came from it."""
    return (
        Q(**{f"{prefix}learner": viewer})
        | Q(
            **{
                f"{prefix}matches__coach": viewer,
                f"{prefix}matches__status__in": _REQUEST_MATCH_STATUSES,
            }
        )
        | Q(
            **{
                f"{prefix}engagement__coach": viewer,
                f"{prefix}matches__status": "accepted",
            }
        )
    )


def requests_with_words_visible_to(*, viewer: Person) -> QuerySet[Any]:
    """Coaching requests whose words (focus, goals, preferred times, what the coach should
    know) the viewer may read. Program leads, supervisors and other coaches get none."""

    if not holds_coaching_relations(viewer):
        return domain.CoachingRequest.objects.none()
    visible = domain.CoachingRequest.objects.filter(_request_words_condition(viewer)).values("pk")
    return domain.CoachingRequest.objects.filter(pk__in=visible)


def request_words_visible_to(*, viewer: Person, request: Any) -> bool:
    if not holds_coaching_relations(viewer):
        return False
    if request.learner_id == viewer.pk:
        return True
    return requests_with_words_visible_to(viewer=viewer).filter(pk=request.pk).exists()


def request_withdrawal_reason_visible_to(*, viewer: Person, request: Any) -> bool:
    """The withdrawal reason is the learner's alone."""
    return bool(request.learner_id == viewer.pk)


def intake_note_visible_to(*, viewer: Person, request: Any) -> bool:
    """The note of an intake conversation (seed 001: the program lead meets the learner before
    matching) is read by the learner, and by a program lead whose scope covers the learner's
    unit while the request stands. Once the learner withdraws, the note is theirs alone: leads
    keep the date and the decision. Never the line supervisor, a coach or leadership: it may
    say why coaching does not fit now.

    `request` needs `learner__org_unit` loaded."""
    if not holds_coaching_relations(viewer):
        return False
    if request.learner_id == viewer.pk:
        return True
    if request.status == "withdrawn":
        return False
    path = request.learner.org_unit.path
    return any(
        grant.role == Role.PROGRAM_LEAD and path.startswith(grant.scope_path)
        for grant in role_grants(person=viewer)
    )


def intake_note_read(*, viewer: Person, request: Any, intake: Any, via: str) -> str | None:
    """The intake's note ("" when none was written) if the viewer may read it
    (`intake_note_visible_to`), else None. A program lead's read is audited, so the learner
    sees it among who viewed their record; the learner reading their own is not."""
    if intake is None or not intake_note_visible_to(viewer=viewer, request=request):
        return None
    if not intake.note:
        return ""  # nothing written: nothing read, nothing audited
    if request.learner_id != viewer.pk:
        AccessEvent.objects.create(
            viewer=viewer,
            engagement_id=request.engagement_id,
            subject_id=request.learner_id,
            record_type="intake",
            record_id=intake.pk,
            category=Category.ADMINISTRATIVE,
            action=AccessEvent.Action.VIEW,
            relation=Role.PROGRAM_LEAD.label,
            via=via[:200],
        )
    return intake.note


def request_words_read_audit(*, viewer: Person, requests: Iterable[Any], via: str) -> None:
    """Audit a coach's reads of learners' request words (one insert for the page). The
    learner reading their own request is not audited; nobody else can read them."""
    AccessEvent.objects.bulk_create(
        AccessEvent(
            viewer=viewer,
            engagement_id=request.engagement_id,
            subject_id=request.learner_id,
            record_type="coaching_request",
            record_id=request.pk,
            category=Category.COACH_LEARNER,
            action=AccessEvent.Action.VIEW,
            relation=Relation.COACH.label,
            via=via[:200],
        )
        for request in requests
        if request.learner_id != viewer.pk
    )
