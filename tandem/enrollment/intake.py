"""The program lead's intake conversation before matching (seed 001, Arapahoe County: every new
caseworker first meets the coaching supervisor, who then matches them with a coach).

`intake_record` writes one; `intake_latest` reads the one that counts; `with_intake_decision`
lets a query keep only requests whose latest intake found that coaching fits. Who reads the
note is privacy's rule (`tandem.privacy.requests.intake_note_visible_to`)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from tandem.enrollment.models import CoachingRequest, Intake
from tandem.people.models import Person

S = CoachingRequest.Status
# An intake belongs before matching: while the request waits for a coach or before.
OPEN_FOR_INTAKE = (S.REQUESTED, S.READINESS, S.MATCHING)
NOT_FITTING = "Offer the request to a coach once an intake conversation found that coaching fits."


def intake_record(
    *, request: CoachingRequest, by: Person, held_on: date, decision: str, note: str = ""
) -> Intake:
    """Record an intake conversation. The caller checked that `by` is a program lead over the
    learner (matching.selectors.request_for_lead)."""
    if request.status not in OPEN_FOR_INTAKE:
        raise ValidationError(
            "An intake is recorded before matching; this request is past that step.",
            code="status",
        )
    if held_on > timezone.localdate():
        message = "The conversation cannot have taken place in the future."
        raise ValidationError({"held_on": ValidationError(message, code="future")})
    asked = timezone.localdate(request.created_at)
    if held_on < asked:
        message = f"The request was made on {asked:%b %-d, %Y}; the conversation came after."
        raise ValidationError({"held_on": ValidationError(message, code="before_request")})
    if decision not in Intake.Decision.values:
        raise ValidationError("Choose what the conversation decided.", code="decision")
    return Intake.objects.create(
        request=request, held_on=held_on, decision=decision, note=note.strip(), recorded_by=by
    )


def intake_latest(*, request: CoachingRequest) -> Intake | None:
    """The intake that counts: the latest conversation (the last recorded on the same day)."""
    return Intake.objects.filter(request=request).select_related("recorded_by").first()


def intake_fits(*, request: CoachingRequest) -> bool:
    latest = intake_latest(request=request)
    return latest is not None and latest.decision == Intake.Decision.FITS


def with_intake_decision(requests: QuerySet[CoachingRequest]) -> QuerySet[CoachingRequest]:
    """`requests` annotated with `intake_decision`, the latest intake's decision (or None)."""
    latest = Intake.objects.filter(request=OuterRef("pk")).order_by("-held_on", "-pk")
    return requests.annotate(intake_decision=Subquery(latest.values("decision")[:1]))


def fitting(requests: QuerySet[CoachingRequest]) -> QuerySet[CoachingRequest]:
    """Only the requests whose latest intake found that coaching fits."""
    return with_intake_decision(requests).filter(
        intake_decision=Intake.Decision.FITS  # type: ignore[misc]  # an annotation
    )
