"""Coach growth pages: the coach's development page, competency ratings side by side, the
expertise level and its history, and the lists for coach supervisors and program leads.

Who sees what is decided by `tandem.privacy.development`: ratings and plans are for the coach
and their current coach supervisor (404 for anyone else); program leads see facts only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tandem.development import selectors_growth as selectors
from tandem.development.forms_growth import (
    EXPERTISE_MEANINGS,
    CompetencyRatingForm,
    ExpertiseForm,
)
from tandem.development.models import CompetencyRating
from tandem.development.services_growth import competency_rating_save, expertise_change_record
from tandem.people.access import person_for, request_via, role_required
from tandem.people.models import Person, Role
from tandem.privacy.development import (
    can_change_expertise,
    can_rate_competencies,
    coach_for_facts,
    competency_read_audit,
    development_of_coach,
)
from tandem.ui.forms import add_service_errors
from tandem.ui.locking import Conflict, conflict_shown, rebased
from tandem.ui.pagination import page_links, paginate


@role_required(Role.COACH)
def growth_mine(request: HttpRequest) -> HttpResponse:
    return redirect("development:growth_coach", coach_pk=person_for(request).pk)


@login_required
def growth_coach(request: HttpRequest, coach_pk: int) -> HttpResponse:
    """The coach's development page: competency rounds, expertise history, plans."""
    viewer = person_for(request)
    coach = development_of_coach(viewer=viewer, coach_id=coach_pk)
    today = timezone.localdate()
    picture = selectors.competency_picture(viewer=viewer, coach=coach)
    context = {
        "coach": coach,
        "is_coach": viewer.pk == coach.pk,
        "picture": picture,
        "round": selectors.rating_rounds(coaches=[coach], today=today)[coach.pk],
        "expertise": selectors.current_expertise(coach=coach),
        "history": selectors.expertise_history(coach=coach),
        "plans": selectors.plans_of(coach=coach),
        "can_change_expertise": can_change_expertise(viewer=viewer, coach=coach),
    }
    return render(request, "development/growth_coach.html", context)


@login_required
def competency_compare(request: HttpRequest, coach_pk: int) -> HttpResponse:
    """Per strategy and ability: the coach's latest self-rating beside the coach supervisor's
    latest, and the pair before. A coach supervisor's read is audited."""
    viewer = person_for(request)
    coach = development_of_coach(viewer=viewer, coach_id=coach_pk)
    picture = selectors.competency_picture(viewer=viewer, coach=coach)
    competency_read_audit(
        viewer=viewer, coach=coach, ratings=picture.shown, via=request_via(request)
    )
    context = {
        "coach": coach,
        "picture": picture,
        "groups": picture.groups(selectors.competencies()),
    }
    return render(request, "development/growth_compare.html", context)


def _rating_form(kind: str, *args: object, **kwargs: object) -> CompetencyRatingForm:
    return CompetencyRatingForm(
        *args,
        competencies=selectors.competencies(),
        kind=kind,
        **kwargs,  # type: ignore[arg-type]
    )


def _saved_rating_form(kind: str, draft: CompetencyRating | None) -> CompetencyRatingForm:
    if draft is None:
        return _rating_form(kind, version=0)
    return _rating_form(
        kind, initial=CompetencyRatingForm.initial_from(draft), version=draft.version
    )


def _rater(request: HttpRequest, coach_pk: int) -> tuple[Person, Person, str]:
    viewer = person_for(request)
    coach = development_of_coach(viewer=viewer, coach_id=coach_pk)
    kind = can_rate_competencies(viewer=viewer, coach=coach)
    if kind is None:  # the rules above already say who reads; this says who rates
        raise PermissionDenied("Only the coach and their coach supervisor rate competencies.")
    return viewer, coach, kind


@login_required
def competency_rate(request: HttpRequest, coach_pk: int) -> HttpResponse:
    """The viewer's own rating of the coach: a draft until submitted."""
    viewer, coach, kind = _rater(request, coach_pk)
    context: dict[str, object] = {"coach": coach, "kind": kind, "is_self": kind == "self"}
    if request.method != "POST":
        draft = selectors.own_draft(viewer=viewer, coach=coach)
        context |= {"form": _saved_rating_form(kind, draft), "draft": draft}
        return render(request, "development/growth_rate.html", context)
    form = _rating_form(kind, request.POST)
    submit = "submit" in request.POST
    context["form"] = form
    if form.is_valid():
        try:
            competency_rating_save(
                rater=viewer,
                coach=coach,
                base_version=form.opened_version,
                levels=form.levels(),
                comments=form.cleaned_data["comments"],
                submit=submit,
                now=timezone.now(),
                via=request_via(request),
            )
        except Conflict as conflict:
            saved = selectors.own_draft(viewer=viewer, coach=coach)
            form = context["form"] = _rating_form(kind, rebased(request.POST, conflict))
            context["conflict"] = conflict_shown(
                conflict, saved=_saved_rating_form(kind, saved), yours=form
            )
            return render(request, "development/growth_rate.html", context, status=409)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if submit:
                messages.success(request, "Your rating is submitted.")
                return redirect("development:competency_compare", coach_pk=coach.pk)
            messages.success(request, "Your draft is saved. Only you can see it.")
            return redirect("development:competency_rate", coach_pk=coach.pk)
    return render(request, "development/growth_rate.html", context, status=400)


