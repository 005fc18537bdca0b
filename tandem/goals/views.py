"""Goal pages. Every read of goals and ratings goes through tandem.privacy.policy."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from tandem.goals import services
from tandem.goals.forms import GoalForm, RatingForm, ScaleForm, smart_context
from tandem.goals.models import CHECKLIST, Goal
from tandem.goals.selectors import goal_of_engagement, goals_across, goals_of_engagement
from tandem.people.access import person_for, request_via, role_required
from tandem.people.models import Person, Role
from tandem.privacy.categories import Category, Party
from tandem.privacy.policy import (
    EngagementAccess,
    access_to,
    engagement_access,
    engagements_visible_to,
    shares_with,
)
from tandem.ui.forms import add_service_errors
from tandem.ui.locking import Conflict, ConflictShown, conflict_shown, rebased
from tandem.ui.pagination import page_links, paginate


def _access(request: HttpRequest, pk: int) -> tuple[Person, EngagementAccess]:
    """The viewer and their access to the engagement: 404 for no access at all, 403 when
    their part does not include goals or goal ratings."""
    viewer = person_for(request)
    access = engagement_access(viewer=viewer, engagement_id=pk)
    if not (access.sees(Category.GOALS) or access.sees(Category.GOAL_RATINGS)):
        raise PermissionDenied("The learner's agreement does not share goals with you.")
    return viewer, access


def _writer(request: HttpRequest, pk: int) -> tuple[Person, EngagementAccess]:
    viewer, access = _access(request, pk)
    if not services.can_write_goals(access):
        raise PermissionDenied("Only the learner and their coach change goals.")
    return viewer, access


def _goal(request: HttpRequest, viewer: Person, access: EngagementAccess, goal_pk: int) -> Goal:
    goal = goal_of_engagement(
        viewer=viewer, access=access, goal_id=goal_pk, via=request_via(request)
    )
    if goal is None:
        raise Http404("No such goal.")
    return goal


def _shares_goals_with_supervisor(access: EngagementAccess) -> bool:
    return shares_with(
        engagement_id=access.engagement.pk, party=Party.SUPERVISOR, category=Category.GOALS
    )


def _goal_form(access: EngagementAccess, *args: Any, **kwargs: Any) -> GoalForm:
    return GoalForm(
        *args,
        check_url=reverse("goals:smart_check", args=[access.engagement.pk]),
        shares_goals_with_supervisor=_shares_goals_with_supervisor(access),
        **kwargs,
    )


@login_required
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    viewer, access = _access(request, pk)
    found = goals_of_engagement(viewer=viewer, access=access, via=request_via(request))
    writer = services.can_write_goals(access)
    for item in found.goals:
        if writer and item.goal is not None and item.status == Goal.Status.ACTIVE:
            item.rating_form = RatingForm(  # type: ignore[attr-defined]
                goal=item.goal,
                is_baseline=item.baseline is None,
                initial={"rated_on": timezone.localdate()},
                auto_id=f"goal{item.goal_id}_%s",
            )
    context = {"found": found, "engagement": access.engagement, "access": access, "writer": writer}
    return render(request, "goals/progress.html", context)


def _goal_form_page(
    request: HttpRequest,
    access: EngagementAccess,
    form: GoalForm,
    goal: Goal | None,
    status: int = 200,
    conflict: ConflictShown | None = None,
) -> HttpResponse:
    data = form.data if form.is_bound else form.initial
    context = {
        "engagement": access.engagement,
        "form": form,
        "goal": goal,
        **smart_context(data, checked=form.is_bound, today=timezone.localdate()),
        "conflict": conflict,
    }
    return render(request, "goals/goal_form.html", context, status=status)


@login_required
def goal_new(request: HttpRequest, pk: int) -> HttpResponse:
    viewer, access = _writer(request, pk)
    if request.method != "POST":
        return _goal_form_page(request, access, _goal_form(access, versioned=False), None)
    form = _goal_form(access, request.POST, versioned=False)
    if form.is_valid():
        try:
            goal = services.goal_create(
                author=viewer, access=access, data=form.cleaned_data, via=request_via(request)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The goal is saved. Now describe each level of its scale.")
            return redirect("goals:scale_edit", pk=pk, goal_pk=goal.pk)
    return _goal_form_page(request, access, form, None, status=400)


@login_required
def goal_edit(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    viewer, access = _writer(request, pk)
    goal = _goal(request, viewer, access, goal_pk)
    if not services.goal_is_editable(goal):
        messages.info(request, "This goal has ratings. To change it, revise it.")
        return redirect("goals:progress", pk=pk)
    if request.method != "POST":
        form = _goal_form(access, instance=goal, version=goal.version)
        return _goal_form_page(request, access, form, goal)
    # The form fills its own copy, so `goal` stays as it was read for the service's checks.
    form = _goal_form(access, request.POST, instance=copy.copy(goal))
    if form.is_valid():
        try:
            services.goal_update(
                author=viewer,
                access=access,
                goal=goal,
                base_version=form.opened_version,
                data=form.cleaned_data,
                via=request_via(request),
            )
        except Conflict as conflict:
            # Read again through the policy (and audited): the goal as it is saved now.
            saved = _goal(request, viewer, access, goal_pk)
            form = _goal_form(access, rebased(request.POST, conflict), instance=copy.copy(saved))
            shown = conflict_shown(
                conflict,
                saved=_goal_form(access, instance=saved, version=saved.version),
                yours=form,
            )
            return _goal_form_page(request, access, form, saved, status=409, conflict=shown)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The goal is saved.")
            return redirect("goals:progress", pk=pk)
    return _goal_form_page(request, access, form, goal, status=400)


@login_required
@require_POST
def smart_check(request: HttpRequest, pk: int) -> HttpResponse:
    """Live SMART advice for the goal builder (htmx); reads nothing from the database."""
    _writer(request, pk)
    context = smart_context(request.POST, checked=True, today=timezone.localdate())
    return render(request, "goals/_smart_advice.html", context | {"checked": True})


@login_required
def scale_edit(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    viewer, access = _writer(request, pk)
    goal = _goal(request, viewer, access, goal_pk)
    if not services.goal_is_editable(goal):
        messages.info(request, "This goal has ratings. To change its scale, revise the goal.")
        return redirect("goals:progress", pk=pk)
    if request.method != "POST":
        return _scale_page(request, access, _saved_scale_form(goal), goal)
    form = ScaleForm(request.POST, finalize="finalize" in request.POST)
    if form.is_valid():
        try:
            services.scale_save(
                author=viewer,
                access=access,
                goal=goal,
                base_version=form.opened_version,
                anchors=form.anchors(),
                checklist=form.checklist(),
                finalize=form.finalize,
                today=timezone.localdate(),
                via=request_via(request),
            )
        except Conflict as conflict:
            saved = _goal(request, viewer, access, goal_pk)
            form = ScaleForm(rebased(request.POST, conflict), finalize=form.finalize)
            shown = conflict_shown(conflict, saved=_saved_scale_form(saved), yours=form)
            return _scale_page(request, access, form, saved, status=409, conflict=shown)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            doubts = [question for key, question in CHECKLIST if form.checklist().get(key) is False]
            if form.finalize and doubts:
                # Finished as asked, but a "No" is worth a second look before the first rating.
                messages.warning(
                    request,
                    "The scale is finished, but you answered No to: "
                    + " ".join(f"“{question}”" for question in doubts)
                    + " Look at it again with your coach before the first rating; while it has "
                    "no ratings you can still change it.",
                )
            else:
                done = (
                    "The scale is finished." if form.finalize else "The scale is saved as a draft."
                )
                messages.success(request, done)
            return redirect("goals:progress", pk=pk)
    return _scale_page(request, access, form, goal, status=400)


def _saved_scale_form(goal: Goal) -> ScaleForm:
    """The scale form showing the goal's scale as it is saved."""
    return ScaleForm.saved(goal)


