"""Course enrollments with their outcomes, credentials earned."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openpathways.core.models import TimeStamped

#: Grades that count as success: C- or better, or Pass (metrics.md).
SUCCESS_GRADES = frozenset({"A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "P"})


class EnrollmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    COMPLETED = "completed", _("Completed")
    DROPPED = "dropped", _("Dropped")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class CreditType(models.TextChoices):
    COLLEGE = "college", _("College credit only")
    DUAL = "dual", _("Dual credit (college and high school)")
    HIGH_SCHOOL = "high_school", _("High-school credit only")
    NONE = "none", _("No credit")


class CourseEnrollment(TimeStamped):
    student = models.ForeignKey(
        "students.Student", on_delete=models.CASCADE, related_name="course_enrollments"
    )
    section = models.ForeignKey(
        "catalog.Section", on_delete=models.PROTECT, related_name="enrollments"
    )
    status = models.CharField(
        max_length=10, choices=EnrollmentStatus.choices, default=EnrollmentStatus.ENROLLED
    )
    grade = models.CharField(max_length=3, blank=True, help_text=_("Letter grade, P, NP or W."))
    units_attempted = models.DecimalField(max_digits=4, decimal_places=1, default=0)
    units_earned = models.DecimalField(max_digits=4, decimal_places=1, default=0)
    credit_type = models.CharField(max_length=12, choices=CreditType.choices, default="dual")
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["student", "section"], name="enrollment_unique")
        ]
        indexes = [models.Index(fields=["section", "status"])]

    def __str__(self) -> str:
        return f"{self.student_id} in {self.section_id}"

    @property
    def successful(self) -> bool:
        return self.grade in SUCCESS_GRADES


class CredentialKind(models.TextChoices):
    INDUSTRY_CERTIFICATION = "industry_certification", _("Industry certification")
    CERTIFICATE_OF_COMPLETION = "certificate_of_completion", _("Certificate of completion")
    CTE_PATHWAY_COMPLETION = "cte_pathway_completion", _("CTE pathway completion")
    COLLEGE_CERTIFICATE = "college_certificate", _("College certificate")
    ASSOCIATE_DEGREE = "associate_degree", _("Associate degree")


class CredentialEarned(TimeStamped):
    student = models.ForeignKey(
        "students.Student", on_delete=models.CASCADE, related_name="credentials"
    )
    kind = models.CharField(max_length=30, choices=CredentialKind.choices)
    title = models.CharField(max_length=200)
    issuer = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.SET_NULL
    )
    certification = models.ForeignKey(
        "catalog.IndustryCertification", null=True, blank=True, on_delete=models.SET_NULL
    )
    cte_pathway = models.ForeignKey(
        "catalog.CtePathway", null=True, blank=True, on_delete=models.SET_NULL
    )
    capstone_grade = models.CharField(max_length=3, blank=True)
    elective_credits = models.DecimalField(max_digits=4, decimal_places=1, default=0)
    earned_on = models.DateField()

    def __str__(self) -> str:
        return self.title


class GradeChange(models.Model):
    """One change of a course enrollment's grade (a posted grade or a correction), kept so the
    history of a grade survives corrections: who changed it, when, from what to what, and why."""

    enrollment = models.ForeignKey(
        CourseEnrollment, on_delete=models.CASCADE, related_name="grade_changes"
    )
    old_grade = models.CharField(max_length=3, blank=True)
    new_grade = models.CharField(max_length=3, blank=True)
    changed_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(max_length=150, blank=True)
    source = models.CharField(
        max_length=300, blank=True, help_text=_("For example the roster file that carried it.")
    )

    class Meta:
        ordering = ["changed_at", "pk"]
        indexes = [models.Index(fields=["enrollment", "changed_at"])]

    def __str__(self) -> str:
        return f"{self.enrollment_id}: {self.old_grade or '-'} -> {self.new_grade or '-'}"
