"""Coach development: supervision of coaches, their competencies, expertise, training and
development plans, roundtables and onboarding (issue #17, docs/COACH_DEVELOPMENT.md).

Every rule for who reads or writes these records lives in `tandem/privacy/development.py`;
nothing here decides it. Each confidential record type names its privacy category.
"""

from __future__ import annotations

from django.db import models

from tandem.goals.models import ScaleRatingFields, SmartGoalFields, scale_rating_constraints
from tandem.people.models import OrgUnit, Person
from tandem.privacy.categories import Category
from tandem.ui.locking import version_field


class CoachSupervisorAssignment(models.Model):
    """Who supervises a coach's coaching practice (DOMAIN.md §2). Never the coach's line
    manager nor anyone above them (APECS, seed 003 l.11709): the service refuses it and says
    why. One current assignment per coach, held by the database."""

    coach = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="coach_supervisor_assignments"
    )
    supervisor = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="coach_supervision_assignments"
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(coach=models.F("supervisor")),
                name="coach_supervisor_is_not_the_coach",
            ),
            models.UniqueConstraint(
                fields=["coach"],
                condition=models.Q(ended_on__isnull=True),
                name="one_current_coach_supervisor",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="coach_supervision_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"Coach supervision of {self.coach_id} by {self.supervisor_id}"


class ProgramSettings(models.Model):
    """What one coaching program (a unit and everything under it, usually an agency or the
    state) expects of its coaches: supervision cadence, competency rating interval and the
    coaching models a new coach is trained in before taking learners."""

    class Pattern(models.TextChoices):
        ALTERNATE = "alternate", "Alternate group and individual supervision"
        INDIVIDUAL = "individual", "Individual supervision only"
        GROUP = "group", "Group supervision only"

    scope = models.OneToOneField(OrgUnit, on_delete=models.CASCADE, related_name="+")
    supervision_every_days = models.PositiveSmallIntegerField(
        default=14,
        help_text="Days between supervision sessions for each coach (seed 001: two weeks).",
    )
    supervision_pattern = models.CharField(
        max_length=12, choices=Pattern.choices, default=Pattern.ALTERNATE
    )
    remind_days_before = models.PositiveSmallIntegerField(
        default=2, help_text="Days before a supervision session is due that the pair is reminded."
    )
    competency_every_months = models.PositiveSmallIntegerField(
        default=6, help_text="Months between competency ratings after the first."
    )
    required_models = models.ManyToManyField(
        "questionbank.CoachingModel",
        blank=True,
        related_name="+",
        help_text="Coaching models a coach is trained in before taking learners.",
    )
    version = version_field()

    class Meta:
        verbose_name_plural = "program settings"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(supervision_every_days__gte=1),
                name="supervision_interval_positive",
            )
        ]

    def __str__(self) -> str:
        return f"Coach development settings for {self.scope_id}"


class SupervisionSession(models.Model):
    """An individual or group supervision session. Its notes and the situations brought to it
    are between the coach(es) and the coach supervisor (category COACH_SUPERVISION); the
    coach's line manager and the program lead learn only that it took place."""

    CATEGORY = Category.COACH_SUPERVISION

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", "Individual supervision"
        GROUP = "group", "Group supervision"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    supervisor = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="supervision_sessions_led"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    place = models.CharField(max_length=300, blank=True)
    notes = models.TextField(blank=True)
    next_steps = models.TextField(blank=True)
    sequence = models.PositiveIntegerField(
        default=0, help_text="Calendar revision: raised on every change so invitations update."
    )
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = version_field()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["supervisor", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=5), name="supervision_lasts_minutes"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"


class SupervisionAttendee(models.Model):
    """A coach invited to a supervision session, and whether they came."""

    session = models.ForeignKey(
        SupervisionSession, on_delete=models.CASCADE, related_name="attendees"
    )
    coach = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="supervision_seats")
    attended = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["coach__last_name", "coach__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "coach"], name="supervision_seat_once")
        ]
        indexes = [models.Index(fields=["coach", "session"])]

    def __str__(self) -> str:
        return f"Seat of {self.coach_id} at {self.session_id}"


