"""The staff import pages, for administrators: upload, progress and outcome, downloads."""

from __future__ import annotations

import io
from pathlib import Path

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from tandem.people.access import person_for, role_required
from tandem.people.models import Role
from tandem.staff_import.forms import StaffImportForm
from tandem.staff_import.models import StaffImport
from tandem.staff_import.parsing import COLUMN_GUIDE
from tandem.staff_import.reaper import (
    staff_import_reap_if_stopped,
    staff_import_restart,
    staff_imports_reap,
    stale_after,
)
from tandem.staff_import.selectors import recent_staff_imports
from tandem.staff_import.services import staff_import_create
from tandem.staff_import.tasks import staff_import_enqueue
from tandem.ui.spreadsheet import SafeWriter

EXAMPLE_CSV = Path(__file__).parent / "example" / "staff_import_example.csv"
# Problems listed on the page; all of them are in the downloadable list.
PROBLEMS_SHOWN = 500


def _csv_download(content: bytes | str, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


@role_required(Role.ADMINISTRATOR)
def upload(request: HttpRequest) -> HttpResponse:
    # No state name here: an administrator belongs to a unit, so the tree is never empty.
    form = StaffImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        staff_import = staff_import_create(
            uploaded_by=person_for(request),
            file_name=Path(upload.name).name[:255],
            content=upload.read(),
        )
        # With the database backend a worker picks this up; in tests it runs right here.
        staff_import_enqueue(staff_import_id=staff_import.pk)
        return redirect("staff_import:detail", pk=staff_import.pk)
    staff_imports_reap()  # so the list below does not show a stopped import as running
    return render(
        request,
        "staff_import/upload.html",
        {"form": form, "columns": COLUMN_GUIDE, "imports": recent_staff_imports()},
    )


def _status_context(staff_import: StaffImport) -> dict[str, object]:
    problems = staff_import.problems if staff_import.status == StaffImport.Status.INVALID else []
    return {
        "staff_import": staff_import,
        "problems": problems[:PROBLEMS_SHOWN],
        "problems_hidden": max(0, staff_import.problem_count - PROBLEMS_SHOWN),
        "stale_minutes": int(stale_after().total_seconds() // 60),
    }


@role_required(Role.ADMINISTRATOR)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    staff_import = get_object_or_404(StaffImport.objects.select_related("uploaded_by"), pk=pk)
    staff_import = staff_import_reap_if_stopped(staff_import=staff_import)
    return render(request, "staff_import/detail.html", _status_context(staff_import))


@role_required(Role.ADMINISTRATOR)
def status(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress block alone, polled by htmx until the import finishes."""
    staff_import = staff_import_reap_if_stopped(staff_import=get_object_or_404(StaffImport, pk=pk))
    return render(request, "staff_import/_status.html", _status_context(staff_import))


@role_required(Role.ADMINISTRATOR)
@require_POST
def restart(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a failed import again from the file it kept; back to its page to follow it."""
    staff_import = get_object_or_404(StaffImport.objects.defer("content"), pk=pk)
    if staff_import_restart(staff_import=staff_import):
        staff_import_enqueue(staff_import_id=staff_import.pk)
    else:
        messages.info(
            request, "This import is running again or has finished, so it was not started again."
        )
    return redirect("staff_import:detail", pk=staff_import.pk)


@role_required(Role.ADMINISTRATOR)
def example_csv(request: HttpRequest) -> HttpResponse:
    return _csv_download(EXAMPLE_CSV.read_bytes(), "staff_import_template.csv")


@role_required(Role.ADMINISTRATOR)
def problems_csv(request: HttpRequest, pk: int) -> HttpResponse:
    staff_import = get_object_or_404(StaffImport, pk=pk)
    out = io.StringIO()
    writer = SafeWriter(out)  # problems quote the uploaded cells: never as formulas
    writer.writerow(["row", "column", "problem"])
    for problem in staff_import.problems:
        writer.writerow([problem["row"] or "", problem["column"], problem["message"]])
    return _csv_download(out.getvalue(), f"problems-{Path(staff_import.file_name).stem}.csv")


@role_required(Role.ADMINISTRATOR)
def uploaded_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The file exactly as it was uploaded, so a rejected file is never lost."""
    staff_import = get_object_or_404(StaffImport, pk=pk)
    return _csv_download(bytes(staff_import.content), staff_import.file_name.replace('"', ""))
