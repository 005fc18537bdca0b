"""The agreement lifecycle: draft → sent → in force → amended → ended.

Any change after the first acknowledgment of a version creates a new version; the version in
force keeps governing (and its disclosure map keeps applying) until every party acknowledges
the new one. Ending the agreement ends every disclosure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
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
from tandem.agreements.rendering import agreement_text, missing_topics, text_hash
from tandem.agreements.selectors import disclosure_of, latest_version, leadership_for
from tandem.agreements.signals import agreement_in_force
from tandem.coaching.models import Engagement
from tandem.coaching.selectors import members_joined, members_joined_rows
from tandem.notifications.services import notification_send
from tandem.people.models import Person
from tandem.privacy.categories import DISCLOSABLE, Relation
from tandem.privacy.policy import EngagementAccess
from tandem.ui.locking import version_claim

BUILTIN_DIR = Path(__file__).resolve().parent / "builtin"


def templates_ensure_builtin() -> None:
    """Create the shipped templates that are missing. Program leads' edits are kept."""
    common = yaml.safe_load((BUILTIN_DIR / "common.yaml").read_text())
    for path in sorted(BUILTIN_DIR.glob("*.yaml")):
        if path.name == "common.yaml":
            continue
        data = yaml.safe_load(path.read_text())
        AgreementTemplate.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "kind": data["kind"],
                "title": data["title"],
                "defaults": {**common, **(data.get("defaults") or {})},
                "default_disclosure": data.get("default_disclosure") or {},
                "is_builtin": True,
            },
        )


def _require_participant(access: EngagementAccess, person: Person) -> None:
    if access.viewer.pk != person.pk or not access.is_participant:
        raise PermissionDenied("Only the coach and the learner write the agreement.")


def _set_parties(
    version: AgreementVersion,
    parties: Mapping[str, Person | None],
    members: Iterable[Person] = (),
) -> None:
    """One party per role, plus every group member (a group agreement names each of them)."""
    version.parties.all().delete()
    rows = [(role, person) for role, person in parties.items() if role != PartyRole.MEMBER]
    rows += [(PartyRole.MEMBER, person) for person in members]
    AgreementParty.objects.bulk_create(
        AgreementParty(version=version, role=role, person=person)
        for role, person in rows
        if person is not None
    )


def _set_disclosure(version: AgreementVersion, disclosure: Mapping[str, Iterable[str]]) -> None:
    version.disclosures.all().delete()
    AgreementDisclosure.objects.bulk_create(
        AgreementDisclosure(version=version, party=party, category=category)
        for party, categories in disclosure.items()
        for category in sorted(set(categories))
        if category in DISCLOSABLE
    )


@transaction.atomic
def agreement_start(
    *, coach: Person, access: EngagementAccess, template: AgreementTemplate
) -> Agreement:
    """The coach drafts the engagement's agreement from a template."""
    if access.viewer.pk != coach.pk or Relation.COACH not in access.relations:
        raise PermissionDenied("The coach drafts the agreement.")
    engagement = access.engagement
    if Agreement.objects.filter(engagement=engagement).exists():
        raise ValidationError("This engagement already has an agreement.")
    agreement = Agreement.objects.create(
        engagement=engagement, template=template, kind=template.kind, created_by=coach
    )
    version = AgreementVersion.objects.create(
        agreement=agreement, number=1, content=dict(template.defaults), created_by=coach
    )
    learner = engagement.learner
    _set_parties(
        version,
        {
            PartyRole.COACH: engagement.coach,
            PartyRole.LEARNER: learner,
            PartyRole.SUPERVISOR: learner.supervisor
            if learner.supervisor_id not in (None, engagement.coach_id)
            else None,
            PartyRole.LEADERSHIP: leadership_for(learner=learner).first(),
        },
        members=members_joined(engagement_id=engagement.pk),
    )
    _set_disclosure(version, template.default_disclosure)
    return agreement


