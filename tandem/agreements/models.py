"""Coaching agreements: versioned, acknowledged by every party, with the disclosure map that
the privacy policy enforces (see tandem/privacy/disclosure.py)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from tandem.agreements.fields import KINDS
from tandem.coaching.models import Engagement
from tandem.people.models import Person
from tandem.privacy.categories import Category, Party, PartyRole
from tandem.ui.locking import version_field

KIND_CHOICES = list(KINDS.items())


class AgreementTemplate(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    kind = models.CharField(max_length=30, choices=KIND_CHOICES)
    title = models.CharField(max_length=200)
    defaults = models.JSONField(default=dict, help_text="Starting text for each field.")
    default_disclosure = models.JSONField(
        default=dict, help_text="Party -> categories shared, as a starting point."
    )
    is_builtin = models.BooleanField(default=False)
    updated_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Program leads edit templates: saved only from the version the form opened (ui/locking.py).
    version = version_field()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Agreement(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SENT = "sent", "Sent for acknowledgment"
        IN_FORCE = "in_force", "In force"
        ENDED = "ended", "Ended"

    engagement = models.OneToOneField(
        Engagement, on_delete=models.CASCADE, related_name="agreement"
    )
    template = models.ForeignKey(AgreementTemplate, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30, choices=KIND_CHOICES)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    in_force_version = models.OneToOneField(
        "AgreementVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="in_force_for",
        help_text="The version whose terms apply now. Set only when every party acknowledged.",
    )
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    # How many times the coach and the learner saved the text and the disclosure map (whichever
    # AgreementVersion that went to): an edit form opened before the last save cannot save over
    # it (tandem/ui/locking.py). Not the agreement's version numbers, which parties acknowledge.
    version = version_field()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Agreement {self.pk}"


class AgreementVersion(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField(default=dict)
    rendered_text = models.TextField(blank=True, help_text="Exactly what the parties acknowledge.")
    text_hash = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    in_force_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="version_number_once")
        ]

    def __str__(self) -> str:
        return f"Agreement {self.agreement_id} version {self.number}"


class AgreementParty(models.Model):
    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(max_length=12, choices=PartyRole.choices)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["version", "role"]
        constraints = [
            # One coach, learner, supervisor and leadership per version; members are many.
            models.UniqueConstraint(
                fields=["version", "role"], condition=~Q(role="member"), name="party_once"
            ),
            models.UniqueConstraint(fields=["version", "role", "person"], name="party_person_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.person}"


class AgreementDisclosure(models.Model):
    """One row of a version's disclosure map: this party may see this category."""

    version = models.ForeignKey(
        AgreementVersion, on_delete=models.CASCADE, related_name="disclosures"
    )
    party = models.CharField(max_length=20, choices=Party.choices)
    category = models.CharField(max_length=30, choices=Category.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["version", "party", "category"], name="disclosure_once_per_category"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_party_display()} may see {self.get_category_display()}"


class Acknowledgment(models.Model):
    version = models.ForeignKey(
        AgreementVersion, on_delete=models.PROTECT, related_name="acknowledgments"
    )
    role = models.CharField(max_length=12, choices=PartyRole.choices)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    text_hash = models.CharField(max_length=64)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "role"],
                condition=~Q(role="member"),
                name="acknowledged_once_per_role",
            ),
            models.UniqueConstraint(
                fields=["version", "role", "person"], name="acknowledged_once_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} acknowledged version {self.version.number}"
