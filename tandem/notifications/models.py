from __future__ import annotations

from django.db import models


class Notification(models.Model):
    """A message to one person, shown in Tandem and (when they have an email) sent by email.

    Notifications never carry coaching content: they say that something happened and link to
    the page where the policy decides what the recipient may see.
    """

    recipient = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="notifications"
    )
    subject = models.CharField(max_length=200)
    body = models.TextField()
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.subject
