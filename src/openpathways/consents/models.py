"""Consent ledger: parent/guardian consent once for the whole of high school (Title 5, 2023),
revocable; and the student's own release of college records to parents (FERPA)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from openpathways.core.models import TimeStamped


class ConsentKind(models.TextChoices):
    DUAL_ENROLLMENT = "dual_enrollment", _("Dual enrollment (whole of high school)")
    ADULT_ED = "adult_ed", _("Adult-education concurrent enrollment")
    WORK_BASED_LEARNING = "work_based_learning", _("Work-based learning")
    COLLEGE_RECORDS_RELEASE = "college_records_release", _("Student's release of college records")


class ConsentStatus(models.TextChoices):
    GRANTED = "granted", _("Granted")
    REVOKED = "revoked", _("Revoked")


class ConsentMethod(models.TextChoices):
    ELECTRONIC = "electronic", _("Electronic signature")
    PAPER = "paper", _("Signed paper form (scan)")


class Consent(TimeStamped):
    student = models.ForeignKey(
        "students.Student", on_delete=models.CASCADE, related_name="consents"
    )
    guardian = models.ForeignKey(
        "students.Guardian", null=True, blank=True, on_delete=models.SET_NULL
    )
    kind = models.CharField(max_length=30, choices=ConsentKind.choices)
    status = models.CharField(max_length=10, choices=ConsentStatus.choices, default="granted")
    method = models.CharField(max_length=12, choices=ConsentMethod.choices, default="electronic")
    disclosure_version = models.CharField(max_length=30)
    language = models.CharField(max_length=8, default="en")
    typed_name = models.CharField(max_length=200, blank=True)
    device = models.CharField(max_length=300, blank=True, help_text=_("User agent of the signer."))
    granted_at = models.DateTimeField()
    valid_through = models.DateField(help_text=_("End of high school unless revoked."))
    revoked_at = models.DateTimeField(null=True, blank=True)
    scan = models.FileField(upload_to="consent-scans/", blank=True)

    class Meta:
        indexes = [models.Index(fields=["student", "kind", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.student_id} ({self.status})"
