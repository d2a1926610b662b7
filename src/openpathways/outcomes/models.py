"""Senior campaign statuses with their change history, AA-degree plans, and the history of
corrections to outcome records (credentials, work-based learning hours). Grade corrections keep
their own history in enrollments.GradeChange."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openpathways.core.models import TimeStamped
from openpathways.outcomes.choices import (
    CampaignField,
    CampaignSource,
    CollegeApplicationStatus,
    FinancialAidStatus,
    OutcomeRecordType,
)


class SeniorCampaign(TimeStamped):
    """One senior's college and financial-aid application status for their graduating class."""

    student = models.ForeignKey(
        "students.Student", on_delete=models.CASCADE, related_name="senior_campaigns"
    )
    class_of = models.PositiveSmallIntegerField(help_text=_("Year of graduation."))
    financial_aid = models.CharField(
        max_length=20, choices=FinancialAidStatus.choices, default=FinancialAidStatus.NOT_STARTED
    )
    financial_aid_on = models.DateField(
        null=True, blank=True, help_text=_("Date of the current financial-aid status.")
    )
    community_college = models.CharField(
        max_length=20,
        choices=CollegeApplicationStatus.choices,
        default=CollegeApplicationStatus.NOT_STARTED,
    )
    community_college_on = models.DateField(null=True, blank=True)
    university = models.CharField(
        max_length=20,
        choices=CollegeApplicationStatus.choices,
        default=CollegeApplicationStatus.NOT_STARTED,
    )
    university_on = models.DateField(null=True, blank=True)
    source = models.CharField(
        max_length=10, choices=CampaignSource.choices, default=CampaignSource.COUNSELOR
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["student", "class_of"], name="senior_campaign_unique")
        ]
        indexes = [models.Index(fields=["class_of", "financial_aid"])]

    def __str__(self) -> str:
        return f"{self.student_id} class of {self.class_of}: {self.financial_aid}"


class CampaignChange(models.Model):
    """One change of one campaign status: who, when, from what to what, and from where."""

    campaign = models.ForeignKey(SeniorCampaign, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(max_length=20, choices=CampaignField.choices)
    old_value = models.CharField(max_length=20, blank=True)
    new_value = models.CharField(max_length=20)
    old_on = models.DateField(null=True, blank=True)
    new_on = models.DateField(null=True, blank=True)
    changed_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    actor_label = models.CharField(max_length=150, blank=True)
    source = models.CharField(max_length=10, choices=CampaignSource.choices)
    source_detail = models.CharField(
        max_length=300, blank=True, help_text=_("For example the file and line that carried it.")
    )

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.field}: {self.old_value or '-'} -> {self.new_value}"


class AaDegreePlan(TimeStamped):
    """A student working toward an associate degree along one of a college's degree pathways."""

    student = models.ForeignKey(
        "students.Student", on_delete=models.CASCADE, related_name="aa_degree_plans"
    )
    aa_pathway = models.ForeignKey(
        "catalog.AaDegreePathway", on_delete=models.PROTECT, related_name="plans"
    )
    declared_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["student", "aa_pathway"], name="aa_plan_unique")
        ]

    def __str__(self) -> str:
        return f"{self.student_id} toward {self.aa_pathway_id}"


class OutcomeCorrection(models.Model):
    """One corrected field of an outcome record (a credential or a day of hours): the old and
    the new value, who corrected it, when and why. The record itself holds the new value."""

    student = models.ForeignKey(
        "students.Student", on_delete=models.CASCADE, related_name="outcome_corrections"
    )
    record_type = models.CharField(max_length=12, choices=OutcomeRecordType.choices)
    record_id = models.PositiveBigIntegerField()
    field = models.CharField(max_length=40)
    old_value = models.CharField(max_length=300, blank=True)
    new_value = models.CharField(max_length=300, blank=True)
    reason = models.CharField(max_length=500)
    changed_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    actor_label = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["changed_at", "pk"]
        indexes = [models.Index(fields=["record_type", "record_id"])]

    def __str__(self) -> str:
        record = f"{self.record_type} {self.record_id}.{self.field}"
        return f"{record}: {self.old_value} -> {self.new_value}"