@login_required
@require_POST
def competency_autosave(request: HttpRequest, coach_pk: int) -> HttpResponse:
    """htmx: keep the draft as the person answers; answers with a status line and the draft's
    new version (swapped into the form, so the next save builds on it)."""
    viewer, coach, kind = _rater(request, coach_pk)
    form = _rating_form(kind, request.POST)
    context: dict[str, object] = {"form": form}
    if not form.is_valid():
        return render(request, "development/_growth_autosave.html", context, status=400)
    try:
        rating = competency_rating_save(
            rater=viewer,
            coach=coach,
            base_version=form.opened_version,
            levels=form.levels(),
            comments=form.cleaned_data["comments"],
            submit=False,
            now=timezone.now(),
            via=request_via(request),
        )
    except Conflict:
        context["stale"] = True
        return render(request, "development/_growth_autosave.html", context, status=409)
    except ValidationError:
        context["gone"] = True
        return render(request, "development/_growth_autosave.html", context, status=400)
    context["rating"] = rating
    return render(request, "development/_growth_autosave.html", context)


# --- Facts: expertise and rating rounds --------------------------------------------------------


@login_required
def growth_facts(request: HttpRequest, coach_pk: int) -> HttpResponse:
    """What a program lead may know of a coach's development: when the coach rated themself,
    whether a rating is due, and the expertise level with its history. Never the levels of
    each ability, never the plans."""
    viewer = person_for(request)
    coach = coach_for_facts(viewer=viewer, coach_id=coach_pk)
    today = timezone.localdate()
    context = {
        "coach": coach,
        "round": selectors.rating_rounds(coaches=[coach], today=today)[coach.pk],
        "submitted_on": selectors.self_rating_dates(coach=coach),
        "expertise": selectors.current_expertise(coach=coach),
        "history": selectors.expertise_history(coach=coach),
        "can_change_expertise": can_change_expertise(viewer=viewer, coach=coach),
    }
    return render(request, "development/growth_facts.html", context)


@login_required
def expertise_change(request: HttpRequest, coach_pk: int) -> HttpResponse:
    viewer = person_for(request)
    coach = coach_for_facts(viewer=viewer, coach_id=coach_pk)
    if not can_change_expertise(viewer=viewer, coach=coach):
        raise PermissionDenied("The coach supervisor or a program lead sets this level.")
    form = ExpertiseForm(request.POST or None, initial={"since": timezone.localdate()})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                change = expertise_change_record(
                    actor=viewer,
                    coach=coach,
                    level=form.cleaned_data["level"],
                    since=form.cleaned_data["since"],
                    note=form.cleaned_data["note"],
                    via=request_via(request),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"Recorded: {selectors.expertise_label(change.level)}.")
                return redirect("development:growth_facts", coach_pk=coach.pk)
        status = 400
    context = {
        "coach": coach,
        "form": form,
        "expertise": selectors.current_expertise(coach=coach),
        "meanings": EXPERTISE_MEANINGS,
    }
    return render(request, "development/growth_expertise.html", context, status=status)


# --- Lists ------------------------------------------------------------------------------------


def _coach_list(request: HttpRequest, people: QuerySet[Person], template: str) -> HttpResponse:
    page = paginate(request, people)
    rows = selectors.coach_rows(coaches=list(page.object_list), today=timezone.localdate())
    context = {"page": page, "page_links": page_links(page), "rows": rows}
    return render(request, template, context)


@role_required(Role.COACH_SUPERVISOR)
def growth_coaches(request: HttpRequest) -> HttpResponse:
    """The coaches the viewer supervises today, with whether a competency rating is due."""
    viewer = person_for(request)
    return _coach_list(
        request, selectors.coaches_supervised(viewer=viewer), "development/growth_coaches.html"
    )


@role_required(Role.PROGRAM_LEAD)
def growth_facts_list(request: HttpRequest) -> HttpResponse:
    """Program leads: the coaches in their scope, facts only."""
    viewer = person_for(request)
    return _coach_list(
        request,
        selectors.coaches_with_facts(viewer=viewer),
        "development/growth_facts_list.html",
    )
