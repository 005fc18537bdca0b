"""Reads for matching: the coach pool, each request's need, the hard exclusions, the weights.

Everything a page needs comes in a fixed number of queries, whatever the number of coaches or
requests: the pool is one query for profiles plus one per many-to-many table and two for load;
the chain of command of any number of learners is one recursive query per 500 learners.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import Substr
from django.http import Http404

from tandem.coaching.models import Engagement
from tandem.enrollment.intake import fitting
from tandem.enrollment.matching.cohort import assign
from tandem.enrollment.matching.engine import (
    AGENCY_PATH_LEN,
    DEFAULT_WEIGHTS,
    FACTOR_NAMES,
    Candidate,
    Exclusion,
    Factor,
    Need,
    Suggestion,
    rank,
)
from tandem.enrollment.models import (
    CoachingRequest,
    ConflictOfInterest,
    Match,
    MatchingWeights,
)
from tandem.enrollment.selectors import requests_awaiting_match
from tandem.people.models import CoachProfile, ModelTraining, OrgUnit, Person, Role
from tandem.people.selectors import MAX_CHAIN_DEPTH, role_grants
from tandem.privacy.requests import requests_with_words_visible_to

S = CoachingRequest.Status
LIVE_MATCH = (Match.Status.PROPOSED, Match.Status.CHEMISTRY, Match.Status.ACCEPTED)
OFFERED = (Match.Status.PROPOSED, Match.Status.CHEMISTRY)
# Engagements that hold one of the coach's places.
HOLDING = (Engagement.Status.PLANNED, Engagement.Status.ACTIVE, Engagement.Status.PAUSED)
CHUNK = 500

SUPERVISOR_REASON = "Line supervisor of the learner."
ABOVE_REASON = "Above the learner in the chain of command."
CONFLICT_REASON = "Declared a conflict of interest with the learner."


# --- Who may match what -----------------------------------------------------------------------


def lead_paths(*, person: Person) -> list[str]:
    return sorted({g.scope_path for g in role_grants(person=person) if g.role == Role.PROGRAM_LEAD})


def covered(path: str, scopes: Iterable[str]) -> bool:
    return any(path.startswith(scope) for scope in scopes)


def request_for_lead(*, lead: Person, request_id: int) -> CoachingRequest:
    """A request of a learner in the lead's scope, or 404. Loads no learner's words."""
    paths = lead_paths(person=lead)
    request = (
        CoachingRequest.objects.select_related("learner__org_unit", "practice_area", "language")
        .defer("focus", "goals", "for_coach", "preferred_times", "withdrawal_reason")
        .filter(pk=request_id)
        .first()
    )
    if request is None or not covered(request.learner.org_unit.path, paths):
        raise Http404("No such request.")
    return request


def match_for_coach(*, coach: Person, match_id: int) -> Match:
    """One of the coach's own matches, or 404 (someone else's match does not exist for them)."""
    match = (
        Match.objects.select_related("request__learner").filter(pk=match_id, coach=coach).first()
    )
    if match is None:
        raise Http404("No such offer.")
    return match


# --- The pool ---------------------------------------------------------------------------------


def _inactive_reason(
    *,
    person_active: bool,
    accepting: bool,
    contract_start: date | None,
    contract_end: date | None,
    today: date,
) -> str:
    if not person_active:
        return "No longer on staff."
    if contract_end is not None and contract_end < today:
        return f"Contract ended on {contract_end:%b %-d, %Y}."
    if contract_start is not None and contract_start > today:
        return f"Contract starts on {contract_start:%b %-d, %Y}."
    if not accepting:
        return "Not taking new learners."
    return ""


def coach_loads() -> dict[int, int]:
    """Learners each coach holds a place for: planned, active or paused engagements, plus open
    offers, plus accepted matches not yet turned into an engagement. Two queries."""
    loads: dict[int, int] = {}
    engagements = (
        Engagement.objects.filter(status__in=HOLDING)
        .values("coach_id")
        .annotate(n=Count("pk"))
        .values_list("coach_id", "n")
    )
    matches = (
        Match.objects.filter(
            Q(status__in=OFFERED)
            | Q(status=Match.Status.ACCEPTED, request__engagement__isnull=True)
        )
        .values("coach_id")
        .annotate(n=Count("pk"))
        .values_list("coach_id", "n")
    )
    for coach_id, n in [*engagements, *matches]:
        loads[coach_id] = loads.get(coach_id, 0) + n
    return loads


def coach_places_taken(*, coach_id: int) -> int:
    """Learners the coach has taken on: planned, active or paused engagements, plus accepted
    matches not yet turned into an engagement (open offers do not count). Two queries."""
    engagements = Engagement.objects.filter(coach_id=coach_id, status__in=HOLDING).count()
    accepted = Match.objects.filter(
        coach_id=coach_id, status=Match.Status.ACCEPTED, request__engagement__isnull=True
    ).count()
    return engagements + accepted


_POOL_FIELDS = (
    "pk",
    "person_id",
    "person__first_name",
    "person__last_name",
    "person__is_active",
    "person__org_unit__path",
    "person__org_unit__name",
    "office__path",
    "office__name",
    "capacity",
    "expertise_level",
    "accepting_learners",
    "contract_start",
    "contract_end",
)


def coach_trainings() -> dict[int, tuple[tuple[int, date], ...]]:
    """Each coach's coaching models with the latest completion date (people.ModelTraining,
    recorded on the coach's training page). One query."""
    found: dict[int, list[tuple[int, date]]] = {}
    rows = (
        ModelTraining.objects.order_by()
        .values("coach_id", "model_id")
        .annotate(latest=Max("completed_on"))
        .values_list("coach_id", "model_id", "latest")
    )
    for coach_id, model_id, latest in rows:
        found.setdefault(coach_id, []).append((model_id, latest))
    return {coach_id: tuple(sorted(pairs)) for coach_id, pairs in found.items()}


