"""Property: over random org trees and coach pools in the database, neither the ranking of one
request nor the cohort assignment ever offers a coach under a hard exclusion."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.coaching.models import Engagement
from tandem.enrollment.matching import selectors
from tandem.enrollment.matching.engine import DEFAULT_WEIGHTS
from tandem.enrollment.matching.tests.helpers import request_in_matching
from tandem.enrollment.models import ConflictOfInterest
from tandem.people.models import CoachProfile
from tandem.people.tests.factories import PersonFactory

TODAY = timezone.localdate()
UNITS = ("intake", "ongoing", "permanency", "north_office")


class _Rollback(Exception):
    pass


@st.composite
def organizations(draw: st.DrawFn) -> dict:
    size = draw(st.integers(2, 9))
    parents = [None] + [draw(st.none() | st.integers(0, i - 1)) for i in range(1, size)]
    coaches = {
        i: {
            "capacity": draw(st.integers(0, 3)),
            "accepting": draw(st.booleans()),
            "ended": draw(st.booleans()),
            "active": draw(st.booleans()),
        }
        for i in draw(st.sets(st.integers(0, size - 1), min_size=1))
    }
    people = st.integers(0, size - 1)
    return {
        "parents": parents,
        "units": [draw(st.sampled_from(UNITS)) for _ in range(size)],
        "coaches": coaches,
        "engagements": draw(st.lists(st.tuples(people, people), max_size=6)),
        "conflicts": draw(st.lists(st.tuples(people, people), max_size=4)),
        "requests": draw(st.dictionaries(people, st.booleans(), min_size=1)),
    }


def _chain(parents: list[int | None], i: int) -> list[int]:
    above, seen = [], set()
    current = parents[i]
    while current is not None and current not in seen:
        above.append(current)
        seen.add(current)
        current = parents[current]
    return above


def _build(org: dict, tree: dict) -> tuple[list, dict, dict]:
    people = [PersonFactory(org_unit=tree[unit]) for unit in org["units"]]
    for person, parent in zip(people, org["parents"], strict=True):
        if parent is not None:
            person.supervisor = people[parent]
            person.save()
    for i, flags in org["coaches"].items():
        CoachProfile.objects.create(
            person=people[i],
            coach_type="internal",
            expertise_level="competent",
            capacity=flags["capacity"],
            accepting_learners=flags["accepting"],
            contract_end=TODAY - timedelta(days=1) if flags["ended"] else None,
        )
        if not flags["active"]:
            people[i].is_active = False
            people[i].save()
    loads: Counter[int] = Counter()
    for c, learner in org["engagements"]:
        if c in org["coaches"] and c != learner:
            Engagement.objects.create(
                learner=people[learner], coach=people[c], status=Engagement.Status.PLANNED
            )
            loads[c] += 1
    conflicts = set()
    for c, other in org["conflicts"]:
        if c in org["coaches"] and (c, other) not in conflicts:
            ConflictOfInterest.objects.create(
                coach=people[c], person=people[other], declared_by=people[c]
            )
            conflicts.add((c, other))
    requests = {
        request_in_matching(people[i], wants_supervisor_as_coach=wants).pk: i
        for i, wants in org["requests"].items()
    }
    return people, requests, {"loads": loads, "conflicts": conflicts}


def _forbidden(org: dict, facts: dict, learner: int, coach: int, wants: bool) -> bool:
    flags = org["coaches"][coach]
    chain = _chain(org["parents"], learner)
    allowed_boss = chain[:1] if wants else []
    return (
        coach == learner
        or (coach in chain and coach not in allowed_boss)
        or (coach, learner) in facts["conflicts"]
        or not flags["accepting"]
        or flags["ended"]
        or not flags["active"]
        or facts["loads"][coach] >= flags["capacity"]
    )


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(org=organizations())
def test_no_exclusion_is_ever_violated(tree, org):
    try:
        with transaction.atomic():
            people, requests, facts = _build(org, tree)
            index = {p.pk: i for i, p in enumerate(people)}
            rows = {r.pk: r for r in selectors.cohort_requests(paths=["0001"])}
            for request_id, learner in requests.items():
                wants = org["requests"][learner]
                suggestions, exclusions, _ = selectors.suggestions_for(
                    request=rows[request_id], today=TODAY
                )
                for s in suggestions:
                    assert not _forbidden(org, facts, learner, index[s.coach_id], wants)
                # Every coach is either suggested or excluded with a reason.
                listed = {s.coach_id for s in suggestions} | {e.coach_id for e in exclusions}
                assert {index[c] for c in listed} == set(org["coaches"])
                assert all(e.reasons for e in exclusions)
                for e in exclusions:
                    assert _forbidden(org, facts, learner, index[e.coach_id], wants)

            cohort = selectors.cohort_run(
                requests=list(rows.values()), weights=DEFAULT_WEIGHTS, today=TODAY
            )
            placed: Counter[int] = Counter()
            for row in cohort:
                if row.coach is None:
                    continue
                learner = requests[row.request.pk]
                coach = index[row.coach.coach_id]
                assert not _forbidden(org, facts, learner, coach, org["requests"][learner])
                placed[coach] += 1
            for coach, count in placed.items():
                assert count <= org["coaches"][coach]["capacity"] - facts["loads"][coach]
            raise _Rollback
    except _Rollback:
        pass
