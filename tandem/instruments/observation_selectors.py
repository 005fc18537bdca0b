"""Reads of observations. Only the engagement's coach and learner read them (their notes are
"between coach and learner" content); every read is written to the audit trail in one insert.

The engagement comes from the privacy policy (`engagement_access`, 404 without access); these
functions then check the category themselves, because observations are read on their own pages
rather than through the engagement page's record sections."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from tandem.instruments.administration_selectors import assignable_versions
from tandem.instruments.administration_services import administration_kind
from tandem.instruments.models import Administration, InstrumentVersion, Observation
from tandem.instruments.observation_services import CATEGORY, RECORD_TYPE
from tandem.instruments.selectors import version_definition
from tandem.people.models import Person
from tandem.privacy.policy import EngagementAccess, Read, engagement_access, record_reads_audit


def _readable(access: EngagementAccess) -> bool:
    return access.is_participant and access.sees(CATEGORY)


def _with_related(queryset: QuerySet[Observation]) -> QuerySet[Observation]:
    return queryset.select_related(
        "observer",
        "observed",
        "created_by",
        "administration__response",
        "administration__version__instrument",
    )


def observations_read_audit(
    *, access: EngagementAccess, observations: Sequence[Observation], via: str
) -> None:
    """One audit row per observation read, in one insert."""
    record_reads_audit(
        reads=[Read(access, CATEGORY, RECORD_TYPE, observation.pk) for observation in observations],
        via=via,
    )


def observations_for(*, access: EngagementAccess, via: str) -> list[Observation]:
    """The engagement's observations, newest first. PermissionDenied for anyone but its coach
    and learner (others who may know the engagement exists still may not read them)."""
    if not _readable(access):
        raise PermissionDenied("Observations are shared only between the coach and the learner.")
    found = list(_with_related(Observation.objects.filter(engagement=access.engagement)))
    observations_read_audit(access=access, observations=found, via=via)
    return found


def observation_get(
    *, viewer: Person, observation_id: int, via: str
) -> tuple[Observation, EngagementAccess]:
    """One observation and the viewer's access to its engagement; 404 for anyone but the
    engagement's coach and learner, so a guessed id reveals nothing."""
    observation = _with_related(Observation.objects.filter(pk=observation_id)).first()
    if observation is None:
        raise Http404("No such observation.")
    access = engagement_access(viewer=viewer, engagement_id=observation.engagement_id)
    if not _readable(access):
        raise Http404("No such observation.")
    observation.engagement = access.engagement
    observations_read_audit(access=access, observations=[observation], via=via)
    return observation, access


def rubric_versions() -> list[InstrumentVersion]:
    """Published instruments an observer fills in about a learner (the newest version of each)."""
    return [
        version
        for version in assignable_versions()
        if administration_kind(version_definition(version)) == Administration.Kind.OBSERVATION
    ]