def candidates_load(*, today: date) -> list[Candidate]:
    """Every coach with a profile, as the engine sees them. Seven queries whatever the number;
    plain rows rather than model instances, since this runs on every matching page."""
    links: dict[str, dict[int, set[int]]] = {}
    for name, other in (
        ("practice_areas", "practicearea_id"),
        ("languages", "language_id"),
        ("modalities", "modality_id"),
    ):
        through = getattr(CoachProfile, name).through
        found: dict[int, set[int]] = {}
        for profile_id, value in through.objects.values_list("coachprofile_id", other):
            found.setdefault(profile_id, set()).add(value)
        links[name] = found
    loads = coach_loads()
    trainings = coach_trainings()
    pool = []
    rows = CoachProfile.objects.order_by("person_id").values_list(*_POOL_FIELDS)
    for (
        pk,
        person_id,
        first_name,
        last_name,
        person_active,
        unit_path,
        unit_name,
        office_path,
        office_name,
        capacity,
        expertise,
        accepting,
        contract_start,
        contract_end,
    ) in rows:
        reason = _inactive_reason(
            person_active=person_active,
            accepting=accepting,
            contract_start=contract_start,
            contract_end=contract_end,
            today=today,
        )
        pool.append(
            Candidate(
                coach_id=person_id,
                name=f"{first_name} {last_name}",
                office_path=office_path or unit_path,
                office_name=office_name or unit_name,
                practice_area_ids=frozenset(links["practice_areas"].get(pk, ())),
                language_ids=frozenset(links["languages"].get(pk, ())),
                modality_ids=frozenset(links["modalities"].get(pk, ())),
                expertise=expertise,
                capacity=capacity,
                load=loads.get(person_id, 0),
                active=not reason,
                inactive_reason=reason,
                trainings=trainings.get(person_id, ()),
            )
        )
    return pool


# --- Needs and hard exclusions ----------------------------------------------------------------

_CHAINS_SQL = """
WITH RECURSIVE chain(learner, id, depth) AS (
    SELECT id, supervisor_id, 1 FROM people_person
    WHERE id IN ({ids}) AND supervisor_id IS NOT NULL
    UNION ALL
    SELECT c.learner, p.supervisor_id, c.depth + 1
    FROM people_person p JOIN chain c ON p.id = c.id
    WHERE p.supervisor_id IS NOT NULL AND c.depth < %s
)
SELECT learner, id, depth FROM chain ORDER BY learner, depth
"""


