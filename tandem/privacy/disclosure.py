"""The disclosure map: which categories each other party may see of an engagement.

This module is the ONE place that knows where the map comes from: the disclosure map of the
engagement's agreement version that is in force — the latest version every party has
acknowledged. No agreement in force (none yet, still waiting for acknowledgments, or ended)
means nothing is shared; neither does an engagement the learner withdrew from. An amendment
changes what is shared only once every party has acknowledged it, because only then does it
become the version in force.

What the map grants the supervisor goes to the person who is the supervisor party of the
version in force (the one who acknowledged it), never to whoever is the learner's line
supervisor today: an HR change never widens access. A new supervisor gets nothing until they
are a party to an amended agreement.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from tandem.privacy import registry as domain
from tandem.privacy.categories import Category, Party, PartyRole

if TYPE_CHECKING:
    from tandem.agreements.models import AgreementDisclosure

_ENGAGEMENT = "version__in_force_for__engagement_id"
_NOTHING: frozenset[Category] = frozenset()


@dataclass(frozen=True)
class Sharing:
    """What one engagement's agreement in force shares: party -> categories, and who the
    supervisor party is (the person the supervisor's categories go to)."""

    parties: Mapping[str, frozenset[Category]] = field(default_factory=dict)
    supervisor_id: int | None = None

    def shared_with(self, party: Party | str) -> frozenset[Category]:
        return self.parties.get(str(party), _NOTHING)

    def shared_with_supervisor(self, person_id: int | None) -> frozenset[Category]:
        """The supervisor's categories, for `person_id` only if they are the supervisor party."""
        if person_id is None or person_id != self.supervisor_id:
            return _NOTHING
        return self.shared_with(Party.SUPERVISOR)


NOTHING_SHARED = Sharing()


def _in_force() -> QuerySet[AgreementDisclosure]:
    """Disclosures of agreement versions in force, for engagements still going on."""
    return domain.AgreementDisclosure.objects.exclude(
        version__in_force_for__engagement__status=domain.Engagement.Status.WITHDRAWN
    )


def _supervisor_party_of_version() -> Subquery:
    return Subquery(
        domain.AgreementParty.objects.filter(
            version=OuterRef("version"), role=PartyRole.SUPERVISOR
        ).values("person_id")[:1]
    )


def sharing_of(*, engagement_ids: Iterable[int]) -> dict[int, Sharing]:
    """For each engagement id, what its agreement in force shares. One query for any number;
    an engagement that shares nothing is missing (use `.get(pk, NOTHING_SHARED)`)."""
    found: dict[int, dict[str, set[Category]]] = defaultdict(lambda: defaultdict(set))
    supervisors: dict[int, int | None] = {}
    rows = (
        _in_force()
        .filter(**{f"{_ENGAGEMENT}__in": list(engagement_ids)})
        .annotate(supervisor_party=_supervisor_party_of_version())
        .values_list(_ENGAGEMENT, "party", "category", "supervisor_party")
    )
    for engagement_id, party, category, supervisor_party in rows:
        found[engagement_id][party].add(Category(category))
        supervisors[engagement_id] = supervisor_party
    return {
        engagement_id: Sharing(
            parties={party: frozenset(cats) for party, cats in parties.items()},
            supervisor_id=supervisors.get(engagement_id),
        )
        for engagement_id, parties in found.items()
    }


def sharing_of_one(*, engagement_id: int) -> Sharing:
    return sharing_of(engagement_ids=[engagement_id]).get(engagement_id, NOTHING_SHARED)


def shares_anything_with(party: Party) -> Q:
    """A filter on Engagement: its agreement in force grants `party` at least one category."""
    return Q(Exists(_in_force().filter(**{_ENGAGEMENT: OuterRef("pk")}, party=party)))


def shares_anything_with_supervisor(person_id: int) -> Q:
    """A filter on Engagement: its agreement in force grants the supervisor at least one
    category, and `person_id` is that agreement's supervisor party."""
    parties = domain.AgreementParty.objects.filter(
        version=OuterRef("version"), role=PartyRole.SUPERVISOR, person_id=person_id
    )
    return Q(
        Exists(
            _in_force().filter(
                Exists(parties), **{_ENGAGEMENT: OuterRef("pk")}, party=Party.SUPERVISOR
            )
        )
    )
