"""Roundtable and collaborative pages (issue #17 item 5). Thin: every right comes from
tandem/privacy/development.py (`roundtable_access`, `roundtable_content_access`,
`roundtable_manage_check`), every write from services_roundtables.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tandem.development import services_roundtables as services
from tandem.development.calendar_roundtables import meeting_invitation
from tandem.development.forms_roundtables import (
    AgendaForm,
    AttendanceForm,
    ConsultationForm,
    MeetingForm,
    MeetingScheduleForm,
    MemberAddForm,
    MemberSearchForm,
    ResourceForm,
    RoundtableForm,
)
from tandem.development.models import RoundtableMeeting, RoundtableResource
from tandem.development.selectors_roundtables import (
    creatable_scopes,
    meeting_attended_ids,
    meeting_rows,
    member_candidates,
    roundtable_eligible,
    roundtable_resources,
    roundtable_rows,
)
from tandem.development.selectors_roundtables import roundtable_members as members_of
from tandem.people.access import person_for, request_via, role_required
from tandem.people.models import Person, Role
from tandem.privacy.development import (
    RoundtableAccess,
    roundtable_access,
    roundtable_content_access,
    roundtable_creator_paths,
    roundtable_manage_check,
    roundtable_read_audit,
)
from tandem.ui.locking import Conflict, conflict_shown, rebased

PEOPLE_IN_ROUNDTABLES = (Role.COACH, Role.COACH_SUPERVISOR, Role.PROGRAM_LEAD)


def _access(request: HttpRequest, pk: int) -> RoundtableAccess:
    return roundtable_access(viewer=person_for(request), roundtable_id=pk)


def _managed(request: HttpRequest, pk: int) -> RoundtableAccess:
    access = _access(request, pk)
    roundtable_manage_check(access=access)
    return access


def _meeting(access: RoundtableAccess, meeting_pk: int) -> RoundtableMeeting:
    return get_object_or_404(RoundtableMeeting, pk=meeting_pk, roundtable=access.roundtable)


@role_required(*PEOPLE_IN_ROUNDTABLES)
def roundtable_list(request: HttpRequest) -> HttpResponse:
    viewer = person_for(request)
    return render(
        request,
        "development/roundtables_list.html",
        {
            "roundtables": list(roundtable_rows(viewer=viewer)),
            "can_create": bool(roundtable_creator_paths(viewer)),
        },
    )


@role_required(Role.PROGRAM_LEAD, Role.COACH_SUPERVISOR)
def roundtable_create(request: HttpRequest) -> HttpResponse:
    viewer = person_for(request)
    paths = roundtable_creator_paths(viewer)
    if not paths:
        raise PermissionDenied("You start roundtables only within the scope of your role.")
    kwargs: dict[str, Any] = {"scopes": creatable_scopes(viewer=viewer), "paths": paths}
    form = RoundtableForm(request.POST or None, initial={"facilitator": viewer.pk}, **kwargs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        members = list(roundtable_eligible(scope=data["scope"])) if data["add_everyone"] else []
        try:
            roundtable = services.roundtable_create(
                creator=viewer,
                name=data["name"],
                level=data["level"],
                scope=data["scope"],
                facilitator=data["facilitator"],
                purpose=data["purpose"],
                every_weeks=data["every_weeks"],
                members=members,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The roundtable is set up. Schedule its first meeting.")
            return redirect("development:roundtable_detail", roundtable.pk)
    return render(request, "development/roundtables_form.html", {"form": form})


@login_required
def roundtable_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The schedule and attendance counts for everyone who may open it; members, for those
    who read its content or manage it."""
    access = _access(request, pk)
    upcoming, past = meeting_rows(roundtable=access.roundtable)
    return render(
        request,
        "development/roundtables_detail.html",
        {
            "access": access,
            "roundtable": access.roundtable,
            "members": members_of(roundtable=access.roundtable),
            "upcoming": upcoming,
            "past": past,
        },
    )


@login_required
def roundtable_members(request: HttpRequest, pk: int) -> HttpResponse:
    access = _managed(request, pk)
    roundtable = access.roundtable
    search = MemberSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    status = 200
    if request.method == "POST":
        add = MemberAddForm(request.POST, roundtable=roundtable)
        status = 400
        if not add.is_valid():
            messages.error(request, "Choose at least one person to add.")
        else:
            try:
                added = services.roundtable_members_add(
                    access=access, people=add.cleaned_data["people"]
                )
            except ValidationError as refused:
                messages.error(request, " ".join(refused.messages))
            else:
                messages.success(request, f"{added} member{'s' if added != 1 else ''} added.")
                return redirect("development:roundtable_members", pk)
    return render(
        request,
        "development/roundtables_members.html",
        {
            "access": access,
            "roundtable": roundtable,
            "search": search,
            "query": query,
            "candidates": member_candidates(roundtable=roundtable, query=query),
            "members": members_of(roundtable=roundtable),
        },
        status=status,
    )


