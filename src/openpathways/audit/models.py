"""Audit events: every write and every read of student records, with actor, purpose and time.
Rows whose `student` is set make up that student's disclosure log (FERPA 34 CFR 99.32)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_label = models.CharField(max_length=200, blank=True)
    actor_role = models.CharField(max_length=30, blank=True)
    action = models.CharField(
        max_length=80, db_index=True, help_text="Dotted, e.g. students.viewed"
    )
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    student = models.ForeignKey(
        "students.Student", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="audit_events", db_constraint=False,
    )  # fmt: skip
    purpose = models.CharField(max_length=200, blank=True)
    channel = models.CharField(max_length=20, blank=True, help_text="web, api, export, cli, ...")
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["student", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} by {self.actor_label}"
