"""What the privacy policy stores: the audit trail and disclosures made under a
confidentiality exception, both append-only. (The disclosure map lives in the agreements.)"""

from __future__ import annotations

from typing import Any, NoReturn

from django.db import models

from tandem.people.models import Person
from tandem.privacy.categories import Category, ExceptionKind, RecipientKind


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise PermissionError("This record is append-only: it cannot be changed.")

    def delete(self) -> NoReturn:
        raise PermissionError("This record is append-only: it cannot be deleted.")


class AppendOnlyModel(models.Model):
    """Rows are written once. The database refuses changes too (see migration 0002)."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise PermissionError("This record is append-only: it cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError("This record is append-only: it cannot be deleted.")


class AccessEvent(AppendOnlyModel):
    """One read or change of confidential content: who, what, which category, when, where."""

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        CREATE = "create", "Wrote"
        UPDATE = "update", "Changed"
        DISCLOSE = "disclose", "Disclosed under an exception"

    viewer = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    # Empty for records that belong to no engagement (a coach's practice rating, an unlinked
    # self-assessment); `subject` then says whose record it is.
    engagement = models.ForeignKey(
        "coaching.Engagement", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The person the record is about, when it is not an engagement's learner.",
    )
    record_type = models.CharField(max_length=50)
    record_id = models.BigIntegerField(null=True)
    category = models.CharField(max_length=30, choices=Category.choices)
    action = models.CharField(max_length=10, choices=Action.choices)
    relation = models.CharField(max_length=100, help_text="How the viewer stood to the engagement.")
    via = models.CharField(max_length=200, help_text="The page or endpoint used.")
    exception_reason = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["engagement", "at"]),
            models.Index(fields=["viewer", "at"]),
            models.Index(fields=["subject", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.record_type} {self.record_id}"


class ExceptionDisclosure(AppendOnlyModel):
    """Coaching information shared outside the agreement because an exception required it."""

    engagement = models.ForeignKey(
        "coaching.Engagement", on_delete=models.PROTECT, related_name="+"
    )
    disclosed_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    exception = models.CharField(max_length=20, choices=ExceptionKind.choices)
    # Blank only on disclosures recorded before recipients had kinds.
    recipient_kind = models.CharField(
        max_length=20, choices=RecipientKind.choices, null=True, blank=True
    )
    recipient = models.CharField(
        max_length=200, help_text="Who received it: name, role and organization."
    )
    # Whom in the engagement it concerns: the learner, or one member of a group. Null on
    # disclosures recorded before groups: then the engagement's learner.
    about = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    categories = models.JSONField(default=list, help_text="Categories of information shared.")
    summary = models.TextField(help_text="What was shared, in brief.")
    reason = models.TextField(help_text="Why the exception applied.")
    disclosed_on = models.DateField()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-disclosed_on", "-id"]

    def __str__(self) -> str:
        return f"Disclosure {self.pk} ({self.get_exception_display()})"


class ResearchConsentChange(AppendOnlyModel):
    """A person's choice about research use of their records (NASW 5.02), as they made it.

    The rows are the history shown to the person and cannot be changed; the latest one is the
    choice in force. No row: the person has not declined (tandem/privacy/research.py)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    declined = models.BooleanField(help_text="True: leave this person's records out of research.")
    via = models.CharField(max_length=200, help_text="The page or endpoint used.")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["person", "at"])]

    def __str__(self) -> str:
        return f"Research {'declined' if self.declined else 'allowed'} by {self.person_id}"


class ResearchExport(AppendOnlyModel):
    """One de-identified research export: who made it, when, with which filters, how many rows
    of each table, and how many learners were left out (and why). Never the data itself."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV files (zip)"
        XLSX = "xlsx", "Excel workbook (XLSX)"

    exported_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    scope_paths = models.JSONField(
        default=list, help_text="Paths of the org units the export covered."
    )
    scope_label = models.CharField(max_length=300)
    filters = models.JSONField(default=dict, help_text="The filters as applied: label → value.")
    file_format = models.CharField(max_length=10, choices=Format.choices)
    rows = models.JSONField(default=dict, help_text="Rows written per table.")
    declined_left_out = models.PositiveIntegerField(
        help_text="Learners left out because they declined research use."
    )
    small_groups_left_out = models.PositiveIntegerField(
        help_text="Learners left out because their agency had too few learners in the export."
    )
    via = models.CharField(max_length=200)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"Research export {self.pk}"
