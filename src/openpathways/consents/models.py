"""Consent ledger: parent/guardian consent once for the whole of high school (Title 5, 2023),
revocable; and the student's own release of college records to parents (FERPA)."""

from __future__ import annotations

from django.conf import settings
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
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("Staff member who recorded a paper form."),
    )  # fmt: skip
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    revocation_method = models.CharField(max_length=20, blank=True, db_default="")
    revocation_note = models.TextField(blank=True, db_default="")

    class Meta:
        indexes = [models.Index(fields=["student", "kind", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.student_id} ({self.status})"


class LinkPurpose(models.TextChoices):
    GRANT = "grant", _("Give consent")
    REVOKE = "revoke", _("Withdraw consent")


class ConsentLink(TimeStamped):
    """A signed, expiring, one-time link sent to a guardian: it needs no account. The signed token
    names this row, its nonce, the guardian, the student and the kind; the row makes it one-time
    (`used_at`) and revocable (`revoked_at`)."""

    student = models.ForeignKey(
        "students.Student", on_delete=models.CASCADE, related_name="consent_links"
    )
    guardian = models.ForeignKey("students.Guardian", on_delete=models.CASCADE)
    kind = models.CharField(max_length=30, choices=ConsentKind.choices)
    purpose = models.CharField(max_length=10, choices=LinkPurpose.choices, default="grant")
    nonce = models.CharField(max_length=32, unique=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    consent = models.ForeignKey(
        Consent, null=True, blank=True, on_delete=models.SET_NULL, related_name="links"
    )

    def __str__(self) -> str:
        return f"{self.purpose} link for {self.student_id} ({self.kind})"
