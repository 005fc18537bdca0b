"""The coach directory and one coach's profile."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from tandem.people.forms import CoachFilterForm
from tandem.people.models import CoachProfile
from tandem.people.selectors import coach_directory, competencies_by_strategy
from tandem.people.views._common import directory_view, render_results
from tandem.ui.pagination import page_links, paginate


@directory_view
def coach_list(request: HttpRequest) -> HttpResponse:
    form = CoachFilterForm(request.GET)
    page = paginate(request, coach_directory(**form.filters()))
    context = {"form": form, "page": page, "page_links": page_links(page)}
    return render_results(request, "people/coach_list.html", "people/_coach_results.html", context)


@directory_view
def coach_detail(request: HttpRequest, pk: int) -> HttpResponse:
    profile = get_object_or_404(
        CoachProfile.objects.select_related(
            "person", "person__org_unit", "office"
        ).prefetch_related("practice_areas", "languages", "modalities"),
        pk=pk,
    )
    is_external = profile.coach_type == CoachProfile.CoachType.EXTERNAL
    contract_ended = bool(
        is_external and profile.contract_end and profile.contract_end < timezone.localdate()
    )
    context = {
        "profile": profile,
        "person": profile.person,
        "is_external": is_external,
        "contract_ended": contract_ended,
        "competency_groups": competencies_by_strategy(profile=profile),
    }
    return render(request, "people/coach_detail.html", context)
