"""Accounts: one role per user, scoped to an organization (school, district, county office,
college, adult-ed division, employer, city) or to a student (self) or guardian (own children)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from openpathways.core.choices import Language


class Role(models.TextChoices):
    DISTRICT_ADMIN = "district_admin", _("District administrator")
    SCHOOL_ADMIN = "school_admin", _("School administrator")
    COUNSELOR = "counselor", _("Counselor")
    COLLEGE_STAFF = "college_staff", _("College dual-enrollment staff")
    ADULT_ED_STAFF = "adult_ed_staff", _("Adult-education staff")
    EMPLOYER = "employer", _("Employer partner")
    CITY_PARTNER = "city_partner", _("City partner")
    STUDENT = "student", _("Student")
    GUARDIAN = "guardian", _("Parent or guardian")
    ANALYST = "analyst", _("Analyst")


#: Roles that may see individual student records (within their scope).
STUDENT_RECORD_ROLES = frozenset(
    {
        Role.DISTRICT_ADMIN,
        Role.SCHOOL_ADMIN,
        Role.COUNSELOR,
        Role.COLLEGE_STAFF,
        Role.ADULT_ED_STAFF,
        Role.EMPLOYER,
        Role.STUDENT,
        Role.GUARDIAN,
    }
)


class User(AbstractUser):
    role = models.CharField(max_length=20, choices=Role.choices, blank=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        help_text=_("The scope of the role."),
    )
    student = models.OneToOneField(
        "students.Student",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="user",
    )
    guardian = models.OneToOneField(
        "students.Guardian",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="user",
    )
    preferred_language = models.CharField(
        max_length=8, choices=Language.choices, default=Language.ENGLISH
    )

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label) if self.role else ""
