"""Ed-Fi descriptor values and what they mean here.

A descriptor is written as a URI, `uri://ed-fi.org/GradeLevelDescriptor#Ninth grade`: a namespace
(who defines the code set) and a code value. The tables below map the default Ed-Fi 5.2 code values
(Descriptors/*.xml of the Data Standard) by code value, compared case-insensitively, so a local
namespace that reuses a default code value (`uri://gbisd.edu/...#Ninth grade`) maps the same way.
docs/interop/edfi.md prints every table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

V = TypeVar("V")


@dataclass(frozen=True)
class Descriptor:
    namespace: str
    code: str

    @property
    def uri(self) -> str:
        return f"{self.namespace}#{self.code}"


def parse_descriptor(text: str) -> Descriptor | None:
    """`uri://ed-fi.org/SexDescriptor#Female` -> Descriptor; None when there is no `#`."""
    text = (text or "").strip()
    namespace, sep, code = text.partition("#")
    if not sep or not namespace or not code:
        return None
    return Descriptor(namespace=namespace, code=code.strip())


def _folded(table: Mapping[str, V]) -> dict[str, V]:
    return {k.casefold(): v for k, v in table.items()}


#: GradeLevelDescriptor -> grade as stored here (P/TK = -1, K = 0, 1..12, adult/post-secondary 13).
#: Codes missing here (Ungraded, Other, Out of School, No grade level, Infant/toddler, Early
#: Education) have no grade: a school's span ignores them; a student's entry grade is an error.
GRADE_LEVELS: dict[str, int] = {
    "Preschool": -1,
    "Prekindergarten": -1,
    "Preschool/Prekindergarten": -1,
    "Transitional Kindergarten": -1,
    "Kindergarten": 0,
    "First grade": 1,
    "Second grade": 2,
    "Third grade": 3,
    "Fourth grade": 4,
    "Fifth grade": 5,
    "Sixth grade": 6,
    "Seventh grade": 7,
    "Eighth grade": 8,
    "Ninth grade": 9,
    "Tenth grade": 10,
    "Eleventh grade": 11,
    "Twelfth grade": 12,
    "Grade 13": 13,
    "Postsecondary": 13,
    "Adult Education": 13,
}

#: SexDescriptor -> Student.gender.
SEX: dict[str, str] = {"Female": "F", "Male": "M", "Non-binary": "X", "Not Selected": ""}

#: RaceDescriptor -> RaceEthnicity (one race). Hispanic or Latino ethnicity wins over races (as on
#: the CDE Dashboard); two or more mapped races give `two_or_more`. `Middle Eastern or North
#: African` is reported under White, as in the 1997 federal standard CALPADS still follows
#: (verify when CALPADS adopts the 2024 standard); Other and Choose Not to Respond are not reported.
RACE: dict[str, str] = {
    "American Indian or Alaska Native": "american_indian",
    "Asian": "asian",
    "Black or African American": "black",
    "Native Hawaiian or Pacific Islander": "pacific_islander",
    "White": "white",
    "Hispanic or Latino": "hispanic",
    "Middle Eastern or North African": "white",
    "Other": "not_reported",
    "Choose Not to Respond": "not_reported",
}

#: DualCreditTypeDescriptor (Ed-Fi 5.2 defaults) -> whether the course is taught at the high
#: school (True) or at the college (False). Used for Section.high_school_only and in the export.
DUAL_CREDIT_TYPES: dict[str, bool] = {
    "Dual Enrollment": False,  # post-secondary course taught in a post-secondary setting
    "Concurrent Enrollment": True,  # post-secondary course taught in a secondary setting
    "Advanced Courses Eligible for College Credit": True,  # secondary course, secondary setting
}
DUAL_CREDIT_TYPE_NAMESPACE = "uri://ed-fi.org/DualCreditTypeDescriptor"

#: CareerPathwayDescriptor (the 16 National Career Clusters + Other) -> California's 15 industry
#: sectors. Clusters without one sector equivalent map to "" (no sector): Human Services, STEM,
#: Other.
CAREER_PATHWAYS: dict[str, str] = {
    "Agriculture, Food and Natural Resources": "agriculture",
    "Architecture and Construction": "building",
    "Arts, A/V Technology and Communications": "arts_media",
    "Business, Management and Administration": "business",
    "Education and Training": "education",
    "Finance": "business",
    "Government and Public Administration": "public_services",
    "Health Science": "health",
    "Hospitality and Tourism": "hospitality",
    "Human Services": "",
    "Information Technology": "ict",
    "Law, Public Safety, Corrections and Security": "public_services",
    "Manufacturing": "manufacturing",
    "Marketing, Sales and Service": "marketing",
    "Science, Technology, Engineering and Mathematics": "",
    "Transportation, Distribution and Logistics": "transportation",
    "Other": "",
}

#: SchoolCategoryDescriptor -> SchoolType (a 6-12 span turns high into span_6_12).
SCHOOL_CATEGORIES: dict[str, str] = {
    "High School": "high",
    "Secondary School": "high",
    "Junior High School": "middle",
    "Middle School": "middle",
    "Elementary School": "elementary",
    "Primary School": "elementary",
    "Elementary/Secondary School": "other",
    "Adult School": "adult_ed",
    "Ungraded": "other",
    "Infant/toddler School": "other",
    "Preschool/early childhood": "other",
    "All Levels": "other",
}

#: OperationalStatusDescriptor -> SchoolStatus. Unlisted codes are errors.
OPERATIONAL_STATUS: dict[str, str] = {
    "Active": "active",
    "Added": "active",
    "Changed Agency": "active",
    "Continuing": "active",
    "New": "active",
    "Reopened": "active",
    "Closed": "closed",
    "Inactive": "closed",
    "Future": "pending",
}

#: TermDescriptor -> TermKind.
TERMS: dict[str, tuple[str, str]] = {
    "Fall Semester": ("semester", "FA"),
    "Spring Semester": ("semester", "SP"),
    "Summer Semester": ("summer", "SU"),
    "Summer Session": ("summer", "SU"),
    "First Quarter": ("quarter", "Q1"),
    "Second Quarter": ("quarter", "Q2"),
    "Third Quarter": ("quarter", "Q3"),
    "Fourth Quarter": ("quarter", "Q4"),
    "First Trimester": ("trimester", "T1"),
    "Second Trimester": ("trimester", "T2"),
    "Third Trimester": ("trimester", "T3"),
    "Year Round": ("semester", "YR"),
    "MiniTerm": ("intersession", "MT"),
}

#: EducationalEnvironmentDescriptor -> Modality (anything else: in person).
ENVIRONMENTS: dict[str, str] = {
    "Virtual": "online",
    "Distance learning": "online",
    "Online": "online",
    "Hybrid": "hybrid",
}

#: CourseLevelCharacteristicDescriptor codes that make a course a college-credit course here.
COLLEGE_LEVEL_CHARACTERISTICS = frozenset({"dual credit", "college-level"})
CTE_CHARACTERISTIC = "career and technical education"

_GRADES = _folded(GRADE_LEVELS)
_SEX = _folded(SEX)
_RACE = _folded(RACE)
_DUAL = _folded(DUAL_CREDIT_TYPES)
_PATHWAYS = _folded(CAREER_PATHWAYS)
_CATEGORIES = _folded(SCHOOL_CATEGORIES)
_STATUS = _folded(OPERATIONAL_STATUS)
_TERMS = _folded(TERMS)
_ENV = _folded(ENVIRONMENTS)


def grade_level(code: str) -> int | None:
    value = _GRADES.get(code.casefold())
    return value if isinstance(value, int) else None


def sex(code: str) -> str | None:
    value = _SEX.get(code.casefold())
    return value if isinstance(value, str) else None


def race(code: str) -> str | None:
    value = _RACE.get(code.casefold())
    return value if isinstance(value, str) else None


def dual_credit_at_high_school(code: str) -> bool | None:
    value = _DUAL.get(code.casefold())
    return value if isinstance(value, bool) else None


def career_pathway_sector(code: str) -> str | None:
    value = _PATHWAYS.get(code.casefold())
    return value if isinstance(value, str) else None


def school_category(code: str) -> str | None:
    value = _CATEGORIES.get(code.casefold())
    return value if isinstance(value, str) else None


def operational_status(code: str) -> str | None:
    value = _STATUS.get(code.casefold())
    return value if isinstance(value, str) else None


def term_kind(code: str) -> tuple[str, str] | None:
    value = _TERMS.get(code.casefold())
    return value if isinstance(value, tuple) else None


def modality(code: str) -> str:
    value = _ENV.get(code.casefold())
    return value if isinstance(value, str) else "in_person"