def chains_of_command(*, person_ids: Sequence[int]) -> dict[int, list[int]]:
    """Everyone above each person, nearest first: one recursive query per 500 people (the
    batched form of `tandem.people.selectors.chain_of_command_ids`)."""
    chains: dict[int, list[int]] = {pk: [] for pk in person_ids}
    unique = sorted(set(person_ids))
    for start in range(0, len(unique), CHUNK):
        part = unique[start : start + CHUNK]
        sql = _CHAINS_SQL.format(ids=", ".join(["%s"] * len(part)))
        with connection.cursor() as cursor:
            cursor.execute(sql, [*part, MAX_CHAIN_DEPTH])
            for learner, above, _depth in cursor.fetchall():
                if above not in chains[learner]:  # a cycle in bad data repeats ids
                    chains[learner].append(above)
    return chains


def exclusions_for(*, requests: Sequence[CoachingRequest]) -> dict[int, dict[int, list[str]]]:
    """Hard exclusions by request id, then coach person id. Two queries for any number."""
    learner_ids = [r.learner_id for r in requests]
    chains = chains_of_command(person_ids=learner_ids)
    conflicts: dict[int, set[int]] = {}
    for coach_id, person_id in ConflictOfInterest.objects.filter(
        person_id__in=learner_ids
    ).values_list("coach_id", "person_id"):
        conflicts.setdefault(person_id, set()).add(coach_id)
    out: dict[int, dict[int, list[str]]] = {}
    for request in requests:
        reasons: dict[int, list[str]] = {}
        for depth, above in enumerate(chains.get(request.learner_id, [])):
            if depth == 0:
                # The line supervisor may coach only when the learner asked for exactly that.
                if not request.wants_supervisor_as_coach:
                    reasons.setdefault(above, []).append(SUPERVISOR_REASON)
            else:
                reasons.setdefault(above, []).append(ABOVE_REASON)
        for coach_id in conflicts.get(request.learner_id, ()):
            reasons.setdefault(coach_id, []).append(CONFLICT_REASON)
        out[request.pk] = reasons
    return out


# Engagements that show which model an agency coaches with: any but withdrawn ones.
MODEL_IN_USE = (*HOLDING, Engagement.Status.CLOSED)


def agency_models(*, unit_paths: Iterable[str]) -> dict[str, tuple[int, str]]:
    """The coaching model each agency's engagements use most (id, name), by agency path; ties
    go to the lower model id. Agencies with no engagement naming a model are absent. One
    query for any number of agencies."""
    agencies = sorted({path[:AGENCY_PATH_LEN] for path in unit_paths if path})
    if not agencies:
        return {}
    rows = (
        Engagement.objects.filter(status__in=MODEL_IN_USE, model__isnull=False)
        .annotate(agency=Substr("learner__org_unit__path", 1, AGENCY_PATH_LEN))
        .filter(agency__in=agencies)
        .order_by()
        .values("agency", "model_id", "model__name")
        .annotate(n=Count("pk"))
        .values_list("agency", "model_id", "model__name", "n")
    )
    best: dict[str, tuple[int, int, str]] = {}
    for agency, model_id, name, n in rows:
        current = best.get(agency)
        if current is None or (-n, model_id) < (-current[0], current[1]):
            best[agency] = (n, model_id, name)
    return {agency: (model_id, name) for agency, (_, model_id, name) in best.items()}


