"""Words for the codes of the passport, the campaigns and the goal views, in the active language
(gettext; Spanish in this app's catalog). Shared by the pages, the PDF and the exports."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from openpathways.analytics import cci
from openpathways.outcomes.choices import CampaignList, CollegeApplicationStatus, FinancialAidStatus

UNIT_STATUS = {
    "met": _("Goal met: 12 units or more"),
    "on_track": _("On track for 12 units"),
    "off_track": _("Off track for 12 units"),
}

NEXT_STEPS = {
    "plan_college_courses": _("Plan a college course in each term left, with your counselor."),
    "enroll_next_term": _("Enroll in a college course next term to stay on track."),
    "add_college_course_for_cte_route": _(
        "Add one semester of college credit to count your CTE pathway toward college readiness."
    ),
    "enroll_college_course_this_year": _("Enroll in a college course this year."),
    "complete_financial_aid": _(
        "Complete the FAFSA or the California Dream Act Application, or opt out."
    ),
    "apply_to_college": _("Apply to a community college or a university."),
    "start_financial_aid": _("Start the FAFSA or the California Dream Act Application."),
    "finish_financial_aid": _("Finish and submit the financial-aid application."),
    "follow_up_financial_aid": _("Follow up: the financial-aid application has not moved."),
    "fix_financial_aid": _("Fix the submitted financial-aid application (action needed)."),
    "none": _("Nothing to do"),
}

DEADLINES = {
    "cal_grant": _("Cal Grant: FAFSA or California Dream Act Application submitted"),
    "gpa_upload": _("Cal Grant GPA upload by the school"),
}

CREDENTIAL_KINDS = {
    "industry_certification": _("Industry certification"),
    "certificate_of_completion": _("Certificate of completion"),
    "cte_pathway_completion": _("CTE pathway completion"),
    "college_certificate": _("College certificate"),
    "associate_degree": _("Associate degree"),
}

COURSE_STATUS = {
    "enrolled": _("Enrolled"),
    "completed": _("Completed"),
    "dropped": _("Dropped"),
    "withdrawn": _("Withdrawn"),
}

PLACEMENT_STATUS = {
    "applied": _("Applied"),
    "placed": _("Placed"),
    "active": _("Active"),
    "completed": _("Completed"),
    "withdrawn": _("Withdrawn"),
}

GOAL_LISTS = {
    "units": _("Off track for 12 units"),
    "cci": _("Off track for the College/Career Indicator"),
}


def financial_aid_label(code: str) -> Any:
    return FinancialAidStatus(code).label if code in FinancialAidStatus.values else code


def application_label(code: str) -> Any:
    return CollegeApplicationStatus(code).label if code in CollegeApplicationStatus.values else code


def campaign_list_label(code: str) -> Any:
    return CampaignList(code).label if code in CampaignList.values else code


def cci_level_label(level: str, language: str) -> str:
    """The CCI level in English or Spanish (the pure package's own tables)."""
    labels = cci.LEVEL_LABELS.get(language[:2], cci.LEVEL_LABELS["en"])
    return labels.get(cci.Level(level), level)


def cci_measure_label(measure: str, language: str) -> str:
    labels = cci.MEASURE_LABELS.get(language[:2], cci.MEASURE_LABELS["en"])
    return labels.get(cci.Measure(measure), measure)