class Roundtable(models.Model):
    """A recurring peer-learning meeting of coaches (seed 001: monthly roundtables; quarterly
    statewide collaborative). A statewide collaborative's scope is the state, so it spans
    counties."""

    class Level(models.TextChoices):
        UNIT = "unit", "Unit or office roundtable"
        COUNTY = "county", "County roundtable"
        STATEWIDE = "statewide", "Statewide collaborative"

    name = models.CharField(max_length=200)
    level = models.CharField(max_length=12, choices=Level.choices)
    scope = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    facilitator = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    purpose = models.TextField(blank=True)
    every_weeks = models.PositiveSmallIntegerField(
        default=4, help_text="Weeks between meetings (4 for monthly, 13 for quarterly)."
    )
    members = models.ManyToManyField(Person, blank=True, related_name="roundtables")
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = version_field()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RoundtableMeeting(models.Model):
    """One meeting of a roundtable: time, place, agenda and attendance."""

    CATEGORY = Category.COACH_COMMUNITY

    roundtable = models.ForeignKey(Roundtable, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=90)
    place = models.CharField(max_length=300, blank=True)
    agenda = models.TextField(blank=True)
    cancelled = models.BooleanField(default=False)
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    version = version_field()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["roundtable", "starts_at"])]

    def __str__(self) -> str:
        return f"Meeting {self.pk} of {self.roundtable_id}"


class RoundtableAttendance(models.Model):
    meeting = models.ForeignKey(
        RoundtableMeeting, on_delete=models.CASCADE, related_name="attendance"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    attended = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="roundtable_attendance_once")
        ]
        indexes = [models.Index(fields=["person", "meeting"])]

    def __str__(self) -> str:
        return f"Attendance of {self.person_id} at {self.meeting_id}"


class RoundtableResource(models.Model):
    """A file or link shared with a roundtable's members."""

    roundtable = models.ForeignKey(Roundtable, on_delete=models.CASCADE, related_name="resources")
    meeting = models.ForeignKey(
        RoundtableMeeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=200)
    url = models.URLField(blank=True)
    file = models.FileField(upload_to="roundtables/%Y/%m/", blank=True)
    added_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-added_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(url="") | ~models.Q(file=""),
                name="roundtable_resource_has_link_or_file",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Consultation(models.Model):
    """A coaching situation brought to supervision or to a roundtable, told without naming the
    learner, a child or a family (tenet 6; the form warns when the text looks like it does)."""

    supervision = models.ForeignKey(
        SupervisionSession,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="consultations",
    )
    meeting = models.ForeignKey(
        RoundtableMeeting,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="consultations",
    )
    brought_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    situation = models.TextField()
    learning = models.TextField(blank=True, help_text="What the coach takes from the discussion.")
    # The writer saw the identifier warning and confirmed the text names nobody.
    confirmed_despite_warning = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    version = version_field()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(supervision__isnull=False, meeting__isnull=True)
                | models.Q(supervision__isnull=True, meeting__isnull=False),
                name="consultation_in_supervision_or_meeting",
            )
        ]

    def __str__(self) -> str:
        return f"Consultation {self.pk}"


