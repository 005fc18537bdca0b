"""Evaluation pages: figures for program-level roles, with a CSV of every table, and the
de-identified research export for evaluators."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone

from tandem.evaluation.export_files import EXTENSIONS, research_export_create
from tandem.evaluation.export_tables import TABLES
from tandem.evaluation.filters import EvaluationFilterForm, Filters, filters_from
from tandem.evaluation.forms import RoiForm
from tandem.evaluation.roi import RoiEstimate, roi_for, roi_table
from tandem.evaluation.sections import SECTIONS
from tandem.evaluation.snapshots import Figures, roi_basis_for, tables_for
from tandem.evaluation.tables import Table
from tandem.people.access import person_for
from tandem.privacy.aggregates import evaluation_scope
from tandem.privacy.research import can_export_research, research_export_scope
from tandem.ui.spreadsheet import SafeWriter


def _filters(request: HttpRequest) -> tuple[EvaluationFilterForm, Filters]:
    scope = evaluation_scope(viewer=person_for(request))
    form = EvaluationFilterForm(request.GET or None, scope=scope)
    return form, filters_from(form, scope)


def _figures(section: str, filters: Filters) -> Figures[list[Table]]:
    """The tables of a part, as the page shows them; for return on investment, the table of
    what Tandem knows for the estimate (its CSV)."""
    if section not in SECTIONS:
        raise Http404("No such part of the evaluation.")
    if section == "roi":
        kept = roi_basis_for(filters)
        return kept.shown_as([roi_table(kept.value).shown()])
    return tables_for(section, filters)


def _context(
    section: str, form: EvaluationFilterForm, filters: Filters, figures: Figures[list[Table]]
) -> dict[str, Any]:
    return {
        "form": form,
        "filters": filters,
        "query": filters.query_string(),
        "section": section,
        "sections": [(slug, title) for slug, (title, _) in SECTIONS.items()],
        "title": SECTIONS[section][0],
        "figures": figures,
        "tables": figures.value,
        "period_label": figures.period_label,
        "refresh_minutes": settings.EVALUATION_REFRESH_MINUTES,
        "min_count": settings.PRIVACY_MIN_COUNT,
        "can_export": can_export_research(viewer=filters.scope.viewer),
    }


@login_required
def section(request: HttpRequest, section: str = "reach") -> HttpResponse:
    form, filters = _filters(request)
    figures = _figures(section, filters)
    return render(request, "evaluation/section.html", _context(section, form, filters, figures))


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


@login_required
def roi(request: HttpRequest) -> HttpResponse:
    """The return-on-investment calculator: Tandem's own figures, the costs entered, and the
    estimate worked out step by step (or why it cannot be made)."""
    form, filters = _filters(request)
    kept = roi_basis_for(filters)
    basis = kept.value
    roi_form = RoiForm(request.GET if RoiForm.submitted(request.GET) else None)
    estimate: RoiEstimate | None = None
    cannot: tuple[str, ...] = ()
    if roi_form.is_bound and roi_form.is_valid():
        data = roi_form.cleaned_data
        estimate, cannot = roi_for(
            basis,
            rate=_number(data["rate"]),
            contract=_number(data["contract"]),
            replacement_cost=float(data["replacement_cost"]),
            coached_staff=data["coached_staff"],
        )
    context = _context("roi", form, filters, kept.shown_as([roi_table(basis).shown()]))
    context.update(
        roi_form=roi_form,
        estimate=estimate,
        cannot=cannot,
        # Each form carries the other's values, so submitting one keeps what the other holds.
        filters_kept=parse_qsl(filters.query_string()),
        roi_kept=[(name, request.GET[name]) for name in RoiForm.base_fields if name in request.GET],
    )
    return render(request, "evaluation/roi.html", context)


@login_required
def table_csv(request: HttpRequest, section: str, table: str) -> HttpResponse:
    """Exactly what the table on the page shows, with the same filters, as CSV: the same kept
    figures, as of the same time."""
    _, filters = _filters(request)
    figures = _figures(section, filters)
    found = next((t for t in figures.value if t.slug == table), None)
    if found is None:
        raise Http404("No such table.")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tandem-{section}-{table}.csv"'
    writer = SafeWriter(response)
    writer.writerow([found.title])
    writer.writerow([f"What it counts: {found.counts}"])
    writer.writerow([f"Scope: {filters.scope.label}. Period: {figures.period_label}."])
    writer.writerow([f"Built from {found.behind_text} {found.behind_label}."])
    as_of = timezone.localtime(figures.refreshed_at)
    writer.writerow([f"Figures as of {as_of:%b %-d, %Y %H:%M %Z}."])
    writer.writerows([note] for note in found.notes)
    writer.writerows(found.as_rows())
    return response


def _export_page(
    request: HttpRequest, form: EvaluationFilterForm, filters: Filters, *, status: int = 200
) -> HttpResponse:
    context = {
        "form": form,
        "filters": filters,
        "tables": TABLES,
        "min_count": settings.PRIVACY_MIN_COUNT,
        "sections": [(slug, title) for slug, (title, _) in SECTIONS.items()],
    }
    return render(request, "evaluation/export.html", context, status=status)


def _export_filters(request: HttpRequest) -> tuple[EvaluationFilterForm, Filters]:
    """The evaluation filters over the viewer's research scope (403 unless an evaluator)."""
    scope = research_export_scope(viewer=person_for(request))
    form = EvaluationFilterForm(request.GET or None, scope=scope)
    return form, filters_from(form, scope)


@login_required
def export(request: HttpRequest) -> HttpResponse:
    """The research export: choose the filters, then download (evaluators only)."""
    form, filters = _export_filters(request)
    return _export_page(request, form, filters)


@login_required
def export_download(request: HttpRequest, file_format: str) -> HttpResponseBase:
    """The de-identified export as a zip of CSV files or an XLSX workbook, audited."""
    if file_format not in EXTENSIONS:
        raise Http404("No such format.")
    form, filters = _export_filters(request)
    if form.is_bound and not form.is_valid():
        # Never export with filters other than the ones asked for: say what is wrong.
        return _export_page(request, form, filters, status=400)
    written = research_export_create(
        viewer=filters.scope.viewer,
        filters=filters,
        file_format=file_format,
        via=f"{request.method} {request.path}",
    )
    return FileResponse(
        written.file,
        as_attachment=True,
        filename=written.filename,
        content_type=written.content_type,
    )
