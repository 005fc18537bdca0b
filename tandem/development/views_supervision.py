"""Coach supervision pages (issue #17 item 1). Thin: tandem/privacy/development.py decides who
reads what; selectors_supervision reads, services_supervision writes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from tandem.development import calendar_supervision
from tandem.development.forms_supervision import (
    AssignForm,
    ConsultationForm,
    ProgramSettingsForm,
    RecordForm,
    ScheduleForm,
)
from tandem.development.models import CoachSupervisorAssignment, ProgramSettings
from tandem.development.selectors_supervision import (
    coach_supervisors_available,
    coaches,
    current_assignments,
    overdue_for,
    supervised_coaches,
    supervision_due,
    supervision_facts,
    supervision_sessions_for,
)
from tandem.development.services_supervision import (
    coach_supervisor_assign,
    consultation_add,
    program_settings_save,
    supervision_record,
    supervision_schedule,
)
from tandem.people.access import person_for, request_via, role_required
from tandem.people.models import OrgUnit, Role
from tandem.people.selectors import role_grants
from tandem.privacy.development import (
    can_edit_program_settings,
    coach_supervisor_of,
    coaches_assignable_by,
    supervision_access,
    supervision_read_audit,
    supervision_record_coach,
)
from tandem.privacy.identifiers import CONFIRM_FIELD
from tandem.ui.forms import add_service_errors
from tandem.ui.locking import Conflict, conflict_shown, rebased
from tandem.ui.pagination import page_links, paginate

# --- Assigning coach supervisors (program lead) -----------------------------------------------


@role_required(Role.PROGRAM_LEAD)
def coach_supervisors(request: HttpRequest) -> HttpResponse:
    """The coaches in the lead's scope with their coach supervisor and whether supervision is
    overdue."""
    viewer = person_for(request)
    page = paginate(
        request,
        coaches()
        .filter(coaches_assignable_by(viewer=viewer))
        .select_related("org_unit")
        .prefetch_related(current_assignments())
        .order_by("last_name", "first_name", "pk"),
    )
    due = supervision_due(coaches=list(page.object_list))
    rows = [
        (coach, coach.current_supervision[0] if coach.current_supervision else None, due[coach.pk])
        for coach in page.object_list
    ]
    context = {"page": page, "page_links": page_links(page), "rows": rows}
    return render(request, "development/supervision_coaches.html", context)


@role_required(Role.PROGRAM_LEAD)
def coach_supervisor_choose(request: HttpRequest, coach_pk: int) -> HttpResponse:
    viewer = person_for(request)
    coach = (
        coaches()
        .filter(coaches_assignable_by(viewer=viewer), pk=coach_pk)
        .select_related("org_unit")
        .first()
    )
    if coach is None:
        raise Http404("No such coach in your programs.")
    current = (
        CoachSupervisorAssignment.objects.filter(coach=coach, ended_on__isnull=True)
        .select_related("supervisor")
        .first()
    )
    candidates = coach_supervisors_available().exclude(pk=coach.pk)
    form = AssignForm(
        request.POST if request.method == "POST" else None,
        candidates=candidates,
        initial={"replacing": current.pk if current else None},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            supervisor = form.cleaned_data["supervisor"]
            try:
                coach_supervisor_assign(
                    lead=viewer,
                    coach=coach,
                    supervisor=supervisor,
                    replacing_id=form.cleaned_data["replacing"],
                    via=request_via(request),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    f"{supervisor.full_name} is now the coach supervisor of {coach.full_name}. "
                    "Both were told.",
                )
                return redirect("development:coach_supervisors")
        status = 400
    context = {"form": form, "coach": coach, "current": current}
    return render(request, "development/supervision_assign.html", context, status=status)


# --- Supervision sessions ---------------------------------------------------------------------


@login_required
def supervision_list(request: HttpRequest) -> HttpResponse:
    """A coach's supervision sessions; a coach supervisor's sessions and coaches."""
    viewer = person_for(request)
    page = paginate(request, supervision_sessions_for(viewer=viewer))
    my_coaches = list(supervised_coaches(supervisor=viewer))
    is_coach = coaches().filter(pk=viewer.pk).exists()
    due = supervision_due(coaches=my_coaches + ([viewer] if is_coach else []))
    context = {
        "viewer": viewer,
        "page": page,
        "page_links": page_links(page),
        "coach_rows": [(coach, due[coach.pk]) for coach in my_coaches],
        "my_due": due.get(viewer.pk) if is_coach else None,
        "my_supervisor": coach_supervisor_of(coach=viewer) if is_coach else None,
        "can_schedule": bool(my_coaches),
    }
    return render(request, "development/supervision_list.html", context)


@role_required(Role.COACH_SUPERVISOR)
def supervision_new(request: HttpRequest) -> HttpResponse:
    viewer = person_for(request)
    mine = supervised_coaches(supervisor=viewer)
    form = ScheduleForm(request.POST if request.method == "POST" else None, coaches=mine)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                session = supervision_schedule(
                    supervisor=viewer,
                    kind=data["kind"],
                    coach_ids=[c.pk for c in data["coaches"]],
                    starts_at=data["starts_at"],
                    duration_minutes=data["duration_minutes"],
                    place=data["place"],
                    via=request_via(request),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "The session is booked and the coaches were told.")
                return redirect("development:supervision_detail", pk=session.pk)
        status = 400
    context = {"form": form, "has_coaches": mine.exists()}
    return render(request, "development/supervision_new.html", context, status=status)


@login_required
def supervision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access = supervision_access(viewer=person_for(request), session_id=pk)
    seats = list(access.session.attendees.select_related("coach"))
    supervision_read_audit(
        access=access, coach_ids=[s.coach_id for s in seats], via=request_via(request)
    )
    context = {
        "access": access,
        "session": access.session,
        "seats": seats,
        "consultations": list(access.session.consultations.select_related("brought_by")),
    }
    return render(request, "development/supervision_detail.html", context)


@login_required
def supervision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the session afterwards (held or cancelled, who came, notes, next steps), or move
    it: the coach supervisor who leads it."""
    access = supervision_access(viewer=person_for(request), session_id=pk)
    if not access.can_record:
        raise PermissionDenied("The coach supervisor who leads the session records it.")
    session = access.session
    supervision_read_audit(
        access=access,
        coach_ids=session.attendees.values_list("coach_id", flat=True),
        via=request_via(request),
    )
    form = RecordForm(
        initial=RecordForm.initial_from(session), session=session, version=session.version
    )
    context: dict = {"session": session, "form": form}
    if request.method != "POST":
        return render(request, "development/supervision_edit.html", context)
    form = context["form"] = RecordForm(request.POST, session=session)
    if form.is_valid():
        try:
            supervision_record(
                access=access,
                base_version=form.opened_version,
                record=form.record(),
                via=request_via(request),
            )
        except Conflict as conflict:
            current = conflict.current
            saved = RecordForm(initial=RecordForm.initial_from(current), session=current)
            form = context["form"] = RecordForm(rebased(request.POST, conflict), session=session)
            context["conflict"] = conflict_shown(conflict, saved=saved, yours=form)
            return render(request, "development/supervision_edit.html", context, status=409)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The session is saved.")
            return redirect("development:supervision_detail", pk=pk)
    return render(request, "development/supervision_edit.html", context, status=400)


