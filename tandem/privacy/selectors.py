"""Reads of the audit trail and of exception disclosures. Neither shows coaching content."""

from __future__ import annotations

from django.db.models import Count, Max, Q, QuerySet

from tandem.people.models import Person, Role
from tandem.people.selectors import role_grants
from tandem.privacy.categories import Category
from tandem.privacy.models import AccessEvent, ExceptionDisclosure
from tandem.privacy.policy import EngagementAccess, under_scopes


def exception_disclosures_visible_to(
    *, viewer: Person, access: EngagementAccess | None = None
) -> QuerySet[ExceptionDisclosure]:
    """Disclosures the viewer may read: about their own coaching, or ones they made as coach.

    With `access`, only that engagement's (for its coach or learner)."""
    if access is not None:
        if not access.is_participant:
            return ExceptionDisclosure.objects.none()
        found = ExceptionDisclosure.objects.filter(engagement=access.engagement)
    else:
        found = ExceptionDisclosure.objects.filter(engagement__learner=viewer)
    return found.select_related("disclosed_by", "engagement__coach")


def access_log_for_learner(*, learner: Person) -> QuerySet[AccessEvent]:
    """Who has read or changed the learner's coaching record, newest first (not themselves).

    That includes records about them outside an engagement (`subject`), such as their
    self-assessments or ratings of their practice as a coach. Activity on an engagement's
    records that are private to their author (the coach's journal, another group member's
    journal) is left out: only the author can read those, and a row would tell the learner that
    the journal exists, how many entries it has and when."""
    return (
        AccessEvent.objects.filter(Q(engagement__learner=learner) | Q(subject=learner))
        .exclude(viewer=learner)
        .exclude(category=Category.PRIVATE, engagement__isnull=False)
        .select_related("viewer")
    )


def access_patterns_for(*, viewer: Person) -> QuerySet[AccessEvent]:
    """Counts of reads and changes per person, category and action, for the engagements of
    learners in the viewer's program-lead scope. Counts only: no record, no content."""
    paths = [g.scope_path for g in role_grants(person=viewer) if g.role == Role.PROGRAM_LEAD]
    return (
        AccessEvent.objects.filter(under_scopes("engagement__learner__org_unit__path", paths))
        .values(
            "viewer_id", "viewer__first_name", "viewer__last_name", "relation", "category", "action"
        )
        .annotate(
            events=Count("id"), engagements=Count("engagement", distinct=True), last=Max("at")
        )
        .order_by("-events", "viewer__last_name")
    )
