"""Building blocks for the onboarding tests: a small world (the privacy world, the coach with
a profile, North County's program settings requiring GROW and CLEAR) and each step's record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from tandem.development.models import (
    CoachSupervisorAssignment,
    OnboardingStep,
    ProgramSettings,
    SupervisionAttendee,
    SupervisionSession,
)
from tandem.instruments.models import Administration, InstrumentVersion, Response
from tandem.instruments.tests.answering import load
from tandem.people.models import ModelTraining, Person
from tandem.people.tests.factories import CoachProfileFactory
from tandem.privacy.tests.world import World, build_world
from tandem.questionbank.models import CoachingModel


@dataclass
class Onboarding:
    world: World
    grow: CoachingModel
    clear: CoachingModel
    cprs: InstrumentVersion
    settings: ProgramSettings

    def person(self, actor: str) -> Person:
        return self.world.people[actor]


def build() -> Onboarding:
    world = build_world()
    CoachProfileFactory(person=world.people["coach"])
    grow = CoachingModel.objects.get(code="grow")
    clear = CoachingModel.objects.get(code="clear")
    settings = ProgramSettings.objects.create(scope=world.tree["north"])
    settings.required_models.set([grow, clear])
    CoachSupervisorAssignment.objects.create(
        coach=world.people["coach"],
        supervisor=world.people["coach_supervisor"],
        started_on=date(2026, 1, 5),
    )
    return Onboarding(world, grow, clear, load("coaching-practices-rating"), settings)


def trained(coach: Person, model: CoachingModel, on: date = date(2026, 3, 12)) -> ModelTraining:
    return ModelTraining.objects.create(coach=coach, model=model, completed_on=on)


def shadowed(coach: Person, by: Person, on: date = date(2026, 4, 2)) -> OnboardingStep:
    return OnboardingStep.objects.create(
        coach=coach, step=OnboardingStep.Step.SHADOWING, completed_on=on, confirmed_by=by
    )


def rated(
    o: Onboarding, coach: Person, by: Person, *, submitted: bool = True, at: datetime | None = None
) -> Administration:
    """A Coaching Practices Rating Scale about the coach, by `by`."""
    administration = Administration.objects.create(
        version=o.cprs,
        kind=Administration.Kind.PRACTICE_RATING,
        respondent=by,
        subject=coach,
        assigned_by=by,
    )
    moment = at or timezone.now() - timedelta(days=3)
    Response.objects.create(
        version=o.cprs,
        respondent=by,
        subject=coach,
        administration=administration,
        status=Response.Status.SUBMITTED if submitted else Response.Status.DRAFT,
        submitted_at=moment if submitted else None,
    )
    return administration


def supervised(
    coach: Person,
    by: Person,
    *,
    status: str = SupervisionSession.Status.HELD,
    attended: bool | None = True,
    at: datetime | None = None,
) -> SupervisionSession:
    session = SupervisionSession.objects.create(
        supervisor=by,
        kind=SupervisionSession.Kind.INDIVIDUAL,
        status=status,
        starts_at=at or timezone.now() - timedelta(days=2),
        created_by=by,
    )
    SupervisionAttendee.objects.create(session=session, coach=coach, attended=attended)
    return session
