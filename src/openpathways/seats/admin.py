"""Admin for seats: allocation runs, lottery numbers, placements, offers and waitlists.

Rows naming a student go through StudentRecordAdmin (superusers only, scoped by
the access layer, every record shown logged); the others through NoStudentRowsAdmin."""

from __future__ import annotations

from django.contrib import admin

from openpathways.seats.models import (
    AllocationRun,
    ApplicationPreference,
    LotteryNumber,
    Offer,
    Placement,
    RunSection,
    SeatCounter,
    WaitlistEntry,
)
from openpathways.students.admin import NoStudentRowsAdmin, StudentRecordAdmin


@admin.register(AllocationRun)
class AllocationRunAdmin(NoStudentRowsAdmin):
    list_display = ("__str__",)


@admin.register(RunSection)
class RunSectionAdmin(NoStudentRowsAdmin):
    list_display = ("__str__",)


@admin.register(LotteryNumber)
class LotteryNumberAdmin(StudentRecordAdmin):
    list_display = ("__str__",)
    raw_id_fields = ("student",)


@admin.register(Placement)
class PlacementAdmin(StudentRecordAdmin):
    list_display = ("__str__",)
    raw_id_fields = ("student",)


@admin.register(SeatCounter)
class SeatCounterAdmin(NoStudentRowsAdmin):
    list_display = ("__str__",)


@admin.register(Offer)
class OfferAdmin(StudentRecordAdmin):
    list_display = ("__str__",)
    raw_id_fields = ("student",)


@admin.register(WaitlistEntry)
class WaitlistEntryAdmin(StudentRecordAdmin):
    list_display = ("__str__",)
    raw_id_fields = ("student",)


@admin.register(ApplicationPreference)
class ApplicationPreferenceAdmin(StudentRecordAdmin):
    student_path = "application__student"
    list_display = ("__str__",)
    raw_id_fields = ("application",)