def _scale_page(
    request: HttpRequest,
    access: EngagementAccess,
    form: ScaleForm,
    goal: Goal,
    status: int = 200,
    conflict: ConflictShown | None = None,
) -> HttpResponse:
    context = {"form": form, "goal": goal, "engagement": access.engagement, "conflict": conflict}
    return render(request, "goals/scale_form.html", context, status=status)


@login_required
@require_POST
def rating_add(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    viewer, access = _writer(request, pk)
    goal = _goal(request, viewer, access, goal_pk)
    is_baseline = not goal.ratings.filter(is_baseline=True).exists()
    form = RatingForm(request.POST, goal=goal, is_baseline=is_baseline)
    if form.is_valid():
        try:
            services.rating_add(
                author=viewer,
                access=access,
                goal=goal,
                rated_on=form.cleaned_data["rated_on"],
                level=form.cleaned_data["level"],
                note=form.cleaned_data["note"],
                via=request_via(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The rating is saved.")
            return redirect(f"{reverse('goals:progress', args=[pk])}#goal-{goal.pk}")
    context = {"form": form, "goal": goal, "engagement": access.engagement}
    return render(request, "goals/rating_form.html", context, status=400)


@login_required
@require_POST
def goal_status(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    viewer, access = _writer(request, pk)
    goal = _goal(request, viewer, access, goal_pk)
    try:
        services.goal_status_set(
            author=viewer,
            access=access,
            goal=goal,
            status=request.POST.get("status", ""),
            via=request_via(request),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The goal is now marked {goal.get_status_display().lower()}.")
    return redirect("goals:progress", pk=pk)


@login_required
@require_POST
def goal_revise(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    viewer, access = _writer(request, pk)
    goal = _goal(request, viewer, access, goal_pk)
    try:
        new = services.goal_revise(
            author=viewer, access=access, goal=goal, via=request_via(request)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("goals:progress", pk=pk)
    messages.success(
        request, "A new version of the goal is ready to edit. The old one keeps its ratings."
    )
    return redirect("goals:goal_edit", pk=pk, goal_pk=new.pk)


def _across(request: HttpRequest, viewer: Person, engagements: Any, template: str) -> HttpResponse:
    page = paginate(request, engagements.order_by("learner__last_name", "pk"))
    accesses = access_to(viewer=viewer, engagements=list(page.object_list))
    rows = [accesses[e.pk] for e in page.object_list]
    found = goals_across(viewer=viewer, accesses=rows, via=request_via(request))
    context = {
        "page": page,
        "page_links": page_links(page),
        "rows": [found[a.engagement.pk] for a in rows if a.engagement.pk in found],
    }
    return render(request, template, context)


@role_required(Role.COACH)
def coach_overview(request: HttpRequest) -> HttpResponse:
    viewer = person_for(request)
    engagements = engagements_visible_to(viewer=viewer).filter(coach=viewer)
    return _across(request, viewer, engagements, "goals/coach_overview.html")


@role_required(Role.SUPERVISOR)
def supervisor_view(request: HttpRequest) -> HttpResponse:
    viewer = person_for(request)
    # As line supervisor only: engagements the viewer coaches (supervisor as coach) belong on
    # the coach's pages, and would show here everything a coach sees.
    engagements = (
        engagements_visible_to(viewer=viewer)
        .filter(learner__supervisor=viewer)
        .exclude(coach=viewer)
    )
    return _across(request, viewer, engagements, "goals/supervisor_view.html")
