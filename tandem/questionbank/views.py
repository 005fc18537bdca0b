"""Question bank pages: browse and search, suggestions for a stage, and program leads' edits.

Questions and coaching models are shared practice material, not confidential coaching content,
so these pages go through role checks only; agency scope decides which rows a person sees.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST

from tandem.people.access import person_for, request_roles, role_required
from tandem.people.models import OrgUnit, Person, Role
from tandem.questionbank import services
from tandem.questionbank.forms import (
    CoachingModelForm,
    QuestionForm,
    QuestionSearchForm,
    StageForm,
)
from tandem.questionbank.models import CoachingModel, ModelStage, Question
from tandem.questionbank.placeholders import KNOWN
from tandem.questionbank.selectors import (
    active_models_with_stages,
    home_agency,
    models_visible,
    question_for_editing,
    question_search,
    questions_suggested,
    tags_in_use,
)
from tandem.ui.forms import add_service_errors
from tandem.ui.locking import Conflict, ConflictShown, conflict_shown, rebased
from tandem.ui.pagination import page_links, paginate

# Coaches use the bank in sessions; supervisors coach too (supervisor-as-coach, seed 004);
# coach supervisors and program leads look after it. Learners, leadership and evaluators have
# no use for it (docs/QUESTION_BANK.md).
BANK_ROLES = (Role.COACH, Role.SUPERVISOR, Role.COACH_SUPERVISOR, Role.PROGRAM_LEAD)
EDITOR_ROLES = (Role.PROGRAM_LEAD,)
SELECTS = ("category", "tag", "model", "stage")


def _viewer(request: HttpRequest) -> tuple[Person, OrgUnit | None]:
    person = person_for(request)
    return person, home_agency(person=person)


def _is_editor(request: HttpRequest) -> bool:
    return bool(request_roles(request) & set(EDITOR_ROLES))


@role_required(*BANK_ROLES)
def search(request: HttpRequest) -> HttpResponse:
    _, agency = _viewer(request)
    editor = _is_editor(request)
    models = active_models_with_stages(agency=agency)
    form = QuestionSearchForm(
        request.GET or None, models=models, tags=tags_in_use(agency=agency), show_retired=editor
    )
    page = paginate(request, question_search(agency=agency, **form.filters()))
    context = {
        "form": form,
        "page": page,
        "page_links": page_links(page),
        "questions": list(page),
        "editor": editor,
        "agency": agency,
        **{f"{name}_options": form.option_groups(name) for name in SELECTS},
    }
    is_htmx = request.headers.get("HX-Request") == "true"
    restoring = request.headers.get("HX-History-Restore-Request") == "true"
    template = (
        "questionbank/_results.html" if is_htmx and not restoring else "questionbank/search.html"
    )
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@role_required(*BANK_ROLES)
def suggest(request: HttpRequest) -> HttpResponse:
    """Suggestions for a model stage and focus area (an htmx fragment for the session record).

    Parameters: ``stage`` (a stage id), ``focus`` and placeholder values (``skill``, ``goal``,
    ...). POST keeps session details out of URLs and logs; GET works for plain links.
    """
    _, agency = _viewer(request)
    data = request.POST if request.method == "POST" else request.GET
    stage: ModelStage | None = None
    stage_id = data.get("stage", "")
    if stage_id.isdigit():
        stage = (
            ModelStage.objects.select_related("model")
            .filter(pk=int(stage_id), model__in=models_visible(agency=agency))
            .first()
        )
    focus = data.get("focus", "")[:200]
    context = {key: data.get(key, "")[:200] for key in KNOWN if data.get(key)}
    limit = int(data["limit"]) if data.get("limit", "").isdigit() else 5
    suggestions = questions_suggested(
        stage=stage, focus=focus, context=context, limit=min(limit, 20), agency=agency
    )
    return render(
        request,
        "questionbank/_suggestions.html",
        {"suggestions": suggestions, "stage": stage, "focus": focus},
    )


def _question_form_page(
    request: HttpRequest,
    form: QuestionForm,
    question: Question | None,
    agency: OrgUnit | None,
    conflict: ConflictShown | None = None,
) -> HttpResponse:
    status = 409 if conflict else 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "questionbank/question_form.html",
        {
            "form": form,
            "question": question,
            "copies": question is not None and not services.owns(agency=agency, question=question),
            "agency": agency,
            "conflict": conflict,
        },
        status=status,
    )


@role_required(*EDITOR_ROLES)
def question_new(request: HttpRequest) -> HttpResponse:
    person, agency = _viewer(request)
    models = active_models_with_stages(agency=agency)
    form = QuestionForm(request.POST or None, models=models, versioned=False)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.question_create(
                by=person,
                agency=agency,
                text=data["text"],
                category=data["category"],
                tags=services.tag_slugs(data["tags"]),
                stages=form.chosen_stages(),
                source=data["source"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Question added to the bank.")
            return redirect("questionbank:search")
    return _question_form_page(request, form, None, agency)


def _saved_question_form(
    question: Question, models: list[CoachingModel], version: int, data: Any = None
) -> QuestionForm:
    """The edit form showing `question` as saved, opened at `version` (bound to `data`)."""
    initial = {
        "text": question.text,
        "category": question.category,
        "tags": ", ".join(t.slug for t in question.tags.all()),
        "stages": [str(s.pk) for s in question.stages.all()],
        "source": question.source,
    }
    return QuestionForm(data, initial=initial, models=models, version=version)


def _question(pk: int, agency: OrgUnit | None) -> Question:
    question = question_for_editing(pk=pk, agency=agency)
    if question is None:
        raise Http404("No such question.")
    return question


@role_required(*EDITOR_ROLES)
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person, agency = _viewer(request)
    question = _question(pk, agency)
    models = active_models_with_stages(agency=agency)
    version = services.question_edit_version(agency=agency, question=question)
    form = _saved_question_form(question, models, version, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.question_update(
                by=person,
                agency=agency,
                question=question,
                base_version=form.opened_version,
                text=data["text"],
                category=data["category"],
                tags=services.tag_slugs(data["tags"]),
                stages=form.chosen_stages(),
                source=data["source"],
            )
        except Conflict as stale:
            # The version saved since (for a shared question: the agency's copy).
            current = stale.current if isinstance(stale.current, Question) else question
            current = _question(current.pk, agency)
            form = QuestionForm(rebased(request.POST, stale), models=models)
            before = _saved_question_form(current, models, stale.saved)
            shown = conflict_shown(stale, saved=before, yours=form)
            return _question_form_page(request, form, question, agency, shown)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if saved.pk != question.pk:
                messages.success(
                    request, "Saved as your agency's version; the shared original is unchanged."
                )
            else:
                messages.success(request, "Question saved.")
            return redirect("questionbank:search")
    return _question_form_page(request, form, question, agency)


@require_POST
@role_required(*EDITOR_ROLES)
def question_retire(request: HttpRequest, pk: int) -> HttpResponse:
    person, agency = _viewer(request)
    question = _question(pk, agency)
    services.question_retire(by=person, agency=agency, question=question)
    messages.success(request, "Question retired: it is no longer suggested or listed.")
    return redirect(reverse("questionbank:search") + "?retired=on")


@require_POST
@role_required(*EDITOR_ROLES)
def question_unretire(request: HttpRequest, pk: int) -> HttpResponse:
    person, agency = _viewer(request)
    question = _question(pk, agency)
    if not services.owns(agency=agency, question=question):
        raise Http404("Only your agency's own questions can be brought back.")
    services.question_unretire(by=person, agency=agency, question=question)
    messages.success(request, "Question is back in use.")
    return redirect("questionbank:search")


# --- Coaching models ---


@role_required(*BANK_ROLES)
def model_list(request: HttpRequest) -> HttpResponse:
    _, agency = _viewer(request)
    models = list(
        models_visible(agency=agency)
        .prefetch_related("stages")
        .order_by("retired", "-is_builtin", "name")
    )
    return render(
        request,
        "questionbank/model_list.html",
        {
            "models": models,
            "editor": _is_editor(request),
            "editable": {m.pk for m in models if services.model_editable(agency=agency, model=m)},
        },
    )


def _model(pk: int, agency: OrgUnit | None) -> CoachingModel:
    model = models_visible(agency=agency).filter(pk=pk).first()
    if model is None:
        raise Http404("No such coaching model.")
    if not services.model_editable(agency=agency, model=model):
        raise PermissionDenied("Built-in models are read-only; add your own model instead.")
    return model


@role_required(*EDITOR_ROLES)
def model_new(request: HttpRequest) -> HttpResponse:
    person, agency = _viewer(request)
    form = CoachingModelForm(request.POST or None, versioned=False)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            model = services.model_create(
                by=person,
                agency=agency,
                name=data["name"],
                description=data["description"],
                source=data["source"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Model added. Now add its stages in order.")
            return redirect("questionbank:stage_new", model.pk)
    return render(
        request,
        "questionbank/model_form.html",
        {"form": form, "model": None},
        status=400 if form.is_bound and form.errors else 200,
    )


@role_required(*EDITOR_ROLES)
def model_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _, agency = _viewer(request)
    model = _model(pk, agency)
    form = _saved_model_form(model, request.POST or None)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.model_update(
                agency=agency,
                model=model,
                base_version=form.opened_version,
                name=data["name"],
                description=data["description"],
                source=data["source"],
                retired=data["retired"],
            )
        except Conflict as stale:
            model = stale.current
            form = CoachingModelForm(rebased(request.POST, stale))
            conflict = conflict_shown(stale, saved=_saved_model_form(model), yours=form)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Model saved.")
            return redirect("questionbank:model_list")
    return render(
        request,
        "questionbank/model_form.html",
        {"form": form, "model": model, "conflict": conflict},
        status=409 if conflict else 400 if form.is_bound and form.errors else 200,
    )


def _saved_model_form(model: CoachingModel, data: Any = None) -> CoachingModelForm:
    initial = {
        "name": model.name,
        "description": model.description,
        "source": model.source,
        "retired": model.retired,
    }
    return CoachingModelForm(data, initial=initial, version=model.version)


@role_required(*EDITOR_ROLES)
def stage_new(request: HttpRequest, model_pk: int) -> HttpResponse:
    _, agency = _viewer(request)
    model = _model(model_pk, agency)
    form = StageForm(request.POST or None, versioned=False)
    if request.method == "POST" and form.is_valid():
        try:
            stage = services.stage_create(agency=agency, model=model, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Stage {stage.order} added: {stage.name}.")
            if "another" in request.POST:
                return redirect("questionbank:stage_new", model.pk)
            return redirect("questionbank:model_list")
    return render(
        request,
        "questionbank/stage_form.html",
        {"form": form, "model": model, "stage": None},
        status=400 if form.is_bound and form.errors else 200,
    )


@role_required(*EDITOR_ROLES)
def stage_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _, agency = _viewer(request)
    stage = ModelStage.objects.select_related("model").filter(pk=pk).first()
    if stage is None:
        raise Http404("No such stage.")
    model = _model(stage.model_id, agency)
    form = _saved_stage_form(stage, request.POST or None)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.stage_update(
                agency=agency,
                stage=stage,
                base_version=form.opened_version,
                name=form.cleaned_data["name"],
                guidance=form.cleaned_data["guidance"],
            )
        except Conflict as stale:
            stage = stale.current
            form = StageForm(rebased(request.POST, stale))
            conflict = conflict_shown(stale, saved=_saved_stage_form(stage), yours=form)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Stage saved.")
            return redirect("questionbank:model_list")
    return render(
        request,
        "questionbank/stage_form.html",
        {"form": form, "model": model, "stage": stage, "conflict": conflict},
        status=409 if conflict else 400 if form.is_bound and form.errors else 200,
    )


def _saved_stage_form(stage: ModelStage, data: Any = None) -> StageForm:
    initial = {"name": stage.name, "guidance": stage.guidance}
    return StageForm(data, initial=initial, version=stage.version)
