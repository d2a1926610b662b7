"""Code sets of the outcomes app (importable by adapters: they hold no rows)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class FinancialAidStatus(models.TextChoices):
    """A senior's financial-aid application (EC 51225.7: complete the FAFSA or the California
    Dream Act Application, or opt out)."""

    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("Started, not submitted")
    ACTION_NEEDED = "action_needed", _("Submitted, action needed")
    FAFSA_COMPLETED = "fafsa_completed", _("FAFSA completed")
    CADAA_COMPLETED = "cadaa_completed", _("California Dream Act Application completed")
    OPTED_OUT = "opted_out", _("Opted out")
    EXEMPTED = "exempted", _("Exempted by the district")


#: Financial-aid statuses that settle the EC 51225.7 requirement (a "decision").
FINANCIAL_AID_DECIDED = frozenset(
    {
        FinancialAidStatus.FAFSA_COMPLETED,
        FinancialAidStatus.CADAA_COMPLETED,
        FinancialAidStatus.OPTED_OUT,
        FinancialAidStatus.EXEMPTED,
    }
)


class CollegeApplicationStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("Started, not submitted")
    SUBMITTED = "submitted", _("Submitted")
    ADMITTED = "admitted", _("Admitted")
    NOT_APPLYING = "not_applying", _("Not applying")


class CampaignSource(models.TextChoices):
    IMPORTED = "imported", _("Imported")
    COUNSELOR = "counselor", _("Entered by a counselor")


class CampaignField(models.TextChoices):
    FINANCIAL_AID = "financial_aid", _("Financial aid (FAFSA / California Dream Act)")
    COMMUNITY_COLLEGE = "community_college", _("Community-college application")
    UNIVERSITY = "university", _("University application")


class CampaignList(models.TextChoices):
    """The campaign lists a counselor works from."""

    NO_DECISION = "no_decision", _("No FAFSA/CADAA decision")
    NOT_STARTED = "not_started", _("Not started")
    STUCK = "stuck", _("Stuck")
    NO_COLLEGE_APPLICATION = "no_college_application", _("No college application")
    ALL = "all", _("All seniors")


class OutcomeRecordType(models.TextChoices):
    CREDENTIAL = "credential", _("Certificate or completion")
    HOURS = "hours", _("Work-based learning hours")
