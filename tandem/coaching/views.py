"""Engagement and session pages. Every read of coaching content goes through
tandem.privacy.policy."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from tandem.coaching import calendar
from tandem.coaching.forms import (
    CancelForm,
    EngagementSettingsForm,
    HeldForm,
    MemberAddForm,
    NoteForm,
    RescheduleForm,
    SessionForm,
)
from tandem.coaching.models import CalendarFeed, CoachingSession, Engagement, EngagementMember
from tandem.coaching.selectors import (
    invitations_waiting,
    members_reading,
    needs_outcome,
    sessions_needing_outcome,
    upcoming_sessions,
)
from tandem.coaching.services import (
    SessionTerms,
    calendar_feed_person,
    calendar_feed_regenerate,
    calendar_feed_revoke,
    engagement_settings_update,
    group_member_add,
    invitation_get,
    member_answer,
    member_candidate,
    member_leave,
    member_remove,
    missed_in_a_row,
    note_create,
    session_declares_role,
    session_get,
    session_mark_held,
    session_record,
    session_terms,
    settable_models,
)
from tandem.coaching.services import session_cancel as session_cancel_write
from tandem.coaching.services import session_reschedule as session_reschedule_write
from tandem.people.access import person_for, request_via
from tandem.privacy.categories import Category, Relation
from tandem.privacy.policy import (
    EngagementAccess,
    Read,
    access_to,
    can_record_exception_disclosure,
    engagement_access,
    engagements_visible_to,
    feed_sessions_visible_to,
    group_engagements_of,
    record_reads_audit,
    records_visible_to,
    writable_note_kinds,
)
from tandem.privacy.selectors import exception_disclosures_visible_to
from tandem.ui.forms import add_service_errors
from tandem.ui.locking import Conflict, conflict_shown, rebased
from tandem.ui.pagination import page_links, paginate

# The order sections appear in on the engagement page.
SECTIONS = (
    Category.ATTENDANCE,
    Category.PROGRESS_SUMMARY,
    Category.CLOSING_SUMMARY,
    Category.COACH_LEARNER,
    Category.PRIVATE,
)


@login_required
def engagement_list(request: HttpRequest) -> HttpResponse:
    viewer = person_for(request)
    page = paginate(request, engagements_visible_to(viewer=viewer).order_by("-created_at", "-pk"))
    access = access_to(viewer=viewer, engagements=list(page.object_list))
    rows = [access[engagement.pk] for engagement in page.object_list]
    context = {
        "page": page,
        "page_links": page_links(page),
        "rows": rows,
        "invitations": list(invitations_waiting(person=viewer)),
    }
    return render(request, "coaching/engagement_list.html", context)


PAGE_RECORD_TYPES = ("session", "note", "closing_record")


def _detail_context(request: HttpRequest, pk: int, form: NoteForm | None = None) -> dict:
    viewer = person_for(request)
    access = engagement_access(viewer=viewer, engagement_id=pk)
    # Opening the page reads the engagement's administrative facts: audit that too.
    records_visible_to(
        viewer=viewer, access=access, category=Category.ADMINISTRATIVE, via=request_via(request)
    )
    sections = [
        {
            "category": category,
            "records": records_visible_to(
                viewer=viewer,
                access=access,
                category=category,
                via=request_via(request),
                # The page shows sessions, notes and the closing conversation; other records
                # (goals, session records) have their own pages.
                record_types=PAGE_RECORD_TYPES,
            ),
        }
        for category in SECTIONS
        if access.sees(category)
    ]
    sessions = next((s["records"] for s in sections if s["category"] == Category.ATTENDANCE), [])
    now = timezone.now()
    # Sessions whose time has come without an outcome: shown to the participants only.
    outcome_due = (
        [s.pk for s in sessions if needs_outcome(s, now=now)] if access.is_participant else []
    )
    kinds = writable_note_kinds(access)
    terms = session_terms(engagement_id=pk)
    engagement = access.engagement
    return {
        "access": access,
        "engagement": engagement,
        "coaching_model": engagement.model if engagement.model_id else None,
        "members": members_reading(engagement=engagement) if engagement.is_group else [],
        "sections": sections,
        "form": form or (NoteForm(kinds=kinds) if kinds else None),
        "disclosures": exception_disclosures_visible_to(viewer=viewer, access=access),
        "can_disclose": can_record_exception_disclosure(access),
        "can_arrange": access.is_participant,
        "is_coach": Relation.COACH in access.relations,
        "agreement_in_force": terms.in_force,
        "terms": terms,
        "missed_in_a_row": missed_in_a_row(sessions),
        "outcome_due": outcome_due,
        "sees_content": access.sees(Category.COACH_LEARNER),
        # The request this engagement came from (enrollment): its page is the learner's own
        # (their reasons, readiness and timeline), so only the learner gets the link.
        "coaching_request_pk": (
            Engagement.objects.filter(pk=engagement.pk).values_list("request", flat=True).first()
            if Relation.LEARNER in access.relations
            else None
        ),
    }


@login_required
def engagement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "coaching/engagement_detail.html", _detail_context(request, pk))


@login_required
@require_POST
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = person_for(request)
    access = engagement_access(viewer=viewer, engagement_id=pk)
    kinds = writable_note_kinds(access)
    if not kinds:
        raise PermissionDenied("Only the coach and the learner write notes in an engagement.")
    form = NoteForm(request.POST, kinds=kinds)
    if not form.is_valid():
        # Show the page again with the text the person typed and what to fix.
        context = _detail_context(request, pk, form=form)
        return render(request, "coaching/engagement_detail.html", context, status=400)
    note_create(
        author=viewer,
        access=access,
        kind=form.cleaned_data["kind"],
        body=form.cleaned_data["body"],
        via=request_via(request),
    )
    messages.success(request, "Your note is saved.")
    return redirect("coaching:engagement_detail", pk=pk)


def _participant_access(request: HttpRequest, pk: int) -> EngagementAccess:
    access = engagement_access(viewer=person_for(request), engagement_id=pk)
    if not access.is_participant:
        raise PermissionDenied("Only the coach and the learner arrange sessions.")
    return access


def _session_form(
    access: EngagementAccess, terms: SessionTerms, data: dict | None = None
) -> SessionForm:
    return SessionForm(
        data,
        engagement=access.engagement,
        records=Relation.COACH in access.relations,
        declares_role=session_declares_role(engagement=access.engagement),
        default_minutes=terms.session_minutes,
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Schedule a session (coach or learner); the coach may also record one held or missed."""
    access = _participant_access(request, pk)
    viewer = access.viewer
    is_coach = Relation.COACH in access.relations
    terms = session_terms(engagement_id=pk)
    if request.method == "POST":
        if not is_coach and request.POST.get("status", "scheduled") != "scheduled":
            raise PermissionDenied("Only the coach records whether a session took place.")
        form = _session_form(access, terms, request.POST)
        if form.is_valid():
            try:
                session_record(
                    coach=viewer, access=access, via=request_via(request), **form.session_data()
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "The session is saved.")
                return redirect("coaching:engagement_detail", pk=pk)
        status = 400
    else:
        form = _session_form(access, terms)
        status = 200
    context = {
        "engagement": access.engagement,
        "form": form,
        "is_coach": is_coach,
        "terms": terms,
    }
    return render(request, "coaching/session_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def session_reschedule(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    access = _participant_access(request, pk)
    session = session_get(access=access, session_id=session_pk)
    status, conflict = 200, None
    if request.method == "POST":
        form = RescheduleForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                session_reschedule_write(
                    actor=access.viewer,
                    access=access,
                    session_id=session.pk,
                    base_version=form.opened_version,
                    starts_at=data["starts_at"],
                    duration_minutes=data["duration_minutes"],
                    modality=data["modality"],
                    place=data["place"],
                    via=request_via(request),
                )
            except Conflict as stale:
                # Moved (or cancelled) by the other one since: both times side by side.
                session = stale.current
                form = RescheduleForm(rebased(request.POST, stale))
                conflict = conflict_shown(stale, saved=_reschedule_form(session), yours=form)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "The session is moved. The others are told.")
                return redirect("coaching:engagement_detail", pk=pk)
        status = 409 if conflict else 400
    else:
        form = _reschedule_form(session)
    context = {
        "engagement": access.engagement,
        "session": session,
        "form": form,
        "conflict": conflict,
    }
    return render(request, "coaching/session_reschedule.html", context, status=status)


