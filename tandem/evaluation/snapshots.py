"""Evaluation figures kept once computed, and refreshed in the background.

Statewide figures read every request, session and goal of the period; computing them on every
visit would make the page slower as the state grows. So the tables of one part of the evaluation,
for one scope and set of filters, are kept (`FigureSnapshot`) and shown again, with the time
they were computed, for `EVALUATION_REFRESH_MINUTES`. After that the page still shows them at
once, says a refresh is under way, and queues one background task to compute them afresh; the
`refresh_evaluation` command (run from cron) refreshes what people looked at lately, computes the
default view of every program-level scope ahead of the day's first visit, and forgets figures
nobody looked at for a month.

What is kept are the tables exactly as shown: counts already put through small-cell suppression,
never a record's content. The key is a digest of everything the figures depend on (part, scope,
filters, suppression threshold), so two viewers share kept figures only when they would see the
same ones; who may see evaluation pages at all is still decided on every request
(`tandem.privacy.aggregates.evaluation_scope`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django_tasks import task

from tandem.enrollment.models import Campaign
from tandem.evaluation.filters import DEFAULT_DAYS, Filters
from tandem.evaluation.models import FigureSnapshot
from tandem.evaluation.retention import CurveTable
from tandem.evaluation.roi import RoiBasis, roi_basis
from tandem.evaluation.sections import SECTIONS, section_tables
from tandem.evaluation.tables import Cell, Table
from tandem.people.models import OrgUnit, Person
from tandem.privacy.aggregates import EvaluationScope, evaluation_scopes_all
from tandem.questionbank.models import CoachingModel
from tandem.ui.charts import Step

logger = logging.getLogger(__name__)
M = TypeVar("M", bound=Model)
T = TypeVar("T")
U = TypeVar("U")
FORGET_AFTER = timedelta(days=30)  # figures nobody looked at for this long are dropped
# Bump when the kept JSON changes shape (a field of Table or RoiBasis): kept figures of the old
# shape are then never read again, and are dropped after FORGET_AFTER.
FORMAT = 1
RECENT = timedelta(days=7)
# When figures were last looked at matters by the day (RECENT, FORGET_AFTER): noted hourly.
VIEWED_GRAIN = timedelta(hours=1)  # figures looked at this recently are refreshed by the command


@dataclass(frozen=True)
class Figures(Generic[T]):
    """What one part of the evaluation shows (its tables; for return on investment, the basis
    of the estimate), and how fresh it is."""

    value: T
    refreshed_at: datetime
    period_label: str  # the period the tables were computed for
    refreshing: bool = False  # a background refresh is queued or running
    kept: bool = True  # False when kept figures are turned off (EVALUATION_REFRESH_MINUTES=0)

    def shown_as(self, value: U) -> Figures[U]:
        """The same figures, as of the same time, in another form (e.g. a table)."""
        return Figures(value, self.refreshed_at, self.period_label, self.refreshing, self.kept)


def refresh_after() -> timedelta | None:
    minutes = settings.EVALUATION_REFRESH_MINUTES
    return timedelta(minutes=minutes) if minutes else None


def _key_params(section: str, filters: Filters) -> dict[str, Any]:
    """Everything the figures depend on. A default period ("the last twelve months") is kept
    as such, so yesterday's figures can be shown, with their date, while today's are computed."""
    scope = filters.scope
    return {
        "section": section,
        "paths": list(scope.paths),
        "unit": scope.unit.pk if scope.unit else None,
        "period": None if not filters.period_given else [filters.start, filters.end],
        "campaign": filters.campaign.pk if filters.campaign else None,
        "coach_type": filters.coach_type,
        "model": filters.model.pk if filters.model else None,
        "kind": filters.kind,
        "min_count": settings.PRIVACY_MIN_COUNT,
        "format": FORMAT,
    }


def _digest(params: dict[str, Any]) -> str:
    text = json.dumps(params, sort_keys=True, default=date.isoformat)
    return hashlib.sha256(text.encode()).hexdigest()


def _tables_json(tables: list[Table]) -> list[dict[str, Any]]:
    return [{"type": type(table).__name__, **asdict(table)} for table in tables]


def _table_from(data: dict[str, Any]) -> Table:
    fields = {
        **data,
        "columns": tuple(data["columns"]),
        "rows": tuple(tuple(Cell(**cell) for cell in row) for row in data["rows"]),
        "notes": tuple(data["notes"]),
    }
    kind = fields.pop("type")
    if kind == CurveTable.__name__:  # a Kaplan–Meier curve: its steps draw the chart
        return CurveTable(**{**fields, "steps": tuple(Step(**step) for step in fields["steps"])})
    return Table(**fields)


def _tables_from(data: list[dict[str, Any]]) -> list[Table]:
    return [_table_from(table) for table in data]


def _basis_from(data: dict[str, Any]) -> RoiBasis:
    return RoiBasis(**{**data, "missing": tuple(data["missing"])})


@dataclass(frozen=True)
class Kept:
    """How one part's figures are computed and written to and read from the kept JSON."""

    compute: Callable[[Filters], Any]
    dump: Callable[[Any], Any]
    load: Callable[[Any], Any]


