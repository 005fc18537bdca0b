"""The tables of the research export and their data dictionary: each column's meaning next to
the code that fills it. Rows are generators over `values(...).iterator()`, so a table of a
million rows holds one chunk in memory at a time.

Only pseudonyms, codes, numbers and ISO weeks: no name, email, exact date or free text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connections, transaction
from django.db.models import CharField, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat, ExtractIsoYear, ExtractWeek, LPad
from django.utils import timezone

from tandem.coaching.models import CoachingSession
from tandem.evaluation.export import MomentWeeks, Pseudonyms, Selection, iso_week, tenure_band
from tandem.goals.models import Goal, GoalRating
from tandem.instruments.models import Response
from tandem.lifecycle.selectors import CLOSING_SURVEY
from tandem.people.models import Person

CHUNK = 2000  # rows fetched per round trip
# A goal rating's level (-2 to +2 in halves) and baseline flag as exported, keyed by what
# either engine's cursor returns for them (1, 1.0 and Decimal("1.0") are one key).
LEVEL_EXPORTED = {n / 2: (Decimal(n) / 2).quantize(Decimal("0.1")) for n in range(-4, 5)}
BASELINE_EXPORTED = {0: False, 1: True}
Row = tuple[Any, ...]


@dataclass(frozen=True)
class Column:
    name: str
    description: str


@dataclass(frozen=True)
class ExportTable:
    name: str  # the file name without extension, and the sheet name
    one_row: str  # what one row is
    columns: tuple[Column, ...]
    rows: Callable[[], Iterator[Row]]  # run once, when the table is written
    # Every cell is a pseudonym (hex), a week, a number or a code the program defines, never
    # text anyone typed: such rows cannot hold a spreadsheet formula and skip that guard.
    plain: bool = False


def _stream(queryset: QuerySet[Any], *fields: str) -> Iterator[dict[str, Any]]:
    return queryset.order_by("pk").values(*fields).iterator(chunk_size=CHUNK)


def _iso_week_sql(field: str) -> Concat:
    """The ISO week of a timestamp in the local time zone as text, e.g. 2026-W07, in SQL."""
    year = Cast(ExtractIsoYear(field), CharField())
    week = LPad(Cast(ExtractWeek(field), CharField()), 2, Value("0"))
    return Concat(year, Value("-W"), week, output_field=CharField())


def _weeks_in_sql(queryset: QuerySet[Any]) -> bool:
    """PostgreSQL works weeks out as it reads the rows, for nothing; SQLite does it through
    a Python function per row, slower than remembering each moment's week in Python."""
    return connections[queryset.db].vendor == "postgresql"


def _plain_rows(queryset: QuerySet[Any]) -> Iterator[tuple[Any, ...]]:
    """The rows of a `values_list` whose columns need no conversion (integers and text), read
    off a chunked cursor (server-side on PostgreSQL) without building Django's rows."""
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    with transaction.atomic(using=queryset.db), connections[queryset.db].chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(CHUNK):
            yield from chunk


def _number(value: Any) -> Any:
    """A score as exported: numbers only (a flag or a word is not a score)."""
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def _scores(scores: dict[str, Any] | None) -> Iterable[tuple[str, Any]]:
    return sorted((key, _number(value)) for key, value in (scores or {}).items())


