"""Reads of the audit trail and of exception disclosures. Neither shows coaching content."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet

from tandem.people.models import Person, Role
from tandem.people.selectors import role_grants
from tandem.privacy.categories import Category, Relation
from tandem.privacy.models import AccessEvent, ExceptionDisclosure
from tandem.privacy.policy import EngagementAccess, under_scopes


def exception_disclosures_visible_to(
    *, viewer: Person, access: EngagementAccess | None = None
) -> QuerySet[ExceptionDisclosure]:
    """Disclosures the viewer may read: those about them, or ones they made as coach. In a group,
    a disclosure about one member reaches that member and the coach, not the other members.

    With `access`, only that engagement's (for its coach, learner or members)."""
    about_viewer = Q(about=viewer) | Q(about__isnull=True, engagement__learner=viewer)
    if access is not None:
        if not access.is_participant:
            return ExceptionDisclosure.objects.none()
        found = ExceptionDisclosure.objects.filter(engagement=access.engagement)
        if Relation.COACH not in access.relations:
            found = found.filter(about_viewer)
    else:
        found = ExceptionDisclosure.objects.filter(about_viewer)
    return found.select_related("disclosed_by", "engagement__coach")


def access_log_for_learner(*, learner: Person) -> QuerySet[AccessEvent]:
    """Who has read or changed the learner's coaching record, newest first (not themselves).

    That includes records about them outside an engagement (`subject`), such as their
    self-assessments or ratings of their practice as a coach. Activity on an engagement's
    records that are private to their author (the coach's journal, another group member's
    journal) is left out: only the author can read those, and a row would tell the learner that
    the journal exists, how many entries it has and when."""
    about_them = Q(subject__isnull=True) | Q(subject=learner)  # not another group member
    return (
        AccessEvent.objects.filter(
            (Q(engagement__learner=learner) & about_them) | Q(subject=learner)
        )
        .exclude(viewer=learner)
        .exclude(category=Category.PRIVATE, engagement__isnull=False)
        .select_related("viewer")
    )


def access_patterns_for(*, viewer: Person) -> QuerySet[AccessEvent]:
    """Counts of reads and changes per person, category and action, for the engagements of
    learners in the viewer's program-lead scope. Counts only: no record, no content.

    Exception disclosures appear only once they span at least PRIVACY_MIN_COUNT engagements:
    a row of one would tell the program lead that a coach disclosed, and perhaps about whom.
    Pages show other counts below that threshold as "fewer than N" (`small_count`)."""
    paths = [g.scope_path for g in role_grants(person=viewer) if g.role == Role.PROGRAM_LEAD]
    return (
        AccessEvent.objects.filter(under_scopes("engagement__learner__org_unit__path", paths))
        .values(
            "viewer_id", "viewer__first_name", "viewer__last_name", "relation", "category", "action"
        )
        .annotate(
            events=Count("id"), engagements=Count("engagement", distinct=True), last=Max("at")
        )
        .exclude(action=AccessEvent.Action.DISCLOSE, engagements__lt=settings.PRIVACY_MIN_COUNT)
        .order_by("-events", "viewer__last_name")
    )


def small_count(count: int) -> int | str:
    """A count as a page may show it: below the threshold, only that it is small."""
    threshold = settings.PRIVACY_MIN_COUNT
    return count if count >= threshold else f"fewer than {threshold}"
