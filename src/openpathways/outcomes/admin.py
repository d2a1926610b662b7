"""Admin for outcomes: senior campaigns, AA plans and outcome corrections.

Rows naming a student go through StudentRecordAdmin (superusers only, scoped by
the access layer, every record shown logged); the others through NoStudentRowsAdmin."""

from __future__ import annotations

from django.contrib import admin

from openpathways.outcomes.models import (
    AaDegreePlan,
    CampaignChange,
    OutcomeCorrection,
    SeniorCampaign,
)
from openpathways.students.admin import StudentRecordAdmin


@admin.register(SeniorCampaign)
class SeniorCampaignAdmin(StudentRecordAdmin):
    list_display = ("__str__",)
    raw_id_fields = ("student",)


@admin.register(CampaignChange)
class CampaignChangeAdmin(StudentRecordAdmin):
    student_path = "campaign__student"
    list_display = ("__str__",)
    raw_id_fields = ("campaign",)


@admin.register(AaDegreePlan)
class AaDegreePlanAdmin(StudentRecordAdmin):
    list_display = ("__str__",)
    raw_id_fields = ("student",)


@admin.register(OutcomeCorrection)
class OutcomeCorrectionAdmin(StudentRecordAdmin):
    list_display = ("__str__",)
    raw_id_fields = ("student",)
