"""Agreements already in force, for seeded demo data and for tests.

Real agreements come into force only through the acknowledgment flow (services.py). Seeded
engagements need agreements as if that flow had run; this writes the same records directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils import timezone

from tandem.agreements.models import (
    Acknowledgment,
    Agreement,
    AgreementDisclosure,
    AgreementParty,
    AgreementTemplate,
    AgreementVersion,
    PartyRole,
)
from tandem.agreements.rendering import agreement_text, text_hash
from tandem.agreements.services import templates_ensure_builtin
from tandem.coaching.models import Engagement
from tandem.people.models import Person


def agreement_in_force_create(
    *,
    engagement: Engagement,
    shares: Mapping[Any, Iterable[str]],
    template_slug: str = "internal-coach",
) -> Agreement:
    templates_ensure_builtin()
    template = AgreementTemplate.objects.get(slug=template_slug)
    learner, coach = engagement.learner, engagement.coach
    parties: dict[PartyRole, Person] = {PartyRole.COACH: coach, PartyRole.LEARNER: learner}
    if learner.supervisor is not None and learner.supervisor_id != coach.pk:
        parties[PartyRole.SUPERVISOR] = learner.supervisor
    disclosure = {str(p): sorted(str(c) for c in cats) for p, cats in shares.items()}
    text = agreement_text(
        kind=template.kind,
        number=1,
        learner=learner.full_name,
        coach=coach.full_name,
        parties=[(role.label, person.full_name) for role, person in parties.items()],
        content=template.defaults,
        disclosure=disclosure,
    )
    now = timezone.now()
    agreement = Agreement.objects.create(
        engagement=engagement,
        template=template,
        kind=template.kind,
        created_by=coach,
        status=Agreement.Status.IN_FORCE,
    )
    version = AgreementVersion.objects.create(
        agreement=agreement,
        number=1,
        content=dict(template.defaults),
        created_by=coach,
        rendered_text=text,
        text_hash=text_hash(text),
        sent_at=now,
        in_force_at=now,
    )
    AgreementParty.objects.bulk_create(
        AgreementParty(version=version, role=role, person=person)
        for role, person in parties.items()
    )
    AgreementDisclosure.objects.bulk_create(
        AgreementDisclosure(version=version, party=party, category=category)
        for party, categories in disclosure.items()
        for category in categories
    )
    Acknowledgment.objects.bulk_create(
        Acknowledgment(version=version, role=role, person=person, text_hash=version.text_hash)
        for role, person in parties.items()
    )
    agreement.in_force_version = version
    agreement.save(update_fields=["in_force_version"])
    return agreement


def shares_set(*, engagement: Engagement, shares: Mapping[Any, Iterable[str]]) -> None:
    """Tests: replace what the in-force agreement shares (creating one if needed)."""
    agreement = Agreement.objects.filter(engagement=engagement).first()
    if agreement is None or agreement.in_force_version is None:
        agreement_in_force_create(engagement=engagement, shares=shares)
        return
    version = agreement.in_force_version
    version.disclosures.all().delete()
    AgreementDisclosure.objects.bulk_create(
        AgreementDisclosure(version=version, party=str(party), category=str(category))
        for party, categories in shares.items()
        for category in categories
    )
