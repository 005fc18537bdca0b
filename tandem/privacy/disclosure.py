"""The disclosure map: which categories each other party may see of an engagement.

This module is the ONE place that knows where the map comes from. Today it reads the interim
`DisclosureGrant` rows (default: nothing shared). When agreements exist, these two functions
read the in-force agreement instead, and nothing else in Tandem changes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q

from tandem.privacy.categories import Category, Party
from tandem.privacy.models import DisclosureGrant

DisclosureMap = dict[int, dict[str, frozenset[Category]]]


def disclosure_maps(*, engagement_ids: Iterable[int]) -> DisclosureMap:
    """For each engagement id: party -> categories it may see. One query for any number."""
    found: dict[int, dict[str, set[Category]]] = defaultdict(lambda: defaultdict(set))
    rows = DisclosureGrant.objects.filter(engagement_id__in=list(engagement_ids)).values_list(
        "engagement_id", "party", "category"
    )
    for engagement_id, party, category in rows:
        found[engagement_id][party].add(Category(category))
    return {
        engagement_id: {party: frozenset(cats) for party, cats in parties.items()}
        for engagement_id, parties in found.items()
    }


def shares_anything_with(party: Party) -> Q:
    """A filter on Engagement: the map grants `party` at least one category."""
    return Q(Exists(DisclosureGrant.objects.filter(engagement_id=OuterRef("pk"), party=party)))