@transaction.atomic
def agreement_edit(
    *,
    editor: Person,
    access: EngagementAccess,
    agreement: Agreement,
    base_version: int,
    content: dict[str, object],
    disclosure: Mapping[str, Iterable[str]],
    leadership: Person | None,
) -> AgreementVersion:
    """Save the coach's and learner's text. Edits a version nobody acknowledged yet; once
    anyone has acknowledged it, the change becomes a new version (the old one stays readable).

    Only from the edit the form opened (`base_version`, the agreement's `version`): if the other
    party saved since, raise Conflict and change nothing."""
    _require_participant(access, editor)
    agreement.version = version_claim(Agreement.objects.all(), pk=agreement.pk, seen=base_version)
    # Read under the claim's row lock: the agreement may have been sent or ended meanwhile.
    agreement.refresh_from_db(fields=["status"])
    if agreement.status == Agreement.Status.ENDED:
        raise ValidationError("This agreement has ended; it cannot be changed.")
    current = latest_version(agreement=agreement)
    if current.acknowledgments.exists():
        version = AgreementVersion.objects.create(
            agreement=agreement, number=current.number + 1, content=content, created_by=editor
        )
    else:
        version = current
        version.content = content
        version.rendered_text, version.text_hash, version.sent_at = "", "", None
        version.save()
        if agreement.status == Agreement.Status.SENT:
            agreement.status = Agreement.Status.DRAFT
            agreement.save(update_fields=["status"])
    parties: dict[str, Person | None] = {
        p.role: p.person for p in current.parties.select_related("person")
    }
    parties[PartyRole.LEADERSHIP] = leadership
    # The group's members as they stand now: whoever joined since, not whoever left.
    _set_parties(version, parties, members=members_joined(engagement_id=agreement.engagement_id))
    _set_disclosure(version, disclosure)
    return version


@transaction.atomic
def agreement_send(
    *, sender: Person, access: EngagementAccess, agreement: Agreement
) -> AgreementVersion:
    """Freeze the latest version's text and ask every party to acknowledge it."""
    _require_participant(access, sender)
    version = latest_version(agreement=agreement)
    missing = missing_topics(agreement.kind, version.content)
    if missing:
        raise ValidationError(
            "Before sending, fill in: " + "; ".join(missing) + ".", code="missing_topics"
        )
    if version.sent_at is not None:
        return version
    parties = _freeze(agreement, version)
    if agreement.status == Agreement.Status.DRAFT:
        agreement.status = Agreement.Status.SENT
        agreement.save(update_fields=["status"])
    _ask_to_acknowledge(agreement, version, {p.person for p in parties} - {sender})
    return version


def _freeze(agreement: Agreement, version: AgreementVersion) -> list[AgreementParty]:
    """Fix the version's exact text (naming every party) and its hash: it is sent."""
    engagement = agreement.engagement
    parties = list(version.parties.select_related("person"))
    version.rendered_text = agreement_text(
        kind=agreement.kind,
        number=version.number,
        learner=engagement.learner.full_name,
        coach=engagement.coach.full_name,
        parties=[(p.get_role_display(), p.person.full_name) for p in parties],
        content=version.content,
        disclosure=disclosure_of(version=version),
    )
    version.text_hash = text_hash(version.rendered_text)
    version.sent_at = timezone.now()
    version.save()
    return parties


def _ask_to_acknowledge(
    agreement: Agreement, version: AgreementVersion, people: Iterable[Person]
) -> None:
    url = reverse("agreements:acknowledge", args=[agreement.pk, version.number])
    for party in people:
        notification_send(
            recipient=party,
            subject="A coaching agreement is waiting for you",
            body=f"Please read version {version.number} of a coaching agreement you are party "
            "to, and acknowledge it if you agree.",
            url=url,
        )


@transaction.atomic
def agreement_members_sync(*, engagement_id: int) -> AgreementVersion | None:
    """A group's membership changed (someone accepted joining, declined or left): make the
    agreement name its members as they stand now. Returns the version that changed, if any.

    - A member who joined and has not acknowledged a version naming them since joining needs
      one: when nobody has acknowledged the latest version yet it names them in place,
      otherwise a new version (the same text and sharing, the new list of members) does, so
      that the other parties' acknowledgments of what they agreed stay as they were. A version
      that had been sent is sent again at once, and those who must acknowledge it are told.
    - A member who left or declined is dropped from a version still waiting, which could
      otherwise never come into force; the version in force keeps naming who agreed to it
      until the next amendment.
    The version in force keeps applying until every party acknowledges the new one."""
    agreement = (
        Agreement.objects.select_for_update()
        .filter(engagement_id=engagement_id)
        .exclude(status=Agreement.Status.ENDED)
        .select_related("engagement__learner", "engagement__coach")
        .first()
    )
    if agreement is None:
        return None
    now = timezone.now()
    # Locked as agreement_acknowledge locks it: an acknowledgment arriving meanwhile waits,
    # so it is never recorded against text this sync then rewrites.
    current = AgreementVersion.objects.select_for_update().get(
        pk=latest_version(agreement=agreement).pk
    )
    joined = {m.person_id: m for m in members_joined_rows(engagement_id=engagement_id)}
    parties = list(current.parties.select_related("person"))
    named = {p.person_id for p in parties if p.role == PartyRole.MEMBER}
    acknowledged = dict(
        current.acknowledgments.filter(role=PartyRole.MEMBER).values_list("person_id", "at")
    )
    stale = [
        person_id
        for person_id, member in joined.items()
        if person_id not in named
        # joined (accepted_at is set), acknowledged before: invited again since
        or (person_id in acknowledged and acknowledged[person_id] < (member.accepted_at or now))
    ]
    departed = named - joined.keys()
    if not stale and (not departed or agreement.in_force_version_id == current.pk):
        return None
    others = {p.role: p.person for p in parties if p.role != PartyRole.MEMBER}
    members = [m.person for m in joined.values()]
    was_sent = current.sent_at is not None
    if current.acknowledgments.exists():
        version = AgreementVersion.objects.create(
            agreement=agreement,
            number=current.number + 1,
            content=current.content,
            created_by=agreement.engagement.coach,
        )
        _set_disclosure(version, disclosure_of(version=current))
        tell = set(others.values()) | set(members)
    else:
        version = current
        tell = {m.person for m in joined.values() if m.person_id in stale}
    _set_parties(version, others, members=members)
    if was_sent:
        _freeze(agreement, version)
        _ask_to_acknowledge(agreement, version, tell)
    return version


