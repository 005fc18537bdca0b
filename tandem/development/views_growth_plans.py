"""Coach development plans and their goals: written and agreed by the coach and their current
coach supervisor (tandem.privacy.development decides; anyone else is told there is no plan).
Goals use the goals app's SMART advice, scale and rating forms and templates."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from tandem.development import services_growth as services
from tandem.development.forms_growth import (
    DevelopmentGoalForm,
    DevelopmentPlanForm,
    DevelopmentRatingForm,
)
from tandem.development.models import CoachDevelopmentPlan, DevelopmentGoal
from tandem.development.selectors_growth import plan_progress
from tandem.goals.forms import ScaleForm, smart_context
from tandem.people.access import person_for, request_via
from tandem.people.models import Person
from tandem.privacy.development import (
    development_of_coach,
    development_party,
    development_plan_access,
    development_plan_read_audit,
)
from tandem.ui.forms import add_service_errors
from tandem.ui.locking import Conflict, ConflictShown, conflict_shown, rebased


def _plan(request: HttpRequest, plan_pk: int) -> tuple[Person, CoachDevelopmentPlan]:
    viewer = person_for(request)
    plan = development_plan_access(viewer=viewer, plan_id=plan_pk)
    development_plan_read_audit(viewer=viewer, plan=plan, via=request_via(request))
    return viewer, plan


def _goal(plan: CoachDevelopmentPlan, goal_pk: int) -> DevelopmentGoal:
    goal = DevelopmentGoal.objects.filter(plan=plan, pk=goal_pk).first()
    if goal is None:
        raise Http404("No such goal.")
    goal.plan = plan
    return goal


def _plan_page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(request, "development/growth_plan_form.html", context, status=status)


@login_required
def devplan_new(request: HttpRequest, coach_pk: int) -> HttpResponse:
    viewer = person_for(request)
    coach = development_of_coach(viewer=viewer, coach_id=coach_pk)
    initial = {"starts_on": timezone.localdate()}
    form = DevelopmentPlanForm(request.POST or None, initial=initial, versioned=False)
    context: dict[str, Any] = {"coach": coach, "form": form, "plan": None}
    if request.method != "POST":
        return _plan_page(request, context)
    if form.is_valid():
        try:
            plan = services.devplan_create(
                author=viewer, coach=coach, data=form.cleaned_data, via=request_via(request)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The plan is started. Add its goals together.")
            return redirect("development:devplan_detail", plan_pk=plan.pk)
    return _plan_page(request, context, status=400)


@login_required
def devplan_detail(request: HttpRequest, plan_pk: int) -> HttpResponse:
    viewer, plan = _plan(request, plan_pk)
    progress = plan_progress(plan=plan)
    for item in progress.goals:
        if item.goal.status == DevelopmentGoal.Status.ACTIVE and item.goal.scale_complete:
            item.rating_form = DevelopmentRatingForm(  # type: ignore[attr-defined]
                goal=item.goal,
                is_baseline=item.baseline is None,
                initial={"rated_on": timezone.localdate()},
                auto_id=f"goal{item.goal.pk}_%s",
            )
    party = development_party(viewer=viewer, coach=plan.coach)
    agreed_by_me = plan.coach_agreed_at if party == "coach" else plan.supervisor_agreed_at
    context = {
        "plan": plan,
        "coach": plan.coach,
        "progress": progress,
        "party": party,
        "can_agree": agreed_by_me is None,
    }
    return render(request, "development/growth_plan.html", context)


@login_required
def devplan_edit(request: HttpRequest, plan_pk: int) -> HttpResponse:
    viewer, plan = _plan(request, plan_pk)
    context: dict[str, Any] = {"coach": plan.coach, "plan": plan}
    if request.method != "POST":
        context["form"] = DevelopmentPlanForm(instance=plan, version=plan.version)
        return _plan_page(request, context)
    form = context["form"] = DevelopmentPlanForm(request.POST, instance=copy.copy(plan))
    if form.is_valid():
        try:
            services.devplan_update(
                author=viewer,
                plan=plan,
                base_version=form.opened_version,
                data=form.cleaned_data,
                via=request_via(request),
            )
        except Conflict as conflict:
            saved = development_plan_access(viewer=viewer, plan_id=plan_pk)
            form = DevelopmentPlanForm(rebased(request.POST, conflict), instance=copy.copy(saved))
            context["form"] = form
            context["conflict"] = conflict_shown(
                conflict,
                saved=DevelopmentPlanForm(instance=saved, version=saved.version),
                yours=form,
            )
            return _plan_page(request, context, status=409)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The plan is saved. The other side agrees to it again.")
            return redirect("development:devplan_detail", plan_pk=plan.pk)
    return _plan_page(request, context, status=400)


@login_required
@require_POST
def devplan_agree(request: HttpRequest, plan_pk: int) -> HttpResponse:
    viewer, plan = _plan(request, plan_pk)
    try:
        base_version = int(request.POST.get("base_version", ""))
        services.devplan_agree(
            author=viewer,
            plan=plan,
            base_version=base_version,
            now=timezone.now(),
            via=request_via(request),
        )
    except (ValueError, Conflict):
        messages.error(request, "The plan changed after you opened it. Read it again first.")
    else:
        messages.success(request, "You agreed to the plan as it stands.")
    return redirect("development:devplan_detail", plan_pk=plan.pk)


# --- Goals ------------------------------------------------------------------------------------


def _goal_form(plan: CoachDevelopmentPlan, *args: Any, **kwargs: Any) -> DevelopmentGoalForm:
    return DevelopmentGoalForm(
        *args, check_url=reverse("development:devgoal_check", args=[plan.pk]), **kwargs
    )


def _goal_page(
    request: HttpRequest,
    plan: CoachDevelopmentPlan,
    form: DevelopmentGoalForm,
    goal: DevelopmentGoal | None,
    status: int = 200,
    conflict: ConflictShown | None = None,
) -> HttpResponse:
    data = form.data if form.is_bound else form.initial
    context = {
        "plan": plan,
        "coach": plan.coach,
        "form": form,
        "goal": goal,
        **smart_context(data, checked=form.is_bound, today=timezone.localdate()),
        "conflict": conflict,
    }
    return render(request, "development/growth_goal_form.html", context, status=status)


@login_required
def devgoal_new(request: HttpRequest, plan_pk: int) -> HttpResponse:
    viewer, plan = _plan(request, plan_pk)
    if request.method != "POST":
        return _goal_page(request, plan, _goal_form(plan, versioned=False), None)
    form = _goal_form(plan, request.POST, versioned=False)
    if form.is_valid():
        goal = services.devgoal_create(
            author=viewer, plan=plan, data=form.cleaned_data, via=request_via(request)
        )
        messages.success(request, "The goal is saved. Now describe each level of its scale.")
        return redirect("development:devgoal_scale", plan_pk=plan.pk, goal_pk=goal.pk)
    return _goal_page(request, plan, form, None, status=400)


def _locked(request: HttpRequest, plan: CoachDevelopmentPlan, goal: DevelopmentGoal) -> bool:
    if services.devgoal_is_editable(goal):
        return False
    messages.info(request, "This goal has ratings, so it no longer changes.")
    return True


@login_required
def devgoal_edit(request: HttpRequest, plan_pk: int, goal_pk: int) -> HttpResponse:
    viewer, plan = _plan(request, plan_pk)
    goal = _goal(plan, goal_pk)
    if _locked(request, plan, goal):
        return redirect("development:devplan_detail", plan_pk=plan.pk)
    if request.method != "POST":
        form = _goal_form(plan, instance=goal, version=goal.version)
        return _goal_page(request, plan, form, goal)
    form = _goal_form(plan, request.POST, instance=copy.copy(goal))
    if form.is_valid():
        try:
            services.devgoal_update(
                author=viewer,
                goal=goal,
                base_version=form.opened_version,
                data=form.cleaned_data,
                via=request_via(request),
            )
        except Conflict as conflict:
            saved = _goal(plan, goal_pk)
            form = _goal_form(plan, rebased(request.POST, conflict), instance=copy.copy(saved))
            shown = conflict_shown(
                conflict, saved=_goal_form(plan, instance=saved, version=saved.version), yours=form
            )
            return _goal_page(request, plan, form, saved, status=409, conflict=shown)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The goal is saved.")
            return redirect("development:devplan_detail", plan_pk=plan.pk)
    return _goal_page(request, plan, form, goal, status=400)


@login_required
@require_POST
def devgoal_check(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """Live SMART advice (htmx); reads nothing but the plan's access."""
    development_plan_access(viewer=person_for(request), plan_id=plan_pk)
    context = smart_context(request.POST, checked=True, today=timezone.localdate())
    return render(request, "goals/_smart_advice.html", context | {"checked": True})


