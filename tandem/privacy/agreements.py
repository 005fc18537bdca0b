"""The rules for reading coaching agreements: who takes part in one, who reads its text (and
until when), and the audit of every read of it."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from tandem.agreements.models import AgreementParty
from tandem.people.models import Person
from tandem.privacy.categories import Category, Relation
from tandem.privacy.models import AccessEvent


def agreement_roles(*, viewer: Person, agreement_id: int) -> set[str]:
    """How the viewer takes part in an agreement: its parties (any version) read its text;
    coach and learner also write it. Everyone else sees at most its status (program leads)."""

    roles = set(
        AgreementParty.objects.filter(version__agreement_id=agreement_id, person=viewer)
        .values_list("role", flat=True)
        .distinct()
    )
    return roles


def agreement_text_readable(*, viewer: Person, agreement: Any, roles: Collection[str]) -> bool:
    """Coach and learner read their agreement's text always. Its other parties (`roles`, from
    `agreement_roles`) read it while it is a draft, waiting or in force; once it has ended
    (or the learner withdrew) they keep only the facts: that they were a party, and the dates."""
    engagement = agreement.engagement
    if viewer.pk in (engagement.learner_id, engagement.coach_id):
        return True
    return bool(roles) and agreement.status != "ended"


def agreement_read_audit(
    *, viewer: Person, agreement: Any, roles: Collection[str], version_id: int, via: str
) -> None:
    """Reading an agreement's text (page, version, PDF, comparison) is audited like any read of
    the coaching record, so the learner sees who read it. The learner's own reads are not."""
    engagement = agreement.engagement
    if viewer.pk == engagement.learner_id:
        return
    labels = [Relation.COACH.label] if viewer.pk == engagement.coach_id else []
    labels += sorted(_PARTY_LABELS.get(role, str(role)) for role in roles if role != "coach")
    AccessEvent.objects.create(
        viewer=viewer,
        engagement_id=engagement.pk,
        record_type="agreement_version",
        record_id=version_id,
        category=Category.ADMINISTRATIVE,
        action=AccessEvent.Action.VIEW,
        relation=", ".join(dict.fromkeys(labels))[:100],
        via=via[:200],
    )


_PARTY_LABELS = {
    "learner": Relation.LEARNER.label,
    "supervisor": Relation.SUPERVISOR.label,
    "leadership": Relation.LEADERSHIP.label,
}
