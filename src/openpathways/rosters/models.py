"""Roster discrepancies found each term, the high school's roster confirmations, and the log of
reminders and digests sent (one per recipient, subject and day)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openpathways.core.models import TimeStamped


class DiscrepancyKind(models.TextChoices):
    REGISTERED_WITHOUT_CONSENT = "registered_without_consent", _("Registered without consent")
    APPROVED_NOT_REGISTERED = "approved_not_registered", _("Approved but not registered")
    DROPPED = "dropped", _("Dropped by the college")
    SECTION_CANCELLED = "section_cancelled", _("Section cancelled")
    GRADE_MISSING = "grade_missing", _("Grade missing after the term ended")


class DiscrepancyStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")
    #: No longer found by a later reconciliation (the rosters now agree).
    CLEARED = "cleared", _("Cleared by a later reconciliation")


class RosterDiscrepancy(TimeStamped):
    """One disagreement between the college's roster and the high school's applications, for one
    student in one section. Reconciliation finds it again on every run (same student, section
    and kind), so re-running adds nothing."""

    kind = models.CharField(max_length=30, choices=DiscrepancyKind.choices)
    status = models.CharField(
        max_length=10, choices=DiscrepancyStatus.choices, default=DiscrepancyStatus.OPEN
    )
    term = models.ForeignKey("terms.Term", on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+",
        help_text=_("The student's high school."),
    )  # fmt: skip
    college = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+",
        help_text=_("The college or adult-education provider of the section."),
    )  # fmt: skip
    student = models.ForeignKey("students.Student", on_delete=models.CASCADE, related_name="+")
    section = models.ForeignKey("catalog.Section", on_delete=models.CASCADE, related_name="+")
    application = models.ForeignKey(
        "applications.Application", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    enrollment = models.ForeignKey(
        "enrollments.CourseEnrollment", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    first_seen_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    resolution_note = models.TextField(blank=True)

    class Meta:
        ordering = ["status", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "section", "kind"], name="roster_discrepancy_unique"
            )
        ]
        indexes = [
            models.Index(fields=["school", "status"]),
            models.Index(fields=["college", "status"]),
            models.Index(fields=["term", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.student_id} in {self.section_id} ({self.status})"


class RosterConfirmation(models.Model):
    """The high school's confirmation of its dual-enrollment rosters for one term."""

    school = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+"
    )
    term = models.ForeignKey("terms.Term", on_delete=models.CASCADE, related_name="+")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField()
    note = models.TextField(blank=True)
    open_discrepancies = models.PositiveIntegerField(
        default=0, help_text=_("Discrepancies still open when the roster was confirmed.")
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["school", "term"], name="roster_confirmation_unique")
        ]

    def __str__(self) -> str:
        return f"Roster of {self.school_id} for {self.term_id} confirmed {self.confirmed_at}"


class ReminderKind(models.TextChoices):
    CONSENT = "consent", _("Consent reminder to a guardian")
    DIGEST = "digest", _("Counselor digest")


class ReminderLog(models.Model):
    """One reminder or digest sent: at most one per kind, recipient, subject and day, so a second
    run on the same day sends nothing new."""

    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    #: Who and about what, e.g. `guardian:12:student:34` or `counselor:5`.
    key = models.CharField(max_length=80)
    sent_on = models.DateField()
    sent_at = models.DateTimeField()
    email = models.EmailField()
    language = models.CharField(max_length=8)
    student = models.ForeignKey(
        "students.Student", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    guardian = models.ForeignKey(
        "students.Guardian", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("Empty when sent by the scheduled command."),
    )  # fmt: skip

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "key", "sent_on"], name="reminder_once_a_day")
        ]
        indexes = [models.Index(fields=["student", "kind", "sent_on"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} on {self.sent_on}"