def export_tables(selection: Selection, *, today: date | None = None) -> list[ExportTable]:
    """The export's tables, with one set of pseudonyms shared by all of them (and no other)."""
    p = Pseudonyms()
    on = today or timezone.localdate()
    engagements = selection.engagements
    ids = engagements.values("pk")
    responses = (
        Response.objects.filter(
            status=Response.Status.SUBMITTED,
            submitted_at__range=(selection.start, selection.end),
            administration__engagement__in=ids,
        )
        .exclude(respondent__in=selection.declined)
        .exclude(subject__in=selection.declined)
    )

    def engagement_rows() -> Iterator[Row]:
        fields = ("pk", "learner_id", "coach_id", "kind", "purpose", "model__code", "status")
        for r in _stream(engagements, *fields, "started_on", "ended_on", "learner__org_unit_id"):
            coach = r["coach_id"]
            yield (
                p("engagement", r["pk"]),
                p("person", r["learner_id"]),
                "" if coach in selection.declined_coaches else p("person", coach),
                r["kind"],
                r["purpose"],
                r["model__code"] or "",
                r["status"],
                iso_week(r["started_on"]),
                iso_week(r["ended_on"]),
                selection.agency_of_unit.get(r["learner__org_unit_id"], ""),
            )

    def session_rows() -> Iterator[Row]:
        # The most rows by far, read straight off the cursor: every column but the start is a
        # plain integer or text on both engines. The start's week: see _weeks_in_sql.
        sessions = CoachingSession.objects.filter(
            engagement__in=ids, starts_at__range=(selection.start, selection.end)
        )
        rest = ("purpose", "status", "duration_minutes", "role", "modality")
        if _weeks_in_sql(sessions):
            weeks = sessions.annotate(week=_iso_week_sql("starts_at")).order_by("pk")
            for engagement, *others in _plain_rows(
                weeks.values_list("engagement_id", "week", *rest)
            ):
                yield (p("engagement", engagement), *others)
            return
        week = MomentWeeks()
        rows = sessions.order_by("pk").values_list("engagement_id", "starts_at", *rest)
        for engagement, starts_at, *others in _plain_rows(rows):
            yield (p("engagement", engagement), week(starts_at), *others)

    def goal_rows() -> Iterator[Row]:
        goals = Goal.objects.filter(engagement__in=ids)
        fields = ("pk", "engagement_id", "revises_id", "status", "weight", "agency_predetermined")
        for r in _stream(goals, *fields):
            yield (
                p("goal", r["pk"]),
                p("engagement", r["engagement_id"]),
                p("goal", r["revises_id"]),
                r["status"],
                r["weight"],
                r["agency_predetermined"],
            )

    def rating_rows() -> Iterator[Row]:
        # The second-largest table, read off the cursor like the sessions. The level and the
        # baseline flag come back as the engine stores them (1 or 1.0, 0 or False): each is
        # mapped to the one value both engines export.
        ratings = GoalRating.objects.filter(
            goal__engagement__in=ids,
            rated_on__range=(selection.start.date(), selection.end.date()),
        )
        in_sql = _weeks_in_sql(ratings)
        if in_sql:
            ratings = ratings.annotate(week=_iso_week_sql("rated_on"))
        fields = ("goal_id", "goal__engagement_id", "week" if in_sql else "rated_on")
        week = str if in_sql else iso_week
        level, baseline = LEVEL_EXPORTED.__getitem__, BASELINE_EXPORTED.__getitem__
        rows = ratings.order_by("pk").values_list(*fields, "level", "is_baseline")
        for goal, engagement, day, value, first in _plain_rows(rows):
            yield (
                p("goal", goal),
                p("engagement", engagement),
                week(day),
                level(value),
                baseline(first),
            )

    def score_rows() -> Iterator[Row]:
        found = responses.exclude(version__instrument__slug=CLOSING_SURVEY)
        fields = ("pk", "administration__engagement_id", "respondent_id", "subject_id")
        more = ("administration__kind", "version__instrument__slug", "version__version")
        pairs = ("administration__phase", "administration_id", "administration__pre_id")
        for r in _stream(found, *fields, *more, *pairs, "submitted_at", "scores"):
            phase = r["administration__phase"]
            # A pair is named after its first ("pre") administration.
            pair = {"pre": r["administration_id"], "post": r["administration__pre_id"]}.get(phase)
            for key, value in _scores(r["scores"]):
                yield (
                    p("response", r["pk"]),
                    p("engagement", r["administration__engagement_id"]),
                    p("person", r["respondent_id"]),
                    p("person", r["subject_id"]),
                    r["administration__kind"],
                    r["version__instrument__slug"],
                    r["version__version"],
                    phase,
                    p("administration", pair),
                    iso_week(r["submitted_at"]),
                    key,
                    value,
                )

    def closing_rows() -> Iterator[Row]:
        found = responses.filter(version__instrument__slug=CLOSING_SURVEY)
        fields = ("pk", "administration__engagement_id", "version__version", "submitted_at")
        for r in _stream(found, *fields, "scores"):
            for key, value in _scores(r["scores"]):
                yield (
                    p("response", r["pk"]),
                    p("engagement", r["administration__engagement_id"]),
                    r["version__version"],
                    iso_week(r["submitted_at"]),
                    key,
                    value,
                )

    def staff_rows() -> Iterator[Row]:
        people = Person.objects.filter(
            Q(pk__in=engagements.values("learner"))
            | Q(pk__in=engagements.values("coach"))
            | Q(pk__in=responses.values("respondent"))
            | Q(pk__in=responses.filter(subject__isnull=False).values("subject"))
        ).exclude(pk__in=selection.declined)
        for r in _stream(people, "pk", "hire_date"):
            yield (p("person", r["pk"]), tenure_band(r["hire_date"], on))

    rows = {
        "engagements": engagement_rows,
        "sessions": session_rows,
        "goals": goal_rows,
        "goal_ratings": rating_rows,
        "instrument_scores": score_rows,
        "closing_survey": closing_rows,
        "staff": staff_rows,
    }
    plain = {"sessions", "goal_ratings"}
    return [
        ExportTable(t.name, t.one_row, t.columns, rows[t.name], plain=t.name in plain)
        for t in TABLES
    ]


