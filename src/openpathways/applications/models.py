"""Applications to an opportunity, as a state machine with a history row per transition."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openpathways.core.models import TimeStamped


class Program(models.TextChoices):
    CCAP = "ccap", _("CCAP partnership (EC 76004)")
    SPECIAL_ADMIT = "special-admit", _("Special part-time admission (EC 76001)")
    ADULT_ED = "adult-ed", _("Adult-education concurrent enrollment (EC 52500.1)")
    WBL = "wbl", _("Work-based learning")


class ApplicationStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ELIGIBILITY_CHECKED = "eligibility_checked", _("Eligible, awaiting recommendation")
    RECOMMENDED = "recommended", _("Recommended, awaiting consent")
    CONSENTED = "consented", _("Consent given, awaiting review")
    APPROVED = "approved", _("Approved by the college")
    REGISTERED = "registered", _("Registered")
    DENIED = "denied", _("Denied")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DROPPED = "dropped", _("Dropped")


class Application(TimeStamped):
    student = models.ForeignKey(
        "students.Student", on_delete=models.CASCADE, related_name="applications"
    )
    section = models.ForeignKey(
        "catalog.Section", null=True, blank=True, on_delete=models.PROTECT,
        related_name="applications",
    )  # fmt: skip
    opportunity = models.ForeignKey(
        "catalog.Opportunity", null=True, blank=True, on_delete=models.PROTECT,
        related_name="applications",
    )  # fmt: skip
    term = models.ForeignKey("terms.Term", null=True, blank=True, on_delete=models.PROTECT)
    program = models.CharField(max_length=15, choices=Program.choices)
    status = models.CharField(
        max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.REQUESTED,
        db_index=True,
    )  # fmt: skip
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    decision_reason = models.TextField(blank=True)
    idempotency_key = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["student", "section"],
                condition=~models.Q(status__in=["denied", "withdrawn", "dropped"]),
                name="one_live_application_per_section",
            )
        ]

    def __str__(self) -> str:
        return f"Application {self.pk} ({self.status})"


class ApplicationEvent(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"Application {self.application_id}: {self.from_status or '-'} -> {self.to_status}"