@transaction.atomic
def agreement_acknowledge(
    *, person: Person, agreement: Agreement, number: int, seen_hash: str
) -> list[Acknowledgment]:
    """The person acknowledges, for every role they hold, the exact text they were shown."""
    version = AgreementVersion.objects.select_for_update().get(agreement=agreement, number=number)
    if version.number != latest_version(agreement=agreement).number or version.sent_at is None:
        raise ValidationError("This version is no longer the one waiting for acknowledgment.")
    if seen_hash != version.text_hash:
        raise ValidationError(
            "The agreement changed after you opened it. Please read the current text again."
        )
    roles = [p.role for p in version.parties.all() if p.person_id == person.pk]
    if not roles:
        raise PermissionDenied("You are not a party to this agreement.")
    if PartyRole.MEMBER in roles and person.pk not in {
        m.person_id for m in members_joined_rows(engagement_id=agreement.engagement_id)
    }:
        raise PermissionDenied("You are no longer a member of this group.")
    done = set(version.acknowledgments.filter(person=person).values_list("role", flat=True))
    acks = [
        Acknowledgment.objects.create(
            version=version, role=role, person=person, text_hash=seen_hash
        )
        for role in roles
        if role not in done
    ]
    if version.acknowledgments.count() == version.parties.count():
        _bring_into_force(agreement, version)
    return acks


def _bring_into_force(agreement: Agreement, version: AgreementVersion) -> None:
    version.in_force_at = timezone.now()
    version.save(update_fields=["in_force_at"])
    agreement.in_force_version = version
    agreement.status = Agreement.Status.IN_FORCE
    agreement.save(update_fields=["in_force_version", "status"])
    engagement = agreement.engagement
    if engagement.status == Engagement.Status.PLANNED:
        engagement.status = Engagement.Status.ACTIVE
        engagement.started_on = engagement.started_on or timezone.localdate()
        engagement.save(update_fields=["status", "started_on"])
    agreement_in_force.send(sender=Agreement, engagement=engagement)


@transaction.atomic
def agreement_end(*, person: Person, access: EngagementAccess, agreement: Agreement) -> None:
    """End the agreement: from now on nothing from this coaching is disclosed to anyone."""
    _require_participant(access, person)
    agreement.status = Agreement.Status.ENDED
    agreement.in_force_version = None
    agreement.ended_at = timezone.now()
    agreement.save(update_fields=["status", "in_force_version", "ended_at"])


def agreement_end_on_withdrawal(*, engagement_id: int) -> None:
    """The learner withdrew: the agreement ends at once, as if they had ended it, so nothing
    from this coaching is disclosed any more (DOMAIN tenet 1). A draft or an agreement still
    waiting for acknowledgments ends too: it can no longer come into force."""
    Agreement.objects.filter(engagement_id=engagement_id).exclude(
        status=Agreement.Status.ENDED
    ).update(status=Agreement.Status.ENDED, in_force_version=None, ended_at=timezone.now())


@transaction.atomic
def template_update(
    *,
    editor: Person,
    template: AgreementTemplate,
    base_version: int,
    title: str,
    defaults: dict[str, object],
    default_disclosure: Mapping[str, Iterable[str]],
) -> AgreementTemplate:
    """Save a template, unless another program lead saved it since `base_version` (Conflict)."""
    template.version = version_claim(
        AgreementTemplate.objects.all(), pk=template.pk, seen=base_version
    )
    template.title = title
    template.defaults = defaults
    template.default_disclosure = {p: sorted(set(c)) for p, c in default_disclosure.items() if c}
    template.updated_by = editor
    template.save()
    return template
