"""Reads for coach onboarding and training in coaching models (issue #17 items 2 and 6).

A new coach's checklist is read from the records each step leaves, never ticked by hand
(except shadowing, which leaves no other record):

1. **Training**: a `people.ModelTraining` in each coaching model the program requires
   (`ProgramSettings.required_models` of the nearest settings at or above the coach's unit);
   when the program names none, training in at least one model.
2. **Shadowing**: an `OnboardingStep` SHADOWING, confirmed by the coach supervisor or a
   program lead.
3. **First observed session**: a submitted Coaching Practices Rating Scale about the coach,
   by someone else (a coach rating themself is not an observation, as in evaluation/fidelity).
4. **First supervision**: a seat marked attended at a held supervision session.

A coach is ready to take learners when all four are done. `checklists_for` computes any number
of coaches in a fixed number of queries. Who may read them: tandem/privacy/development.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import F, Max, QuerySet
from django.utils import timezone

from tandem.development.models import (
    OnboardingStep,
    ProgramSettings,
    SupervisionAttendee,
    SupervisionSession,
)
from tandem.instruments.models import Administration, Response
from tandem.people.models import CoachProfile, ModelTraining, Person
from tandem.privacy.development import onboarding_coaches_for
from tandem.questionbank.models import CoachingModel

PRACTICE_RATING = "coaching-practices-rating"
STEPLEN = 4

TRAINING, SHADOWING, OBSERVED, SUPERVISION = "training", "shadowing", "observed", "supervision"
STEP_LABELS = {
    TRAINING: "Trained in the program's coaching models",
    SHADOWING: "Shadowed an experienced coach",
    OBSERVED: "First observed session rated",
    SUPERVISION: "First coach supervision attended",
}
NEXT = {
    TRAINING: "Complete training in {missing}, then record it on the training page.",
    SHADOWING: "Shadow an experienced coach; your coach supervisor or program lead confirms it.",
    OBSERVED: "Ask your coach supervisor to observe a session and rate it with the Coaching "
    "Practices Rating Scale.",
    SUPERVISION: "Attend a supervision session with your coach supervisor.",
}


# --- Training records -------------------------------------------------------------------------


def trainings_of(*, coach: Person) -> QuerySet[ModelTraining]:
    """The coach's training records, latest first, with who recorded each."""
    return ModelTraining.objects.filter(coach=coach).select_related("model", "recorded_by")


def coaching_models_offered() -> QuerySet[CoachingModel]:
    return CoachingModel.objects.filter(retired=False).order_by("name", "pk")


# --- Program settings -------------------------------------------------------------------------


def _prefixes(path: str) -> list[str]:
    return [path[:end] for end in range(STEPLEN, len(path) + 1, STEPLEN)]


def required_models_by_path(*, unit_paths: Iterable[str]) -> dict[str, list[CoachingModel]]:
    """For each unit path, the models required by the nearest program settings at or above
    it (an empty list when no settings cover it or they name none). Two queries."""
    paths = set(unit_paths)
    prefixes = {p for path in paths for p in _prefixes(path)}
    settings = {
        s.scope.path: s
        for s in ProgramSettings.objects.filter(scope__path__in=prefixes)
        .select_related("scope")
        .prefetch_related("required_models")
    }
    found: dict[str, list[CoachingModel]] = {}
    for path in paths:
        nearest = next((settings[p] for p in reversed(_prefixes(path)) if p in settings), None)
        models = list(nearest.required_models.all()) if nearest else []
        found[path] = sorted(models, key=lambda m: (m.name, m.pk))
    return found


# --- The checklist ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    key: str
    done: bool
    done_on: date | None = None
    detail: str = ""  # what is done (with dates) or what is missing
    record_id: int | None = None  # the record that shows it (supervision session, rating)

    @property
    def label(self) -> str:
        return STEP_LABELS[self.key]


@dataclass(frozen=True)
class Checklist:
    coach: Person
    steps: tuple[Step, ...]

    @property
    def ready(self) -> bool:
        return all(step.done for step in self.steps)

    @property
    def done_count(self) -> int:
        return sum(1 for step in self.steps if step.done)

    @property
    def missing(self) -> list[Step]:
        return [step for step in self.steps if not step.done]

    @property
    def next_step(self) -> Step | None:
        return self.missing[0] if self.missing else None

    @property
    def next_hint(self) -> str:
        step = self.next_step
        if step is None:
            return ""
        return NEXT[step.key].format(missing=step.detail.removeprefix("Missing: ").rstrip("."))

    def step(self, key: str) -> Step:
        return next(s for s in self.steps if s.key == key)


def _day(moment: datetime | date | None) -> date | None:
    if isinstance(moment, datetime):
        return timezone.localdate(moment)
    return moment


