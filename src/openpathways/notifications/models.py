"""A log of the notifications sent: who, in which language, about what, and whether it went."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RecipientKind(models.TextChoices):
    STUDENT = "student", _("Student")
    GUARDIAN = "guardian", _("Parent or guardian")
    COUNSELOR = "counselor", _("Counselor")
    COLLEGE_STAFF = "college_staff", _("College or adult-education staff")


class NotificationStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Notification(models.Model):
    event = models.CharField(
        max_length=60, db_index=True, help_text=_("For example applications.recommended.")
    )
    recipient_kind = models.CharField(max_length=20, choices=RecipientKind.choices)
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = models.EmailField()
    language = models.CharField(max_length=8)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    student_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    application_id = models.BigIntegerField(null=True, blank=True)
    sent_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=NotificationStatus.choices)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.event} to {self.email} ({self.language})"