def _scale_page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(request, "development/growth_scale.html", context, status=status)


@login_required
def devgoal_scale(request: HttpRequest, plan_pk: int, goal_pk: int) -> HttpResponse:
    viewer, plan = _plan(request, plan_pk)
    goal = _goal(plan, goal_pk)
    if _locked(request, plan, goal):
        return redirect("development:devplan_detail", plan_pk=plan.pk)
    context: dict[str, Any] = {"plan": plan, "coach": plan.coach, "goal": goal}
    if request.method != "POST":
        context["form"] = ScaleForm.saved(goal)
        return _scale_page(request, context)
    form = context["form"] = ScaleForm(request.POST, finalize="finalize" in request.POST)
    if form.is_valid():
        try:
            services.devgoal_scale_save(
                author=viewer,
                goal=goal,
                base_version=form.opened_version,
                anchors=form.anchors(),
                checklist=form.checklist(),
                finalize=form.finalize,
                today=timezone.localdate(),
                via=request_via(request),
            )
        except Conflict as conflict:
            saved = _goal(plan, goal_pk)
            form = ScaleForm(rebased(request.POST, conflict), finalize=form.finalize)
            context |= {
                "form": form,
                "goal": saved,
                "conflict": conflict_shown(conflict, saved=ScaleForm.saved(saved), yours=form),
            }
            return _scale_page(request, context, status=409)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            done = "The scale is finished." if form.finalize else "The scale is saved as a draft."
            messages.success(request, done)
            return redirect("development:devplan_detail", plan_pk=plan.pk)
    return _scale_page(request, context, status=400)


@login_required
@require_POST
def devgoal_rate(request: HttpRequest, plan_pk: int, goal_pk: int) -> HttpResponse:
    viewer, plan = _plan(request, plan_pk)
    goal = _goal(plan, goal_pk)
    is_baseline = not goal.ratings.filter(is_baseline=True).exists()
    form = DevelopmentRatingForm(request.POST, goal=goal, is_baseline=is_baseline)
    if form.is_valid():
        try:
            services.devgoal_rating_add(
                author=viewer, goal=goal, via=request_via(request), **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The rating is saved.")
            url = reverse("development:devplan_detail", args=[plan.pk])
            return redirect(f"{url}#goal-{goal.pk}")
    context = {"form": form, "goal": goal, "plan": plan, "coach": plan.coach}
    return render(request, "development/growth_goal_rate.html", context, status=400)
