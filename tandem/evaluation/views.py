"""Evaluation pages: figures for program-level roles, with a CSV of every table."""

from __future__ import annotations

import csv

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from tandem.evaluation.figures import SECTIONS, Table, section_tables
from tandem.evaluation.filters import EvaluationFilterForm, Filters, filters_from
from tandem.people.access import person_for
from tandem.privacy.aggregates import evaluation_scope


def _filters(request: HttpRequest) -> tuple[EvaluationFilterForm, Filters]:
    scope = evaluation_scope(viewer=person_for(request))
    form = EvaluationFilterForm(request.GET or None, scope=scope)
    return form, filters_from(form, scope)


def _tables(section: str, filters: Filters) -> list[Table]:
    if section not in SECTIONS:
        raise Http404("No such part of the evaluation.")
    return section_tables(section, filters)


@login_required
def section(request: HttpRequest, section: str = "reach") -> HttpResponse:
    form, filters = _filters(request)
    tables = _tables(section, filters)
    context = {
        "form": form,
        "filters": filters,
        "query": filters.query_string(),
        "section": section,
        "sections": [(slug, title) for slug, (title, _) in SECTIONS.items()],
        "title": SECTIONS[section][0],
        "tables": tables,
        "min_count": settings.PRIVACY_MIN_COUNT,
    }
    return render(request, "evaluation/section.html", context)


@login_required
def table_csv(request: HttpRequest, section: str, table: str) -> HttpResponse:
    """Exactly what the table on the page shows, with the same filters, as CSV."""
    _, filters = _filters(request)
    found = next((t for t in _tables(section, filters) if t.slug == table), None)
    if found is None:
        raise Http404("No such table.")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tandem-{section}-{table}.csv"'
    writer = csv.writer(response)
    writer.writerow([found.title])
    writer.writerow([f"What it counts: {found.counts}"])
    writer.writerow([f"Scope: {filters.scope.label}. Period: {filters.period_label}."])
    writer.writerow([f"Built from {found.behind_text} {found.behind_label}."])
    writer.writerows([note] for note in found.notes)
    writer.writerows(found.as_rows())
    return response
