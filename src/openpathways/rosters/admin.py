"""Admin for rosters: roster discrepancies, confirmations and reminders.

Rows naming a student go through StudentRecordAdmin (superusers only, scoped by
the access layer, every record shown logged); the others through NoStudentRowsAdmin."""

from __future__ import annotations

from django.contrib import admin

from openpathways.rosters.models import ReminderLog, RosterConfirmation, RosterDiscrepancy
from openpathways.students.admin import NoStudentRowsAdmin, StudentRecordAdmin


@admin.register(RosterDiscrepancy)
class RosterDiscrepancyAdmin(StudentRecordAdmin):
    list_display = ("__str__",)
    raw_id_fields = ("student",)


@admin.register(RosterConfirmation)
class RosterConfirmationAdmin(NoStudentRowsAdmin):
    list_display = ("__str__",)


@admin.register(ReminderLog)
class ReminderLogAdmin(StudentRecordAdmin):
    list_display = ("__str__",)
    raw_id_fields = ("student",)
