"""Instruments (rating scales, self-assessments, observation forms), their versions and responses.

A version's definition is YAML text (docs/INSTRUMENTS.md) plus its parsed data as a JSON cache.
Once anyone has started a response to a version, the version is locked: changes go into a new
version, so every stored answer keeps meaning what the person saw when they gave it.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from tandem.coaching.models import CoachingSession, Engagement
from tandem.people.models import OrgUnit, Person
from tandem.privacy.categories import AdministrationKind
from tandem.ui.locking import version_field


class Instrument(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="instruments",
        help_text="The unit that maintains this instrument; empty for Tandem's own.",
    )
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_builtin = models.BooleanField(
        default=False, help_text="Shipped with Tandem (tandem/instruments/definitions)."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class InstrumentVersion(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    definition_yaml = models.TextField(help_text="The definition as written (docs/INSTRUMENTS.md).")
    # The YAML's data, already checked, so reading a version does not parse YAML again.
    definition = models.JSONField()
    source = models.CharField(
        max_length=300, help_text="Where the text came from: a file path, or the builder."
    )
    published = models.BooleanField(default=True)
    # The optimistic lock of the builder's edit pages (tandem/ui/locking.py). Not `version`,
    # which here is the instrument's own version number (respondents' answers refer to it).
    edit_version = version_field()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["instrument", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "version"], name="instrument_version_once"
            ),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="version_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} (version {self.version})"


class Administration(models.Model):
    """One instrument given to one respondent: about whom, for which period, linked to what.

    Its `kind` (from the definition's respondent and subject, fixed at assignment) decides who
    may see the answers: see tandem/privacy/responses.py.
    """

    Kind = AdministrationKind  # who reads the response follows from it (privacy)

    class Phase(models.TextChoices):
        SINGLE = "single", "Single"
        PRE = "pre", "Before (first of a pair)"
        POST = "post", "After (second of a pair)"

    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.PROTECT, related_name="administrations"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    respondent = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="instrument_administrations"
    )
    subject = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="instrument_administrations_about",
        help_text="Whom an observer rates; empty for self-assessments.",
    )
    assigned_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    engagement = models.ForeignKey(
        Engagement,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="instrument_administrations",
    )
    session = models.ForeignKey(
        CoachingSession,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="instrument_administrations",
    )
    phase = models.CharField(max_length=10, choices=Phase.choices, default=Phase.SINGLE)
    pre = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="post",
        help_text="For the second of a before/after pair: the first.",
    )
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the respondent was reminded that it falls due soon, and that it is overdue
    # (tandem/instruments/reminders.py): each is sent once, the first run to set it sends it.
    due_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    overdue_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(phase="post", pre__isnull=False)
                | (~models.Q(phase="post") & models.Q(pre__isnull=True)),
                name="only_post_has_pre",
            ),
            models.CheckConstraint(
                condition=models.Q(period_start__isnull=True)
                | models.Q(period_end__isnull=True)
                | models.Q(period_end__gte=models.F("period_start")),
                name="period_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} for {self.respondent}"


class Response(models.Model):
    """One person's answers to one version of an instrument, optionally about another person."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.PROTECT, related_name="responses"
    )
    respondent = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="instrument_responses"
    )
    subject = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="instrument_responses_about",
        help_text="Whom an observer rates (the coach, the learner...); empty for self-ratings.",
    )
    administration = models.OneToOneField(
        Administration,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="response",
    )
    # Item key → answer, in the shape docs/INSTRUMENTS.md describes.
    answers = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    started_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Score key → value, computed by scoring.score when the response is submitted.
    scores = models.JSONField(default=dict, blank=True)
    # Raised by every saved change; a save that names an older revision was made from a page
    # that no longer shows what is stored (another tab), so it is refused, never merged silently.
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)
    shared_with_coach_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(submitted_at__isnull=False),
                name="submitted_response_has_time",
            )
        ]

    def __str__(self) -> str:
        return f"{self.version} — {self.respondent} ({self.get_status_display()})"


class Observation(models.Model):
    """A coach watching the learner practise, or the learner watching a demonstration.

    Its notes are coaching content "between coach and learner" of the engagement (see
    docs/PRIVACY.md). When families are present or a recording is made, who consented, how and
    when must be recorded: the database refuses such an observation without it."""

    class Direction(models.TextChoices):
        COACH_OBSERVES_LEARNER = "coach_observes_learner", "The coach observes the learner"
        LEARNER_OBSERVES_DEMONSTRATION = (
            "learner_observes_demonstration",
            "The learner observes a demonstration",
        )

    class Setting(models.TextChoices):
        HOME_VISIT = "home_visit", "Home visit"
        FAMILY_MEETING = "family_meeting", "Family meeting"
        COURT = "court", "Court"
        ROLE_PLAY = "role_play", "Role play"
        RECORDING = "recording", "Recording"
        OTHER = "other", "Other"

    class ConsentMethod(models.TextChoices):
        VERBAL = "verbal", "Spoken (verbal)"
        WRITTEN = "written", "Written, signed on paper"
        ELECTRONIC = "electronic", "Electronic (email, e-signature)"

    engagement = models.ForeignKey(
        Engagement, on_delete=models.PROTECT, related_name="observations"
    )
    direction = models.CharField(max_length=40, choices=Direction.choices)
    observer = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    observed = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    setting = models.CharField(max_length=20, choices=Setting.choices)
    observed_on = models.DateField()
    notes = models.TextField(blank=True)
    administration = models.OneToOneField(
        Administration,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="observation",
        help_text="The rubric filled in about this observation, if any.",
    )
    families_present = models.BooleanField(default=False)
    recorded = models.BooleanField(default=False)
    consent_given_by = models.CharField(max_length=200, blank=True)
    consent_method = models.CharField(max_length=20, choices=ConsentMethod.choices, blank=True)
    consent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-observed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(families_present=False, recorded=False)
                    & ~models.Q(setting="recording")
                )
                | (
                    ~models.Q(consent_given_by="")
                    & ~models.Q(consent_method="")
                    & models.Q(consent_at__isnull=False)
                ),
                name="observation_with_family_or_recording_has_consent",
            ),
            models.CheckConstraint(
                condition=~models.Q(observer=models.F("observed")),
                name="observation_observer_is_not_observed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_setting_display()} observation on {self.observed_on}"

    @property
    def needs_consent(self) -> bool:
        return self.families_present or self.recorded or self.setting == self.Setting.RECORDING
