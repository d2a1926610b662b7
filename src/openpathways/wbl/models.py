"""Work-based learning placements and the hours students log in them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openpathways.core.choices import IndustrySector
from openpathways.core.models import TimeStamped


class PlacementStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    PLACED = "placed", _("Placed")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class PlacementSignatures(models.Model):
    """Abstract: the placement agreement, signed by the student, a guardian and the supervisor
    (typed name and time; electronic signatures with intent shown, ESIGN/UETA)."""

    student_signed_at = models.DateTimeField(null=True, blank=True)
    student_signed_name = models.CharField(max_length=200, blank=True, db_default="")
    guardian_signed_at = models.DateTimeField(null=True, blank=True)
    guardian_signed_name = models.CharField(max_length=200, blank=True, db_default="")
    supervisor_signed_at = models.DateTimeField(null=True, blank=True)
    supervisor_signed_name = models.CharField(max_length=200, blank=True, db_default="")

    class Meta:
        abstract = True


class Placement(PlacementSignatures, TimeStamped):
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
    evaluated_at = models.DateTimeField(null=True, blank=True)
    evaluated_by = models.CharField(
        max_length=200, blank=True, db_default="",
        help_text=_("The supervisor who evaluated, or the coordinator who recorded none."),
    )  # fmt: skip

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


class PlacementForm(TimeStamped):
    """A form on file for a placement (emergency card, work permit, safety orientation)."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="forms")
    code = models.CharField(max_length=30)
    received_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["placement", "code"], name="placement_form_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} for placement {self.placement_id}"


class EmployerLink(TimeStamped):
    """A signed, expiring, revocable link that lets an employer act without an account: post
    opportunities (purpose `post`) or, for one supervisor, confirm hours and evaluate interns
    (purpose `supervise`). The token names this row and its nonce; the row makes it revocable."""

    employer = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="wbl_links"
    )
    contact = models.ForeignKey(
        "organizations.Contact", null=True, blank=True, on_delete=models.CASCADE,
        related_name="wbl_links",
    )  # fmt: skip
    purpose = models.CharField(max_length=10)
    nonce = models.CharField(max_length=32, unique=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.purpose} link for {self.employer_id}"


class LinkedLearningPathway(TimeStamped):
    """A Linked Learning pathway of one school in one industry sector (often built on a CTE
    pathway); published work-based-learning opportunities of the sector are offered through it."""

    school = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE,
        related_name="linked_learning_pathways",
    )  # fmt: skip
    name = models.CharField(max_length=200)
    name_es = models.CharField(max_length=200, blank=True)
    sector = models.CharField(max_length=30, choices=IndustrySector.choices, db_index=True)
    cte_pathway = models.ForeignKey(
        "catalog.CtePathway", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    certified = models.BooleanField(default=False, help_text=_("Linked Learning certified."))
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["school__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="ll_pathway_unique_name")
        ]

    def __str__(self) -> str:
        return self.name
