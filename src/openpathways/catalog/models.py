"""The catalog of the five opportunity types and where each is offered."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from openpathways.core.choices import IndustrySector
from openpathways.core.models import TimeStamped


class OpportunityType(models.TextChoices):
    """The district's five opportunity types (goal: every 9-12 school offers at least one)."""

    COLLEGE_CREDIT = "college_credit", _("College-credit course")
    CTE_PATHWAY = "cte_pathway", _("CTE pathway")
    INDUSTRY_CERTIFICATION = "industry_certification", _("Industry certification")
    WORK_BASED_LEARNING = "work_based_learning", _("Internship or apprenticeship")
    AA_DEGREE = "aa_degree", _("Associate degree (AA)")


class Subject(models.TextChoices):
    ACADEMIC = "academic", _("Academic")
    CTE = "cte", _("Career technical education")
    OTHER = "other", _("Other")


class Provider(models.TextChoices):
    COLLEGE = "college", _("College")
    ADULT_ED = "adult_ed", _("Adult education")
    #: A high school's own class, known from its roster (OneRoster); not a partner offering.
    HIGH_SCHOOL = "school", _("High school")


class Course(TimeStamped):
    """A college or adult-education course (the catalog entry, not a scheduled section)."""

    provider_org = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="courses"
    )
    provider = models.CharField(max_length=10, choices=Provider.choices, default=Provider.COLLEGE)
    code = models.CharField(max_length=30, help_text=_("For example ENGL 101."))
    title = models.CharField(max_length=200)
    title_es = models.CharField(max_length=200, blank=True)
    units = models.DecimalField(max_digits=4, decimal_places=1, default=3)
    subject = models.CharField(max_length=10, choices=Subject.choices, default=Subject.ACADEMIC)
    sector = models.CharField(max_length=30, choices=IndustrySector.choices, blank=True)
    top_code = models.CharField(
        max_length=10, blank=True, help_text=_("Taxonomy of Programs code.")
    )
    state_course_code = models.CharField(max_length=10, blank=True, help_text=_("CALPADS code."))
    transferable = models.BooleanField(default=True)
    prerequisites = models.ManyToManyField("self", symmetrical=False, blank=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["provider_org", "code"], name="course_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Modality(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class ScheduleKind(models.TextChoices):
    SCHOOL_DAY = "school_day", _("During the school day")
    AFTER_SCHOOL = "after_school", _("After school")
    EVENING = "evening", _("Evening")
    SATURDAY = "saturday", _("Saturday")


class SectionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class Section(TimeStamped):
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sections")
    term = models.ForeignKey("terms.Term", on_delete=models.PROTECT, related_name="sections")
    code = models.CharField(max_length=30, help_text=_("Section number or CRN."))
    host_site = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="hosted_sections",
        help_text=_("Where it meets: a high school, a college campus or an adult-ed center."),
    )
    modality = models.CharField(max_length=10, choices=Modality.choices, default="in_person")
    schedule = models.CharField(max_length=15, choices=ScheduleKind.choices, default="school_day")
    meeting_days = models.CharField(max_length=20, blank=True, help_text=_("For example MW or Sa."))
    start_time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True)
    capacity = models.PositiveIntegerField(default=30)
    high_school_only = models.BooleanField(
        default=False, help_text=_("Closed to the public (only at the high school, school day).")
    )
    ccap_agreement = models.ForeignKey(
        "agreements.CcapAgreement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sections",
    )
    status = models.CharField(max_length=10, choices=SectionStatus.choices, default="open")
    instructor = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["term__start_date", "course__code", "code"]
        constraints = [
            models.UniqueConstraint(fields=["course", "term", "code"], name="section_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.course.code}-{self.code} ({self.term.code})"


class CtePathway(TimeStamped):
    """A CTE pathway: a course sequence in one of the 15 industry sectors, ending in a capstone."""

    code = models.CharField(max_length=10, unique=True, help_text=_("CALPADS CTE pathway code."))
    title = models.CharField(max_length=200)
    title_es = models.CharField(max_length=200, blank=True)
    sector = models.CharField(max_length=30, choices=IndustrySector.choices)
    course_sequence = models.JSONField(
        default=list, help_text=_("Course titles in order: introductory, concentrator, capstone.")
    )
    capstone_course = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class IndustryCertification(TimeStamped):
    name = models.CharField(max_length=200)
    name_es = models.CharField(max_length=200, blank=True)
    issuer = models.CharField(max_length=200)
    sector = models.CharField(max_length=30, choices=IndustrySector.choices)

    def __str__(self) -> str:
        return self.name


class WblType(models.TextChoices):
    """Work-based learning types; the code is the CALPADS WBLR type code where one exists."""

    INTERNSHIP = "10", _("Internship")
    STUDENT_LED_ENTERPRISE = "15", _("Student-led enterprise")
    SIMULATED = "20", _("Simulated work-based learning")
    PRE_APPRENTICESHIP = "25", _("Pre-apprenticeship")
    APPRENTICESHIP = "APPR", _("Apprenticeship")
    JOB_SHADOW = "SHDW", _("Job shadow")


class OpportunityStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")


class WblOpportunity(TimeStamped):
    employer = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="wbl_opportunities"
    )
    title = models.CharField(max_length=200)
    title_es = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    wbl_type = models.CharField(max_length=4, choices=WblType.choices)
    sector = models.CharField(max_length=30, choices=IndustrySector.choices)
    slots = models.PositiveIntegerField(default=1)
    hours = models.PositiveIntegerField(default=0, help_text=_("Expected hours per student."))
    location_city = models.CharField(max_length=100, blank=True)
    state_course_code = models.CharField(max_length=10, blank=True)
    status = models.CharField(max_length=10, choices=OpportunityStatus.choices, default="draft")
    vendor_contract = models.ForeignKey(
        "agreements.VendorContract",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="wbl_opportunities",
    )

    def __str__(self) -> str:
        return self.title


class AaDegreePathway(TimeStamped):
    college = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="aa_pathways"
    )
    title = models.CharField(max_length=200)
    title_es = models.CharField(max_length=200, blank=True)
    units_required = models.DecimalField(max_digits=5, decimal_places=1, default=60)
    required_courses = models.ManyToManyField(Course, blank=True, related_name="aa_pathways")

    def __str__(self) -> str:
        return self.title


class Opportunity(TimeStamped):
    """One of the five opportunity types as offered to the students of one school in one year:
    the unit of the finder and of school coverage. Points at the concrete catalog entry."""

    type = models.CharField(max_length=30, choices=OpportunityType.choices, db_index=True)
    school = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="opportunities"
    )
    academic_year = models.PositiveSmallIntegerField(db_index=True)
    title = models.CharField(max_length=200)
    title_es = models.CharField(max_length=200, blank=True)
    sector = models.CharField(max_length=30, choices=IndustrySector.choices, blank=True)
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.CASCADE)
    cte_pathway = models.ForeignKey(CtePathway, null=True, blank=True, on_delete=models.CASCADE)
    certification = models.ForeignKey(
        IndustryCertification, null=True, blank=True, on_delete=models.CASCADE
    )
    wbl_opportunity = models.ForeignKey(
        WblOpportunity, null=True, blank=True, on_delete=models.CASCADE
    )
    aa_pathway = models.ForeignKey(AaDegreePathway, null=True, blank=True, on_delete=models.CASCADE)
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name_plural = "opportunities"
        indexes = [models.Index(fields=["school", "academic_year", "type"])]

    def __str__(self) -> str:
        return f"{self.get_type_display()}: {self.title}"
