"""Reads for coach growth: competency ratings side by side, expertise history, development
plans and their goals. Who may read what is decided in `tandem.privacy.development`; these
functions take the viewer (or a coach the privacy rules already handed out) and read only
what the rules allow."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Max, Q, QuerySet

from tandem.development.growth_scale import (
    DEFAULT_EVERY_MONTHS,
    level_name,
    next_rating_due,
    rating_is_due,
)
from tandem.development.models import (
    CoachDevelopmentPlan,
    CompetencyRating,
    DevelopmentGoal,
    DevelopmentGoalRating,
    ExpertiseChange,
    ProgramSettings,
)
from tandem.goals.chart import progress_chart
from tandem.goals.scoring import ScoredGoal, gas_t_score, goals_t_score, t_score_meaning
from tandem.people.models import CoachProfile, Competency, OrgUnit, Person
from tandem.privacy.development import (
    coaches_facts_visible_to,
    competency_ratings_readable,
    supervised_coach_ids,
)
from tandem.ui.charts import Chart

SELF, SUPERVISOR = CompetencyRating.Rater.SELF, CompetencyRating.Rater.SUPERVISOR
SUBMITTED = CompetencyRating.Status.SUBMITTED


# --- How often coaches rate themselves --------------------------------------------------------


def _ancestor_paths(path: str) -> list[str]:
    step = OrgUnit.steplen
    return [path[:end] for end in range(step, len(path) + 1, step)]


def rating_intervals(*, units: Iterable[OrgUnit]) -> dict[int, int]:
    """Months between competency ratings for each unit: the nearest program settings above
    (or at) the unit, else the default of six months. One query for any number of units."""
    units = list(units)
    paths = {p for unit in units for p in _ancestor_paths(unit.path)}
    by_path = dict(
        ProgramSettings.objects.filter(scope__path__in=paths).values_list(
            "scope__path", "competency_every_months"
        )
    )
    found: dict[int, int] = {}
    for unit in units:
        nearest = [by_path[p] for p in _ancestor_paths(unit.path) if p in by_path]
        found[unit.pk] = nearest[-1] if nearest else DEFAULT_EVERY_MONTHS
    return found


@dataclass(frozen=True)
class RatingRound:
    """When a coach last rated themself and whether a new rating is due."""

    last_self_rating: date | None
    every_months: int
    today: date

    @property
    def due(self) -> bool:
        return rating_is_due(
            self.last_self_rating, every_months=self.every_months, today=self.today
        )

    @property
    def due_on(self) -> date | None:
        return next_rating_due(self.last_self_rating, every_months=self.every_months)


def _last_self_ratings(coach_ids: Sequence[int]) -> dict[int, date]:
    rows = (
        CompetencyRating.objects.filter(coach_id__in=coach_ids, rater_kind=SELF, status=SUBMITTED)
        .values("coach_id")
        .annotate(last=Max("rated_on"))
    )
    return {row["coach_id"]: row["last"] for row in rows}


def rating_rounds(*, coaches: Sequence[Person], today: date) -> dict[int, RatingRound]:
    """Each coach's rating round (two queries, whatever the number of coaches). Dates only:
    facts that program leads may see, never the levels."""
    last = _last_self_ratings([c.pk for c in coaches])
    every = rating_intervals(units={c.org_unit for c in coaches})
    return {c.pk: RatingRound(last.get(c.pk), every[c.org_unit_id], today) for c in coaches}


def self_rating_dates(*, coach: Person) -> list[date]:
    """When the coach submitted a self-rating, newest first: a fact, without any level."""
    return list(
        CompetencyRating.objects.filter(coach=coach, rater_kind=SELF, status=SUBMITTED)
        .order_by("-rated_on", "-pk")
        .values_list("rated_on", flat=True)
    )


# --- Competency ratings, side by side ---------------------------------------------------------


@dataclass(frozen=True)
class AbilityRow:
    competency: Competency
    self_now: str
    supervisor_now: str
    self_before: str
    supervisor_before: str


@dataclass
class StrategyGroup:
    strategy: str
    rows: list[AbilityRow] = field(default_factory=list)


@dataclass
class CompetencyPicture:
    """What the coach and their coach supervisor read of the coach's competency ratings."""

    self_ratings: list[CompetencyRating]  # submitted, newest first
    supervisor_ratings: list[CompetencyRating]
    own_draft: CompetencyRating | None

    def _at(self, ratings: list[CompetencyRating], index: int) -> CompetencyRating | None:
        return ratings[index] if len(ratings) > index else None

    @property
    def self_now(self) -> CompetencyRating | None:
        return self._at(self.self_ratings, 0)

    @property
    def self_before(self) -> CompetencyRating | None:
        return self._at(self.self_ratings, 1)

    @property
    def supervisor_now(self) -> CompetencyRating | None:
        return self._at(self.supervisor_ratings, 0)

    @property
    def supervisor_before(self) -> CompetencyRating | None:
        return self._at(self.supervisor_ratings, 1)

    @property
    def shown(self) -> list[CompetencyRating]:
        """The submitted ratings the comparison shows (audited when a supervisor reads)."""
        found = (self.self_now, self.self_before, self.supervisor_now, self.supervisor_before)
        return [r for r in found if r is not None]

    def groups(self, competencies: Sequence[Competency]) -> list[StrategyGroup]:
        def shown(rating: CompetencyRating | None, code: str) -> str:
            if rating is None:
                return "—"
            return level_name(rating.levels.get(code), answered=code in rating.levels)

        groups: dict[str, StrategyGroup] = {}
        for competency in competencies:
            group = groups.setdefault(competency.strategy, StrategyGroup(competency.strategy))
            group.rows.append(
                AbilityRow(
                    competency,
                    shown(self.self_now, competency.code),
                    shown(self.supervisor_now, competency.code),
                    shown(self.self_before, competency.code),
                    shown(self.supervisor_before, competency.code),
                )
            )
        return list(groups.values())


