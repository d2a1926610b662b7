"""Agreements that bind the partners: CCAP, data sharing, Education Compacts, vendor contracts."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from openpathways.core.models import TimeStamped


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")


class CcapAgreement(TimeStamped):
    """College and Career Access Pathways partnership (EC 76004) between a district and a college
    district: the courses it lists, the high schools it covers, its term."""

    name = models.CharField(max_length=200)
    district = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="ccap_agreements"
    )
    college = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="ccap_agreements_as_college",
    )
    schools = models.ManyToManyField(
        "organizations.Organization", related_name="ccap_agreements_as_school", blank=True
    )
    courses = models.ManyToManyField("catalog.Course", related_name="ccap_agreements", blank=True)
    start_date = models.DateField()
    end_date = models.DateField()
    status = models.CharField(
        max_length=12, choices=AgreementStatus.choices, default=AgreementStatus.ACTIVE
    )
    rule_pack = models.CharField(
        max_length=100, blank=True, default="ca-dual-enrollment",
        help_text=_("Eligibility rule pack applied to this agreement."),
    )  # fmt: skip

    def __str__(self) -> str:
        return self.name


class DataSharingAgreement(TimeStamped):
    """Written agreement under which student records are disclosed to a partner (FERPA)."""

    name = models.CharField(max_length=200)
    parties = models.ManyToManyField("organizations.Organization", related_name="data_agreements")
    purpose = models.TextField()
    fields = models.JSONField(default=list, help_text=_("Names of the data elements disclosed."))
    legal_basis = models.CharField(max_length=200, blank=True)
    start_date = models.DateField()
    end_date = models.DateField()
    status = models.CharField(
        max_length=12, choices=AgreementStatus.choices, default=AgreementStatus.ACTIVE
    )

    def __str__(self) -> str:
        return self.name


class EducationCompact(TimeStamped):
    """A compact between the district and a city (safety, wellness, family workshops, ...)."""

    name = models.CharField(max_length=200)
    district = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="compacts"
    )
    city = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="compacts_as_city"
    )
    signed_on = models.DateField(null=True, blank=True)
    renewal_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=AgreementStatus.choices, default=AgreementStatus.ACTIVE
    )

    def __str__(self) -> str:
        return self.name


class CommitmentStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    AT_RISK = "at_risk", _("At risk")


class CompactCommitment(TimeStamped):
    compact = models.ForeignKey(
        EducationCompact, on_delete=models.CASCADE, related_name="commitments"
    )
    title = models.CharField(max_length=200)
    category = models.CharField(max_length=50, blank=True)
    district_owner = models.CharField(max_length=200, blank=True)
    city_owner = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=12, choices=CommitmentStatus.choices, default=CommitmentStatus.PLANNED
    )

    def __str__(self) -> str:
        return self.title


class CompactMilestone(TimeStamped):
    commitment = models.ForeignKey(
        CompactCommitment, on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(max_length=200)
    due_on = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)
    evidence = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.title


class VendorContract(TimeStamped):
    """A district contract with a vendor; since 2013 it carries a work-based-learning obligation."""

    vendor = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="vendor_contracts"
    )
    district = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="contracts_as_district"
    )
    number = models.CharField(max_length=50)
    title = models.CharField(max_length=200)
    start_date = models.DateField()
    end_date = models.DateField()
    wbl_placements_committed = models.PositiveIntegerField(default=0)
    wbl_hours_committed = models.PositiveIntegerField(default=0)
    status = models.CharField(
        max_length=12, choices=AgreementStatus.choices, default=AgreementStatus.ACTIVE
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["district", "number"], name="contract_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def carries_wbl_obligation(self) -> bool:
        return bool(self.wbl_placements_committed or self.wbl_hours_committed)
