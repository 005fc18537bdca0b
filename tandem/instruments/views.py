"""Instrument pages for people who fill them in and read results: my instruments, giving an
instrument to someone, the fill-in pages (one section per screen, drafts saved as you go) and
the results. Every read of answers goes through tandem.privacy.responses."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tandem.instruments.administration_selectors import (
    administrations_to_fill,
    response_history,
    responses_of_others_visible_to,
    responses_submitted_by,
)
from tandem.instruments.administration_services import (
    AssignError,
    SaveResult,
    administration_assign,
    response_save_draft,
    response_share_with_coach,
    response_submit,
)
from tandem.instruments.definition import Definition
from tandem.instruments.fill_forms import questions_for, section_from_post
from tandem.instruments.forms import AssignForm
from tandem.instruments.models import Administration, Response
from tandem.instruments.results import answer_rows, change_rows, red_flag_texts, score_rows
from tandem.instruments.scoring import answers_validate, score
from tandem.instruments.selectors import version_definition
from tandem.people.access import person_for, request_via
from tandem.privacy.responses import (
    ResponseAccess,
    response_get,
    response_read_audit,
    responses_access,
)
from tandem.ui.pagination import page_links, paginate

STALE = (
    "These answers were changed in another tab or window since you opened this page. What you "
    "typed here is shown below but not saved yet: check it, then save again to keep it."
)


UNKNOWN_FIELDS = (
    "Some answers were sent for questions that are not on this page; they were not saved."
)


@login_required
def my_instruments(request: HttpRequest) -> HttpResponse:
    """Instruments to fill in, my submitted answers, and others' answers I may read."""
    person = person_for(request)
    page = paginate(request, responses_of_others_visible_to(viewer=person))
    context = {
        "to_fill": list(administrations_to_fill(person=person)),
        "mine": list(responses_submitted_by(person=person)[:50]),
        "page": page,
        "page_links": page_links(page),
    }
    return render(request, "instruments/my_instruments.html", context)


@login_required
def assign(request: HttpRequest) -> HttpResponse:
    person = person_for(request)
    form = AssignForm(request.POST or None, assigner=person)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            administration = administration_assign(
                assigned_by=person, version=data.pop("instrument"), **data
            )
        except AssignError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{administration.respondent.full_name} can fill it in now.")
            if administration.respondent_id == person.pk:
                return redirect("instruments:fill", pk=administration.pk)
            return redirect("instruments:my_instruments")
    status = 400 if form.errors else 200
    return render(request, "instruments/assign.html", {"form": form}, status=status)


# --- Filling in ----------------------------------------------------------------------------


def _own_draft(request: HttpRequest, pk: int) -> ResponseAccess:
    """The signed-in person's own response; anybody else's answers 404 here."""
    access = response_get(viewer=person_for(request), administration_id=pk)
    if access.response.respondent_id != access.viewer.pk:
        raise Http404("No such instrument response.")
    return access


def _section_index(definition: Definition, raw: str | None) -> int:
    """0..n-1 are sections; n is the review page. Anything else goes to the first section."""
    try:
        index = int(raw or 0)
    except ValueError:
        return 0
    return index if 0 <= index <= len(definition.sections) else 0


def _fill_context(
    access: ResponseAccess,
    definition: Definition,
    index: int,
    *,
    typed: dict[str, str] | None = None,
    problems: dict[str, str] | None = None,
    all_problems: dict[str, str] | None = None,
    notice: str = "",
) -> dict:
    response = access.response
    sections = definition.sections
    context: dict = {
        "administration": access.administration,
        "response": response,
        "definition": definition,
        "index": index,
        "count": len(sections),
        "step": index + 1,
        "steps": len(sections) + 1,
        "notice": notice,
    }
    if index == len(sections):
        missing = {k for k, v in score_problems(definition, response).items() if v}
        context["is_review"] = True
        context["review"] = [
            (i, s, sum(1 for item in s.items if item.key in missing))
            for i, s in enumerate(sections)
        ]
        return context
    section = sections[index]
    first = 1 + sum(len(s.items) for s in sections[:index])
    questions = questions_for(
        section, first_number=first, answers=response.answers, typed=typed, problems=problems
    )
    summary = [(q.number, q.id, q.item.text or q.item.pro, q.error) for q in questions if q.error]
    summary += [(q.number, n.id, n.label, n.error) for q in questions for n in q.notes if n.error]
    context |= {"section": section, "questions": questions, "summary": summary}
    context["elsewhere"] = _problems_elsewhere(definition, index, all_problems or {})
    return context


def score_problems(definition: Definition, response: Response) -> dict[str, str]:
    return answers_validate(definition, response.answers)


def _problems_elsewhere(definition: Definition, index: int, problems: dict[str, str]) -> list:
    """Problems in other sections, as (section index, section title, count)."""
    found = []
    for i, section in enumerate(definition.sections):
        keys = {item.key for item in section.items}
        count = sum(1 for key in problems if key.split(".")[0] in keys)
        if i != index and count:
            found.append((i, section.title, count))
    return found


@login_required
def fill(request: HttpRequest, pk: int) -> HttpResponse:
    access = _own_draft(request, pk)
    if access.response.status == Response.Status.SUBMITTED:
        return redirect("instruments:results", pk=pk)
    definition = version_definition(access.response.version)
    source = request.POST if request.method == "POST" else request.GET
    index = _section_index(definition, source.get("section"))
    if request.method == "POST":
        return _fill_post(request, access, definition, index)
    response_read_audit(accesses=[access], via=request_via(request))
    problems: dict[str, str] = {}
    if request.GET.get("check") and index < len(definition.sections):
        problems = score_problems(definition, access.response)
    context = _fill_context(access, definition, index, problems=problems)
    return render(request, "instruments/fill.html", context)


