"""Code sets of work-based learning, shared by services, selectors and the adapters that label
them (they hold no rows, so views and the API may import them)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EvaluationCode(models.TextChoices):
    """CALPADS Internship Employer Performance Evaluation codes (the four levels of the CDE
    evaluation template, and "Not Provided by Employer", which only a coordinator records).
    Verify the coded values against the current CALPADS code sets."""

    DOES_NOT_MEET = "1", _("Does not meet expectations")
    PARTIALLY_MEETS = "2", _("Partially meets expectations")
    MEETS = "3", _("Meets expectations")
    ABOVE = "4", _("Above expectations")
    NOT_PROVIDED = "5", _("Not provided by employer")


#: The codes a supervisor may give (the coordinator records NOT_PROVIDED).
SUPERVISOR_EVALUATION_CODES = ("1", "2", "3", "4")


class LinkPurpose(models.TextChoices):
    POST = "post", _("Post opportunities")
    SUPERVISE = "supervise", _("Confirm hours and evaluate")


class AgreementParty(models.TextChoices):
    STUDENT = "student", _("Student")
    GUARDIAN = "guardian", _("Parent or guardian")
    SUPERVISOR = "supervisor", _("Supervisor")


class FormCode(models.TextChoices):
    """Forms a placement needs on file before it starts (the district's list; verify locally)."""

    EMERGENCY_CARD = "emergency_card", _("Emergency card")
    WORK_PERMIT = "work_permit", _("Work permit (minors)")
    SAFETY_TRAINING = "safety_training", _("Workplace safety orientation")


#: Work-based-learning types (catalog.WblType values) and the lowest grade each admits.
#: Internships and apprenticeships are for juniors and seniors; verify against district policy.
MIN_GRADE_BY_TYPE: dict[str, int] = {
    "10": 11,
    "15": 9,
    "20": 9,
    "25": 11,
    "APPR": 11,
    "SHDW": 9,
}
MAX_GRADE = 12

#: Forms each type needs; a work permit only for students under 18 on the start date.
FORMS_BY_TYPE: dict[str, tuple[str, ...]] = {
    "10": ("emergency_card", "work_permit", "safety_training"),
    "25": ("emergency_card", "work_permit", "safety_training"),
    "APPR": ("emergency_card", "work_permit", "safety_training"),
    "15": ("emergency_card",),
    "20": ("emergency_card",),
    "SHDW": ("emergency_card",),
}
ADULT_AGE = 18