def competency_picture(*, viewer: Person, coach: Person) -> CompetencyPicture:
    """The coach's submitted ratings the viewer may read, and the viewer's own draft. One
    query."""
    ratings = list(competency_ratings_readable(viewer=viewer, coach=coach).select_related("rater"))
    submitted = [r for r in ratings if r.status == SUBMITTED]
    return CompetencyPicture(
        self_ratings=[r for r in submitted if r.rater_kind == SELF],
        supervisor_ratings=[r for r in submitted if r.rater_kind == SUPERVISOR],
        own_draft=next(
            (r for r in ratings if r.status != SUBMITTED and r.rater_id == viewer.pk), None
        ),
    )


def competencies() -> list[Competency]:
    return list(Competency.objects.order_by("order"))


def own_draft(*, viewer: Person, coach: Person) -> CompetencyRating | None:
    return (
        competency_ratings_readable(viewer=viewer, coach=coach)
        .filter(rater=viewer, status=CompetencyRating.Status.DRAFT)
        .first()
    )


# --- Expertise --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExpertiseEntry:
    since: date
    label: str
    decided_by: Person | None
    note: str


def expertise_history(*, coach: Person) -> list[ExpertiseEntry]:
    """A fact about the coach (caller checked `can_see_coach_facts`), newest first."""
    return [
        ExpertiseEntry(c.since, expertise_label(c.level), c.decided_by, c.note)
        for c in ExpertiseChange.objects.filter(coach=coach).select_related("decided_by")
    ]


def expertise_label(level: str) -> str:
    return dict(CoachProfile.Expertise.choices).get(level, level or "Not set")


def current_expertise(*, coach: Person) -> str:
    level = CoachProfile.objects.filter(person=coach).values_list("expertise_level", flat=True)
    return expertise_label(level.first() or "")


# --- Lists of coaches -------------------------------------------------------------------------


@dataclass(frozen=True)
class CoachRow:
    coach: Person
    round: RatingRound
    expertise: str


def coach_rows(*, coaches: Sequence[Person], today: date) -> list[CoachRow]:
    """Rows for a page of coaches taken from `coaches_supervised` or `coaches_with_facts`."""
    rounds = rating_rounds(coaches=coaches, today=today)
    return [
        CoachRow(c, rounds[c.pk], expertise_label(c.coach_profile.expertise_level)) for c in coaches
    ]


def coaches_supervised(*, viewer: Person) -> QuerySet[Person]:
    return (
        Person.objects.filter(
            pk__in=supervised_coach_ids(supervisor=viewer), coach_profile__isnull=False
        )
        .select_related("org_unit", "coach_profile")
        .order_by("last_name", "first_name", "pk")
    )


def coaches_with_facts(*, viewer: Person) -> QuerySet[Person]:
    """Coaches whose administrative facts the viewer may see (program leads: in scope)."""
    return (
        Person.objects.filter(coaches_facts_visible_to(viewer=viewer), coach_profile__isnull=False)
        .exclude(pk=viewer.pk)
        .select_related("org_unit", "coach_profile")
        .order_by("last_name", "first_name", "pk")
    )


# --- Development plans ------------------------------------------------------------------------


def plans_of(*, coach: Person) -> list[CoachDevelopmentPlan]:
    """The coach's plans (caller checked `can_read_development_of`), with goal counts."""
    return list(
        CoachDevelopmentPlan.objects.filter(coach=coach)
        .select_related("supervisor")
        .annotate(goal_count=Count("goals", filter=~Q(goals__status="dropped")))
    )


@dataclass
class DevelopmentGoalProgress:
    number: int
    goal: DevelopmentGoal
    ratings: list[DevelopmentGoalRating]

    @property
    def baseline(self) -> DevelopmentGoalRating | None:
        return next((r for r in self.ratings if r.is_baseline), None)

    @property
    def latest(self) -> DevelopmentGoalRating | None:
        later = [r for r in self.ratings if not r.is_baseline]
        return later[-1] if later else None

    @property
    def t_score(self) -> float | None:
        return None if self.latest is None else gas_t_score([self.latest.level])

    @property
    def chart(self) -> Chart:
        return progress_chart(number=self.number, goal_id=self.goal.pk, ratings=self.ratings)


@dataclass
class PlanProgress:
    goals: list[DevelopmentGoalProgress]

    @property
    def t_score(self) -> float | None:
        scored = [
            ScoredGoal(g.latest.level if g.latest else None)
            for g in self.goals
            if g.goal.status != DevelopmentGoal.Status.DROPPED
        ]
        return goals_t_score(scored)

    @property
    def t_score_meaning(self) -> str:
        return t_score_meaning(self.t_score)


def plan_progress(*, plan: CoachDevelopmentPlan) -> PlanProgress:
    """The plan's goals with their ratings (caller holds `development_plan_access`)."""
    goals = list(plan.goals.select_related("competency"))
    by_goal: dict[int, list[DevelopmentGoalRating]] = defaultdict(list)
    for rating in DevelopmentGoalRating.objects.filter(goal__plan=plan).order_by("rated_on", "pk"):
        by_goal[rating.goal_id].append(rating)
    return PlanProgress(
        [DevelopmentGoalProgress(n, g, by_goal[g.pk]) for n, g in enumerate(goals, start=1)]
    )
