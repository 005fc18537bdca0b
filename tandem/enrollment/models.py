"""From "I would like coaching" to a matched coach (DOMAIN.md §3.1, §4 steps 1-3; seed 001).

Coaching is voluntary: a request exists only when the learner made or accepted it. A supervisor's
suggestion is a separate record until the learner accepts it; agency-directed participation is a
request whose source is "mandated", flagged so the coach plans enrollment work.

Privacy: the learner's own words (focus, goals, what the coach should know) are for the learner and
the coach who is offered or takes the request; the program lead works from the structured fields
(practice area, language, modality, office). The withdrawal reason is the learner's alone.
"""

from __future__ import annotations

from django.db import models

from tandem.coaching.models import Engagement
from tandem.instruments.models import Administration
from tandem.people.models import Language, Modality, OrgUnit, Person, PracticeArea


class Campaign(models.Model):
    """A cohort or outreach campaign opened by a program lead, e.g. all new hires of a quarter."""

    class Kind(models.TextChoices):
        COHORT = "cohort", "Cohort"
        OUTREACH = "outreach", "Outreach campaign"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COHORT)
    description = models.TextField(blank=True)
    scope = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    hired_from = models.DateField(null=True, blank=True)
    hired_to = models.DateField(null=True, blank=True)
    opens_on = models.DateField()
    closes_on = models.DateField(null=True, blank=True)
    mandated = models.BooleanField(
        default=False,
        help_text="Agency-directed: requests are created directly and flagged as mandated.",
    )
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "name"]

    def __str__(self) -> str:
        return self.name


class CoachingRequest(models.Model):
    class Source(models.TextChoices):
        SELF = "self", "Asked for coaching"
        SUPERVISOR = "supervisor", "Accepted a supervisor's suggestion"
        OUTREACH = "outreach", "Answered a program invitation"
        MANDATED = "mandated", "Agency-directed (mandated)"

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        READINESS = "readiness", "Readiness"
        MATCHING = "matching", "Matching"
        AGREEMENT = "agreement", "Agreement"
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        CLOSED = "closed", "Closed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    OPEN_STATUSES = (
        Status.REQUESTED,
        Status.READINESS,
        Status.MATCHING,
        Status.AGREEMENT,
        Status.ACTIVE,
        Status.PAUSED,
    )

    learner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="coaching_requests")
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.SELF)
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="requests"
    )
    practice_area = models.ForeignKey(
        PracticeArea, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    focus = models.TextField(blank=True, help_text="What the learner wants to work on.")
    goals = models.TextField(blank=True, help_text="What the learner hopes to get from coaching.")
    modalities = models.ManyToManyField(Modality, blank=True, related_name="+")
    language = models.ForeignKey(
        Language, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    preferred_times = models.CharField(max_length=200, blank=True)
    for_coach = models.TextField(blank=True, help_text="Anything the coach should know.")
    supervisor_informed = models.BooleanField(
        default=False, help_text="The learner agrees that their supervisor hears of each step."
    )
    wants_supervisor_as_coach = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REQUESTED)
    status_changed_at = models.DateTimeField()
    waitlisted_at = models.DateTimeField(
        null=True, blank=True, help_text="Set while no suitable coach has room."
    )
    withdrawal_reason = models.TextField(blank=True, help_text="Private to the learner.")
    engagement = models.OneToOneField(
        Engagement, null=True, blank=True, on_delete=models.SET_NULL, related_name="request"
    )
    readiness_administration = models.OneToOneField(
        Administration, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    readiness_with_coach = models.OneToOneField(
        Administration,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The readiness check done again with the coach a few weeks in (seed 001).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "status_changed_at"]),
            models.Index(fields=["waitlisted_at"]),
        ]

    def __str__(self) -> str:
        return f"Request {self.pk}"

    @property
    def mandated(self) -> bool:
        return self.source == self.Source.MANDATED


class StatusChange(models.Model):
    """Every transition of a request, with its date, so the funnel and stalls can be measured."""

    request = models.ForeignKey(
        CoachingRequest, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, choices=CoachingRequest.Status.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'} → {self.to_status}"


class Suggestion(models.Model):
    """A supervisor suggests coaching; it becomes a request only if the learner accepts."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for the team member"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    supervisor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    learner = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="coaching_suggestions"
    )
    message = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    request = models.OneToOneField(
        CoachingRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Suggestion {self.pk}"


class Invitation(models.Model):
    """A campaign's invitation to one person; it becomes a request only if they accept."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for an answer"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    request = models.OneToOneField(
        CoachingRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "person"], name="invitation_once")
        ]

    def __str__(self) -> str:
        return f"Invitation {self.pk}"