# --- The data dictionary ---------------------------------------------------------------------

WEEK = "ISO week (year-Wweek, e.g. 2026-W07) of"
PERSON = "Pseudonym of a person (staff table); one person has one pseudonym in every table"
ENGAGEMENT = Column("engagement_id", "Pseudonym of the engagement (engagements table).")
ENGAGEMENTS = (
    ENGAGEMENT,
    Column("learner_id", f"{PERSON}. In a group: the group's first learner."),
    Column("coach_id", f"{PERSON}. Empty when the coach declined research use."),
    Column("kind", "individual, peer, group, supervisor_as_coach, supportive_supervision, online."),
    Column("purpose", "skills, performance or development."),
    Column("model", "The coaching model its sessions follow, by code (grow ...); empty: none."),
    Column("status", "planned, active, paused, closed or withdrawn, on the day of the export."),
    Column("start_week", f"{WEEK} the first day of coaching; empty: not started."),
    Column("end_week", f"{WEEK} the day it closed or was withdrawn; empty: still going."),
    Column("agency", "The agency (county) of the learner's unit; empty: no agency above it."),
)
SESSIONS = (
    ENGAGEMENT,
    Column("week", f"{WEEK} the session's start, local time."),
    Column("purpose", "coaching, intro (introductory meeting) or chemistry (is this a fit?)."),
    Column("status", "scheduled (no outcome recorded yet), held, cancelled or no_show (missed)."),
    Column("minutes", "Planned length in minutes."),
    Column("role", "Supervisor as coach only: coaching or supervision; empty otherwise."),
    Column("modality", "in_person, video, phone or other."),
)
GOALS = (
    Column("goal_id", "Pseudonym of the goal."),
    ENGAGEMENT,
    Column("revises_goal_id", "The goal this one replaced when it was revised; empty: none."),
    Column("status", "active, achieved, revised (replaced by a new version) or dropped."),
    Column("weight", "The goal's weight in the GAS T-score; empty: unweighted (1)."),
    Column("agency_predetermined", "True when the agency set the goal, not the learner."),
)
RATINGS = (
    Column("goal_id", "Pseudonym of the goal (goals table)."),
    ENGAGEMENT,
    Column("week", f"{WEEK} the rating."),
    Column("level", "Goal Attainment Scale level, -2 to +2 (a baseline may be a half level)."),
    Column("is_baseline", "True for the goal's first (baseline) rating."),
)
SCORES = (
    Column("response_id", "Pseudonym of the response: all its scores share it."),
    ENGAGEMENT,
    Column("respondent_id", f"{PERSON}."),
    Column("subject_id", f"{PERSON}: whom an observer rated; empty for self-ratings."),
    Column("administration_kind", "self, practice_rating, observation or other."),
    Column("instrument", "The instrument's code (coaching-readiness, organizational-trust ...)."),
    Column("version", "The instrument's version: its items and scoring rules."),
    Column("phase", "single, pre (before) or post (after)."),
    Column("pair_id", "The same value on the pre and the post of one pair; empty: single."),
    Column("week", f"{WEEK} submission."),
    Column("score", "The score's key in the instrument's scoring rules."),
    Column("value", "The score; empty when no answer it counts was given."),
)
CLOSING = (
    Column("response_id", "Pseudonym of the survey response: all its scores share it."),
    ENGAGEMENT,
    Column("version", "The closing survey's version."),
    Column("week", f"{WEEK} submission."),
    Column("score", "The score's key (satisfaction-mean ...)."),
    Column("value", "The score; empty when no answer it counts was given."),
)
STAFF = (
    Column("person_id", "Pseudonym of the person, as in the other tables."),
    Column(
        "tenure_band",
        "Time since hire on the day of the export: under 1 year, 1 to 2 years, 2 to 5 years, "
        "5 years or more, or unknown.",
    ),
)


@dataclass(frozen=True)
class TableSpec:
    name: str
    one_row: str
    columns: tuple[Column, ...]


TABLES = (
    TableSpec("engagements", "One coaching engagement.", ENGAGEMENTS),
    TableSpec("sessions", "One session dated in the period.", SESSIONS),
    TableSpec("goals", "One goal of an engagement (never its text).", GOALS),
    TableSpec("goal_ratings", "One goal rating dated in the period.", RATINGS),
    TableSpec(
        "instrument_scores",
        "One score of one instrument response submitted in the period (never the answers).",
        SCORES,
    ),
    TableSpec(
        "closing_survey",
        "One score of one closing survey submitted in the period (never the answers).",
        CLOSING,
    ),
    TableSpec(
        "staff", "One person found in another table (learner, coach, respondent or subject).", STAFF
    ),
)