def needs_for(*, requests: Sequence[CoachingRequest]) -> list[Need]:
    """Each request as the engine sees it. Six queries for any number of requests.

    Coaching model: a request names none, so the model the learner's agency coaches with most
    (`agency_models`) stands for it; a coach trained in it gains the training factor.

    Wanted experience: a learner who supervises others is matched with at least a competent
    performer (toolkit Table 6.3, l.5081); anyone else has no minimum. Preferred: coaches who
    coached this learner before. Avoided: coaches who declined this request or were replaced
    on it."""
    ids = [r.pk for r in requests]
    learner_ids = [r.learner_id for r in requests]
    modalities: dict[int, set[int]] = {}
    through = CoachingRequest.modalities.through
    for request_id, modality_id in through.objects.filter(coachingrequest_id__in=ids).values_list(
        "coachingrequest_id", "modality_id"
    ):
        modalities.setdefault(request_id, set()).add(modality_id)
    supervisors = set(
        Person.objects.filter(supervisor_id__in=learner_ids, is_active=True)
        .order_by()
        .values_list("supervisor_id", flat=True)
        .distinct()
    )
    before: dict[int, set[int]] = {}
    for learner_id, coach_id in Engagement.objects.filter(
        learner_id__in=learner_ids, status=Engagement.Status.CLOSED
    ).values_list("learner_id", "coach_id"):
        before.setdefault(learner_id, set()).add(coach_id)
    avoided: dict[int, set[int]] = {}
    for request_id, coach_id in Match.objects.filter(
        request_id__in=ids, status__in=(Match.Status.DECLINED, Match.Status.SUPERSEDED)
    ).values_list("request_id", "coach_id"):
        avoided.setdefault(request_id, set()).add(coach_id)
    units: dict[int, str] = {}
    direct: dict[int, int | None] = {}
    for pk, path, supervisor_id in Person.objects.filter(pk__in=learner_ids).values_list(
        "pk", "org_unit__path", "supervisor_id"
    ):
        units[pk] = path
        direct[pk] = supervisor_id
    models_used = agency_models(unit_paths=units.values())
    return [
        Need(
            request_id=r.pk,
            learner_id=r.learner_id,
            unit_path=units.get(r.learner_id, ""),
            practice_area_ids=frozenset({r.practice_area_id} if r.practice_area_id else ()),
            language_id=r.language_id,
            modality_ids=frozenset(modalities.get(r.pk, ())),
            wanted_expertise="competent" if r.learner_id in supervisors else None,
            preferred_coach_ids=frozenset(before.get(r.learner_id, ())),
            avoided_coach_ids=frozenset(avoided.get(r.pk, ())),
            supervisor_as_coach=r.wants_supervisor_as_coach,
            supervisor_id=direct.get(r.learner_id),
            **_model_of(models_used, units.get(r.learner_id, "")),
        )
        for r in requests
    ]


def _model_of(models_used: Mapping[str, tuple[int, str]], unit_path: str) -> dict[str, Any]:
    found = models_used.get(unit_path[:AGENCY_PATH_LEN]) if unit_path else None
    return {"model_id": found[0], "model_name": found[1]} if found else {}


# --- Weights ----------------------------------------------------------------------------------


def weights_row_for(*, unit_path: str) -> MatchingWeights | None:
    """The weights set for the nearest scope above the unit (a state row covers all)."""
    prefixes = [unit_path[:end] for end in range(4, len(unit_path) + 1, 4)]
    rows = MatchingWeights.objects.filter(scope__path__in=prefixes).select_related("scope")
    return max(rows, key=lambda row: len(row.scope.path), default=None)


def weights_for(*, unit_path: str) -> dict[str, int]:
    row = weights_row_for(unit_path=unit_path)
    if row is None:
        return dict(DEFAULT_WEIGHTS)
    return {name: int(getattr(row, name)) for name in FACTOR_NAMES}


# --- Pages ------------------------------------------------------------------------------------


def match_history(*, request: CoachingRequest) -> QuerySet[Match]:
    """Every match of the request, newest first, with the people a history row names."""
    return Match.objects.filter(request=request).select_related("coach", "proposed_by")


def live_match(*, request: CoachingRequest) -> Match | None:
    return (
        Match.objects.filter(request=request, status__in=LIVE_MATCH)
        .select_related("coach")
        .order_by("-created_at", "-pk")
        .first()
    )


def incoming_for(*, coach: Person) -> QuerySet[Match]:
    """The coach's open offers and the ones they answered, newest first."""
    return (
        Match.objects.filter(coach=coach)
        .select_related("request__learner__org_unit", "request__practice_area", "request__language")
        .order_by("-created_at", "-pk")
    )


def offers_open_count(*, coach: Person) -> int:
    """How many offers wait for the coach's answer."""
    return Match.objects.filter(coach=coach, status__in=OFFERED).count()


