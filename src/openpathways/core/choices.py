"""Code sets shared across apps (California reporting vocabularies)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndustrySector(models.TextChoices):
    """The 15 industry sectors of California's CTE Model Curriculum Standards."""

    AGRICULTURE = "agriculture", _("Agriculture and Natural Resources")
    ARTS_MEDIA = "arts_media", _("Arts, Media, and Entertainment")
    BUILDING = "building", _("Building and Construction Trades")
    BUSINESS = "business", _("Business and Finance")
    EDUCATION = "education", _("Education, Child Development, and Family Services")
    ENERGY = "energy", _("Energy, Environment, and Utilities")
    ENGINEERING = "engineering", _("Engineering and Architecture")
    FASHION = "fashion", _("Fashion and Interior Design")
    HEALTH = "health", _("Health Science and Medical Technology")
    HOSPITALITY = "hospitality", _("Hospitality, Tourism, and Recreation")
    ICT = "ict", _("Information and Communication Technologies")
    MANUFACTURING = "manufacturing", _("Manufacturing and Product Development")
    MARKETING = "marketing", _("Marketing, Sales, and Service")
    PUBLIC_SERVICES = "public_services", _("Public Services")
    TRANSPORTATION = "transportation", _("Transportation")


class RaceEthnicity(models.TextChoices):
    """Reporting groups as used on the CDE Dashboard (one per student)."""

    HISPANIC = "hispanic", _("Hispanic or Latino")
    AMERICAN_INDIAN = "american_indian", _("American Indian or Alaska Native")
    ASIAN = "asian", _("Asian")
    BLACK = "black", _("Black or African American")
    FILIPINO = "filipino", _("Filipino")
    PACIFIC_ISLANDER = "pacific_islander", _("Native Hawaiian or Pacific Islander")
    WHITE = "white", _("White")
    TWO_OR_MORE = "two_or_more", _("Two or more races")
    NOT_REPORTED = "not_reported", _("Not reported")


class Language(models.TextChoices):
    """Languages the platform speaks to families in (others fall back to English)."""

    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")
