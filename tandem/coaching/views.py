"""Engagement pages. Every read of coaching content goes through tandem.privacy.policy."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tandem.coaching.forms import NoteForm, SessionForm
from tandem.coaching.services import agreement_in_force, note_create, session_record
from tandem.privacy.categories import Category, Relation
from tandem.privacy.policy import (
    access_to,
    can_record_exception_disclosure,
    engagement_access,
    engagements_visible_to,
    records_visible_to,
    writable_note_kinds,
)
from tandem.privacy.selectors import exception_disclosures_visible_to
from tandem.web.access import person_for
from tandem.web.pagination import page_links, paginate

# The order sections appear in on the engagement page.
SECTIONS = (
    Category.ATTENDANCE,
    Category.PROGRESS_SUMMARY,
    Category.CLOSING_SUMMARY,
    Category.COACH_LEARNER,
    Category.PRIVATE,
)


def _via(request: HttpRequest) -> str:
    return f"{request.method} {request.path}"


@login_required
def engagement_list(request: HttpRequest) -> HttpResponse:
    viewer = person_for(request)
    page = paginate(request, engagements_visible_to(viewer=viewer).order_by("-created_at", "-pk"))
    access = access_to(viewer=viewer, engagements=list(page.object_list))
    rows = [access[engagement.pk] for engagement in page.object_list]
    context = {"page": page, "page_links": page_links(page), "rows": rows}
    return render(request, "coaching/engagement_list.html", context)


def _detail_context(
    request: HttpRequest,
    pk: int,
    form: NoteForm | None = None,
    session_form: SessionForm | None = None,
) -> dict:
    viewer = person_for(request)
    access = engagement_access(viewer=viewer, engagement_id=pk)
    # Opening the page reads the engagement's administrative facts: audit that too.
    records_visible_to(
        viewer=viewer, access=access, category=Category.ADMINISTRATIVE, via=_via(request)
    )
    sections = [
        {
            "category": category,
            "records": records_visible_to(
                viewer=viewer, access=access, category=category, via=_via(request)
            ),
        }
        for category in SECTIONS
        if access.sees(category)
    ]
    kinds = writable_note_kinds(access)
    return {
        "access": access,
        "engagement": access.engagement,
        "sections": sections,
        "form": form or (NoteForm(kinds=kinds) if kinds else None),
        "disclosures": exception_disclosures_visible_to(viewer=viewer, access=access),
        "can_disclose": can_record_exception_disclosure(access),
        "session_form": session_form
        or (SessionForm() if Relation.COACH in access.relations else None),
        "agreement_in_force": agreement_in_force(engagement_id=pk),
    }


@login_required
def engagement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "coaching/engagement_detail.html", _detail_context(request, pk))


@login_required
@require_POST
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = person_for(request)
    access = engagement_access(viewer=viewer, engagement_id=pk)
    kinds = writable_note_kinds(access)
    if not kinds:
        raise PermissionDenied("Only the coach and the learner write notes in an engagement.")
    form = NoteForm(request.POST, kinds=kinds)
    if not form.is_valid():
        # Show the page again with the text the person typed and what to fix.
        context = _detail_context(request, pk, form=form)
        return render(request, "coaching/engagement_detail.html", context, status=400)
    note_create(
        author=viewer,
        access=access,
        kind=form.cleaned_data["kind"],
        body=form.cleaned_data["body"],
        via=_via(request),
    )
    messages.success(request, "Your note is saved.")
    return redirect("coaching:engagement_detail", pk=pk)


@login_required
@require_POST
def session_add(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = person_for(request)
    access = engagement_access(viewer=viewer, engagement_id=pk)
    if Relation.COACH not in access.relations:
        raise PermissionDenied("The coach records sessions.")
    form = SessionForm(request.POST)
    if form.is_valid():
        try:
            session_record(coach=viewer, access=access, via=_via(request), **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The session is recorded.")
            return redirect("coaching:engagement_detail", pk=pk)
    context = _detail_context(request, pk, session_form=form)
    return render(request, "coaching/engagement_detail.html", context, status=400)
