"""Students, their guardians and counselors' caseloads. There is no Social Security number field,
by design: colleges may not require one for dual enrollment (Title 5, 2023)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openpathways.core.choices import Language, RaceEthnicity
from openpathways.core.models import TimeStamped


class StudentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    GRADUATED = "graduated", _("Graduated")
    LEFT = "left", _("Left the district")


class Student(TimeStamped):
    state_student_id = models.CharField(
        max_length=10, unique=True, help_text=_("CALPADS SSID (10 digits).")
    )
    local_id = models.CharField(max_length=20, blank=True, db_index=True)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    school = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="students"
    )
    grade = models.SmallIntegerField(db_index=True)
    graduation_cohort = models.PositiveSmallIntegerField(
        db_index=True, help_text=_("Expected year of graduation.")
    )
    birth_date = models.DateField()
    gender = models.CharField(max_length=1, blank=True, help_text=_("F, M or X."))
    race_ethnicity = models.CharField(
        max_length=20, choices=RaceEthnicity.choices, default=RaceEthnicity.NOT_REPORTED
    )
    english_learner = models.BooleanField(default=False)
    socioeconomically_disadvantaged = models.BooleanField(default=False)
    disability = models.BooleanField(default=False)
    foster = models.BooleanField(default=False)
    homeless = models.BooleanField(default=False)
    residence_city = models.CharField(max_length=100, blank=True)
    residence_zip = models.CharField(max_length=10, blank=True)
    residence_city_org = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resident_students",
        help_text=_("Empty for unincorporated county land or unknown residence."),
    )
    home_language = models.CharField(max_length=30, default="English")
    preferred_language = models.CharField(
        max_length=8, choices=Language.choices, default=Language.ENGLISH
    )
    counselor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="caseload",
    )
    status = models.CharField(
        max_length=10, choices=StudentStatus.choices, default=StudentStatus.ENROLLED
    )

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["school", "grade"])]

    def __str__(self) -> str:
        return f"{self.last_name}, {self.first_name} ({self.state_student_id})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Guardian(TimeStamped):
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    preferred_language = models.CharField(
        max_length=8, choices=Language.choices, default=Language.ENGLISH
    )
    students: models.ManyToManyField[Student, StudentGuardian] = models.ManyToManyField(
        Student, through="StudentGuardian", related_name="guardians"
    )

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class StudentGuardian(models.Model):
    student = models.ForeignKey(Student, on_delete=models.CASCADE)
    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE)
    relationship = models.CharField(max_length=30, default="parent")
    educational_rights = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["student", "guardian"], name="student_guardian_unique")
        ]

    def __str__(self) -> str:
        return f"{self.guardian_id} {self.relationship} of {self.student_id}"