class Coachability(models.Model):
    """Coachability baseline (toolkit l.9899), optionally filled in with the coach later."""

    request = models.OneToOneField(
        CoachingRequest, on_delete=models.CASCADE, related_name="coachability"
    )
    starting_point = models.TextField(blank=True)
    value_of_coaching = models.TextField(blank=True)
    expected_outcomes = models.TextField(blank=True)
    fears = models.TextField(blank=True)
    competing_commitments = models.TextField(blank=True)
    with_coach = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Coachability baseline for request {self.request_id}"


class MatchingWeights(models.Model):
    """How much each fit factor counts. One row per agency scope; the program lead edits it."""

    scope = models.OneToOneField(OrgUnit, on_delete=models.CASCADE, related_name="+")
    practice_area = models.PositiveSmallIntegerField(default=5)
    office = models.PositiveSmallIntegerField(default=3)
    language = models.PositiveSmallIntegerField(default=4)
    modality = models.PositiveSmallIntegerField(default=2)
    load = models.PositiveSmallIntegerField(default=3)
    expertise = models.PositiveSmallIntegerField(default=2)
    preference = models.PositiveSmallIntegerField(default=2)
    training = models.PositiveSmallIntegerField(default=2)
    updated_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Matching weights for unit {self.scope_id}"


class ConflictOfInterest(models.Model):
    """A declared conflict: this coach must never be matched with this person."""

    coach = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=200, blank=True)
    declared_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["coach", "person"], name="conflict_once_per_pair")
        ]

    def __str__(self) -> str:
        return f"Conflict {self.coach_id} / {self.person_id}"


class Match(models.Model):
    """A coach proposed for a request. Reassignment supersedes a match; history is kept."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Offered to the coach"
        CHEMISTRY = "chemistry", "Chemistry meeting first"
        ACCEPTED = "accepted", "Accepted by the coach"
        DECLINED = "declined", "Declined by the coach"
        SUPERSEDED = "superseded", "Reassigned"

    request = models.ForeignKey(CoachingRequest, on_delete=models.CASCADE, related_name="matches")
    coach = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="matches_as_coach")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    fit = models.FloatField(null=True, blank=True)
    factors = models.JSONField(default=list, blank=True)
    suggested_rank = models.PositiveSmallIntegerField(null=True, blank=True)
    override_reason = models.TextField(
        blank=True, help_text="Why the program lead chose other than the top suggestion."
    )
    decline_reason = models.TextField(blank=True)
    proposed_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["coach", "status"])]
        constraints = [
            # One live match (offered, chemistry meeting first, or accepted) per request:
            # offering another coach supersedes the live one first (matching/services.py),
            # and the database refuses a second one, whoever writes it.
            models.UniqueConstraint(
                fields=["request"],
                condition=models.Q(status__in=["proposed", "chemistry", "accepted"]),
                name="one_live_match_per_request",
            )
        ]

    def __str__(self) -> str:
        return f"Match {self.pk}"


class Intake(models.Model):
    """The program lead's intake conversation with the learner, held before matching: in
    Arapahoe County every new caseworker first meets the coaching supervisor, who then matches
    them with a coach (seed 001). When it was held, what was decided, and a short note.

    A request may have several (a "not now" can be followed by another conversation); the
    latest counts. Matching offers a request only when the latest says coaching fits. The note
    is read by the learner and the program leads over the learner's unit, never by the line
    supervisor (tandem/privacy/requests.py)."""

    class Decision(models.TextChoices):
        FITS = "fits", "Coaching fits"
        NOT_NOW = "not_now", "Not now"
        OTHER_SUPPORT = "other_support", "Other support fits better"

    request = models.ForeignKey(CoachingRequest, on_delete=models.CASCADE, related_name="intakes")
    held_on = models.DateField()
    decision = models.CharField(max_length=20, choices=Decision.choices)
    note = models.TextField(blank=True, max_length=2000)
    recorded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["request", "held_on"])]

    def __str__(self) -> str:
        return f"Intake {self.pk}"