def _revision(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("revision", ""))
    except ValueError:
        return -1  # a tampered revision can only be stale


def _save_section(
    request: HttpRequest, access: ResponseAccess, definition: Definition, index: int
) -> tuple[SaveResult, dict[str, str], list[str]]:
    posted = section_from_post(definition.sections[index], request.POST)
    result = response_save_draft(access=access, answers=posted.answers, revision=_revision(request))
    return result, posted.typed, posted.unknown


def _fill_post(
    request: HttpRequest, access: ResponseAccess, definition: Definition, index: int
) -> HttpResponse:
    action = request.POST.get("action", "save")
    if index == len(definition.sections):
        return _submit(request, access, definition, index)
    result, typed, unknown = _save_section(request, access, definition, index)
    access = _refreshed(access, result.response)
    if result.stale or result.problems or unknown:
        notice = STALE if result.stale else ""
        if unknown:
            notice = UNKNOWN_FIELDS
        context = _fill_context(
            access, definition, index, typed=typed, problems=result.problems, notice=notice
        )
        return render(
            request, "instruments/fill.html", context, status=400 if not result.stale else 409
        )
    target = {"next": index + 1, "previous": index - 1}.get(action, index)
    target = min(max(target, 0), len(definition.sections))
    if action == "save":
        messages.success(request, "Your draft is saved. You can come back to it at any time.")
    url = reverse("instruments:fill", args=[access.administration.pk])
    return redirect(f"{url}?section={target}")


def _submit(
    request: HttpRequest, access: ResponseAccess, definition: Definition, index: int
) -> HttpResponse:
    result = response_submit(access=access, revision=_revision(request), via=request_via(request))
    access = _refreshed(access, result.response)
    if result.stale:
        context = _fill_context(access, definition, index, notice=STALE)
        return render(request, "instruments/fill.html", context, status=409)
    if result.problems:
        # Show the first section with a problem, each message next to its question.
        first = next(i for i, _title, _n in _problems_elsewhere(definition, -1, result.problems))
        context = _fill_context(
            access, definition, first, problems=result.problems, all_problems=result.problems
        )
        return render(request, "instruments/fill.html", context, status=400)
    messages.success(request, "Thank you: your answers are submitted.")
    return redirect("instruments:results", pk=access.administration.pk)


def _refreshed(access: ResponseAccess, response: Response) -> ResponseAccess:
    response.administration = access.administration
    return ResponseAccess(
        response, access.viewer, access.can_view, access.can_edit, access.relation, access.category
    )


@login_required
@require_POST
def autosave(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: save the section as the person types; answers with the draft's status line."""
    access = _own_draft(request, pk)
    if access.response.status != Response.Status.DRAFT:
        return render(request, "instruments/_draft_status.html", {"submitted": True})
    definition = version_definition(access.response.version)
    index = _section_index(definition, request.POST.get("section"))
    if index == len(definition.sections):
        raise Http404("Nothing to save on the review page.")
    result, _typed, _unknown = _save_section(request, access, definition, index)
    questions = {item.key: item for item in definition.items}
    problems = [
        (questions[key.split(".")[0]].text or key, problem)
        for key, problem in result.problems.items()
    ]
    context = {"result": result, "response": result.response, "problems": problems}
    return render(request, "instruments/_draft_status.html", context)


# --- Results -------------------------------------------------------------------------------


@login_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = person_for(request)
    access = response_get(viewer=viewer, administration_id=pk)
    response = access.response
    if response.status == Response.Status.DRAFT:
        return redirect("instruments:fill", pk=pk)  # only the respondent gets this far
    definition = version_definition(response.version)
    report = score(definition, response.answers)
    history = response_history(viewer=viewer, response=response)
    shown = [access] + [
        a for a in responses_access(viewer=viewer, responses=history).values() if a.can_view
    ]
    response_read_audit(
        accesses=list({a.response.pk: a for a in shown}.values()), via=request_via(request)
    )
    administration = access.administration
    pair = _pair(administration, history)
    context = {
        "access": access,
        "administration": administration,
        "response": response,
        "definition": definition,
        "scores": score_rows(definition, response.scores, report),
        "decision": report.decision,
        "red_flags": red_flag_texts(definition, report),
        "answers": answer_rows(definition, response.answers),
        "history": history if len(history) > 1 else [],
        "changes": change_rows(definition, history) if len(history) > 1 else [],
        "pair": pair,
        "pair_rows": change_rows(definition, pair) if pair else [],
        "can_share": (
            access.viewer.pk == response.respondent_id
            and administration.kind == Administration.Kind.SELF
            and administration.engagement is not None
            and response.shared_with_coach_at is None
        ),
    }
    return render(request, "instruments/results.html", context)


def _pair(administration: Administration, history: list[Response]) -> list[Response]:
    """[before, after] when this is one of a before/after pair and both are submitted."""
    by_administration = {r.administration_id: r for r in history}
    if administration.phase == Administration.Phase.POST and administration.pre_id:
        before = by_administration.get(administration.pre_id)
        after = by_administration.get(administration.pk)
    elif administration.phase == Administration.Phase.PRE:
        post = Administration.objects.filter(pre=administration).values_list("pk", flat=True)
        before = by_administration.get(administration.pk)
        after = next((by_administration.get(p) for p in post), None)
    else:
        return []
    return [before, after] if before and after else []


@login_required
@require_POST
def share(request: HttpRequest, pk: int) -> HttpResponse:
    access = response_get(viewer=person_for(request), administration_id=pk)
    response_share_with_coach(access=access, via=request_via(request))
    messages.success(request, "Your coach can now see these answers.")
    return redirect("instruments:results", pk=pk)
