"""Program lead pages: agreement templates and the status overview (no agreement content)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from tandem.agreements import services
from tandem.agreements.forms import TemplateForm, agreement_initial
from tandem.agreements.models import AgreementTemplate
from tandem.people.access import person_for, role_required
from tandem.people.models import Role
from tandem.privacy.agreements import agreement_statuses_visible_to
from tandem.ui.locking import Conflict, conflict_shown, rebased
from tandem.ui.pagination import page_links, paginate


@role_required(Role.PROGRAM_LEAD)
def overview(request: HttpRequest) -> HttpResponse:
    """Status of every engagement's agreement in the program lead's scope. Status only."""
    viewer = person_for(request)
    engagements = (
        agreement_statuses_visible_to(viewer=viewer)
        .select_related("learner", "coach", "agreement")
        .annotate(
            versions=Count("agreement__versions", distinct=True),
            acks=Count(
                "agreement__versions__acknowledgments",
                filter=Q(agreement__versions__sent_at__isnull=False),
                distinct=True,
            ),
        )
        .order_by("learner__last_name", "pk")
    )
    page = paginate(request, engagements)
    return render(
        request, "agreements/overview.html", {"page": page, "page_links": page_links(page)}
    )


@role_required(Role.PROGRAM_LEAD)
def template_list(request: HttpRequest) -> HttpResponse:
    services.templates_ensure_builtin()
    return render(
        request, "agreements/template_list.html", {"templates": AgreementTemplate.objects.all()}
    )


def _saved_template_form(template: AgreementTemplate) -> TemplateForm:
    initial = {
        "title": template.title,
        **agreement_initial(template.defaults, template.default_disclosure, None),
    }
    return TemplateForm(initial=initial, kind=template.kind, version=template.version)


@role_required(Role.PROGRAM_LEAD)
def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_object_or_404(AgreementTemplate, pk=pk)
    context: dict[str, Any] = {"template": template, "form": _saved_template_form(template)}
    if request.method != "POST":
        return render(request, "agreements/template_edit.html", context)
    form = context["form"] = TemplateForm(request.POST, kind=template.kind)
    if not form.is_valid():
        return render(request, "agreements/template_edit.html", context)
    try:
        services.template_update(
            editor=person_for(request),
            template=template,
            base_version=form.opened_version,
            title=form.cleaned_data["title"],
            defaults=form.content(),
            default_disclosure=form.disclosure(),
        )
    except Conflict as conflict:
        saved = AgreementTemplate.objects.get(pk=pk)
        form = TemplateForm(rebased(request.POST, conflict), kind=template.kind)
        shown = conflict_shown(conflict, saved=_saved_template_form(saved), yours=form)
        context |= {"template": saved, "form": form, "conflict": shown}
        return render(request, "agreements/template_edit.html", context, status=409)
    messages.success(request, "The template is saved. New agreements start from this text.")
    return redirect("agreements:template_list")