def _training_step(required: Sequence[CoachingModel], trained: dict[int, tuple[str, date]]) -> Step:
    if not required:
        if not trained:
            return Step(TRAINING, False, detail="Missing: training in at least one coaching model.")
        name, when = max(trained.values(), key=lambda pair: pair[1])
        return Step(
            TRAINING,
            True,
            done_on=when,
            detail=f"The program names no required model; trained in {name}.",
        )
    missing = [m.name for m in required if m.pk not in trained]
    if missing:
        return Step(TRAINING, False, detail=f"Missing: {', '.join(missing)}.")
    last = max(trained[m.pk][1] for m in required)
    done = ", ".join(f"{m.name} ({trained[m.pk][1]:%b %-d, %Y})" for m in required)
    return Step(TRAINING, True, done_on=last, detail=f"Trained in {done}.")


def checklists_for(*, coaches: Sequence[Person]) -> dict[int, Checklist]:
    """Every coach's onboarding checklist, by coach id. Seven queries for any number of
    coaches (settings and their models, training, shadowing, ratings, supervision)."""
    ids = [c.pk for c in coaches]
    required = required_models_by_path(unit_paths={c.org_unit.path for c in coaches})

    trained: dict[int, dict[int, tuple[str, date]]] = {}
    for coach_id, model_id, name, latest in (
        ModelTraining.objects.filter(coach_id__in=ids)
        .order_by()
        .values("coach_id", "model_id", "model__name")
        .annotate(latest=Max("completed_on"))
        .values_list("coach_id", "model_id", "model__name", "latest")
    ):
        trained.setdefault(coach_id, {})[model_id] = (name, latest)

    shadowed = {
        s.coach_id: s
        for s in OnboardingStep.objects.filter(
            coach_id__in=ids, step=OnboardingStep.Step.SHADOWING
        ).select_related("confirmed_by")
    }

    # (submitted at, observed session id, its start) of the first rating, by coach.
    observed: dict[int, tuple[Any, Any, Any]] = {}
    for subject_id, submitted_at, session_id, session_at in (
        Administration.objects.filter(
            kind=Administration.Kind.PRACTICE_RATING,
            version__instrument__slug=PRACTICE_RATING,
            subject_id__in=ids,
            response__status=Response.Status.SUBMITTED,
        )
        .exclude(respondent=F("subject"))
        .order_by("response__submitted_at", "pk")
        .values_list("subject_id", "response__submitted_at", "session_id", "session__starts_at")
    ):
        observed.setdefault(subject_id, (submitted_at, session_id, session_at))

    supervised: dict[int, tuple[Any, Any]] = {}
    for coach_id, starts_at, session_id in (
        SupervisionAttendee.objects.filter(
            coach_id__in=ids, attended=True, session__status=SupervisionSession.Status.HELD
        )
        .order_by("session__starts_at", "session_id")
        .values_list("coach_id", "session__starts_at", "session_id")
    ):
        supervised.setdefault(coach_id, (starts_at, session_id))

    out: dict[int, Checklist] = {}
    for coach in coaches:
        steps = [_training_step(required.get(coach.org_unit.path, []), trained.get(coach.pk, {}))]
        shadow = shadowed.get(coach.pk)
        steps.append(
            Step(
                SHADOWING,
                True,
                done_on=shadow.completed_on,
                detail=f"Confirmed by {shadow.confirmed_by.full_name}.",
            )
            if shadow
            else Step(SHADOWING, False, detail="Missing: no shadowing confirmed yet.")
        )
        rating = observed.get(coach.pk)
        if rating:
            rated_at, observed_id, observed_at = rating
            # Not the session's date: attendance is the learner's to share (their agreement).
            tied = " Tied to the coaching session observed." if observed_id else ""
            steps.append(
                Step(OBSERVED, True, done_on=_day(rated_at), detail=f"Rating submitted.{tied}")
            )
        else:
            steps.append(Step(OBSERVED, False, detail="Missing: no rated observation yet."))
        seat = supervised.get(coach.pk)
        steps.append(
            Step(SUPERVISION, True, done_on=_day(seat[0]), record_id=seat[1])
            if seat
            else Step(SUPERVISION, False, detail="Missing: no supervision attended yet.")
        )
        out[coach.pk] = Checklist(coach, tuple(steps))
    return out


def checklist_for(*, coach: Person) -> Checklist:
    return checklists_for(coaches=[coach])[coach.pk]


# --- The readiness table ----------------------------------------------------------------------


def onboarding_coaches(*, viewer: Person) -> list[Person]:
    """Active coaches (people with a coach profile) on the viewer's readiness table, by name.
    One query."""
    return list(
        Person.objects.filter(onboarding_coaches_for(viewer=viewer), is_active=True)
        .filter(pk__in=CoachProfile.objects.values("person_id"))
        .select_related("org_unit")
        .order_by("last_name", "first_name", "pk")
    )


def readiness_for(*, viewer: Person) -> list[Checklist]:
    """The readiness table: coaches not yet ready first (most steps missing first), then the
    ready ones, each by name. A fixed number of queries whatever the number of coaches."""
    coaches = onboarding_coaches(viewer=viewer)
    checklists = checklists_for(coaches=coaches)
    rows = [checklists[c.pk] for c in coaches]
    return sorted(rows, key=lambda row: (row.ready, -len(row.missing)))