@login_required
def supervision_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """The session as a calendar invitation, for its coaches and coach supervisor."""
    access = supervision_access(viewer=person_for(request), session_id=pk)
    response = HttpResponse(
        calendar_supervision.supervision_invitation(access.session), content_type="text/calendar"
    )
    response["Content-Disposition"] = f'attachment; filename="supervision-{pk}.ics"'
    return response


@login_required
def consultation_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Bring a coaching situation to the session, without identifying anyone."""
    access = supervision_access(viewer=person_for(request), session_id=pk)
    form = ConsultationForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                consultation_add(
                    access=access,
                    situation=data["situation"],
                    learning=data["learning"],
                    confirmed=bool(data.get(CONFIRM_FIELD)),
                    via=request_via(request),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "The situation is added to the session.")
                return redirect("development:supervision_detail", pk=pk)
        status = 400
    context = {"session": access.session, "form": form}
    return render(request, "development/supervision_consultation.html", context, status=status)


# --- Facts only: that supervision took place --------------------------------------------------


@login_required
def supervision_coach_record(request: HttpRequest, coach_pk: int) -> HttpResponse:
    """Dates, kinds and attendance of a coach's supervision: no notes, no situations, no next
    steps. For the coach's line managers, program leads and coach supervisors in scope."""
    coach = supervision_record_coach(viewer=person_for(request), coach_id=coach_pk)
    page = paginate(request, supervision_facts(coach=coach))
    due = supervision_due(coaches=[coach])[coach.pk]
    context = {"coach": coach, "page": page, "page_links": page_links(page), "due": due}
    return render(request, "development/supervision_record.html", context)


@role_required(Role.PROGRAM_LEAD, Role.COACH_SUPERVISOR)
def supervision_overdue(request: HttpRequest) -> HttpResponse:
    page = paginate(request, overdue_for(viewer=person_for(request)))
    context = {"page": page, "page_links": page_links(page)}
    return render(request, "development/supervision_overdue.html", context)


# --- Cadence per program (program lead) -------------------------------------------------------


@role_required(Role.PROGRAM_LEAD)
def program_settings_list(request: HttpRequest) -> HttpResponse:
    viewer = person_for(request)
    scope_ids = [g.scope_id for g in role_grants(person=viewer) if g.role == Role.PROGRAM_LEAD]
    scopes = list(OrgUnit.objects.filter(pk__in=scope_ids).order_by("path"))
    found = {s.scope_id: s for s in ProgramSettings.objects.filter(scope__in=scopes)}
    rows = [(scope, found.get(scope.pk)) for scope in scopes]
    return render(request, "development/program_settings_list.html", {"rows": rows})


@role_required(Role.PROGRAM_LEAD)
def program_settings_edit(request: HttpRequest, scope_pk: int) -> HttpResponse:
    viewer = person_for(request)
    scope = get_object_or_404(OrgUnit, pk=scope_pk)
    if not can_edit_program_settings(viewer=viewer, scope_path=scope.path):
        raise Http404("No such program.")
    settings = ProgramSettings.objects.filter(scope=scope).first()
    form = ProgramSettingsForm(
        initial=ProgramSettingsForm.initial_from(settings),
        version=settings.version if settings else 0,
    )
    context: dict = {"scope": scope, "form": form}
    if request.method != "POST":
        return render(request, "development/program_settings_edit.html", context)
    form = context["form"] = ProgramSettingsForm(request.POST)
    if form.is_valid():
        try:
            program_settings_save(
                lead=viewer,
                scope=scope,
                base_version=form.opened_version,
                choice=form.choice(),
                via=request_via(request),
            )
        except Conflict as conflict:
            current = ProgramSettings.objects.filter(scope=scope).first()
            saved = ProgramSettingsForm(initial=ProgramSettingsForm.initial_from(current))
            form = context["form"] = ProgramSettingsForm(rebased(request.POST, conflict))
            context["conflict"] = conflict_shown(conflict, saved=saved, yours=form)
            return render(request, "development/program_settings_edit.html", context, status=409)
        else:
            messages.success(request, f"The settings for {scope.name} are saved.")
            return redirect("development:program_settings")
    return render(request, "development/program_settings_edit.html", context, status=400)
