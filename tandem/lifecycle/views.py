"""Closing and stalled-coaching pages. Reads of coaching content go through the privacy
policy; the stalled board shows administrative facts only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tandem.coaching.models import Engagement
from tandem.lifecycle import services
from tandem.lifecycle.forms import ClosingForm
from tandem.lifecycle.selectors import (
    closing_record_of,
    closing_survey_of,
    cycles_of,
    stalled_scope,
    supervisor_sees_closing_summary,
)
from tandem.lifecycle.stalled import grace_days, stalls
from tandem.lifecycle.troubleshooting import checklist
from tandem.people.access import person_for, request_roles, request_via, role_required
from tandem.people.models import Person, Role
from tandem.privacy.categories import Category, Relation
from tandem.privacy.policy import (
    EngagementAccess,
    can_write,
    engagement_access,
    records_visible_to,
)
from tandem.ui.pagination import page_links, paginate


def _participant(request: HttpRequest, pk: int) -> tuple[Person, EngagementAccess]:
    """Coach or learner of the engagement: 404 without any access, 403 for other parties."""
    viewer = person_for(request)
    access = engagement_access(viewer=viewer, engagement_id=pk)
    if not access.is_participant:
        raise PermissionDenied("This page is for the coach and the learner.")
    return viewer, access


def _coach(request: HttpRequest, pk: int) -> tuple[Person, EngagementAccess]:
    viewer, access = _participant(request, pk)
    if not can_write(access, "closing"):
        raise PermissionDenied("The coach closes the coaching.")
    return viewer, access


@login_required
def engagement(request: HttpRequest, pk: int) -> HttpResponse:
    viewer, access = _participant(request, pk)
    item = access.engagement
    records_visible_to(
        viewer=viewer, access=access, category=Category.ADMINISTRATIVE, via=request_via(request)
    )
    before, after = cycles_of(engagement=item)
    stall = next(iter(stalls(engagements=Engagement.objects.filter(pk=item.pk))), None)
    context = {
        "access": access,
        "engagement": item,
        "is_coach": Relation.COACH in access.relations,
        "is_learner": Relation.LEARNER in access.relations,
        "record": closing_record_of(viewer=viewer, access=access, via=request_via(request)),
        "shared_with_supervisor": supervisor_sees_closing_summary(engagement=item),
        "before": before,
        "after": after,
        "stall": stall,
        "grace_days": grace_days(),
        "checklist": checklist(),
        "closable": item.status in services.CLOSABLE,
        "survey": closing_survey_of(engagement=item),
    }
    return render(request, "lifecycle/engagement.html", context)


@login_required
def close(request: HttpRequest, pk: int) -> HttpResponse:
    viewer, access = _coach(request, pk)
    if access.engagement.status not in services.CLOSABLE:
        messages.info(request, "This coaching is not active, so there is nothing to close.")
        return redirect("lifecycle:engagement", pk=pk)
    form = ClosingForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                closed = services.engagement_close(
                    coach=viewer,
                    access=access,
                    record=form.record(),
                    summary=form.cleaned_data["summary"],
                    via=request_via(request),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                text = "The coaching is closed."
                if closed.survey is not None:
                    text += " The learner has been asked to fill in the closing survey."
                messages.success(request, text)
                return redirect("lifecycle:engagement", pk=pk)
        status = 400
    context = {
        "engagement": access.engagement,
        "form": form,
        "shared_with_supervisor": supervisor_sees_closing_summary(engagement=access.engagement),
        "supervisor": access.engagement.learner.supervisor,
    }
    return render(request, "lifecycle/close.html", context, status=status)


@login_required
@require_POST
def new_cycle(request: HttpRequest, pk: int) -> HttpResponse:
    viewer, access = _coach(request, pk)
    try:
        nxt = services.cycle_start(coach=viewer, access=access)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("lifecycle:engagement", pk=pk)
    messages.success(
        request,
        "A new round of coaching is planned. Write the new coaching agreement with the learner "
        "before the first session.",
    )
    return redirect("coaching:engagement_detail", pk=nxt.pk)


@role_required(Role.COACH, Role.PROGRAM_LEAD)
def stalled(request: HttpRequest) -> HttpResponse:
    viewer = person_for(request)
    found = stalls(engagements=stalled_scope(viewer=viewer))
    page = paginate(request, found)
    context = {
        "page": page,
        "page_links": page_links(page),
        "total": len(found),
        "grace_days": grace_days(),
        "checklist": checklist(),
        "is_program_lead": Role.PROGRAM_LEAD in request_roles(request),
        "viewer_id": viewer.pk,
    }
    return render(request, "lifecycle/stalled.html", context)
