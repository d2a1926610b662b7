from __future__ import annotations

from django.contrib import admin

from openpathways.catalog.models import (
    AaDegreePathway,
    Course,
    CtePathway,
    IndustryCertification,
    Opportunity,
    Section,
    WblOpportunity,
)
from openpathways.core.admin import AuditedModelAdmin


@admin.register(Course)
class CourseAdmin(AuditedModelAdmin):
    list_display = ("code", "title", "provider_org", "provider", "units", "subject", "sector")
    list_filter = ("provider", "subject", "sector", "transferable")
    search_fields = ("code", "title", "title_es", "provider_org__name", "top_code")
    list_select_related = ("provider_org",)
    raw_id_fields = ("provider_org",)
    filter_horizontal = ("prerequisites",)


@admin.register(Section)
class SectionAdmin(AuditedModelAdmin):
    list_display = (
        "course",
        "code",
        "term",
        "host_site",
        "modality",
        "schedule",
        "capacity",
        "high_school_only",
        "status",
    )
    list_filter = ("status", "modality", "schedule", "high_school_only", "term__academic_year")
    search_fields = ("code", "course__code", "course__title", "host_site__name", "instructor")
    list_select_related = ("course", "term", "term__institution", "host_site")
    raw_id_fields = ("course", "term", "host_site", "ccap_agreement")


@admin.register(CtePathway)
class CtePathwayAdmin(AuditedModelAdmin):
    list_display = ("code", "title", "sector", "capstone_course")
    list_filter = ("sector",)
    search_fields = ("code", "title", "title_es")


@admin.register(IndustryCertification)
class IndustryCertificationAdmin(AuditedModelAdmin):
    list_display = ("name", "issuer", "sector")
    list_filter = ("sector",)
    search_fields = ("name", "name_es", "issuer")


@admin.register(WblOpportunity)
class WblOpportunityAdmin(AuditedModelAdmin):
    list_display = ("title", "employer", "wbl_type", "sector", "slots", "hours", "status")
    list_filter = ("status", "wbl_type", "sector")
    search_fields = ("title", "title_es", "employer__name", "location_city")
    list_select_related = ("employer",)
    raw_id_fields = ("employer", "vendor_contract")


@admin.register(AaDegreePathway)
class AaDegreePathwayAdmin(AuditedModelAdmin):
    list_display = ("title", "college", "units_required")
    search_fields = ("title", "title_es", "college__name")
    list_select_related = ("college",)
    raw_id_fields = ("college",)
    filter_horizontal = ("required_courses",)


@admin.register(Opportunity)
class OpportunityAdmin(AuditedModelAdmin):
    list_display = ("title", "type", "school", "academic_year", "sector", "active")
    list_filter = ("type", "academic_year", "active", "sector")
    search_fields = ("title", "title_es", "school__name")
    list_select_related = ("school",)
    raw_id_fields = (
        "school",
        "section",
        "cte_pathway",
        "certification",
        "wbl_opportunity",
        "aa_pathway",
    )