def _reschedule_form(session: CoachingSession) -> RescheduleForm:
    """The form showing the session's time and place as saved now."""
    initial = {
        "starts_at": session.starts_at,
        "duration_minutes": session.duration_minutes,
        "modality": session.modality,
        "place": session.place,
    }
    return RescheduleForm(initial=initial, version=session.sequence)


@login_required
@require_http_methods(["GET", "POST"])
def session_cancel(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    """Cancel (coach or learner) or record a no-show (coach), per the agreement's policy."""
    access = _participant_access(request, pk)
    session = session_get(access=access, session_id=session_pk)
    is_coach = Relation.COACH in access.relations
    if request.method == "POST":
        if request.POST.get("kind") == CoachingSession.Status.NO_SHOW and not is_coach:
            raise PermissionDenied("Only the coach records a missed session.")
        form = CancelForm(request.POST, coach=is_coach)
        if form.is_valid():
            try:
                session_cancel_write(
                    actor=access.viewer,
                    access=access,
                    session_id=session.pk,
                    kind=form.cleaned_data["kind"],
                    via=request_via(request),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Done. The people your agreement names are told.")
                return redirect("coaching:engagement_detail", pk=pk)
        status = 400
    else:
        form = CancelForm(coach=is_coach)
        status = 200
    context = {
        "engagement": access.engagement,
        "session": session,
        "form": form,
        "terms": session_terms(engagement_id=pk),
    }
    return render(request, "coaching/session_cancel.html", context, status=status)


def _when(session: CoachingSession) -> str:
    return dateformat.format(timezone.localtime(session.starts_at), "D M j, Y g:i a")


@login_required
@require_http_methods(["GET", "POST"])
def session_held(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    """Record that a session took place, with its actual length (the coach, once its time has
    come). Reached from the engagement page and from the schedule page (`back=schedule`)."""
    access = _participant_access(request, pk)
    session = session_get(access=access, session_id=session_pk)
    if Relation.COACH not in access.relations:
        raise PermissionDenied("Only the coach records whether a session took place.")
    asks_role = session_declares_role(engagement=access.engagement) and not session.role
    back = "schedule" if request.GET.get("back", request.POST.get("back")) == "schedule" else ""
    if request.method == "POST":
        form = HeldForm(request.POST, asks_role=asks_role)
        if form.is_valid():
            try:
                held = session_mark_held(
                    actor=access.viewer,
                    access=access,
                    session_id=session.pk,
                    duration_minutes=form.cleaned_data["duration_minutes"],
                    role=form.cleaned_data.get("role", ""),
                    via=request_via(request),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    f"The session of {_when(held)} is recorded as held "
                    f"({held.duration_minutes} minutes).",
                )
                if back:
                    return redirect("coaching:schedule")
                return redirect("coaching:engagement_detail", pk=pk)
        status = 400
    else:
        form = HeldForm(asks_role=asks_role, initial={"duration_minutes": session.duration_minutes})
        status = 200
    context = {
        "engagement": access.engagement,
        "session": session,
        "form": form,
        "back": back,
        "is_scheduled": session.status == CoachingSession.Status.SCHEDULED,
        "has_started": session.starts_at <= timezone.now(),
    }
    return render(request, "coaching/session_held.html", context, status=status)


@login_required
def session_ics(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    """The session as an iCalendar invitation, for the engagement's participants."""
    access = _participant_access(request, pk)
    session = session_get(access=access, session_id=session_pk)
    record_reads_audit(
        reads=[Read(access, Category.ATTENDANCE, "session", session.pk)], via=request_via(request)
    )
    response = HttpResponse(calendar.session_invitation(session), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="coaching-session-{session.pk}.ics"'
    return response


# How many sessions needing an outcome the schedule page lists (the latest first).
OUTCOME_DUE_SHOWN = 20


@login_required
def schedule(request: HttpRequest) -> HttpResponse:
    """The viewer's sessions still to come, in all their engagements, and (for a coach) the
    sessions whose time has come without an outcome."""
    viewer = person_for(request)
    page = paginate(request, upcoming_sessions(viewer=viewer))
    sessions = list(page.object_list)
    due_query = sessions_needing_outcome(coach=viewer)
    due = list(due_query[: OUTCOME_DUE_SHOWN + 1])
    due_count = len(due) if len(due) <= OUTCOME_DUE_SHOWN else due_query.count()
    due = due[:OUTCOME_DUE_SHOWN]
    engagements = {s.engagement_id: s.engagement for s in [*sessions, *due]}
    access = access_to(viewer=viewer, engagements=list(engagements.values()))
    visible = [s for s in sessions if access[s.engagement_id].sees(Category.ATTENDANCE)]
    due = [s for s in due if access[s.engagement_id].sees(Category.ATTENDANCE)]
    record_reads_audit(
        reads=[
            Read(access[s.engagement_id], Category.ATTENDANCE, "session", s.pk)
            for s in [*visible, *due]
        ],
        via=request_via(request),
    )
    context = {
        "page": page,
        "page_links": page_links(page),
        "sessions": visible,
        "outcome_due": due,
        "outcome_due_count": due_count,
        "viewer_id": viewer.pk,
        "has_feed": CalendarFeed.objects.filter(person=viewer).exists(),
    }
    return render(request, "coaching/schedule.html", context)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def calendar_feed_settings(request: HttpRequest) -> HttpResponse:
    """Create, regenerate or revoke the viewer's private calendar feed link."""
    viewer = person_for(request)
    token = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "regenerate":
            token = calendar_feed_regenerate(person=viewer)
        elif action == "revoke":
            calendar_feed_revoke(person=viewer)
            messages.success(request, "Your calendar link no longer works.")
            return redirect("coaching:calendar_feed_settings")
        else:
            return HttpResponse("Choose to create or revoke the link.", status=400)
    feed = CalendarFeed.objects.filter(person=viewer).first()
    context = {
        "feed": feed,
        "feed_url": (
            request.build_absolute_uri(reverse("coaching:calendar_feed", args=[token]))
            if token
            else None
        ),
    }
    return render(request, "coaching/calendar_feed.html", context)


@never_cache
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A person's sessions for a calendar application: times and "Coaching session" only. No
    sign-in (calendar apps cannot); the secret token in the link is the key."""
    person = calendar_feed_person(token=token)
    if person is None:
        raise Http404("No such calendar.")
    # The token is a secret: the audit trail names the feed, never its address.
    sessions = feed_sessions_visible_to(person=person, via="GET calendar feed")
    body = calendar.person_feed(sessions)
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@login_required
@require_http_methods(["GET", "POST"])
def engagement_settings(request: HttpRequest, pk: int) -> HttpResponse:
    """Purpose, coaching model, focus and kind of the engagement: its coach or learner."""
    access = engagement_access(viewer=person_for(request), engagement_id=pk)
    if not access.is_participant:
        raise PermissionDenied("Only the coach and the learner change the engagement.")
    engagement = access.engagement
    models = settable_models(viewer=access.viewer)
    status, conflict = 200, None
    if request.method == "POST":
        form = EngagementSettingsForm(request.POST, engagement=engagement, models=models)
        if form.is_valid():
            try:
                engagement_settings_update(
                    actor=access.viewer,
                    access=access,
                    base_version=form.opened_version,
                    data=form.settings_data(),
                    via=request_via(request),
                )
            except Conflict as stale:
                # The other one's settings as saved now; this person's choices stay in the form.
                engagement = stale.current
                form = EngagementSettingsForm(
                    rebased(request.POST, stale), engagement=engagement, models=models
                )
                saved = _settings_form(engagement, models)
                conflict = conflict_shown(stale, saved=saved, yours=form)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "The engagement is saved.")
                return redirect("coaching:engagement_detail", pk=pk)
        status = 409 if conflict else 400
    else:
        form = _settings_form(engagement, models)
    context = {"engagement": engagement, "form": form, "conflict": conflict}
    return render(request, "coaching/engagement_settings.html", context, status=status)


def _settings_form(engagement: Engagement, models: Any) -> EngagementSettingsForm:
    """The settings form as the engagement is saved now."""
    return EngagementSettingsForm(
        engagement=engagement,
        models=models,
        initial={
            "purpose": engagement.purpose,
            "model": str(engagement.model_id or ""),
            "focus": engagement.focus,
            "kind": engagement.kind,
            "peer_feedback": engagement.peer_feedback,
        },
        version=engagement.version,
    )


@login_required
@require_http_methods(["GET", "POST"])
def engagement_members(request: HttpRequest, pk: int) -> HttpResponse:
    """The members of a group engagement: the coach adds and removes them, learners read."""
    access = engagement_access(viewer=person_for(request), engagement_id=pk)
    if not access.is_participant:
        raise PermissionDenied("Only the coach and the learners see the group's members.")
    engagement = access.engagement
    is_coach = Relation.COACH in access.relations
    form = MemberAddForm()
    status = 200
    if request.method == "POST":
        if not is_coach:
            raise PermissionDenied("Only the coach adds or removes group members.")
        if not engagement.is_group:
            form = MemberAddForm(request.POST)
            form.add_error(None, "Only group coaching has further members.")
        elif "remove" in request.POST:
            form = MemberAddForm()
            try:
                member_id = int(request.POST["remove"])
            except ValueError:
                member_id = 0
            try:
                member_remove(
                    actor=access.viewer,
                    access=access,
                    member_id=member_id,
                    via=request_via(request),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "The member is removed from the group.")
                return redirect("coaching:engagement_members", pk=pk)
        else:
            form = MemberAddForm(request.POST)
            if form.is_valid():
                try:
                    person = member_candidate(
                        engagement=engagement, email=form.cleaned_data["email"]
                    )
                    group_member_add(
                        actor=access.viewer, access=access, person=person, via=request_via(request)
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(
                        request,
                        f"{person.full_name} is invited. They join once they accept, and read "
                        "the group once they acknowledge its agreement.",
                    )
                    return redirect("coaching:engagement_members", pk=pk)
        status = 400
    if not engagement.is_group:
        members = []
    elif is_coach:
        # The coach follows every invitation: invited, declined, joined, reading, left.
        members = list(
            EngagementMember.objects.filter(engagement=engagement).select_related("person")
        )
        reading = {m.pk for m in members_reading(engagement=engagement)}
        for member in members:
            member.reads_group = member.pk in reading  # type: ignore[attr-defined]
    else:
        members = members_reading(engagement=engagement)
    context = {
        "engagement": engagement,
        "members": members,
        "is_coach": is_coach,
        "form": form,
    }
    return render(request, "coaching/engagement_members.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, member_pk: int) -> HttpResponse:
    """A person's invitation to group coaching: accept or decline it, or leave the group later.
    It shows only who coaches the group: nothing of the group reaches the person before they
    accept and acknowledge its agreement."""
    viewer = person_for(request)
    member = invitation_get(person=viewer, member_id=member_pk)
    if request.method == "POST":
        action = request.POST.get("answer")
        try:
            if action in ("accept", "decline"):
                member = member_answer(
                    person=viewer,
                    member_id=member.pk,
                    accept=action == "accept",
                    via=request_via(request),
                )
            elif action == "leave":
                member = member_leave(person=viewer, member_id=member.pk, via=request_via(request))
            else:
                raise ValidationError("Choose to accept or decline.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if action == "accept":
                messages.success(
                    request,
                    "You joined the group. Read the group's agreement and acknowledge it: you "
                    "see the group's coaching once you have.",
                )
                return redirect("agreements:mine")
            messages.success(
                request,
                "You declined. Nothing of the group is shared with you."
                if action == "decline"
                else "You left the group. Nothing of it is shared with you from now on.",
            )
        return redirect("coaching:invitation", member_pk=member.pk)
    context = {
        "member": member,
        "reads_group": member.engagement_id
        in set(group_engagements_of(person=viewer).values_list("engagement_id", flat=True)),
    }
    return render(request, "coaching/invitation.html", context)
