"""Session record pages. Every read goes through tandem.conversation.selectors (the privacy
policy decides, and every read is audited); every write through tandem.conversation.services,
from the session page's forms (their saves are in record_views.py)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

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
    stage_note_field,
)
from tandem.conversation.selectors import (
    engagement_sessions,
    engagement_stages,
    observation_choices,
    reflection_order_notice,
    scaling_series,
    session_access,
    session_page,
)
from tandem.people.access import person_for, role_required
from tandem.people.models import Person, Role
from tandem.privacy.categories import Category
from tandem.privacy.policy import EngagementAccess, can_write, engagement_access
from tandem.questionbank.models import ModelStage
from tandem.ui.locking import Conflict, conflict_shown


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


def page_of(
    request: HttpRequest, session_pk: int
) -> tuple[Person, EngagementAccess, CoachingSession]:
    """The viewer, their access and the session (404 without access)."""
    viewer = person_for(request)
    access, session = session_access(viewer=viewer, session_id=session_pk)
    return viewer, access, session


def content_writer(
    request: HttpRequest, session_pk: int, coach_only: bool = False
) -> tuple[Person, EngagementAccess, CoachingSession]:
    viewer, access, session = page_of(request, session_pk)
    allowed = can_write(access, "session_record" if coach_only else "conversation")
    if not access.sees(Category.COACH_LEARNER) or not allowed:
        raise PermissionDenied("Only the coach and the learner write the session record.")
    if session.role == CoachingSession.Role.SUPERVISION:
        raise PermissionDenied(
            "This meeting was declared supervision: it has no coaching record in Tandem."
        )
    return viewer, access, session


def session_context(
    request: HttpRequest,
    viewer: Person,
    access: EngagementAccess,
    session: CoachingSession,
    conflict: Conflict | None = None,
    **forms: Any,
) -> dict[str, Any]:
    """The page's context. `forms` replaces the page's own forms (a form that did not save
    keeps what was typed); with `conflict`, that form's save met a newer version, shown beside
    it (`conflicts[name]`)."""
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
    saved: dict[str, Any] = {}  # each versioned form as the record is saved now
    if coach:
        initial = {
            "focus": record.focus if record else "",
            "stages_done": record.stages_done if record else [],
            "techniques": record.techniques if record else [],
            "observation": record.observation_id if record else None,
        } | {stage_note_field(s.code): s.note for s in stages}
        observations = (
            observation_choices(access=access, via=via(request))
            if any(s.role == ModelStage.Role.OBSERVATION for s in stages)
            else []
        )
        saved["record_form"] = SessionRecordForm(
            initial=initial,
            stages=[(s.code, s.name) for s in stages],
            observations=observations,
            version=record.version if record else 0,
        )
        context["model_code"] = model_code
        context["order_notice"] = reflection_order_notice(
            access=access,
            session=session,
            model_code=model_code,
            model_name=model_name,
            stages=stages,
            record=record,
            ladder=page.ladder,
            via=via(request),
        )
        context["scaling_form"] = forms.get("scaling_form") or ScalingForm()
        ladder = page.ladder
        saved["ladder_form"] = LadderForm(
            initial={name: getattr(ladder, name) for name, _, _ in LADDER} if ladder else None,
            version=ladder.version if ladder else 0,
        )
        context["wellbeing_form"] = forms.get("wellbeing_form") or WellbeingForm()
    if coach or learner:
        context["action_form"] = forms.get("action_form") or ActionStepForm()
        posted_review = forms.get("review_form")
        for step in page.to_review:
            form = ReviewForm(
                initial={"review": step.review, "note": step.review_note},
                auto_id=f"step{step.pk}_%s",
                version=step.version,
            )
            if posted_review is not None and posted_review.step_pk == step.pk:
                if conflict is not None:
                    step.conflict = conflict_shown(  # type: ignore[attr-defined]
                        conflict, saved=form, yours=posted_review
                    )
                form = posted_review
            step.form = form  # type: ignore[attr-defined]
    if learner:
        saved["feedback_form"] = FeedbackForm(
            initial={"usefulness": mine.usefulness, "helped": mine.helped, "change": mine.change}
            if mine
            else None,
            version=mine.version if mine else 0,
        )
        context["my_feedback"] = mine
    for name, form in saved.items():
        context[name] = forms.get(name) or form
    if "record_form" in context:
        record_form = context["record_form"]
        observing = next((s for s in stages if s.role == ModelStage.Role.OBSERVATION), None)
        for stage in stages:  # each stage's notes box (and the observation) beside its checkbox
            stage.note_field = record_form[stage_note_field(stage.code)]  # type: ignore[attr-defined]
            if stage is observing:
                stage.observation_field = record_form["observation"]  # type: ignore[attr-defined]
    if conflict is not None:
        shown = {
            name: conflict_shown(conflict, saved=form, yours=forms[name])
            for name, form in saved.items()
            if name in forms
        }
        context["conflicts"] = shown
    return context


@login_required
def session_detail(request: HttpRequest, session_pk: int) -> HttpResponse:
    viewer, access, session = page_of(request, session_pk)
    context = session_context(request, viewer, access, session)
    return render(request, "conversation/session_detail.html", context)


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
