"""Coaching engagements and the confidential records kept in them.

Every record here is read only through `tandem.privacy.policy`; nothing in this app decides
who may see what. Each record type names its privacy category.
"""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Greatest, Least

from tandem.people.models import Person
from tandem.privacy.categories import Category
from tandem.ui.locking import version_field


class Engagement(models.Model):
    """A coach working with a learner under one agreement, from start to close."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", "Individual coaching"
        PEER = "peer", "Peer coaching"
        GROUP = "group", "Group coaching"
        SUPERVISOR_AS_COACH = "supervisor_as_coach", "Supervisor as coach"
        SUPPORTIVE_SUPERVISION = "supportive_supervision", "Supportive supervision"
        ONLINE = "online", "Online coaching"

    class Purpose(models.TextChoices):
        # DOMAIN.md §8; seed 003 l.4990.
        SKILLS = "skills", "Skills"
        PERFORMANCE = "performance", "Performance"
        DEVELOPMENT = "development", "Development"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned (agreement not yet in force)"
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        CLOSED = "closed", "Closed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    learner = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="engagements_as_learner"
    )
    coach = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="engagements_as_coach")
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.INDIVIDUAL)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    focus = models.CharField(
        max_length=200, blank=True, help_text="The learner's focus, in a few words."
    )
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.SKILLS)
    model = models.ForeignKey(
        "questionbank.CoachingModel",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="engagements",
        help_text="The coaching model sessions follow (GROW, CLEAR, skills-based ...).",
    )
    peer_of = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Peer coaching: the mirrored engagement in which the roles are swapped.",
    )
    peer_feedback = models.BooleanField(
        default=False, help_text="Peer coaching: the pair agreed to give each other feedback."
    )
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    # Saves of the settings page (purpose, model, focus, kind), which the coach and the learner
    # both edit: one opened before the last save cannot save over it (tandem/ui/locking.py).
    version = version_field()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(learner=models.F("coach")), name="coach_is_not_own_learner"
            ),
            # Two people are one live peer pair at most: each side of a pair is a peer
            # engagement in one direction, so a second pair (two requests at the same moment)
            # fails here, in the database, whatever the application checked before.
            models.UniqueConstraint(
                fields=["coach", "learner"],
                condition=models.Q(kind="peer", status__in=["planned", "active", "paused"]),
                name="one_live_peer_engagement_per_direction",
            ),
        ]

    def __str__(self) -> str:
        return f"Engagement {self.pk}"

    @property
    def is_group(self) -> bool:
        return self.kind == self.Kind.GROUP

    @property
    def declares_role(self) -> bool:
        """Supervisor as coach: each session says whether it is coaching or supervision."""
        return self.kind == self.Kind.SUPERVISOR_AS_COACH


class EngagementMember(models.Model):
    """A further learner in a group engagement (the engagement's `learner` is the first).

    Joining is voluntary (DOMAIN.md, tenet 1): the coach invites, the person accepts or
    declines. Once they accept they become a party to the group's agreement, and only when
    they have acknowledged it does the privacy policy treat them as a learner of the engagement
    for what coach and learners share (private journals stay private to their author). A
    member who declines or leaves reads nothing of the group from then on."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="group_memberships")
    invited_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    joined_on = models.DateField(null=True, blank=True)
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["engagement", "pk"]
        constraints = [models.UniqueConstraint(fields=["engagement", "person"], name="member_once")]

    def __str__(self) -> str:
        return f"Member {self.person_id} of engagement {self.engagement_id}"

    @property
    def state(self) -> str:
        """Invited, declined, joined or left: how the member stands to the group now."""
        if self.left_on is not None:
            return "left"
        if self.declined_at is not None:
            return "declined"
        if self.accepted_at is not None:
            return "joined"
        return "invited"


class PeerPairProposal(models.Model):
    """One peer asks another to coach each other. The pair is created only when the other
    peer agrees too (peer coaching is mutual, DOMAIN.md §8); either may decline or withdraw."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for an answer"
        ACCEPTED = "accepted", "Agreed: the pair is set up"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    proposer = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    partner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    focus = models.CharField(max_length=200, blank=True)
    peer_feedback = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    engagement = models.ForeignKey(
        Engagement, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(proposer=models.F("partner")), name="peer_not_self"
            ),
            # One open proposal per two people, whichever of them asked first.
            models.UniqueConstraint(
                Least("proposer", "partner"),
                Greatest("proposer", "partner"),
                condition=models.Q(status="open"),
                name="one_open_peer_proposal_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"Peer proposal {self.pk}"


class CoachingSession(models.Model):
    """A scheduled meeting. Whether it happened is attendance, which an agreement may share."""

    CATEGORY = Category.ATTENDANCE

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"
        NO_SHOW = "no_show", "Missed"

    class Purpose(models.TextChoices):
        COACHING = "coaching", "Coaching session"
        INTRO = "intro", "Introductory meeting"
        CHEMISTRY = "chemistry", "Chemistry meeting (is this a good fit?)"

    class Modality(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        VIDEO = "video", "Video call"
        PHONE = "phone", "Phone"
        OTHER = "other", "Other (email, webinar ...)"

    class Role(models.TextChoices):
        # Supervisor as coach: each interaction is declared one or the other (DOMAIN.md §8).
        COACHING = "coaching", "Coaching"
        SUPERVISION = "supervision", "Supervision"

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="sessions")
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.COACHING)
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    modality = models.CharField(max_length=20, choices=Modality.choices, default=Modality.IN_PERSON)
    place = models.CharField(
        max_length=300, blank=True, help_text="A room, an address or a video-call link."
    )
    role = models.CharField(
        max_length=20,
        choices=Role.choices,
        blank=True,
        help_text="Supervisor as coach only: whether this meeting is coaching or supervision.",
    )
    # Supportive supervision (seed 002): which Resilience Alliance sessions the caseworker
    # attended and which tools they tried. Coach-learner content, shown only to participants.
    resilience_sessions = models.CharField(max_length=300, blank=True)
    resilience_tools = models.TextField(blank=True)
    sequence = models.PositiveIntegerField(
        default=0, help_text="Calendar revision: raised on every change so invitations update."
    )
    changed_at = models.DateTimeField(null=True, blank=True)
    changed_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The start time its participants were reminded of (tandem/coaching/reminders.py). A
    # session moved to another time no longer matches it, so the new time is reminded again.
    reminded_for = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["engagement", "starts_at"]),
            models.Index(fields=["engagement", "status"]),
        ]

    def __str__(self) -> str:
        return f"Session {self.pk}"


class Note(models.Model):
    """Written coaching content. Its kind fixes its privacy category."""

    class Kind(models.TextChoices):
        COACH_JOURNAL = "coach_journal", "Coach's journal"
        LEARNER_JOURNAL = "learner_journal", "Learner's reflective journal"
        SESSION_SUMMARY = "session_summary", "Session summary"
        ACTION_STEP = "action_step", "Action step"
        PROGRESS_SUMMARY = "progress_summary", "Progress summary"
        CLOSING_SUMMARY = "closing_summary", "Closing summary"

    CATEGORY_OF_KIND: dict[str, Category] = {
        Kind.COACH_JOURNAL: Category.PRIVATE,
        Kind.LEARNER_JOURNAL: Category.PRIVATE,
        Kind.SESSION_SUMMARY: Category.COACH_LEARNER,
        Kind.ACTION_STEP: Category.COACH_LEARNER,
        Kind.PROGRESS_SUMMARY: Category.PROGRESS_SUMMARY,
        Kind.CLOSING_SUMMARY: Category.CLOSING_SUMMARY,
    }

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    category = models.CharField(max_length=30, choices=Category.choices, editable=False)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["engagement", "category"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"


class CalendarFeed(models.Model):
    """A person's private calendar feed. Only a hash of the secret token is stored; the link is
    shown once, and revoking or regenerating it stops the old link at once."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.person_id}"