@login_required
@require_POST
def roundtable_member_remove(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    access = _managed(request, pk)
    person = get_object_or_404(access.roundtable.members, pk=person_pk)
    services.roundtable_member_remove(access=access, person=person)
    messages.success(request, f"{person.full_name} is no longer a member.")
    return redirect("development:roundtable_members", pk)


@login_required
@require_POST
def roundtable_leave(request: HttpRequest, pk: int) -> HttpResponse:
    access = _access(request, pk)
    services.roundtable_leave(access=access)
    messages.success(request, f"You left {access.roundtable.name}.")
    return redirect("development:roundtables")


@login_required
def meeting_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    access = _managed(request, pk)
    suggestion = services.next_meeting_suggestion(roundtable=access.roundtable)
    initial = {"starts_at": timezone.localtime(suggestion)} if suggestion else {}
    form = MeetingScheduleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meetings = services.meetings_schedule(
            access=access,
            starts_at=data["starts_at"],
            duration_minutes=data["duration_minutes"],
            place=data["place"],
            count=data["count"],
        )
        messages.success(
            request, f"{len(meetings)} meeting{'s' if len(meetings) != 1 else ''} scheduled."
        )
        return redirect("development:roundtable_detail", pk)
    return render(
        request,
        "development/roundtables_schedule.html",
        {"form": form, "roundtable": access.roundtable},
    )


def _meeting_page(
    request: HttpRequest,
    access: RoundtableAccess,
    meeting: RoundtableMeeting,
    *,
    agenda_form: AgendaForm | None = None,
    consultation_form: ConsultationForm | None = None,
    conflict: Any = None,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {
        "access": access,
        "roundtable": access.roundtable,
        "meeting": meeting,
    }
    context["attended_count"] = len(meeting_attended_ids(meeting=meeting))
    if access.can_read_content:
        consultations = list(meeting.consultations.select_related("brought_by"))
        roundtable_read_audit(
            access=access,
            record_id=meeting.pk,
            via=request_via(request),
            subject_ids=[c.brought_by_id for c in consultations],
        )
        context |= {
            "agenda_form": agenda_form
            or AgendaForm(initial={"agenda": meeting.agenda}, version=meeting.version),
            "consultation_form": consultation_form or ConsultationForm(),
            "consultations": consultations,
            "conflict": conflict,
        }
    return render(request, "development/roundtables_meeting.html", context, status=status)


@login_required
def meeting_detail(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    access = _access(request, pk)
    return _meeting_page(request, access, _meeting(access, meeting_pk))


@login_required
@require_POST
def meeting_agenda(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    access = roundtable_content_access(viewer=person_for(request), roundtable_id=pk)
    meeting = _meeting(access, meeting_pk)
    form = AgendaForm(request.POST)
    if not form.is_valid():
        return _meeting_page(request, access, meeting, agenda_form=form, status=400)
    try:
        services.meeting_agenda_save(
            access=access,
            meeting=meeting,
            base_version=form.opened_version,
            agenda=form.cleaned_data["agenda"],
        )
    except Conflict as conflict:
        saved = RoundtableMeeting.objects.get(pk=meeting.pk)
        form = AgendaForm(rebased(request.POST, conflict))
        form.is_valid()
        shown = conflict_shown(
            conflict,
            saved=AgendaForm(initial={"agenda": saved.agenda}, version=saved.version),
            yours=form,
        )
        return _meeting_page(request, access, saved, agenda_form=form, conflict=shown, status=409)
    messages.success(request, "The agenda is saved.")
    return redirect("development:roundtable_meeting", pk, meeting_pk)


@login_required
@require_POST
def meeting_consultation(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    access = roundtable_content_access(viewer=person_for(request), roundtable_id=pk)
    meeting = _meeting(access, meeting_pk)
    form = ConsultationForm(request.POST)
    if not form.is_valid():
        return _meeting_page(request, access, meeting, consultation_form=form, status=400)
    services.consultation_add(
        access=access,
        meeting=meeting,
        situation=form.cleaned_data["situation"],
        learning=form.cleaned_data["learning"],
        confirmed_despite_warning=bool(form.cleaned_data.get("names_nobody")),
    )
    messages.success(request, "The situation is recorded for the roundtable's members.")
    return redirect("development:roundtable_meeting", pk, meeting_pk)


@login_required
def meeting_edit(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    access = _managed(request, pk)
    meeting = _meeting(access, meeting_pk)

    def saved_form(m: RoundtableMeeting) -> MeetingForm:
        initial = {
            "starts_at": timezone.localtime(m.starts_at),
            "duration_minutes": m.duration_minutes,
            "place": m.place,
        }
        return MeetingForm(initial=initial, version=m.version)

    form = MeetingForm(request.POST) if request.method == "POST" else saved_form(meeting)
    context: dict[str, Any] = {"roundtable": access.roundtable, "meeting": meeting, "form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.meeting_update(
                access=access,
                meeting=meeting,
                base_version=form.opened_version,
                starts_at=data["starts_at"],
                duration_minutes=data["duration_minutes"],
                place=data["place"],
            )
        except Conflict as conflict:
            saved = RoundtableMeeting.objects.get(pk=meeting.pk)
            form = MeetingForm(rebased(request.POST, conflict))
            form.is_valid()
            context |= {
                "meeting": saved,
                "form": form,
                "conflict": conflict_shown(conflict, saved=saved_form(saved), yours=form),
            }
            return render(request, "development/roundtables_meeting_edit.html", context, status=409)
        messages.success(request, "The meeting is moved. Calendars that imported it update.")
        return redirect("development:roundtable_meeting", pk, meeting_pk)
    return render(request, "development/roundtables_meeting_edit.html", context)


@login_required
@require_POST
def meeting_cancel(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    access = _managed(request, pk)
    services.meeting_cancel(access=access, meeting=_meeting(access, meeting_pk))
    messages.success(request, "The meeting is cancelled.")
    return redirect("development:roundtable_detail", pk)


@login_required
def meeting_attendance(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    access = _managed(request, pk)
    meeting = _meeting(access, meeting_pk)
    roundtable = access.roundtable
    invited = Person.objects.filter(
        pk__in=[*roundtable.members.values_list("pk", flat=True), roundtable.facilitator_id]
    ).order_by("last_name", "first_name", "pk")
    initial = {"attended": list(meeting_attended_ids(meeting=meeting))}
    form = AttendanceForm(request.POST or None, invited=invited, initial=initial)
    if request.method == "POST" and form.is_valid():
        came = services.attendance_record(
            access=access, meeting=meeting, attended=form.cleaned_data["attended"]
        )
        messages.success(request, f"Attendance is saved: {came} came.")
        return redirect("development:roundtable_detail", pk)
    return render(
        request,
        "development/roundtables_attendance.html",
        {"roundtable": roundtable, "meeting": meeting, "form": form},
    )


@login_required
def meeting_ics(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    access = _access(request, pk)
    meeting = _meeting(access, meeting_pk)
    response = HttpResponse(
        meeting_invitation(meeting), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="roundtable-meeting-{meeting.pk}.ics"'
    return response


@login_required
def roundtable_resources_page(request: HttpRequest, pk: int) -> HttpResponse:
    access = roundtable_content_access(viewer=person_for(request), roundtable_id=pk)
    form = ResourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.resource_add(
            access=access, title=data["title"], url=data["url"], upload=data["file"]
        )
        messages.success(request, "The resource is shared with the roundtable's members.")
        return redirect("development:roundtable_resources", pk)
    roundtable_read_audit(
        access=access,
        record_id=pk,
        via=request_via(request),
        record_type="roundtable",
    )
    return render(
        request,
        "development/roundtables_resources.html",
        {
            "roundtable": access.roundtable,
            "resources": roundtable_resources(roundtable=access.roundtable),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
def roundtable_resource_file(request: HttpRequest, pk: int, resource_pk: int) -> FileResponse:
    """A shared file, for those who read the roundtable's content, always as a download (never
    shown in the browser, where an uploaded page could run)."""
    access = roundtable_content_access(viewer=person_for(request), roundtable_id=pk)
    resource = get_object_or_404(RoundtableResource, pk=resource_pk, roundtable=access.roundtable)
    if not resource.file:
        raise Http404("This resource is a link.")
    roundtable_read_audit(
        access=access,
        record_id=resource.pk,
        via=request_via(request),
        record_type="roundtable_resource",
    )
    name = resource.file.name.rsplit("/", 1)[-1]
    response = FileResponse(
        resource.file.open("rb"),
        as_attachment=True,
        filename=name,
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
