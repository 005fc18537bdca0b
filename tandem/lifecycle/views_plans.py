"""Individual Professional Development Plan pages: for the learner and their line supervisor
only (tandem/lifecycle/selectors.py decides; the coach and program leads never see a plan)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tandem.lifecycle import services
from tandem.lifecycle.forms import PlanForm
from tandem.lifecycle.models import DevelopmentPlanVersion
from tandem.lifecycle.selectors import plan_learners_for
from tandem.people.access import person_for, request_via
from tandem.privacy.plans import plan_access, plan_versions_read, plans_visible_to
from tandem.ui.locking import Conflict, conflict_shown, rebased
from tandem.ui.pagination import page_links, paginate


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    viewer = person_for(request)
    page = paginate(request, plans_visible_to(viewer=viewer))
    context = {
        "page": page,
        "page_links": page_links(page),
        "viewer": viewer,
        "can_start": plan_learners_for(viewer=viewer).exists(),
    }
    return render(request, "lifecycle/plan_list.html", context)


@login_required
def plan_new(request: HttpRequest) -> HttpResponse:
    viewer = person_for(request)
    learners = plan_learners_for(viewer=viewer)
    data = request.POST if request.method == "POST" else None
    form = PlanForm(data, learners=learners, versioned=False)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                plan = services.plan_create(
                    author=viewer,
                    learner=form.learner_chosen(),
                    items=form.items(),
                    supervisor_support=form.cleaned_data["supervisor_support"],
                    via=request_via(request),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "The plan is saved. Both of you now agree to it.")
                return redirect("lifecycle:plan_detail", pk=plan.pk)
        status = 400
    context = {"form": form, "plan": None, "can_start": learners.exists()}
    return render(request, "lifecycle/plan_form.html", context, status=status)


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access = plan_access(viewer=person_for(request), plan_id=pk)
    versions = plan_versions_read(access=access, via=request_via(request))
    latest = versions[0] if versions else None
    agreed = {a.role: a for a in latest.acknowledgments.all()} if latest else {}
    context = {
        "access": access,
        "plan": access.plan,
        "latest": latest,
        "history": versions[1:],
        "agreed": agreed,
        "can_agree": latest is not None and access.role not in agreed,
    }
    return render(request, "lifecycle/plan_detail.html", context)


def _saved_plan_form(versions: list[DevelopmentPlanVersion]) -> PlanForm:
    """The form showing the plan's newest version, carrying its number."""
    if not versions:
        return PlanForm(version=0)
    return PlanForm(initial=PlanForm.initial_from(versions[0]), version=versions[0].number)


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    access = plan_access(viewer=person_for(request), plan_id=pk)
    # Showing the plan in the form is a read of it: audited like the plan page.
    versions = plan_versions_read(access=access, via=request_via(request))
    form = _saved_plan_form(versions)
    context = {"form": form, "plan": access.plan, "can_start": True}
    if request.method != "POST":
        return render(request, "lifecycle/plan_form.html", context)
    form = context["form"] = PlanForm(request.POST)
    if form.is_valid():
        try:
            services.plan_revise(
                access=access,
                base_version=form.opened_version,
                items=form.items(),
                supervisor_support=form.cleaned_data["supervisor_support"],
                via=request_via(request),
            )
        except Conflict as conflict:
            # The other writer's version, read (and audited) as the plan page reads it.
            saved = _saved_plan_form(plan_versions_read(access=access, via=request_via(request)))
            form = context["form"] = PlanForm(rebased(request.POST, conflict))
            context["conflict"] = conflict_shown(conflict, saved=saved, yours=form)
            return render(request, "lifecycle/plan_form.html", context, status=409)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your changes are saved as a new version.")
            return redirect("lifecycle:plan_detail", pk=pk)
    return render(request, "lifecycle/plan_form.html", context, status=400)


@login_required
@require_POST
def plan_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    access = plan_access(viewer=person_for(request), plan_id=pk)
    try:
        number = int(request.POST.get("number", ""))
        services.plan_acknowledge(access=access, number=number)
    except (ValueError, ValidationError):
        messages.error(request, "The plan changed after you opened it. Please read it again.")
    else:
        messages.success(request, "You agreed to this version of the plan.")
    return redirect("lifecycle:plan_detail", pk=pk)
