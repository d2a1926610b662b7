"""Academic terms and calendars per institution (high schools and colleges keep different ones)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from openpathways.core.models import TimeStamped


class TermKind(models.TextChoices):
    SEMESTER = "semester", _("Semester")
    QUARTER = "quarter", _("Quarter")
    TRIMESTER = "trimester", _("Trimester")
    SUMMER = "summer", _("Summer session")
    INTERSESSION = "intersession", _("Intersession")
    SCHOOL_YEAR = "school_year", _("School year")
    GRADING_PERIOD = "grading_period", _("Grading period")


class Term(TimeStamped):
    institution = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="terms"
    )
    code = models.CharField(max_length=20, help_text=_("For example 2025FA."))
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=15, choices=TermKind.choices)
    academic_year = models.PositiveSmallIntegerField(
        help_text=_("Calendar year in which the academic year starts (2025 for 2025-26).")
    )
    start_date = models.DateField()
    end_date = models.DateField()

    class Meta:
        ordering = ["start_date"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "code"], name="term_unique_code"),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="term_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.institution})"
