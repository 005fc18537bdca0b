"""The disclosure map: which categories each other party may see of an engagement.

This module is the ONE place that knows where the map comes from: the disclosure map of the
engagement's agreement version that is in force — the latest version every party has
acknowledged. No agreement in force (none yet, still waiting for acknowledgments, or ended)
means nothing is shared. An amendment changes what is shared only once every party has
acknowledged it, because only then does it become the version in force.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q

from tandem.agreements.models import AgreementDisclosure
from tandem.privacy.categories import Category, Party

DisclosureMap = dict[int, dict[str, frozenset[Category]]]

_ENGAGEMENT = "version__in_force_for__engagement_id"


def disclosure_maps(*, engagement_ids: Iterable[int]) -> DisclosureMap:
    """For each engagement id: party -> categories it may see. One query for any number."""
    found: dict[int, dict[str, set[Category]]] = defaultdict(lambda: defaultdict(set))
    rows = AgreementDisclosure.objects.filter(
        **{f"{_ENGAGEMENT}__in": list(engagement_ids)}
    ).values_list(_ENGAGEMENT, "party", "category")
    for engagement_id, party, category in rows:
        found[engagement_id][party].add(Category(category))
    return {
        engagement_id: {party: frozenset(cats) for party, cats in parties.items()}
        for engagement_id, parties in found.items()
    }


def shares_anything_with(party: Party) -> Q:
    """A filter on Engagement: its agreement in force grants `party` at least one category."""
    return Q(
        Exists(AgreementDisclosure.objects.filter(**{_ENGAGEMENT: OuterRef("pk")}, party=party))
    )
