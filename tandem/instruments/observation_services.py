"""Recording observations: the coach watching the learner practise, or the learner watching a
demonstration (writes). Who may read them is decided by the privacy policy: their notes are
"between coach and learner" content of the engagement (docs/PRIVACY.md)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction

from tandem.instruments.administration_services import AssignError, administration_assign
from tandem.instruments.models import InstrumentVersion, Observation
from tandem.people.models import Person
from tandem.privacy.categories import Category, Relation
from tandem.privacy.models import AccessEvent
from tandem.privacy.policy import EngagementAccess, record_write_audit

RECORD_TYPE = "observation"
CATEGORY = Category.COACH_LEARNER
Direction = Observation.Direction

# Who may record an observation in each direction.
RECORDERS: dict[str, frozenset[Relation]] = {
    Direction.COACH_OBSERVES_LEARNER: frozenset({Relation.COACH}),
    Direction.LEARNER_OBSERVES_DEMONSTRATION: frozenset({Relation.COACH, Relation.LEARNER}),
}


class ObservationError(ValueError):
    """An observation that cannot be saved as given; `problems` maps a field to what to do."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


def consent_needed(*, families_present: bool, recorded: bool, setting: str) -> bool:
    """Families present or a recording made: the observation needs recorded consent."""
    return families_present or recorded or setting == Observation.Setting.RECORDING


def consent_problems(
    *,
    families_present: bool,
    recorded: bool,
    setting: str,
    consent_given_by: str,
    consent_method: str,
    consent_at: datetime.datetime | None,
) -> dict[str, str]:
    """Field → what to do, for each part of the consent that is missing (empty when fine)."""
    if not consent_needed(families_present=families_present, recorded=recorded, setting=setting):
        return {}
    why = "a family was present" if families_present else "a recording was made"
    problems = {}
    if not consent_given_by.strip():
        problems["consent_given_by"] = f"Say who gave consent: {why}."
    if consent_method not in Observation.ConsentMethod.values:
        problems["consent_method"] = f"Choose how consent was given: {why}."
    if consent_at is None:
        problems["consent_at"] = f"Enter when consent was given: {why}."
    return problems


def observation_can_record(access: EngagementAccess, direction: str) -> bool:
    """Whether the viewer may record an observation in this direction in this engagement."""
    allowed = RECORDERS.get(direction, frozenset())
    return bool(access.relations & allowed) and access.sees(CATEGORY)


@transaction.atomic
def observation_record(
    *,
    author: Person,
    access: EngagementAccess,
    direction: str,
    setting: str,
    observed_on: datetime.date,
    notes: str = "",
    rubric: InstrumentVersion | None = None,
    families_present: bool = False,
    recorded: bool = False,
    consent_given_by: str = "",
    consent_method: str = "",
    consent_at: datetime.datetime | None = None,
    via: str,
) -> Observation:
    """Save an observation (and give its rubric to the coach to fill in, when one is chosen).

    Raises PermissionDenied unless the author is the coach (either direction) or the learner
    (watching a demonstration) of the engagement; ObservationError for missing consent or a
    rubric that does not fit."""
    if access.viewer.pk != author.pk or not observation_can_record(access, direction):
        raise PermissionDenied(
            "Only the coach records observations of the learner; the coach or the learner "
            "records a demonstration the learner watched."
        )
    if setting not in Observation.Setting.values:
        raise ObservationError({"setting": "Choose where the observation took place."})
    problems = consent_problems(
        families_present=families_present,
        recorded=recorded,
        setting=setting,
        consent_given_by=consent_given_by,
        consent_method=consent_method,
        consent_at=consent_at,
    )
    if problems:
        raise ObservationError(problems)
    engagement = access.engagement
    if direction == Direction.COACH_OBSERVES_LEARNER:
        observer, observed = engagement.coach, engagement.learner
    else:
        observer, observed = engagement.learner, engagement.coach
    administration = None
    if rubric is not None:
        if direction != Direction.COACH_OBSERVES_LEARNER:
            raise ObservationError(
                {"rubric": "A rubric is for the coach observing the learner; leave it empty."}
            )
        try:
            administration = administration_assign(
                assigned_by=author,
                version=rubric,
                respondent=engagement.coach,
                subject=engagement.learner,
                engagement=engagement,
                note=f"Observation on {observed_on.isoformat()}",
            )
        except AssignError as error:
            raise ObservationError({"rubric": str(error)}) from error
    observation = Observation.objects.create(
        engagement=engagement,
        direction=direction,
        observer=observer,
        observed=observed,
        setting=setting,
        observed_on=observed_on,
        notes=notes,
        administration=administration,
        families_present=families_present,
        recorded=recorded,
        consent_given_by=consent_given_by.strip(),
        consent_method=consent_method,
        consent_at=consent_at,
        created_by=author,
    )
    record_write_audit(
        viewer=author,
        access=access,
        category=CATEGORY,
        record_type=RECORD_TYPE,
        record_id=observation.pk,
        action=AccessEvent.Action.CREATE,
        via=via,
    )
    return observation
