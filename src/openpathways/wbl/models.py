"""Work-based learning placements and the hours students log in them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openpathways.core.models import TimeStamped


class PlacementStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    PLACED = "placed", _("Placed")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Placement(TimeStamped):
    student = models.ForeignKey(
        "students.Student", on_delete=models.CASCADE, related_name="wbl_placements"
    )
    opportunity = models.ForeignKey(
        "catalog.WblOpportunity", on_delete=models.PROTECT, related_name="placements"
    )
    status = models.CharField(max_length=10, choices=PlacementStatus.choices, default="applied")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    supervisor = models.ForeignKey(
        "organizations.Contact", null=True, blank=True, on_delete=models.SET_NULL
    )
    evaluation_code = models.CharField(
        max_length=2, blank=True, help_text=_("CALPADS internship employer performance evaluation.")
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["student", "opportunity"], name="placement_unique")
        ]

    def __str__(self) -> str:
        return f"{self.student_id} at {self.opportunity_id}"


class HoursLog(TimeStamped):
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="hours")
    worked_on = models.DateField()
    hours = models.DecimalField(max_digits=5, decimal_places=2)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.CharField(max_length=200, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(hours__gt=0), name="hours_positive")
        ]
