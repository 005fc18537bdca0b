"""The session page's saves: the record, scaling answers, action steps and their review,
the feedback ladder, the learner's feedback and wellbeing referrals. Each checks the writer
(`content_writer`), calls tandem.conversation.services, and on a problem shows the session page
again with what was typed kept: 400 for a form to fix, 409 when the record was saved by someone
else since the form was opened (tandem/ui/locking.py)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tandem.coaching.models import CoachingSession
from tandem.conversation import services
from tandem.conversation.content import LADDER
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
    engagement_stages,
    observation_choices,
)
from tandem.conversation.views import content_writer, is_htmx, page_of, session_context, via
from tandem.people.models import Person
from tandem.privacy.policy import EngagementAccess
from tandem.questionbank.models import ModelStage
from tandem.ui.announce import announced
from tandem.ui.forms import add_service_errors
from tandem.ui.locking import INCOMPLETE, Conflict, rebased


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
    context = session_context(request, viewer, access, session, **{name: form})
    return render(request, "conversation/session_detail.html", context, status=400)


def _conflicted(
    request: HttpRequest,
    viewer: Person,
    access: EngagementAccess,
    session: CoachingSession,
    name: str,
    form_class: Any,
    conflict: Conflict,
    **kwargs: Any,
) -> HttpResponse:
    """409: the page as saved now (read again through the policy), with the form still holding
    what this person sent, now based on the saved version, and both versions above it."""
    form = form_class(rebased(request.POST, conflict), **kwargs)
    context = session_context(request, viewer, access, session, conflict, **{name: form})
    return render(request, "conversation/session_detail.html", context, status=409)


@login_required
@require_POST
def record_save(request: HttpRequest, session_pk: int) -> HttpResponse:
    viewer, access, session = content_writer(request, session_pk, coach_only=True)
    code, _, stages = engagement_stages(access=access, record=None, focus="", with_questions=False)
    choices = [(s.code, s.name) for s in stages]
    observing = any(s.role == ModelStage.Role.OBSERVATION for s in stages)
    observations = observation_choices(access=access, via=via(request)) if observing else []
    form = SessionRecordForm(request.POST, stages=choices, observations=observations)
    if form.is_valid():
        try:
            services.session_record_save(
                author=viewer,
                access=access,
                session=session,
                base_version=form.opened_version,
                focus=form.cleaned_data["focus"],
                model_code=code,
                stages_done=form.cleaned_data["stages_done"],
                techniques=form.cleaned_data["techniques"],
                stage_notes=form.stage_notes(),
                observation_id=form.cleaned_data["observation"] if observing else None,
                via=via(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return _invalid(request, viewer, access, session, "record_form", form)
        except Conflict as conflict:
            return _conflicted(
                request,
                viewer,
                access,
                session,
                "record_form",
                SessionRecordForm,
                conflict,
                stages=choices,
                observations=observations,
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
    context = session_context(request, viewer, access, session, **forms)
    return render(request, template, context)


@login_required
@require_POST
def scaling_add(request: HttpRequest, session_pk: int) -> HttpResponse:
    viewer, access, session = content_writer(request, session_pk, coach_only=True)
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
                return announced(
                    _partial(request, viewer, access, session, "conversation/_scaling.html"),
                    "Scaling answer added.",
                )
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
    viewer, access, session = content_writer(request, session_pk)
    form = ActionStepForm(request.POST)
    if form.is_valid():
        services.action_step_add(
            author=viewer, access=access, session=session, via=via(request), **form.cleaned_data
        )
        if is_htmx(request):
            return announced(
                _partial(request, viewer, access, session, "conversation/_actions.html"),
                "Action step added.",
            )
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
    viewer, access, session = content_writer(request, session_pk)
    step = earlier_action_step(access=access, session=session, step_id=step_pk)
    if step is None:
        raise Http404("No such action step.")
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.action_step_review(
                author=viewer,
                access=access,
                step=step,
                session=session,
                base_version=form.opened_version,
                review=form.cleaned_data["review"],
                note=form.cleaned_data["note"],
                via=via(request),
            )
        except Conflict as conflict:
            # The other one's review as saved now, beside this one (still in its form).
            posted = ReviewForm(rebased(request.POST, conflict), auto_id=f"step{step.pk}_%s")
            posted.step_pk = step.pk  # type: ignore[attr-defined]
            context = session_context(
                request, viewer, access, session, conflict, review_form=posted
            )
            return render(request, "conversation/session_detail.html", context, status=409)
        messages.success(request, "The review of the action step is saved.")
    elif INCOMPLETE in form.non_field_errors():
        messages.error(request, INCOMPLETE)
    else:
        messages.error(request, "Choose done, partly done or not done for the action step.")
    return _back(session, "review")


@login_required
@require_POST
def ladder_save(request: HttpRequest, session_pk: int) -> HttpResponse:
    viewer, access, session = content_writer(request, session_pk, coach_only=True)
    form = LadderForm(request.POST)
    if form.is_valid():
        steps = {name: form.cleaned_data[name] for name, _, _ in LADDER}
        try:
            services.feedback_ladder_save(
                author=viewer,
                access=access,
                session=session,
                base_version=form.opened_version,
                steps=steps,
                via=via(request),
            )
        except Conflict as conflict:
            return _conflicted(
                request, viewer, access, session, "ladder_form", LadderForm, conflict
            )
        messages.success(request, "Your feedback notes are saved.")
        return _back(session, "ladder")
    return _invalid(request, viewer, access, session, "ladder_form", form)


@login_required
@require_POST
def feedback_save(request: HttpRequest, session_pk: int) -> HttpResponse:
    viewer, access, session = page_of(request, session_pk)
    if not services.is_learner(access):
        raise PermissionDenied("The learner gives feedback on the session.")
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            services.session_feedback_save(
                author=viewer,
                access=access,
                session=session,
                base_version=form.opened_version,
                usefulness=form.cleaned_data["usefulness"],
                helped=form.cleaned_data["helped"],
                change=form.cleaned_data["change"],
                via=via(request),
            )
        except Conflict as conflict:
            return _conflicted(
                request, viewer, access, session, "feedback_form", FeedbackForm, conflict
            )
        messages.success(request, "Thank you. Your coach can read your feedback.")
        return _back(session, "feedback")
    return _invalid(request, viewer, access, session, "feedback_form", form)


@login_required
@require_POST
def wellbeing_add(request: HttpRequest, session_pk: int) -> HttpResponse:
    viewer, access, session = content_writer(request, session_pk, coach_only=True)
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
