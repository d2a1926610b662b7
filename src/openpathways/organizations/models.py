"""Organizations of a partnership: one tree (county office > district > school) plus partners."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from openpathways.core.choices import IndustrySector
from openpathways.core.models import TimeStamped

HIGH_SCHOOL_GRADES = (9, 12)


class OrganizationKind(models.TextChoices):
    COUNTY_OFFICE = "county_office", _("County office of education")
    DISTRICT = "district", _("School district")
    SCHOOL = "school", _("School")
    COLLEGE_DISTRICT = "college_district", _("Community college district")
    COLLEGE = "college", _("College")
    ADULT_ED = "adult_ed", _("Adult-education division")
    CITY = "city", _("City")
    EMPLOYER = "employer", _("Employer or vendor")


class Organization(TimeStamped):
    """Any party in a partnership. `parent` builds the tenancy tree: a county office sees its
    districts, a district its schools, a college district its colleges."""

    kind = models.CharField(max_length=20, choices=OrganizationKind.choices, db_index=True)
    name = models.CharField(max_length=200)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    code = models.CharField(
        max_length=20,
        blank=True,
        db_index=True,
        help_text=_("External identifier: CDS code for schools, districts and county offices."),
    )
    street = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True, db_index=True)
    zip_code = models.CharField(max_length=10, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    website = models.URLField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    industry_sector = models.CharField(
        max_length=30, choices=IndustrySector.choices, blank=True, help_text=_("Employers only.")
    )
    is_vendor = models.BooleanField(
        default=False, help_text=_("Holds one or more district contracts.")
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self) -> str:
        return self.name


class SchoolStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")
    MERGED = "merged", _("Merged")
    PENDING = "pending", _("Pending")


class SchoolType(models.TextChoices):
    HIGH = "high", _("High school")
    SPAN_6_12 = "span_6_12", _("Grades 6-12")
    CONTINUATION = "continuation", _("Continuation high school")
    MIDDLE = "middle", _("Middle school")
    ELEMENTARY = "elementary", _("Elementary school")
    ADULT_ED = "adult_ed", _("Adult-education center")
    OTHER = "other", _("Other")


def grade_code(grade: int) -> str:
    """CDE writes grade spans as P, K, 1..12, Adult; we store integers (K=0, P=-1, Adult=13)."""
    return {-1: "P", 0: "K", 13: "Adult"}.get(grade, str(grade))


class School(TimeStamped):
    """School details of an Organization of kind `school` (from the CDE public schools list)."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, primary_key=True, related_name="school"
    )
    cds_code = models.CharField(max_length=14, unique=True)
    status = models.CharField(
        max_length=10, choices=SchoolStatus.choices, default=SchoolStatus.ACTIVE
    )
    school_type = models.CharField(max_length=20, choices=SchoolType.choices, default="high")
    charter = models.BooleanField(default=False)
    grade_offered_low = models.SmallIntegerField(null=True, blank=True)
    grade_offered_high = models.SmallIntegerField(null=True, blank=True)
    grade_served_low = models.SmallIntegerField(null=True, blank=True)
    grade_served_high = models.SmallIntegerField(null=True, blank=True)
    serves_9_12 = models.BooleanField(
        default=False,
        db_index=True,
        help_text=_("Served grade span (offered when served is missing) overlaps 9-12."),
    )
    adult_ed_host = models.BooleanField(
        default=False, help_text=_("Hosts adult-education CTE classes.")
    )

    class Meta:
        ordering = ["cds_code"]

    def __str__(self) -> str:
        return f"{self.organization.name} ({self.cds_code})"

    def compute_serves_9_12(self) -> bool:
        low, high = self.grade_served_low, self.grade_served_high
        if low is None or high is None:
            low, high = self.grade_offered_low, self.grade_offered_high
        if low is None or high is None:
            return False
        return low <= HIGH_SCHOOL_GRADES[1] and high >= HIGH_SCHOOL_GRADES[0]

    def save(self, *args: object, **kwargs: object) -> None:
        # A derived column kept in step with its inputs (not a business rule).
        self.serves_9_12 = self.compute_serves_9_12()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def served_span(self) -> str:
        if self.grade_served_low is None or self.grade_served_high is None:
            return ""
        return f"{grade_code(self.grade_served_low)}-{grade_code(self.grade_served_high)}"


class Contact(TimeStamped):
    """A named person at a partner organization (employer supervisor, city liaison, college)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(max_length=200)
    title = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    preferred_language = models.CharField(max_length=8, default="en")

    def __str__(self) -> str:
        return f"{self.name} ({self.organization})"
