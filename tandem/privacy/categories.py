"""The kinds of coaching information, and the parties an agreement can share them with.

Every confidential record belongs to exactly one category; the privacy policy decides who may
see each category of each engagement. See docs/PRIVACY.md.
"""

from __future__ import annotations

from django.db import models


class Category(models.TextChoices):
    # Only the person who wrote it: coach journal, learner journal, unshared self-assessments.
    PRIVATE = "private", "Private to its author"
    # Coach and learner: session notes and summaries, action steps, scaling answers.
    COACH_LEARNER = "coach_learner", "Between coach and learner"
    # Disclosable to other parties when the agreement says so.
    ATTENDANCE = "attendance", "Attendance"
    GOALS = "goals", "Goals"
    GOAL_RATINGS = "goal_ratings", "Goal ratings"
    PROGRESS_SUMMARY = "progress_summary", "Progress summary"
    CLOSING_SUMMARY = "closing_summary", "Closing summary"
    # That an engagement exists, its dates and counts: program lead and coach supervisor.
    ADMINISTRATIVE = "administrative", "Administrative facts"
    # Between a coach and their coach supervisor: supervision notes, competency ratings,
    # development plans (tandem/privacy/development.py). Line managers and program leads
    # learn only that supervision took place.
    COACH_SUPERVISION = "coach_supervision", "Between a coach and their coach supervisor"
    # Among a coaches' roundtable: its agenda, resources and de-identified consultations.
    COACH_COMMUNITY = "coach_community", "Among a roundtable's members"
    # Counts without identities: leadership and evaluators.
    AGGREGATE = "aggregate", "Aggregate counts"


class PartyRole(models.TextChoices):
    """Who signs an agreement (the agreements app stores it; the disclosure map reads it)."""

    COACH = "coach", "Coach"
    LEARNER = "learner", "Learner"
    SUPERVISOR = "supervisor", "Supervisor"
    LEADERSHIP = "leadership", "Leadership"
    # A further learner of a group engagement: a group agreement names every member who
    # accepted joining, and each acknowledges it (one party row per member).
    MEMBER = "member", "Group member"


class AdministrationKind(models.TextChoices):
    """What an instrument administration is; who reads its response follows from it
    (privacy/responses.py). The instruments app stores it."""

    SELF = "self", "Self-assessment"
    PRACTICE_RATING = "practice_rating", "Rating of a coach's practice"
    OBSERVATION = "observation", "Observation of a learner"
    OTHER = "other", "Other"


DISCLOSABLE: tuple[Category, ...] = (
    Category.ATTENDANCE,
    Category.GOALS,
    Category.GOAL_RATINGS,
    Category.PROGRESS_SUMMARY,
    Category.CLOSING_SUMMARY,
)


class Party(models.TextChoices):
    """The other parties to a coaching agreement, besides coach and learner."""

    SUPERVISOR = "supervisor", "Supervisor"
    LEADERSHIP = "leadership", "Leadership"
    PROGRAM_LEAD = "program_lead", "Program lead"


class Relation(models.TextChoices):
    """How a viewer stands to one engagement. A person may stand in several relations."""

    LEARNER = "learner", "Learner"
    COACH = "coach", "Coach"
    SUPERVISOR = "supervisor", "Learner's supervisor"
    LEADERSHIP = "leadership", "Leadership"
    PROGRAM_LEAD = "program_lead", "Program lead"
    COACH_SUPERVISOR = "coach_supervisor", "Coach supervisor"


class RecipientKind(models.TextChoices):
    """Whom a coach may share with under an exception: the kinds coaching agreements name."""

    CHILD_PROTECTIVE_SERVICES = "cps", "Child protective services (hotline or intake)"
    LAW_ENFORCEMENT = "law_enforcement", "Law enforcement"
    EMERGENCY_SERVICES = "emergency_services", "Emergency services"
    SUPERVISOR = "supervisor", "A named supervisor"
    COURT = "court", "A court (order or subpoena)"


class ExceptionKind(models.TextChoices):
    """The written exceptions to confidentiality (DOMAIN.md §3.4)."""

    MANDATED_REPORT = "mandated_report", "Suspected child abuse or neglect (mandated reporting)"
    IMMINENT_HARM = "imminent_harm", "Serious, foreseeable and imminent harm"
    LEGAL = "legal", "Required by law or court order"
