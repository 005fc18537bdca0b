"""The organization (a tree of units) and the people in it, their roles and coach profiles.

Nothing here is confidential coaching content: this is the staff directory that every other
part of Tandem refers to.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from treebeard.mp_tree import MP_Node

from tandem.ui.locking import version_field


class OrgUnit(MP_Node):
    """State → agency (county) → office/region → unit, stored as a materialized path.

    The path makes "everything under this unit" one indexed prefix query, which is what
    role scopes and subtree filters need at state scale.
    """

    class Kind(models.TextChoices):
        STATE = "state", "State"
        AGENCY = "agency", "Agency / county"
        OFFICE = "office", "Office / region"
        UNIT = "unit", "Unit"

    # Annotated because treebeard's base class is untyped, which hides Django's field types.
    name: models.CharField[str, str] = models.CharField(max_length=200)
    kind: models.CharField[str, str] = models.CharField(max_length=10, choices=Kind.choices)
    code: models.CharField[str, str] = models.CharField(
        max_length=50, blank=True, help_text="The unit's code in the HR system, if it has one."
    )

    class Meta:
        verbose_name = "org unit"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """A member of staff. Imported from HR; may or may not have a sign-in account."""

    class SeparationReason(models.TextChoices):
        # From HR; read only for aggregate retention figures (docs/EVALUATION.md).
        RESIGNED = "resigned", "Resigned"
        RETIRED = "retired", "Retired"
        DISMISSED = "dismissed", "Dismissed"
        TRANSFERRED_OUT = "transferred_out", "Transferred out"
        OTHER = "other", "Other"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    work_email = models.EmailField(unique=True)
    employee_id = models.CharField(max_length=50, blank=True)
    job_title = models.CharField(max_length=200, blank=True)
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="people")
    supervisor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="direct_reports",
        help_text="Line supervisor.",
    )
    hire_date = models.DateField(null=True, blank=True)
    separation_date = models.DateField(null=True, blank=True)
    separation_reason = models.CharField(
        max_length=20,
        choices=SeparationReason.choices,
        blank=True,
        help_text="Why the person left, from HR. Empty while they work here.",
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [models.UniqueConstraint(Lower("work_email"), name="person_email_ci_unique")]
        indexes = [models.Index(fields=["last_name", "first_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Role(models.TextChoices):
    LEARNER = "learner", "Learner"
    COACH = "coach", "Coach"
    SUPERVISOR = "supervisor", "Supervisor"
    LEADERSHIP = "leadership", "Leadership"
    PROGRAM_LEAD = "program_lead", "Program lead"
    COACH_SUPERVISOR = "coach_supervisor", "Coach supervisor"
    OBSERVER = "observer", "Observer"
    EVALUATOR = "evaluator", "Evaluator"
    ADMINISTRATOR = "administrator", "Administrator"


class RoleAssignment(models.Model):
    """A role held over an org subtree: a program lead for one county, an evaluator statewide."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=20, choices=Role.choices)
    scope = models.ForeignKey(
        OrgUnit,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        help_text="The role applies to this unit and everything under it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "role", "scope"], name="role_once_per_scope")
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()} ({self.scope})"


class PracticeArea(models.Model):
    """A field of child welfare practice a coach works in (e.g. family engagement)."""

    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Language(models.Model):
    name = models.CharField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Modality(models.Model):
    """How coaching is delivered: in person, phone, video, email, webinar."""

    code = models.SlugField(max_length=30, unique=True)
    name = models.CharField(max_length=60)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "modalities"

    def __str__(self) -> str:
        return self.name


class Competency(models.Model):
    """A coaching mastery ability, grouped by strategy (Toolkit Table 4.1)."""

    code = models.SlugField(max_length=60, unique=True)
    strategy = models.CharField(max_length=100)
    ability = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["order"]
        verbose_name_plural = "competencies"

    def __str__(self) -> str:
        return self.ability


class CoachProfile(models.Model):
    class CoachType(models.TextChoices):
        INTERNAL = "internal", "Internal coach"
        EXTERNAL = "external", "External (contracted) coach"
        PEER = "peer", "Peer coach"
        SUPERVISOR_AS_COACH = "supervisor", "Supervisor as coach"
        # Seed 002: a supervisor who holds resilience-focused supportive supervision with
        # their own team, inside regular supervision. Their engagements with people they
        # supervise are supportive supervision, not coaching.
        SUPPORTIVE_SUPERVISOR = "supportive", "Supervisor running supportive supervision"

    class Expertise(models.TextChoices):
        # Toolkit Table 6.3 (after Peterson, 2011)
        NOVICE = "novice", "Novice"
        ADVANCED_BEGINNER = "advanced_beginner", "Advanced beginner"
        COMPETENT = "competent", "Competent performer"
        EXPERT = "expert", "Expert"

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="coach_profile")
    coach_type = models.CharField(max_length=12, choices=CoachType.choices)
    capacity = models.PositiveSmallIntegerField(
        default=6, help_text="Most learners this coach takes at one time."
    )
    expertise_level = models.CharField(max_length=20, choices=Expertise.choices)
    practice_areas = models.ManyToManyField(PracticeArea, blank=True, related_name="coaches")
    competencies = models.ManyToManyField(Competency, blank=True, related_name="coaches")
    languages = models.ManyToManyField(Language, blank=True, related_name="coaches")
    modalities = models.ManyToManyField(Modality, blank=True, related_name="coaches")
    office = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="coaches"
    )
    trained_models = models.CharField(
        max_length=300, blank=True, help_text="Coaching models the coach is trained in."
    )
    bio = models.TextField(blank=True)
    accepting_learners = models.BooleanField(default=True)
    external_organization = models.CharField(max_length=200, blank=True)
    contract_start = models.DateField(null=True, blank=True)
    contract_end = models.DateField(null=True, blank=True)
    # Data stewards edit profiles in the admin: saved only from the version the form opened.
    version = version_field()

    class Meta:
        ordering = ["person__last_name", "person__first_name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(coach_type="external") | ~models.Q(external_organization=""),
                name="external_coach_has_organization",
            ),
            models.CheckConstraint(
                condition=models.Q(contract_end__isnull=True)
                | models.Q(contract_start__isnull=True)
                | models.Q(contract_end__gte=models.F("contract_start")),
                name="coach_contract_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"Coach profile of {self.person}"


class ModelTraining(models.Model):
    """Training a coach completed in a named coaching model (issue #17 item 2). It lives here,
    beside the coach profile, because matching (enrollment) and onboarding (development) both
    read it and people sits below both. The free-text `CoachProfile.trained_models` stays what
    the staff record says; this is the dated record matching uses."""

    coach = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="model_trainings")
    # A string reference: people never imports the question bank.
    model = models.ForeignKey(
        "questionbank.CoachingModel", on_delete=models.PROTECT, related_name="+"
    )
    completed_on = models.DateField()
    provider = models.CharField(max_length=200, blank=True)
    hours = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    recorded_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-completed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["coach", "model", "completed_on"], name="model_training_once_per_day"
            ),
            models.CheckConstraint(
                condition=models.Q(hours__isnull=True) | models.Q(hours__gt=0),
                name="model_training_hours_positive",
            ),
        ]
        indexes = [models.Index(fields=["coach", "model"])]

    def __str__(self) -> str:
        return f"Training of {self.coach_id} in {self.model_id}"