def conflicts_visible_to(*, viewer: Person) -> QuerySet[ConflictOfInterest]:
    """A coach sees the conflicts they declared for themselves; a program lead sees those of
    the coaches or people in their scope."""
    paths = lead_paths(person=viewer)
    condition = Q(coach=viewer)
    for path in paths:
        condition |= Q(coach__org_unit__path__startswith=path)
        condition |= Q(person__org_unit__path__startswith=path)
    return (
        ConflictOfInterest.objects.filter(condition)
        .select_related("coach", "person", "declared_by")
        .order_by("coach__last_name", "person__last_name", "pk")
    )


def coaches_in_scope(*, paths: Sequence[str]) -> QuerySet[Person]:
    """People with a coach profile whose unit or office lies in the scopes."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(org_unit__path__startswith=path)
        condition |= Q(coach_profile__office__path__startswith=path)
    return (
        Person.objects.filter(condition, coach_profile__isnull=False, is_active=True)
        .order_by("last_name", "first_name", "pk")
        .distinct()
    )


def units_for(*, paths: Sequence[str]) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(path__in=paths).order_by("path")


# --- What the pages compute -------------------------------------------------------------------

WORD_FIELDS = ("focus", "goals", "preferred_times", "for_coach")


def suggestions_for(
    *, request: CoachingRequest, today: date
) -> tuple[list[Suggestion], list[Exclusion], dict[str, int]]:
    """Every allowed coach ranked with reasons, every excluded coach with reasons, and the
    weights used. A fixed number of queries (about fifteen) whatever the pool size."""
    need = needs_for(requests=[request])[0]
    weights = weights_for(unit_path=need.unit_path)
    suggestions, exclusions = rank(
        need,
        candidates_load(today=today),
        exclusions_for(requests=[request])[request.pk],
        weights,
    )
    return suggestions, exclusions, weights


def cohort_requests(
    *, paths: Sequence[str], campaign_id: int | None = None
) -> list[CoachingRequest]:
    """Requests waiting for a coach in the scopes with no open offer, whose intake found that
    coaching fits, oldest first. Two queries; the learner's words are never loaded."""
    awaiting = fitting(requests_awaiting_match(scope_paths=paths))
    if campaign_id is not None:
        awaiting = awaiting.filter(campaign_id=campaign_id)
    awaiting = awaiting.exclude(matches__status__in=LIVE_MATCH)
    ids = list(awaiting.values_list("pk", flat=True))
    rows = (
        CoachingRequest.objects.filter(pk__in=ids)
        .select_related("learner__org_unit", "practice_area", "language", "campaign")
        .defer(*WORD_FIELDS, "withdrawal_reason")
        .order_by("status_changed_at", "pk")
    )
    return list(rows)


@dataclass(frozen=True)
class CohortRow:
    request: CoachingRequest
    coach: Candidate | None
    fit: float | None
    factors: tuple[Factor, ...]
    reason: str = ""

    @property
    def why(self) -> str:
        """The factors in one line, cheap to render for thousands of rows."""
        return " · ".join(f"{f.label}: {f.reason}" for f in self.factors)


def cohort_run(
    *, requests: Sequence[CoachingRequest], weights: Mapping[str, int], today: date
) -> list[CohortRow]:
    """The optimal assignment of the requests, one row each (assigned first, by fit)."""
    pool = candidates_load(today=today)
    by_id = {c.coach_id: c for c in pool}
    assignments, unassigned = assign(
        needs_for(requests=requests), pool, exclusions_for(requests=requests), weights
    )
    by_request = {r.pk: r for r in requests}
    rows = [
        CohortRow(by_request[a.request_id], by_id[a.coach_id], a.fit, a.factors)
        for a in sorted(assignments, key=lambda a: (-a.fit, a.request_id))
    ]
    rows += [CohortRow(by_request[u.request_id], None, None, (), u.reason) for u in unassigned]
    return rows


def request_words_for(*, viewer: Person, request_ids: Sequence[int]) -> dict[int, dict[str, str]]:
    """The learner's words of each request the privacy policy lets the viewer read. One query."""
    rows = (
        requests_with_words_visible_to(viewer=viewer)
        .filter(pk__in=request_ids)
        .values("pk", *WORD_FIELDS)
    )
    return {row["pk"]: {name: row[name] for name in WORD_FIELDS} for row in rows}
