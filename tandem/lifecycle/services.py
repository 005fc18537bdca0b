"""Writes: closing an engagement, starting the next cycle, stall reminders, development plans.

Closing follows DOMAIN.md §4.7-8 (seed 003 l.5814-5878): the coach records the closing
conversation with the learner, writes the summary the agreement may share with the supervisor,
gives the learner the closing survey, and closes the engagement. The agreement is NOT ended:
ending it would end every disclosure (docs/PRIVACY.md), so the supervisor could never read the
closing summary the agreement promised them. See docs/CLOSING.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tandem.coaching.models import Engagement, Note
from tandem.coaching.services import note_create
from tandem.enrollment.services import request_engagement_ended
from tandem.instruments.administration_services import administration_assign
from tandem.instruments.models import Administration, InstrumentVersion
from tandem.instruments.selectors import instrument_version_find
from tandem.lifecycle.models import (
    ClosingRecord,
    Cycle,
    DevelopmentPlan,
    DevelopmentPlanAcknowledgment,
    DevelopmentPlanVersion,
    StallReminder,
)
from tandem.lifecycle.selectors import (
    CLOSING_SURVEY,
    supervisor_sees_closing_summary,
)
from tandem.lifecycle.stalled import Stall, stalls
from tandem.notifications.services import notification_send
from tandem.people.models import Person
from tandem.privacy.categories import Category, Relation
from tandem.privacy.models import AccessEvent
from tandem.privacy.plans import PlanAccess, plan_write_audit
from tandem.privacy.policy import EngagementAccess, record_write_audit
from tandem.ui.locking import version_expect

SURVEY_DAYS = 14
CLOSABLE = (Engagement.Status.ACTIVE, Engagement.Status.PAUSED)


def _require_coach(access: EngagementAccess, person: Person) -> None:
    if access.viewer.pk != person.pk or Relation.COACH not in access.relations:
        raise PermissionDenied("The coach closes the coaching and starts a new cycle.")


@dataclass(frozen=True)
class Closed:
    record: ClosingRecord
    summary: Note | None
    survey: Administration | None  # None when the closing survey is not loaded
    summary_shared_with_supervisor: bool


def _survey_version() -> InstrumentVersion | None:
    try:
        return instrument_version_find(slug=CLOSING_SURVEY)
    except InstrumentVersion.DoesNotExist:
        return None


@transaction.atomic
def engagement_close(
    *, coach: Person, access: EngagementAccess, record: dict[str, str], summary: str, via: str
) -> Closed:
    """Close the coaching. `record` holds the ClosingRecord fields; `summary` (may be empty) is
    the closing summary, which the supervisor reads only if the agreement shares it."""
    _require_coach(access, coach)
    engagement = Engagement.objects.select_for_update().get(pk=access.engagement.pk)
    if engagement.status not in CLOSABLE:
        raise ValidationError("Only active or paused coaching can be closed.")
    closing = ClosingRecord.objects.create(engagement=engagement, author=coach, **record)
    record_write_audit(
        viewer=coach,
        access=access,
        category=Category.COACH_LEARNER,
        record_type="closing_record",
        record_id=closing.pk,
        action=AccessEvent.Action.CREATE,
        via=via,
    )
    note = None
    if summary.strip():
        note = note_create(
            author=coach, access=access, kind=Note.Kind.CLOSING_SUMMARY, body=summary, via=via
        )
    today = timezone.localdate()
    survey = None
    version = _survey_version()
    if version is not None and engagement.status == Engagement.Status.ACTIVE:
        # Given while the coaching is still active: a coach gives instruments to active learners.
        survey = administration_assign(
            assigned_by=coach,
            version=version,
            respondent=engagement.learner,
            engagement=engagement,
            due_on=today + timedelta(days=SURVEY_DAYS),
            note="At the end of your coaching",
        )
    engagement.status = Engagement.Status.CLOSED
    engagement.ended_on = today
    engagement.save(update_fields=["status", "ended_on"])
    access.engagement.status, access.engagement.ended_on = engagement.status, today
    # The learner's coaching request (enrollment) follows the engagement to "closed".
    request_engagement_ended(engagement=engagement, status=engagement.status)
    shared = supervisor_sees_closing_summary(engagement=engagement)
    _notify_closed(engagement, survey, note is not None and shared)
    return Closed(closing, note, survey, shared)


def _notify_closed(engagement: Engagement, survey: Administration | None, shared: bool) -> None:
    url = reverse("lifecycle:engagement", args=[engagement.pk])
    body = f"{engagement.coach.full_name} has closed your coaching in Tandem."
    if survey is not None:
        body += " Please fill in the short closing survey."
        url = reverse("instruments:fill", args=[survey.pk])
    notification_send(
        recipient=engagement.learner, subject="Your coaching has closed", body=body, url=url
    )
    supervisor = engagement.learner.supervisor
    if shared and supervisor is not None and supervisor.pk != engagement.coach_id:
        notification_send(
            recipient=supervisor,
            subject="A closing summary is ready",
            body=(
                f"{engagement.coach.full_name} has closed coaching with "
                f"{engagement.learner.full_name} and wrote a closing summary that their agreement "
                "shares with you."
            ),
            url=reverse("coaching:engagement_detail", args=[engagement.pk]),
        )


@transaction.atomic
def cycle_start(*, coach: Person, access: EngagementAccess) -> Engagement:
    """A new round of coaching with the same learner and coach. It starts as planned: the
    parties write and acknowledge a new agreement before coaching sessions."""
    _require_coach(access, coach)
    previous = access.engagement
    if previous.status != Engagement.Status.CLOSED:
        raise ValidationError("A new cycle starts once this coaching is closed.")
    if Cycle.objects.filter(previous=previous).exists():
        raise ValidationError("A new cycle was already started after this coaching.")
    nxt = Engagement.objects.create(
        learner=previous.learner,
        coach=previous.coach,
        kind=previous.kind,
        focus=previous.focus,
        status=Engagement.Status.PLANNED,
    )
    Cycle.objects.create(previous=previous, next=nxt, started_by=coach)
    notification_send(
        recipient=previous.learner,
        subject="A new round of coaching",
        body=(
            f"{coach.full_name} started a new round of coaching with you. You will write a new "
            "coaching agreement together before it begins."
        ),
        url=reverse("coaching:engagement_detail", args=[nxt.pk]),
    )
    return nxt


# --- Stalled coaching -------------------------------------------------------------------------


def stall_reminders_send(*, now: datetime | None = None) -> int:
    """Remind coach and learner of each stalled engagement, once per stall. Returns how many
    engagements were reminded. Safe to run again: a stall already reminded is skipped."""
    due = [s for s in stalls(engagements=Engagement.objects.all(), now=now) if not s.reminded]
    people = Person.objects.in_bulk({p for s in due for p in (s.coach_id, s.learner_id)})
    sent = 0
    for stall in due:
        try:
            with transaction.atomic():
                StallReminder.objects.create(
                    engagement_id=stall.engagement_id, last_contact=stall.last_contact
                )
                _remind(stall, people[stall.coach_id], people[stall.learner_id])
        except IntegrityError:
            continue  # another run reminded this stall a moment ago
        sent += 1
    return sent


def _remind(stall: Stall, coach: Person, learner: Person) -> None:
    url = reverse("lifecycle:engagement", args=[stall.engagement_id])
    # No content and no dates: only that it is time to meet again.
    for recipient, other in ((coach, learner), (learner, coach)):
        notification_send(
            recipient=recipient,
            subject="Time to book your next coaching session",
            body=(
                f"No coaching session with {other.full_name} has been held or booked for longer "
                "than your agreement's schedule. Please book the next session, or talk about "
                "what is getting in the way."
            ),
            url=url,
        )


# --- Development plans ------------------------------------------------------------------------


def _clean_items(items: list[dict[str, str]]) -> list[dict[str, str]]:
    keys = ("area", "actions", "supports", "timeline")
    kept = [{k: (item.get(k) or "").strip() for k in keys} for item in items]
    kept = [item for item in kept if any(item.values())]
    if not kept:
        raise ValidationError("Add at least one development area.")
    for item in kept:
        if not item["area"] or not item["actions"]:
            raise ValidationError("Each development area needs its name and the actions.")
    return kept


@transaction.atomic
def plan_create(
    *,
    author: Person,
    learner: Person,
    items: list[dict[str, str]],
    supervisor_support: str,
    via: str,
) -> DevelopmentPlan:
    """The learner, or their line supervisor, starts the plan; both then write and agree to it."""
    if learner.supervisor_id is None:
        raise ValidationError("A development plan is written with a line supervisor.")
    if author.pk not in (learner.pk, learner.supervisor_id):
        raise PermissionDenied("The learner and their line supervisor write this plan.")
    plan = DevelopmentPlan.objects.create(learner=learner, started_by=author)
    access = PlanAccess.for_person(plan=plan, viewer=author)
    plan_revise(
        access=access,
        base_version=0,
        items=items,
        supervisor_support=supervisor_support,
        via=via,
        notify=False,
    )
    other = learner.supervisor if author.pk == learner.pk else learner
    if other is not None:
        notification_send(
            recipient=other,
            subject="A development plan to write together",
            body=f"{author.full_name} started a development plan for {learner.full_name}.",
            url=reverse("lifecycle:plan_detail", args=[plan.pk]),
        )
    return plan


@transaction.atomic
def plan_revise(
    *,
    access: PlanAccess,
    base_version: int,
    items: list[dict[str, str]],
    supervisor_support: str,
    via: str,
    notify: bool = True,
) -> DevelopmentPlanVersion:
    """Save the plan as a new version; earlier agreements apply to earlier versions only.

    Only on top of the version the editor opened (`base_version`, 0 for a new plan): if the
    other writer saved since, raise Conflict with their version and save nothing."""
    if not access.can_write:
        raise PermissionDenied("The learner and their line supervisor write this plan.")
    if not supervisor_support.strip():
        raise ValidationError("Say how the supervisor will support the learning.")
    plan = DevelopmentPlan.objects.select_for_update().get(pk=access.plan.pk)
    last = plan.versions.select_related("edited_by").order_by("-number").first()
    version_expect(
        seen=base_version,
        saved=last.number if last else 0,
        current=last,
        saved_by=last.edited_by.full_name if last else "",
        saved_at=last.created_at if last else None,
    )
    version = DevelopmentPlanVersion.objects.create(
        plan=plan,
        number=(last.number + 1) if last else 1,
        items=_clean_items(items),
        supervisor_support=supervisor_support.strip(),
        edited_by=access.viewer,
    )
    plan_write_audit(
        access=access,
        version=version,
        action=AccessEvent.Action.CREATE if last is None else AccessEvent.Action.UPDATE,
        via=via,
    )
    if notify and access.other is not None:
        notification_send(
            recipient=access.other,
            subject="The development plan changed",
            body=f"{access.viewer.full_name} changed the development plan. Please read it again.",
            url=reverse("lifecycle:plan_detail", args=[plan.pk]),
        )
    return version


@transaction.atomic
def plan_acknowledge(*, access: PlanAccess, number: int) -> DevelopmentPlanAcknowledgment:
    """The viewer agrees to the version they read; it must still be the latest."""
    if not access.can_write or access.role is None:
        raise PermissionDenied("The learner and their line supervisor agree to this plan.")
    latest = access.plan.versions.order_by("-number").first()
    if latest is None or latest.number != number:
        raise ValidationError("The plan changed after you opened it. Please read it again.")
    ack, _ = DevelopmentPlanAcknowledgment.objects.get_or_create(
        version=latest, role=access.role, defaults={"person": access.viewer}
    )
    return ack
