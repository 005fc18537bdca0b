"""Writes for coach onboarding and training in coaching models (issue #17 items 2 and 6). Who
may write is decided in tandem/privacy/development.py; each write about someone else is
audited there."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tandem.development.models import OnboardingStep
from tandem.people.models import ModelTraining, Person
from tandem.privacy.development import (
    can_confirm_onboarding,
    can_record_training,
    onboarding_write_audit,
)
from tandem.questionbank.models import CoachingModel


def _not_in_future(day: date, what: str) -> None:
    if day > timezone.localdate():
        raise ValidationError(f"{what} cannot be in the future.")


@transaction.atomic
def model_training_record(
    *,
    viewer: Person,
    coach: Person,
    model: CoachingModel,
    completed_on: date,
    provider: str = "",
    hours: Decimal | None = None,
    via: str = "",
) -> ModelTraining:
    """Record that the coach completed training in the model on a date."""
    if not can_record_training(viewer=viewer, coach=coach):
        raise PermissionDenied("You cannot record training for this coach.")
    _not_in_future(completed_on, "The completion date")
    if model.retired:
        raise ValidationError(f"{model.name} is retired; choose a model in use.")
    try:
        with transaction.atomic():
            training = ModelTraining.objects.create(
                coach=coach,
                model=model,
                completed_on=completed_on,
                provider=provider.strip(),
                hours=hours,
                recorded_by=viewer,
            )
    except IntegrityError as error:
        raise ValidationError(
            f"Training in {model.name} completed on {completed_on:%b %-d, %Y} is already recorded."
        ) from error
    onboarding_write_audit(
        viewer=viewer, coach=coach, record_type="model_training", record_id=training.pk, via=via
    )
    return training


@transaction.atomic
def shadowing_confirm(
    *, viewer: Person, coach: Person, completed_on: date, note: str = "", via: str = ""
) -> OnboardingStep:
    """Confirm that the coach shadowed an experienced coach (confirming again changes the date
    and the note, and names the latest confirmer)."""
    if not can_confirm_onboarding(viewer=viewer, coach=coach):
        raise PermissionDenied("You cannot confirm onboarding steps for this coach.")
    _not_in_future(completed_on, "The date of the shadowing")
    step, _ = OnboardingStep.objects.update_or_create(
        coach=coach,
        step=OnboardingStep.Step.SHADOWING,
        defaults={"completed_on": completed_on, "confirmed_by": viewer, "note": note.strip()},
    )
    onboarding_write_audit(
        viewer=viewer, coach=coach, record_type="onboarding_step", record_id=step.pk, via=via
    )
    return step
