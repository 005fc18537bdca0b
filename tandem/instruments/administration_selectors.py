"""Reads for administrations: what a person has to fill in, what they may see, and the earlier
answers to compare with. Answers are read only through tandem.privacy.responses."""

from __future__ import annotations

from django.db.models import Max, Q, QuerySet

from tandem.coaching.models import Engagement
from tandem.instruments.models import Administration, InstrumentVersion, Response
from tandem.people.models import Person, Role
from tandem.people.selectors import role_grants
from tandem.privacy.policy import under_scopes
from tandem.privacy.responses import responses_visible_to

ASSIGNER_ROLES = (Role.COACH_SUPERVISOR, Role.PROGRAM_LEAD, Role.OBSERVER)


def administrations_to_fill(*, person: Person) -> QuerySet[Administration]:
    """Instruments given to the person that they have not submitted yet, soonest due first."""
    return (
        Administration.objects.filter(respondent=person, response__status=Response.Status.DRAFT)
        .select_related("version__instrument", "subject", "engagement__coach", "response")
        .order_by("due_on", "created_at", "pk")
    )


def responses_submitted_by(*, person: Person) -> QuerySet[Response]:
    return (
        responses_visible_to(viewer=person)
        .filter(respondent=person, status=Response.Status.SUBMITTED)
        .order_by("-submitted_at", "-pk")
    )


def responses_of_others_visible_to(*, viewer: Person) -> QuerySet[Response]:
    """Submitted answers of other people that the viewer may read (about them, shared with them,
    or in their oversight), newest first."""
    return responses_visible_to(viewer=viewer).exclude(respondent=viewer).order_by("-submitted_at")


def response_history(*, viewer: Person, response: Response) -> list[Response]:
    """Submitted responses to the same instrument by the same respondent about the same
    subject that the viewer may read, oldest first (including `response` when submitted)."""
    administration = response.administration
    subject_id = administration.subject_id if administration is not None else None
    found = responses_visible_to(viewer=viewer).filter(
        version__instrument_id=response.version.instrument_id,
        respondent_id=response.respondent_id,
        administration__subject_id=subject_id,
        status=Response.Status.SUBMITTED,
    )
    return list(found.order_by("submitted_at", "pk"))


def assignable_versions() -> QuerySet[InstrumentVersion]:
    """The highest published version of every instrument."""
    latest = (
        InstrumentVersion.objects.filter(published=True)
        .values("instrument")
        .annotate(top=Max("version"))
        .values_list("instrument", "top")
    )
    condition = Q(pk__in=[])
    for instrument_id, version in latest:
        condition |= Q(instrument_id=instrument_id, version=version)
    return (
        InstrumentVersion.objects.filter(condition)
        .select_related("instrument")
        .order_by("instrument__title")
    )


def engagements_for_assigning(*, person: Person) -> QuerySet[Engagement]:
    """Coaching an administration can be linked to: the person's own, as coach or learner."""
    return (
        Engagement.objects.filter(Q(coach=person) | Q(learner=person))
        .exclude(status__in=[Engagement.Status.CLOSED, Engagement.Status.WITHDRAWN])
        .select_related("coach", "learner")
        .order_by("learner__last_name", "pk")
    )


def people_for_assigning(*, person: Person) -> QuerySet[Person]:
    """Whom the person might give an instrument to or ask about: themselves, the learners they
    coach, coaches in their oversight scope, and learners in their program-lead scope. The
    service decides what is actually allowed."""
    grants = role_grants(person=person)
    oversight = [g.scope_path for g in grants if g.role in ASSIGNER_ROLES]
    program = [g.scope_path for g in grants if g.role == Role.PROGRAM_LEAD]
    coaches = Q(role_assignments__role=Role.COACH) & under_scopes("org_unit__path", oversight)
    learners = Q(
        engagements_as_learner__coach=person,
        engagements_as_learner__status=Engagement.Status.ACTIVE,
    ) | (Q(engagements_as_learner__isnull=False) & under_scopes("org_unit__path", program))
    return (
        Person.objects.filter(Q(pk=person.pk) | coaches | learners, is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def pre_administrations_for(*, person: Person) -> QuerySet[Administration]:
    """'Before' administrations the person gave that have no 'after' yet."""
    return (
        Administration.objects.filter(
            assigned_by=person, phase=Administration.Phase.PRE, post__isnull=True
        )
        .select_related("version__instrument", "respondent", "subject")
        .order_by("-created_at")
    )
