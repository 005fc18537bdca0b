"""Fidelity tied to practice: a coach's Coaching Practices Rating Scale ratings over time, who
observed (a peer coach, the coach supervisor, another observer) and which session (issue #17
item 3). Reads go through tandem/privacy/responses.py, which decides who reads a rating, and
each rating read is audited. Scores only: never the answers or the observer's words."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from tandem.development.models import CoachSupervisorAssignment
from tandem.development.selectors_caseload import coaches_queryset
from tandem.instruments.models import Administration, Response
from tandem.people.models import Person
from tandem.privacy.responses import response_read_audit, responses_access, responses_visible_to
from tandem.ui.charts import Chart, Point, Series, line_chart

CPRS = "coaching-practices-rating"
SCORE = "average"  # the rating's mean over the practices observed, 1 to 5

SELF, SUPERVISOR, PEER, OTHER = "self", "supervisor", "peer", "other"
OBSERVER_LABELS = {
    SELF: "The coach (own rating)",
    SUPERVISOR: "Coach supervisor",
    PEER: "Peer coach",
    OTHER: "Other observer",
}


@dataclass(frozen=True)
class Rating:
    administration_id: int
    day: date
    score: float | None
    observer: str  # SELF, SUPERVISOR, PEER or OTHER
    tied_to_session: bool

    @property
    def observer_label(self) -> str:
        return OBSERVER_LABELS[self.observer]


def observer_kinds(*, ratings: Sequence[tuple[int, int, date]]) -> list[str]:
    """For each (observer id, coach id, day): whether the observer was the coach themself, the
    coach's coach supervisor on that day, a peer coach or another observer. Two queries."""
    observers = {o for o, c, _ in ratings if o != c}
    coaches = {c for _, c, _ in ratings}
    if not observers:
        return [SELF for _ in ratings]
    spans: dict[tuple[int, int], list[tuple[date, date | None]]] = {}
    for coach_id, supervisor_id, start, end in CoachSupervisorAssignment.objects.filter(
        coach_id__in=coaches, supervisor_id__in=observers
    ).values_list("coach_id", "supervisor_id", "started_on", "ended_on"):
        spans.setdefault((coach_id, supervisor_id), []).append((start, end))
    peers = set(coaches_queryset().filter(pk__in=observers).values_list("pk", flat=True))
    kinds = []
    for observer, coach, day in ratings:
        if observer == coach:
            kinds.append(SELF)
        elif any(s <= day and (e is None or day <= e) for s, e in spans.get((coach, observer), [])):
            kinds.append(SUPERVISOR)
        else:
            kinds.append(PEER if observer in peers else OTHER)
    return kinds


def practice_ratings_read(*, viewer: Person, coach: Person, via: str) -> list[Rating]:
    """The coach's submitted CPRS ratings that the viewer may read, oldest first, each read
    written to the audit trail. Dated by when it was given: the session's own date and time
    are the coaching's attendance, which the agreement may not share with the reader."""
    responses = list(
        responses_visible_to(viewer=viewer)
        .filter(
            administration__kind=Administration.Kind.PRACTICE_RATING,
            administration__subject=coach,
            version__instrument__slug=CPRS,
            status=Response.Status.SUBMITTED,
        )
        .order_by("submitted_at", "pk")
    )
    accesses = responses_access(viewer=viewer, responses=responses)
    readable = [r for r in responses if accesses[r.pk].can_view]
    response_read_audit(accesses=[accesses[r.pk] for r in readable], via=via)
    return _ratings(readable)


def _ratings(responses: Iterable[Response]) -> list[Rating]:
    rows = []
    for response in responses:
        administration = response.administration
        assert administration is not None and response.submitted_at is not None
        tied = administration.session_id is not None
        day = timezone.localdate(response.submitted_at)
        score = (response.scores or {}).get(SCORE)
        rows.append((administration, day, score, tied))
    kinds = observer_kinds(
        ratings=[(a.respondent_id, a.subject_id or 0, day) for a, day, _, _ in rows]
    )
    found = [
        Rating(a.pk, day, None if score is None else float(score), kind, tied)
        for (a, day, score, tied), kind in zip(rows, kinds, strict=True)
    ]
    found.sort(key=lambda r: (r.day, r.administration_id))
    return found


def fidelity_chart(*, coach: Person, ratings: Sequence[Rating]) -> Chart:
    """The trend: observers' ratings and the coach's own, each rating's average (1 to 5)."""

    def points(chosen: Iterable[Rating]) -> tuple[Point, ...]:
        return tuple(
            Point(
                x=r.day,
                y=r.score,
                text=f"{r.score:.2f}",
                extra=(
                    r.observer_label,
                    "Yes" if r.tied_to_session else "No",
                ),
            )
            for r in chosen
            if r.score is not None
        )

    series = [Series("Observed by others", points(r for r in ratings if r.observer != SELF))]
    own = points(r for r in ratings if r.observer == SELF)
    if own:
        series.append(Series("The coach's own rating", own))
    return line_chart(
        title=f"Coaching practices ratings of {coach.full_name}",
        description=(
            "Each rating's average over the practices the observer could see, from 1 (none of "
            "the time) to 5 (all of the time), by the date the rating was given."
        ),
        series=series,
        x_label="Date",
        y_range=(1, 5),
        y_ticks=(1, 2, 3, 4, 5),
        extra_columns=("Observer", "Tied to a session observed"),
        caption="Coaching practices ratings",
        chart_id=f"fidelity-{coach.pk}",
    )
