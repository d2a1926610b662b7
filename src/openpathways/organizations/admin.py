from __future__ import annotations

from django.contrib import admin
from django.db import models

from openpathways.core.admin import AuditedModelAdmin
from openpathways.organizations.models import Contact, Organization, School


class SchoolInline(admin.StackedInline):
    model = School
    extra = 0
    readonly_fields = ("serves_9_12",)


@admin.register(Organization)
class OrganizationAdmin(AuditedModelAdmin):
    list_display = ("name", "kind", "parent", "code", "city", "is_vendor", "active")
    list_filter = ("kind", "active", "is_vendor", "industry_sector")
    search_fields = ("name", "code", "city")
    list_select_related = ("parent",)
    raw_id_fields = ("parent",)
    inlines = (SchoolInline,)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(School)
class SchoolAdmin(AuditedModelAdmin):
    list_display = (
        "cds_code",
        "organization",
        "status",
        "school_type",
        "served_span",
        "serves_9_12",
        "charter",
        "adult_ed_host",
    )
    list_filter = ("status", "school_type", "serves_9_12", "charter", "adult_ed_host")
    search_fields = ("cds_code", "organization__name", "organization__city")
    list_select_related = ("organization",)
    raw_id_fields = ("organization",)
    readonly_fields = ("serves_9_12",)


@admin.register(Contact)
class ContactAdmin(AuditedModelAdmin):
    list_display = ("name", "title", "organization", "email", "phone")
    search_fields = ("name", "email", "organization__name")
    list_select_related = ("organization",)
    raw_id_fields = ("organization",)
