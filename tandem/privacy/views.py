"""Privacy pages: the learner's record of who viewed it (and their choice about research use),
access patterns for program leads, what an engagement shares, and exception disclosures."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tandem.people.access import person_for, request_via, role_required
from tandem.people.models import Person, Role
from tandem.privacy.categories import DISCLOSABLE, Category, Party
from tandem.privacy.disclosure import sharing_of_one
from tandem.privacy.forms import ExceptionDisclosureForm, ResearchConsentForm
from tandem.privacy.models import AccessEvent, ExceptionDisclosure
from tandem.privacy.policy import (
    can_record_exception_disclosure,
    disclosure_subjects,
    engagement_access,
)
from tandem.privacy.research import (
    left_out_label,
    research_consent_history,
    research_consent_set,
    research_declined,
    research_exports_for,
)
from tandem.privacy.selectors import (
    access_log_for_learner,
    access_patterns_for,
    exception_disclosures_visible_to,
    small_count,
)
from tandem.privacy.services import exception_disclosure_record
from tandem.ui.forms import add_service_errors
from tandem.ui.pagination import page_links, paginate


def _my_record_page(
    request: HttpRequest,
    learner: Person,
    form: ResearchConsentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    page = paginate(request, access_log_for_learner(learner=learner), per_page=50)
    declined = research_declined(person=learner)
    if form is None:
        choice = ResearchConsentForm.DECLINE if declined else ResearchConsentForm.ALLOW
        form = ResearchConsentForm(initial={"choice": choice})
    context = {
        "page": page,
        "page_links": page_links(page),
        "disclosures": exception_disclosures_visible_to(viewer=learner),
        "research_declined": declined,
        "research_form": form,
        "research_history": research_consent_history(person=learner)[:20],
    }
    return render(request, "privacy/my_record.html", context, status=status)


@login_required
def my_record(request: HttpRequest) -> HttpResponse:
    """Who has viewed my coaching record, every disclosure made under an exception, and my
    choice about research use of my records."""
    return _my_record_page(request, person_for(request))


@login_required
@require_POST
def research_consent(request: HttpRequest) -> HttpResponse:
    """Change my own choice about research use (never anyone else's: there is no person in
    the request, only the signed-in one)."""
    person = person_for(request)
    form = ResearchConsentForm(request.POST)
    if not form.is_valid():
        return _my_record_page(request, person, form, status=400)
    changed = research_consent_set(person=person, declined=form.declined, via=request_via(request))
    if changed is None:
        messages.info(request, "Your choice about research use is unchanged.")
    elif changed.declined:
        messages.success(
            request,
            "Your choice is saved: your coaching records will be left out of every research "
            "export from now on.",
        )
    else:
        messages.success(
            request,
            "Your choice is saved: your coaching records may be included in de-identified "
            "research exports.",
        )
    return redirect(f"{reverse('privacy:my_record')}#research")


@role_required(Role.PROGRAM_LEAD)
def access_patterns(request: HttpRequest) -> HttpResponse:
    viewer = person_for(request)
    page = paginate(request, access_patterns_for(viewer=viewer), per_page=50)
    rows = [
        row
        | {
            "category_label": Category(row["category"]).label,
            "action_label": AccessEvent.Action(row["action"]).label,
            "events_shown": small_count(row["events"]),
            "engagements_shown": small_count(row["engagements"]),
        }
        for row in page.object_list
    ]
    exports = [
        {
            "export": export,
            "declined_shown": left_out_label(export.declined_left_out),
            "small_groups_shown": left_out_label(export.small_groups_left_out),
        }
        for export in research_exports_for(viewer=viewer)
    ]
    context = {
        "page": page,
        "rows": rows,
        "page_links": page_links(page),
        "min_count": settings.PRIVACY_MIN_COUNT,
        "exports": exports,
    }
    return render(request, "privacy/access_patterns.html", context)


@login_required
def sharing(request: HttpRequest, pk: int) -> HttpResponse:
    """What this engagement shares with supervisor, leadership and program lead: the
    disclosure map of its agreement in force (nothing when no agreement is in force)."""
    viewer = person_for(request)
    access = engagement_access(viewer=viewer, engagement_id=pk)
    if not access.is_participant:
        raise PermissionDenied("Only the coach and the learner see the sharing terms.")
    shared = sharing_of_one(engagement_id=pk)
    rows = [
        (party.label, [c.label for c in DISCLOSABLE if c in shared.shared_with(party)])
        for party in Party
    ]
    return render(request, "privacy/sharing.html", {"access": access, "rows": rows})


def _about(disclosure: ExceptionDisclosure) -> Person:
    return disclosure.about or disclosure.engagement.learner


@login_required
def disclosure_new(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = person_for(request)
    access = engagement_access(viewer=viewer, engagement_id=pk)
    if not can_record_exception_disclosure(access):
        raise PermissionDenied("Only the coach of this engagement can record a disclosure.")
    subjects = disclosure_subjects(engagement=access.engagement)
    form = ExceptionDisclosureForm(request.POST or None, subjects=subjects)
    if request.method == "POST" and form.is_valid():
        try:
            disclosure = exception_disclosure_record(
                coach=viewer, access=access, via=request_via(request), **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"The disclosure is recorded and {_about(disclosure).full_name} has been told.",
            )
            return redirect("coaching:engagement_detail", pk=pk)
    if request.method == "POST":
        return render(
            request, "privacy/disclosure_new.html", {"access": access, "form": form}, status=400
        )
    return render(request, "privacy/disclosure_new.html", {"access": access, "form": form})
