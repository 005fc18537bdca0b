"""Reads: closing records (through the privacy policy), the development plan's readers, and
which engagements a stalled-coaching board covers."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from tandem.coaching.models import Engagement
from tandem.instruments.models import Administration
from tandem.lifecycle.models import (
    ClosingRecord,
    Cycle,
)
from tandem.people.models import Person, Role
from tandem.people.selectors import role_grants
from tandem.privacy.categories import Category, Party
from tandem.privacy.policy import (
    EngagementAccess,
    Read,
    record_reads_audit,
    shares_with,
    under_scopes,
)

CLOSING_SURVEY = "closing-survey"

# --- Closing ---------------------------------------------------------------------------------


def supervisor_sees_closing_summary(*, engagement: Engagement) -> bool:
    """Does the agreement in force share closing summaries with the learner's supervisor?"""
    return shares_with(
        engagement_id=engagement.pk, party=Party.SUPERVISOR, category=Category.CLOSING_SUMMARY
    )


def closing_record_of(
    *, viewer: Person, access: EngagementAccess, via: str
) -> ClosingRecord | None:
    """The closing conversation record, if the policy lets the viewer read it (audited).

    Reads only this record (not every coach-and-learner record, as `records_visible_to` would)
    so that the audit trail names exactly what the page showed."""
    if access.viewer.pk != viewer.pk or not access.sees(ClosingRecord.CATEGORY):
        return None
    record = (
        ClosingRecord.objects.filter(engagement=access.engagement).select_related("author").first()
    )
    if record is not None:
        record_reads_audit(
            reads=[Read(access, ClosingRecord.CATEGORY, "closing_record", record.pk)], via=via
        )
    return record


def closing_survey_of(*, engagement: Engagement) -> Administration | None:
    """The closing survey given to the learner of this engagement, if any (not its answers)."""
    return (
        Administration.objects.filter(
            engagement=engagement,
            respondent_id=engagement.learner_id,
            version__instrument__slug=CLOSING_SURVEY,
        )
        .order_by("-pk")
        .first()
    )


def cycles_of(*, engagement: Engagement) -> tuple[Cycle | None, Cycle | None]:
    """The cycle this engagement continues, and the one that continues it."""
    found = list(Cycle.objects.filter(Q(previous=engagement) | Q(next=engagement)))
    before = next((c for c in found if c.next_id == engagement.pk), None)
    after = next((c for c in found if c.previous_id == engagement.pk), None)
    return before, after


# --- Stalled coaching ------------------------------------------------------------------------


def stalled_scope(*, viewer: Person) -> QuerySet[Engagement]:
    """Engagements whose stall this viewer follows: the coach's own, and a program lead's
    learners in scope. Administrative facts only; empty for anyone else."""
    paths = [g.scope_path for g in role_grants(person=viewer) if g.role == Role.PROGRAM_LEAD]
    return Engagement.objects.filter(
        Q(coach=viewer) | under_scopes("learner__org_unit__path", paths)
    )


# --- Development plans -----------------------------------------------------------------------


def plan_learners_for(*, viewer: Person) -> QuerySet[Person]:
    """Whom the viewer may start a plan for: themselves (with a supervisor) and direct reports."""
    return Person.objects.filter(
        Q(pk=viewer.pk, supervisor__isnull=False) | Q(supervisor=viewer), is_active=True
    ).order_by("last_name", "first_name")