def _section_kept(section: str) -> Kept:
    return Kept(lambda filters: section_tables(section, filters), _tables_json, _tables_from)


# Every part of the evaluation; return on investment keeps the basis of its estimate (the
# calculator works the estimate out from it and the costs entered, on every visit).
KEPT: dict[str, Kept] = {
    **{slug: _section_kept(slug) for slug in SECTIONS if slug != "roi"},
    "roi": Kept(roi_basis, asdict, _basis_from),
}


def _figures(row: FigureSnapshot, *, refreshing: bool = False) -> Figures[Any] | None:
    """The kept figures as the page shows them; None when they can no longer be read (a
    release changed their shape without bumping FORMAT): they are computed again instead."""
    try:
        value = KEPT[row.section].load(row.figures)
    except (KeyError, TypeError, ValueError):
        logger.warning(
            "Kept %s figures %s are unreadable: computing them again.", row.section, row.pk
        )
        return None
    start, end = date.fromisoformat(row.params["start"]), date.fromisoformat(row.params["end"])
    return Figures(
        value=value,
        refreshed_at=row.refreshed_at,
        period_label=Filters.period_text(start, end),
        refreshing=refreshing,
    )


def _compute(section: str, filters: Filters) -> tuple[Any, float]:
    started = time.perf_counter()
    value = KEPT[section].compute(filters)
    return value, time.perf_counter() - started


def tables_for(section: str, filters: Filters) -> Figures[list[Table]]:
    """The tables of one part of the evaluation (not return on investment)."""
    return figures_for(section, filters)


def roi_basis_for(filters: Filters) -> Figures[RoiBasis]:
    return figures_for("roi", filters)


def figures_for(section: str, filters: Filters) -> Figures[Any]:
    """The figures of `section` for `filters`: kept ones when there are, computed otherwise."""
    fresh_for = refresh_after()
    if fresh_for is None:
        value, _ = _compute(section, filters)
        return Figures(value, timezone.now(), filters.period_label, kept=False)
    params = _key_params(section, filters)
    key = _digest(params)
    now = timezone.now()
    row = FigureSnapshot.objects.filter(key=key).first()
    kept = None if row is None else _figures(row)
    if row is None or kept is None:
        return _store(key, params, section, filters)
    if row.viewed_at < now - VIEWED_GRAIN:  # not a write on every visit of a busy page
        FigureSnapshot.objects.filter(pk=row.pk).update(viewed_at=now)
    if row.refreshed_at >= now - fresh_for:
        return kept
    # Stale: show them as they are (with their time) and queue one refresh. Only the request
    # that marks the row queues the task, so a busy page does not queue one per visit; a queued
    # refresh that never finished (worker stopped) is queued again after the same wait.
    queued = FigureSnapshot.objects.filter(pk=row.pk, refresh_queued_at=row.refresh_queued_at)
    waited = row.refresh_queued_at is None or row.refresh_queued_at < now - fresh_for
    if waited and queued.update(refresh_queued_at=now):
        refresh_figures.enqueue(key)
        row.refresh_from_db()
        if row.refresh_queued_at is None:  # the immediate backend refreshed it right here
            return _figures(row) or kept
    return replace(kept, refreshing=True)