class CompetencyRating(models.Model):
    """A rating of one coach's mastery abilities (Toolkit Table 4.1, in Tandem's words:
    `people.Competency`), by the coach or by their coach supervisor. Category
    COACH_SUPERVISION: the coach and their coach supervisor read it, nobody else."""

    CATEGORY = Category.COACH_SUPERVISION

    class Rater(models.TextChoices):
        SELF = "self", "The coach's own rating"
        SUPERVISOR = "supervisor", "The coach supervisor's rating"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    coach = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="competency_ratings")
    rater = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    rater_kind = models.CharField(max_length=12, choices=Rater.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    rated_on = models.DateField()
    # Competency code → level 1..4, or null for "not observed yet".
    levels = models.JSONField(default=dict, blank=True)
    comments = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    version = version_field()

    class Meta:
        ordering = ["-rated_on", "-pk"]
        indexes = [models.Index(fields=["coach", "rated_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(submitted_at__isnull=False),
                name="submitted_competency_rating_has_time",
            ),
            models.CheckConstraint(
                condition=~models.Q(rater_kind="self") | models.Q(rater=models.F("coach")),
                name="self_rating_is_by_the_coach",
            ),
        ]

    def __str__(self) -> str:
        return f"Competency rating {self.pk}"


class ExpertiseChange(models.Model):
    """The coach's expertise level (Toolkit Table 6.3) from a date, with who decided it: the
    history behind `CoachProfile.expertise_level`, which holds the latest."""

    coach = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="expertise_history")
    level = models.CharField(max_length=20)
    since = models.DateField()
    decided_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-since", "-pk"]

    def __str__(self) -> str:
        return f"{self.level} from {self.since}"


# Training in named coaching models is `tandem.people.models.ModelTraining`: matching, which
# sits below this app, reads it too.


class OnboardingStep(models.Model):
    """A step of a new coach's onboarding that no other record shows (shadowing an experienced
    coach), confirmed by the coach supervisor or program lead. The other steps are read from
    their own records: training, a rated observed session, a supervision attended."""

    class Step(models.TextChoices):
        SHADOWING = "shadowing", "Shadowed an experienced coach"

    coach = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="onboarding_steps")
    step = models.CharField(max_length=20, choices=Step.choices)
    completed_on = models.DateField()
    confirmed_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["coach", "step"], name="onboarding_step_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()} ({self.coach_id})"


class CoachDevelopmentPlan(models.Model):
    """A coach's development plan, agreed between the coach and their coach supervisor. Its
    goals use the goals app's SMART advice, Goal Attainment Scale and T-score."""

    CATEGORY = Category.COACH_SUPERVISION

    coach = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="development_plans")
    supervisor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    focus = models.CharField(max_length=300, blank=True)
    starts_on = models.DateField()
    review_on = models.DateField(null=True, blank=True)
    coach_agreed_at = models.DateTimeField(null=True, blank=True)
    supervisor_agreed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = version_field()

    class Meta:
        ordering = ["-starts_on", "-pk"]

    def __str__(self) -> str:
        return f"Development plan {self.pk}"

    @property
    def agreed(self) -> bool:
        return self.coach_agreed_at is not None and self.supervisor_agreed_at is not None


class DevelopmentGoal(SmartGoalFields):
    """One SMART goal of a coach's development plan, with its Goal Attainment Scale."""

    CATEGORY = Category.COACH_SUPERVISION

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ACHIEVED = "achieved", "Achieved"
        DROPPED = "dropped", "Dropped"

    plan = models.ForeignKey(CoachDevelopmentPlan, on_delete=models.CASCADE, related_name="goals")
    competency = models.ForeignKey(
        "people.Competency",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The mastery ability this goal develops, if one.",
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ACTIVE)
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = version_field()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Development goal {self.pk}"


class DevelopmentGoalRating(ScaleRatingFields):
    """Where the coach stands on a development goal's scale on a date, agreed with their
    coach supervisor."""

    CATEGORY = Category.COACH_SUPERVISION

    goal = models.ForeignKey(DevelopmentGoal, on_delete=models.PROTECT, related_name="ratings")

    class Meta:
        ordering = ["rated_on", "pk"]
        constraints = scale_rating_constraints("development_")

    def __str__(self) -> str:
        return f"Development goal rating {self.pk}"


class SupervisionReminder(models.Model):
    """One reminder to a coach and their coach supervisor that supervision is due (or
    overdue) on `due_on`. Held once per coach and due date, so `remind_supervision` never
    sends the same reminder twice; a held session moves the due date, which gets its own."""

    coach = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["coach", "due_on"], name="one_supervision_reminder_per_due_date"
            )
        ]

    def __str__(self) -> str:
        return f"Supervision reminder for {self.coach_id} due {self.due_on}"
