"""Agreements already in force, for seeded demo data and for tests.

Real agreements come into force only through the acknowledgment flow (services.py). Seeded
engagements need agreements as if that flow had run; this writes the same records directly.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import OuterRef, Subquery
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
from tandem.rows import db_value, rows_insert


def agreement_in_force_create(
    *,
    engagement: Engagement,
    shares: Mapping[Any, Iterable[str]],
    template_slug: str = "internal-coach",
    at: datetime | None = None,
) -> Agreement:
    """An agreement every party acknowledged `at` (now when not given)."""
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
    if at is not None:
        Agreement.objects.filter(pk=agreement.pk).update(created_at=at)
        AgreementVersion.objects.filter(pk=version.pk).update(
            created_at=at, sent_at=at, in_force_at=at
        )
        Acknowledgment.objects.filter(version=version).update(at=at)
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


def agreements_bulk_create(
    *, items: Sequence[tuple[Engagement, Mapping[Any, Iterable[str]], bool]]
) -> int:
    """Seeding at scale: the same records as `agreement_in_force_create` for many engagements
    at once, in a fixed number of plain INSERTs. Each item is (engagement, shares, ended); an
    ended agreement keeps its acknowledged version but has none in force (it shares nothing).
    An engagement with a start date had its agreement acknowledged five days before it started
    and, once ended, ended the day coaching ended.

    The engagements need `learner` and `coach` loaded; supervisors are read in one query."""

    if not items:
        return 0
    templates_ensure_builtin()
    templates = {t.slug: t for t in AgreementTemplate.objects.all()}
    supervisor_ids = {e.learner.supervisor_id for e, _, _ in items if e.learner.supervisor_id}
    supervisors = Person.objects.in_bulk(supervisor_ids)
    now = db_value(timezone.now())
    zone = ZoneInfo(settings.TIME_ZONE)
    # The text differs between agreements only in the names: render each shape once with
    # stand-ins, then put the names in (exactly what agreement_text would write).
    shapes: dict[tuple, str] = {}
    stand_in = {PartyRole.COACH: "\x00C\x00", PartyRole.LEARNER: "\x00L\x00"}
    stand_in[PartyRole.SUPERVISOR] = "\x00S\x00"
    agreement_rows = []
    version_rows: dict[int, tuple] = {}  # by engagement id, until the agreement ids are known
    party_rows: dict[int, list[tuple[str, int]]] = {}
    disclosure_rows: dict[int, list[tuple[str, str]]] = {}
    contents: dict[str, str] = {}
    for engagement, shares, ended in items:
        template = templates[_TEMPLATE_OF_KIND.get(engagement.kind, "internal-coach")]
        learner, coach = engagement.learner, engagement.coach
        parties: dict[PartyRole, Person] = {PartyRole.COACH: coach, PartyRole.LEARNER: learner}
        supervisor = supervisors.get(learner.supervisor_id) if learner.supervisor_id else None
        if supervisor is not None and supervisor.pk != coach.pk:
            parties[PartyRole.SUPERVISOR] = supervisor
        disclosure = {str(p): sorted(str(c) for c in cats) for p, cats in shares.items()}
        key = (
            template.slug,
            tuple(parties),
            tuple(sorted((p, tuple(c)) for p, c in disclosure.items())),
        )
        if key not in shapes:
            shapes[key] = agreement_text(
                kind=template.kind,
                number=1,
                learner=stand_in[PartyRole.LEARNER],
                coach=stand_in[PartyRole.COACH],
                parties=[(role.label, stand_in[role]) for role in parties],
                content=template.defaults,
                disclosure=disclosure,
            )
        text = shapes[key]
        for role, person in parties.items():
            text = text.replace(stand_in[role], person.full_name)
        if template.slug not in contents:
            contents[template.slug] = json.dumps(dict(template.defaults))
        signed = _on(engagement.started_on, -5, zone) or now
        ended_at = (_on(engagement.ended_on, 0, zone) or now) if ended else None
        agreement_rows.append(
            (
                engagement.pk,
                template.pk,
                template.kind,
                Agreement.Status.ENDED.value if ended else Agreement.Status.IN_FORCE.value,
                coach.pk,
                signed,
                ended_at,
            )
        )
        version_rows[engagement.pk] = (
            contents[template.slug],
            text,
            text_hash(text),
            coach.pk,
            signed,
            signed,
            signed,
            ended,
        )
        party_rows[engagement.pk] = [(role.value, person.pk) for role, person in parties.items()]
        disclosure_rows[engagement.pk] = [
            (party, category) for party, categories in disclosure.items() for category in categories
        ]
    rows_insert(
        Agreement._meta.db_table,
        (
            "engagement_id",
            "template_id",
            "kind",
            "status",
            "created_by_id",
            "created_at",
            "ended_at",
        ),
        agreement_rows,
    )
    # An engagement has one agreement, an agreement here one version: map the new ids back.
    engagement_ids = [row[0] for row in agreement_rows]
    agreement_of = dict(
        Agreement.objects.filter(engagement_id__in=engagement_ids).values_list(
            "engagement_id", "pk"
        )
    )
    rows_insert(
        AgreementVersion._meta.db_table,
        (
            "agreement_id",
            "number",
            "content",
            "rendered_text",
            "text_hash",
            "created_by_id",
            "created_at",
            "sent_at",
            "in_force_at",
        ),
        [(agreement_of[e], 1, *row[:7]) for e, row in version_rows.items()],
    )
    version_of = dict(
        AgreementVersion.objects.filter(agreement_id__in=agreement_of.values()).values_list(
            "agreement__engagement_id", "pk"
        )
    )
    rows_insert(
        AgreementParty._meta.db_table,
        ("version_id", "role", "person_id"),
        [(version_of[e], role, person) for e, rows in party_rows.items() for role, person in rows],
    )
    rows_insert(
        AgreementDisclosure._meta.db_table,
        ("version_id", "party", "category"),
        [(version_of[e], p, c) for e, rows in disclosure_rows.items() for p, c in rows],
    )
    rows_insert(
        Acknowledgment._meta.db_table,
        ("version_id", "role", "person_id", "text_hash", "at"),
        [
            (version_of[e], role, person, version_rows[e][2], version_rows[e][4])
            for e, rows in party_rows.items()
            for role, person in rows
        ],
    )
    in_force = [e for e, row in version_rows.items() if not row[7]]
    # One UPDATE: each agreement in force points at its (only) version.
    Agreement.objects.filter(engagement_id__in=in_force).update(
        in_force_version=Subquery(
            AgreementVersion.objects.filter(agreement=OuterRef("pk"), number=1).values("pk")[:1]
        )
    )
    return len(agreement_rows)


def _on(day: date | None, days: int, zone: ZoneInfo) -> object:
    """4 pm `days` from `day`, in database form (None without a day)."""
    if day is None:
        return None
    return db_value(datetime.combine(day + timedelta(days=days), time(16), tzinfo=zone))


# The built-in template each kind of engagement starts from (tandem/agreements/builtin/).
_TEMPLATE_OF_KIND = {
    "individual": "internal-coach",
    "online": "internal-coach",
    "peer": "peer-coaching",
    "group": "group-coaching",
    "supervisor_as_coach": "supervisor-as-coach",
    "supportive_supervision": "supportive-supervision",
}
