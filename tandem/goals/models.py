"""SMART goals, their Goal Attainment Scales and dated ratings (DOMAIN.md §6).

A goal and its scale are one record (category GOALS): the five behavioral anchors and the
finalize checklist live on the goal, so a revision, which copies the goal, keeps the old scale
and its ratings untouched. Ratings are category GOAL_RATINGS. Every read goes through
`tandem.privacy.policy`; every write through `tandem.goals.services`.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models

from tandem.coaching.models import Engagement
from tandem.goals.smart import goal_sentence
from tandem.people.models import Person
from tandem.privacy.categories import Category
from tandem.ui.locking import version_field

# The five levels of a Goal Attainment Scale, with the words the seed uses for each.
LEVELS: tuple[tuple[int, str], ...] = (
    (2, "Much more than expected"),
    (1, "Somewhat more than expected"),
    (0, "Expected outcome"),
    (-1, "Somewhat less than expected"),
    (-2, "Much less than expected"),
)
LEVEL_LABELS = dict(LEVELS)
ANCHOR_FIELDS: dict[int, str] = {
    2: "anchor_plus2",
    1: "anchor_plus1",
    0: "anchor_0",
    -1: "anchor_minus1",
    -2: "anchor_minus2",
}

# The finalize checklist (seed l.2274), each asked so that "yes" is the answer to aim for.
CHECKLIST: tuple[tuple[str, str], ...] = (
    ("one_behavior", "Does this scale measure only one behavior or skill?"),
    ("all_possibilities", "Have you thought about every outcome that could happen?"),
    ("no_overlap", "Is each level clearly different from the next (no two levels overlap)?"),
    ("no_gaps", "Is every outcome covered by some level (no gaps between levels)?"),
    ("terms_defined", "Are abbreviations and special terms spelled out or defined?"),
    ("measurable", "Can each level be measured or counted?"),
    ("middle_realistic", "Is the expected level realistic for the learner to reach?"),
    ("lowest_shows_progress", "Does the lowest level still show some progress?"),
)


class SmartGoalFields(models.Model):
    """A SMART goal with its Goal Attainment Scale: the fields and readings shared by a
    learner's goal (`Goal`) and a coach's development goal (development app)."""

    class Frequency(models.TextChoices):
        EACH_SESSION = "each_session", "At each coaching session"
        WEEKLY = "weekly", "Weekly"
        EVERY_TWO_WEEKS = "every_two_weeks", "Every two weeks"
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Every three months"

    # SMART: what, where/when, how much, how known, how often reported, by when, why.
    behavior = models.CharField(max_length=300)
    context = models.CharField(max_length=300, blank=True)
    target = models.CharField(max_length=200, blank=True)
    measure = models.CharField(max_length=300, blank=True)
    reporting_frequency = models.CharField(
        max_length=20, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    due_on = models.DateField(null=True, blank=True)
    why = models.TextField(blank=True)
    # The scale: one behavioral anchor per level; 0 is the SMART objective itself.
    anchor_plus2 = models.TextField(blank=True)
    anchor_plus1 = models.TextField(blank=True)
    anchor_0 = models.TextField(blank=True)
    anchor_minus1 = models.TextField(blank=True)
    anchor_minus2 = models.TextField(blank=True)
    checklist = models.JSONField(default=dict, blank=True)
    scale_finalized_on = models.DateField(null=True, blank=True)

    class Meta:
        abstract = True

    def anchors(self) -> list[tuple[int, str, str]]:
        """(level, level name, anchor) from +2 down to −2, as the scale is read."""
        return [(level, label, getattr(self, ANCHOR_FIELDS[level])) for level, label in LEVELS]

    @property
    def statement(self) -> str:
        return goal_sentence(self.behavior, self.context, self.target)

    @property
    def scale_complete(self) -> bool:
        return all(getattr(self, name).strip() for name in ANCHOR_FIELDS.values())


class Goal(SmartGoalFields):
    """One SMART goal of an engagement, with its Goal Attainment Scale."""

    CATEGORY = Category.GOALS

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ACHIEVED = "achieved", "Achieved"
        REVISED = "revised", "Revised (replaced by a new version)"
        DROPPED = "dropped", "Dropped"

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="goals")
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    revises = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="revised_by"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    agency_predetermined = models.BooleanField(default=False)
    weight = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    supervisor_alignment_note = models.TextField(blank=True)
    # The goal and its scale are edited from two forms, by the learner and the coach: every
    # save checks this (tandem/ui/locking.py), so nobody overwrites a change unseen.
    version = version_field()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__isnull=True) | models.Q(weight__gt=0),
                name="goal_weight_positive",
            )
        ]

    def __str__(self) -> str:
        return f"Goal {self.pk}"


def scale_rating_constraints(prefix: str = "") -> list[models.BaseConstraint]:
    """The database rules of a rating on a Goal Attainment Scale: a level from −2 to +2,
    halves only for the baseline, one baseline per goal."""
    return [
        models.CheckConstraint(
            condition=models.Q(level__gte=Decimal("-2")) & models.Q(level__lte=Decimal("2")),
            name=f"{prefix}rating_level_in_range",
        ),
        models.CheckConstraint(
            condition=models.Q(is_baseline=True)
            | models.Q(level__in=[Decimal(n) for n in (-2, -1, 0, 1, 2)]),
            name=f"{prefix}rating_half_levels_only_for_baseline",
        ),
        models.UniqueConstraint(
            fields=["goal"],
            condition=models.Q(is_baseline=True),
            name=f"{prefix}one_baseline_per_goal",
        ),
    ]


class ScaleRatingFields(models.Model):
    """Where someone stands on a goal's scale on a date (a learner's goal or a coach's
    development goal). The concrete model adds its `goal` and `scale_rating_constraints`."""

    rated_on = models.DateField()
    level = models.DecimalField(max_digits=2, decimal_places=1)
    is_baseline = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def level_label(self) -> str:
        return level_label(self.level)


class GoalRating(ScaleRatingFields):
    """Where the learner stands on a goal's scale on a date, agreed with the coach.

    The first rating of a goal is its baseline. Only a baseline may sit halfway between two
    levels (−1.5: "between much less and somewhat less than expected", seed l.2332); later
    ratings are whole levels. See docs/GOALS.md.
    """

    CATEGORY = Category.GOAL_RATINGS

    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="ratings")

    class Meta:
        ordering = ["rated_on", "pk"]
        constraints = scale_rating_constraints()

    def __str__(self) -> str:
        return f"Rating {self.pk}"


def signed(level: int) -> str:
    """A level as people write it: +2, +1, 0, −1, −2."""
    return f"{level:+d}" if level else "0"


def level_label(level: Decimal | float | int) -> str:
    """Plain words for a level, including a baseline halfway between two levels."""
    value = Decimal(str(level))
    if value == value.to_integral_value():
        return LEVEL_LABELS[int(value)]
    low = int(value.to_integral_value(rounding="ROUND_FLOOR"))
    return f"Between {LEVEL_LABELS[low].lower()} and {LEVEL_LABELS[low + 1].lower()}"