def _store(key: str, params: dict[str, Any], section: str, filters: Filters) -> Figures[Any]:
    value, seconds = _compute(section, filters)
    now = timezone.now()
    stored = {
        **params,
        "viewer": filters.scope.viewer.pk,
        "names": list(filters.scope.names),
        "start": filters.start.isoformat(),
        "end": filters.end.isoformat(),
    }
    values = {
        "section": section,
        "params": json.loads(json.dumps(stored, default=date.isoformat)),
        "figures": KEPT[section].dump(value),
        "refreshed_at": now,
        "seconds": seconds,
        "refresh_queued_at": None,
    }
    try:
        with transaction.atomic():
            FigureSnapshot.objects.update_or_create(
                key=key, defaults=values, create_defaults={**values, "viewed_at": now}
            )
    except IntegrityError:
        pass  # another request stored the same figures a moment ago: theirs are as good
    return Figures(value, now, filters.period_label)


def _existing(model: type[M], pk: int | None) -> M | None:
    return None if pk is None else model._default_manager.filter(pk=pk).first()


def filters_of(params: dict[str, Any]) -> Filters | None:
    """The filters kept figures were computed for, as of today; None when something they name
    (the viewer, unit, cohort or model) no longer exists."""
    viewer = _existing(Person, params["viewer"])
    unit = _existing(OrgUnit, params["unit"])
    campaign = _existing(Campaign, params["campaign"])
    model = _existing(CoachingModel, params["model"])
    named = [(params["unit"], unit), (params["campaign"], campaign), (params["model"], model)]
    if viewer is None or any(pk is not None and found is None for pk, found in named):
        return None
    if params["period"] is None:
        end = timezone.localdate()
        start = end - timedelta(days=DEFAULT_DAYS)
    else:
        start, end = (date.fromisoformat(day) for day in params["period"])
    scope = EvaluationScope(viewer, tuple(params["paths"]), tuple(params["names"]), unit)
    return Filters(
        scope=scope,
        start=start,
        end=end,
        campaign=campaign,
        coach_type=params["coach_type"],
        model=model,
        kind=params["kind"],
        period_given=params["period"] is not None,
    )


def snapshot_refresh(*, key: str) -> bool:
    """Compute kept figures afresh (the background task); False when they were dropped."""
    row = FigureSnapshot.objects.filter(key=key).first()
    if row is None:
        return False
    filters = filters_of(row.params)
    if filters is None:
        row.delete()
        return False
    _store(key, _key_params(row.section, filters), row.section, filters)
    return True


@task()
def refresh_figures(key: str) -> bool:
    """The background task: compute one set of kept figures afresh."""
    return snapshot_refresh(key=key)


@dataclass(frozen=True)
class Maintenance:
    forgotten: int  # kept figures nobody looked at for FORGET_AFTER, dropped
    refreshed: int  # stale figures looked at lately, computed afresh
    ahead: int  # default views computed ahead of their first visit


def snapshots_maintain(*, sections: tuple[str, ...] = tuple(KEPT)) -> Maintenance:
    """What `manage.py refresh_evaluation` does (run it from cron, e.g. hourly)."""
    fresh_for = refresh_after()
    if fresh_for is None:
        return Maintenance(0, 0, 0)
    now = timezone.now()
    forgotten, _ = FigureSnapshot.objects.filter(viewed_at__lt=now - FORGET_AFTER).delete()
    stale = FigureSnapshot.objects.filter(
        viewed_at__gte=now - RECENT, refreshed_at__lt=now - fresh_for
    ).values_list("key", flat=True)
    refreshed = sum(snapshot_refresh(key=key) for key in stale)
    ahead = 0
    today = timezone.localdate()
    for scope in evaluation_scopes_all():
        filters = Filters(
            scope=scope, start=today - timedelta(days=DEFAULT_DAYS), end=today, period_given=False
        )
        for section in sections:
            params = _key_params(section, filters)
            key = _digest(params)
            fresh = FigureSnapshot.objects.filter(key=key, refreshed_at__gte=now - fresh_for)
            if not fresh.exists():
                _store(key, params, section, filters)
                ahead += 1
    return Maintenance(forgotten, refreshed, ahead)
