"""The readiness step: the `coaching-readiness` instrument given through the instruments app's
administration services, and its result read through tandem.privacy.responses.

The learner fills it in themselves (a self-assessment only they see unless they share it);
optionally again with their coach a few weeks in (instruments: assign, with the engagement).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import Http404
from django.urls import reverse

from tandem.coaching.models import Engagement
from tandem.instruments.administration_services import administration_assign
from tandem.instruments.definition import Band
from tandem.instruments.models import Administration, Response
from tandem.instruments.results import ScoreRow, red_flag_texts, score_rows
from tandem.instruments.scoring import score
from tandem.instruments.selectors import instrument_version_find, version_definition
from tandem.people.models import Person
from tandem.privacy.responses import response_get, response_read_audit

READINESS_SLUG = "coaching-readiness"


def readiness_administration_create(
    *, learner: Person, by: Person, engagement: Engagement | None = None
) -> Administration:
    return administration_assign(
        assigned_by=by,
        version=instrument_version_find(slug=READINESS_SLUG),
        respondent=learner,
        engagement=engagement,
        note="Readiness check for a coaching request.",
    )


@dataclass
class ReadinessResult:
    """What the learner's status page shows of the readiness step."""

    administration_id: int
    submitted: bool
    fill_url: str
    results_url: str
    scores: list[ScoreRow] = field(default_factory=list)
    decision: Band | None = None
    red_flags: list[str] = field(default_factory=list)


def readiness_result(*, viewer: Person, administration_id: int, via: str) -> ReadinessResult | None:
    """The readiness result as the viewer may see it (the privacy module decides; the read is
    audited). None when the viewer may not see it."""
    try:
        access = response_get(viewer=viewer, administration_id=administration_id)
    except Http404:
        return None
    response = access.response
    result = ReadinessResult(
        administration_id=administration_id,
        submitted=response.status != Response.Status.DRAFT,
        fill_url=reverse("instruments:fill", args=[administration_id]),
        results_url=reverse("instruments:results", args=[administration_id]),
    )
    if not result.submitted or not access.can_view:
        return result
    definition = version_definition(response.version)
    report = score(definition, response.answers)
    result.scores = score_rows(definition, response.scores, report)
    result.decision = report.decision
    result.red_flags = red_flag_texts(definition, report)
    response_read_audit(accesses=[access], via=via)
    return result
