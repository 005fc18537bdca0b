"""The rules for reading coaching agreements: who takes part in one, who reads its text (and
until when), and the audit of every read of it."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import Http404

from tandem.people.models import Person, Role
from tandem.people.selectors import role_grants
from tandem.privacy import registry as domain
from tandem.privacy.categories import Category, PartyRole, Relation
from tandem.privacy.models import AccessEvent
from tandem.privacy.policy import EngagementAccess, engagement_access, under_scopes

if TYPE_CHECKING:
    from tandem.coaching.models import Engagement


@dataclass(frozen=True)
class AgreementAccess:
    """How one viewer stands to one agreement: `roles` as a party of any version, whether
    they are its coach or learner (who write it; `engagement` is then their access to the
    engagement), and whether they may read its text now."""

    viewer: Person
    roles: frozenset[str]
    is_participant: bool
    engagement: EngagementAccess | None
    reads_text: bool


def agreement_access(*, viewer: Person, agreement: Any) -> AgreementAccess:
    """The viewer's access to `agreement` (with `engagement` loaded); 404 for anyone who is
    neither its coach, its learner nor a party, so a guessed id reveals nothing."""
    roles = frozenset(agreement_roles(viewer=viewer, agreement_id=agreement.pk))
    engagement = agreement.engagement
    is_participant = viewer.pk in (engagement.learner_id, engagement.coach_id)
    if not roles and not is_participant:
        raise Http404("No such agreement.")
    return AgreementAccess(
        viewer=viewer,
        roles=roles,
        is_participant=is_participant,
        engagement=(
            engagement_access(viewer=viewer, engagement_id=engagement.pk)
            if is_participant
            else None
        ),
        reads_text=agreement_text_readable(viewer=viewer, agreement=agreement, roles=roles),
    )


def agreement_statuses_visible_to(*, viewer: Person) -> QuerySet[Engagement]:
    """Engagements whose agreement status (never its text) a program lead follows: those of
    learners in their program lead scopes. Nobody else gets any."""
    paths = [g.scope_path for g in role_grants(person=viewer) if g.role == Role.PROGRAM_LEAD]
    if not paths:
        return domain.Engagement.objects.none()
    return domain.Engagement.objects.filter(under_scopes("learner__org_unit__path", paths))


def agreement_roles(*, viewer: Person, agreement_id: int) -> set[str]:
    """How the viewer takes part in an agreement: its parties (any version) read its text;
    coach and learner also write it. Everyone else sees at most its status (program leads)."""

    roles = set(
        domain.AgreementParty.objects.filter(version__agreement_id=agreement_id, person=viewer)
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
    if set(roles) == {PartyRole.MEMBER} and not _still_member(viewer, engagement.pk):
        # A group member who left (or was removed) keeps only the facts, like a party of an
        # ended agreement: later versions would tell them who is in the group now.
        return False
    return bool(roles) and agreement.status != "ended"


def _still_member(viewer: Person, engagement_id: int) -> bool:
    """Accepted joining the group and has neither declined nor left (acknowledged or not:
    they read the agreement to acknowledge it)."""
    return domain.EngagementMember.objects.filter(
        engagement_id=engagement_id,
        person=viewer,
        accepted_at__isnull=False,
        declined_at__isnull=True,
        left_on__isnull=True,
    ).exists()


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
    "member": PartyRole.MEMBER.label,
}
