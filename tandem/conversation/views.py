"""Session record pages. Every read goes through tandem.conversation.selectors (the privacy
policy decides, and every read is audited); every write through tandem.conversation.services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from tandem.coaching.models import CoachingSession
from tandem.coaching.selectors import needs_outcome
from tandem.conversation import services
from tandem.conversation.content import (
    LADDER,
    LADDER_SOURCE,
    SCALING_FOLLOW_UPS,
    SCALING_SOURCE,
    TECHNIQUES,
    TECHNIQUES_SOURCE,
)
from tandem.conversation.forms import (
    ActionStepForm,
    FeedbackForm,
    LadderForm,
    ReviewForm,
    ScalingForm,
    SessionRecordForm,
    WellbeingForm,
)
from tandem.conversation.selectors import (
    earlier_action_step,
    engagement_sessions,
    engagement_stages,
    scaling_series,
    session_access,
    session_page,
)
from tandem.people.access import person_for, role_required
from tandem.people.models import Person, Role
from tandem.privacy.categories import Category
from tandem.privacy.policy import EngagementAccess, can_write, engagement_access
from tandem.ui.forms import add_service_errors


def via(request: HttpRequest) -> str:
    return f"{request.method} {request.path}"


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _schedule_links(session: CoachingSession, *, coach: bool) -> list[tuple[str, str]]:
    """Links to the scheduling pages, when they exist (they belong to tandem.coaching). The
    coach of a session whose time has come without an outcome is offered to record it held."""
    links = []
    args = [session.engagement_id, session.pk]
    pages = [
        ("coaching:session_reschedule", "Reschedule"),
        ("coaching:session_cancel", "Cancel this session"),
        ("coaching:session_ics", "Add to my calendar"),
    ]
    if coach and needs_outcome(session):
        pages.insert(0, ("coaching:session_held", "Record as held"))
    for name, label in pages:
        try:
            links.append((reverse(name, args=args), label))
        except NoReverseMatch:
            continue
    return links


def _page(
    request: HttpRequest, session_pk: int
) -> tuple[Person, EngagementAccess, CoachingSession]:
    viewer = person_for(request)
    access, session = session_access(viewer=viewer, session_id=session_pk)
    return viewer, access, session


def _content_writer(
    request: HttpRequest, session_pk: int, coach_only: bool = False
) -> tuple[Person, EngagementAccess, CoachingSession]:
    viewer, access, session = _page(request, session_pk)
    allowed = can_write(access, "session_record" if coach_only else "conversation")
    if not access.sees(Category.COACH_LEARNER) or not allowed:
        raise PermissionDenied("Only the coach and the learner write the session record.")
    if session.role == CoachingSession.Role.SUPERVISION:
        raise PermissionDenied(
            "This meeting was declared supervision: it has no coaching record in Tandem."
        )
    return viewer, access, session


def _session_context(
    request: HttpRequest,
    viewer: Person,
    access: EngagementAccess,
    session: CoachingSession,
    **forms: Any,
) -> dict[str, Any]:
    page = session_page(viewer=viewer, access=access, session=session, via=via(request))
    coach, learner = services.is_coach(access), services.is_learner(access)
    context: dict[str, Any] = {
        "page": page,
        "session": session,
        "engagement": access.engagement,
        "access": access,
        "is_coach": coach,
        "is_learner": learner,
        "schedule_links": _schedule_links(session, coach=coach) if coach or learner else [],
        "techniques": TECHNIQUES,
        "techniques_source": TECHNIQUES_SOURCE,
        "ladder_steps": LADDER,
        "ladder_source": LADDER_SOURCE,
        "scaling_source": SCALING_SOURCE,
        "follow_ups": SCALING_FOLLOW_UPS,
    }
    if not page.sees_content:
        return context
    record = page.record
    model_code, model_name, stages = engagement_stages(
        access=access,
        record=record,
        focus=record.focus if record else access.engagement.focus,
        with_questions=coach,
    )
    context |= {
        "model_name": model_name,
        "stages": stages,
        "stages_done_names": [s.name for s in stages if s.done],
        "techniques_used": [
            label for code, label, _ in TECHNIQUES if record and code in record.techniques
        ],
    }
    mine = next((f for f in page.feedback if f.learner_id == viewer.pk), None)
    if coach:
        initial = {
            "focus": record.focus if record else "",
            "stages_done": record.stages_done if record else [],
            "techniques": record.techniques if record else [],
        }
        context["record_form"] = forms.get("record_form") or SessionRecordForm(
            initial=initial, stages=[(s.code, s.name) for s in stages]
        )
        context["model_code"] = model_code
        context["scaling_form"] = forms.get("scaling_form") or ScalingForm()
        ladder = page.ladder
        context["ladder_form"] = forms.get("ladder_form") or LadderForm(
            initial={name: getattr(ladder, name) for name, _, _ in LADDER} if ladder else None
        )
        context["wellbeing_form"] = forms.get("wellbeing_form") or WellbeingForm()
    if coach or learner:
        context["action_form"] = forms.get("action_form") or ActionStepForm()
        for step in page.to_review:
            step.form = ReviewForm(  # type: ignore[attr-defined]
                initial={"review": step.review, "note": step.review_note},
                auto_id=f"step{step.pk}_%s",
            )
    if learner:
        context["feedback_form"] = forms.get("feedback_form") or FeedbackForm(
            initial={"usefulness": mine.usefulness, "helped": mine.helped, "change": mine.change}
            if mine
            else None
        )
        context["my_feedback"] = mine
    return context


@login_required
def session_detail(request: HttpRequest, session_pk: int) -> HttpResponse:
    viewer, access, session = _page(request, session_pk)
    context = _session_context(request, viewer, access, session)
    return render(request, "conversation/session_detail.html", context)


def _back(session: CoachingSession, anchor: str) -> HttpResponse:
    return redirect(f"{reverse('conversation:session_detail', args=[session.pk])}#{anchor}")


def _invalid(
    request: HttpRequest,
    viewer: Person,
    access: EngagementAccess,
    session: CoachingSession,
    name: str,
    form: Any,
) -> HttpResponse:
    context = _session_context(request, viewer, access, session, **{name: form})
    return render(request, "conversation/session_detail.html", context, status=400)


@login_required
@require_POST
def record_save(request: HttpRequest, session_pk: int) -> HttpResponse:
    viewer, access, session = _content_writer(request, session_pk, coach_only=True)
    code, _, stages = engagement_stages(access=access, record=None, focus="", with_questions=False)
    form = SessionRecordForm(request.POST, stages=[(s.code, s.name) for s in stages])
    if form.is_valid():
        services.session_record_save(
            author=viewer,
            access=access,
            session=session,
            focus=form.cleaned_data["focus"],
            model_code=code,
            stages_done=form.cleaned_data["stages_done"],
            techniques=form.cleaned_data["techniques"],
            via=via(request),
        )
        messages.success(request, "The session record is saved.")
        return _back(session, "record")
    return _invalid(request, viewer, access, session, "record_form", form)


def _partial(
    request: HttpRequest,
    viewer: Person,
    access: EngagementAccess,
    session: CoachingSession,
    template: str,
    **forms: Any,
) -> HttpResponse:
    context = _session_context(request, viewer, access, session, **forms)
    return render(request, template, context)


@login_required
@require_POST
def scaling_add(request: HttpRequest, session_pk: int) -> HttpResponse:
    viewer, access, session = _content_writer(request, session_pk, coach_only=True)
    form = ScalingForm(request.POST)
    if form.is_valid():
        try:
            data = form.cleaned_data
            services.scaling_answer_add(
                author=viewer,
                access=access,
                session=session,
                kind=data["kind"],
                question=data["question"],
                scale_min=data["scale_min"],
                value=data["answer"],
                follow_up=data["follow_up"],
                via=via(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if is_htmx(request):
                return _partial(request, viewer, access, session, "conversation/_scaling.html")
            messages.success(request, "The scaling answer is saved.")
            return _back(session, "scaling")
    if is_htmx(request):
        return _partial(
            request, viewer, access, session, "conversation/_scaling.html", scaling_form=form
        )
    return _invalid(request, viewer, access, session, "scaling_form", form)


@login_required
@require_POST
def action_add(request: HttpRequest, session_pk: int) -> HttpResponse:
    viewer, access, session = _content_writer(request, session_pk)
    form = ActionStepForm(request.POST)
    if form.is_valid():
        services.action_step_add(
            author=viewer, access=access, session=session, via=via(request), **form.cleaned_data
        )
        if is_htmx(request):
            return _partial(request, viewer, access, session, "conversation/_actions.html")
        messages.success(request, "The action step is saved.")
        return _back(session, "actions")
    if is_htmx(request):
        return _partial(
            request, viewer, access, session, "conversation/_actions.html", action_form=form
        )
    return _invalid(request, viewer, access, session, "action_form", form)


@login_required
@require_POST
def action_review(request: HttpRequest, session_pk: int, step_pk: int) -> HttpResponse:
    viewer, access, session = _content_writer(request, session_pk)
    step = earlier_action_step(access=access, session=session, step_id=step_pk)
    if step is None:
        raise Http404("No such action step.")
    form = ReviewForm(request.POST)
    if form.is_valid():
        services.action_step_review(
            author=viewer,
            access=access,
            step=step,
            session=session,
            review=form.cleaned_data["review"],
            note=form.cleaned_data["note"],
            via=via(request),
        )
        messages.success(request, "The review of the action step is saved.")
    else:
        messages.error(request, "Choose done, partly done or not done for the action step.")
    return _back(session, "review")


@login_required
@require_POST
def ladder_save(request: HttpRequest, session_pk: int) -> HttpResponse:
    viewer, access, session = _content_writer(request, session_pk, coach_only=True)
    form = LadderForm(request.POST)
    if form.is_valid():
        steps = {name: form.cleaned_data[name] for name, _, _ in LADDER}
        services.feedback_ladder_save(
            author=viewer, access=access, session=session, steps=steps, via=via(request)
        )
        messages.success(request, "Your feedback notes are saved.")
        return _back(session, "ladder")
    return _invalid(request, viewer, access, session, "ladder_form", form)


@login_required
@require_POST
def feedback_save(request: HttpRequest, session_pk: int) -> HttpResponse:
    viewer, access, session = _page(request, session_pk)
    if not services.is_learner(access):
        raise PermissionDenied("The learner gives feedback on the session.")
    form = FeedbackForm(request.POST)
    if form.is_valid():
        services.session_feedback_save(
            author=viewer, access=access, session=session, via=via(request), **form.cleaned_data
        )
        messages.success(request, "Thank you. Your coach can read your feedback.")
        return _back(session, "feedback")
    return _invalid(request, viewer, access, session, "feedback_form", form)


@login_required
@require_POST
def wellbeing_add(request: HttpRequest, session_pk: int) -> HttpResponse:
    viewer, access, session = _content_writer(request, session_pk, coach_only=True)
    form = WellbeingForm(request.POST)
    if form.is_valid():
        services.wellbeing_referral_record(
            author=viewer,
            access=access,
            session=session,
            offered_on=form.cleaned_data["offered_on"],
            via=via(request),
        )
        messages.success(request, "Recorded that professional help was offered.")
        return _back(session, "wellbeing")
    return _invalid(request, viewer, access, session, "wellbeing_form", form)


def participant_access(request: HttpRequest, pk: int) -> tuple[Person, EngagementAccess]:
    """Coach and learner only: 404 without access, 403 for other parties."""
    viewer = person_for(request)
    access = engagement_access(viewer=viewer, engagement_id=pk)
    if not access.is_participant:
        raise PermissionDenied("The coaching conversation stays between coach and learner.")
    return viewer, access


@login_required
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    _, access = participant_access(request, pk)
    sessions = engagement_sessions(access=access, via=via(request))
    context = {
        "engagement": access.engagement,
        "access": access,
        "sessions": sessions,
        "is_coach": services.is_coach(access),
        "is_learner": services.is_learner(access),
    }
    return render(request, "conversation/overview.html", context)


@login_required
def scaling_over_time(request: HttpRequest, pk: int) -> HttpResponse:
    _, access = participant_access(request, pk)
    series = scaling_series(access=access, via=via(request))
    context = {
        "engagement": access.engagement,
        "series": series,
        "scaling_source": SCALING_SOURCE,
    }
    return render(request, "conversation/scaling_series.html", context)


@role_required(Role.COACH)
def wellbeing_guidance(request: HttpRequest) -> HttpResponse:
    """Guidance for coaches on secondary traumatic stress (no coaching content)."""
    return render(request, "conversation/wellbeing_guidance.html")
