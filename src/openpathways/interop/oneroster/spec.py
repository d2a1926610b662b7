"""The parts of the 1EdTech OneRoster CSV bindings (1.1 and 1.2) that this importer checks.

Header names and their order per file, the manifest properties, and the enumerations. Files this
platform has no use for (gradebook and resources) are recognised and left unread.
"""

from __future__ import annotations

import re

COMMON = ("sourcedId", "status", "dateLastModified")

HEADERS_12: dict[str, tuple[str, ...]] = {
    "academicSessions": (
        *COMMON, "title", "type", "startDate", "endDate", "parentSourcedId", "schoolYear",
    ),
    "orgs": (*COMMON, "name", "type", "identifier", "parentSourcedId"),
    "courses": (
        *COMMON, "schoolYearSourcedId", "title", "courseCode", "grades", "orgSourcedId",
        "subjects", "subjectCodes",
    ),
    "classes": (
        *COMMON, "title", "grades", "courseSourcedId", "classCode", "classType", "location",
        "schoolSourcedId", "termSourcedIds", "subjects", "subjectCodes", "periods",
    ),
    "users": (
        *COMMON, "enabledUser", "username", "userIds", "givenName", "familyName", "middleName",
        "identifier", "email", "sms", "phone", "agentSourcedIds", "grades", "password",
        "userMasterIdentifier", "resourceSourcedIds", "preferredGivenName",
        "preferredMiddleName", "preferredFamilyName", "primaryOrgSourcedId", "pronouns",
    ),
    "roles": (
        *COMMON, "userSourcedId", "roleType", "role", "beginDate", "endDate", "orgSourcedId",
        "userProfileSourcedId",
    ),
    "enrollments": (
        *COMMON, "classSourcedId", "schoolSourcedId", "userSourcedId", "role", "primary",
        "beginDate", "endDate",
    ),
    "demographics": (
        *COMMON, "birthDate", "sex", "americanIndianOrAlaskaNative", "asian",
        "blackOrAfricanAmerican", "nativeHawaiianOrOtherPacificIslander", "white",
        "demographicRaceTwoOrMoreRaces", "hispanicOrLatinoEthnicity", "countryOfBirthCode",
        "stateOfBirthAbbreviation", "cityOfBirth", "publicSchoolResidenceStatus",
    ),
}  # fmt: skip

HEADERS_11: dict[str, tuple[str, ...]] = {
    **{k: v for k, v in HEADERS_12.items() if k not in ("users", "roles")},
    "users": (
        *COMMON, "enabledUser", "orgSourcedIds", "role", "username", "userIds", "givenName",
        "familyName", "middleName", "identifier", "email", "sms", "phone", "agentSourcedIds",
        "grades", "password",
    ),
}  # fmt: skip

#: Columns a 1.2 file may leave out (published variants of the binding differ on them).
OPTIONAL_12: dict[str, frozenset[str]] = {
    "users": frozenset({"resourceSourcedIds"}),
}

#: Data files this importer reads, in the order they are read (references point backwards).
READ_ORDER = (
    "orgs", "academicSessions", "courses", "classes", "users", "roles", "demographics",
    "enrollments",
)  # fmt: skip

#: Files of the bindings this platform does not use (accepted, never read).
UNUSED_FILES_11 = (
    "categories", "classResources", "courseResources", "lineItems", "resources", "results",
)  # fmt: skip
UNUSED_FILES_12 = (
    *UNUSED_FILES_11, "userProfiles", "lineItemLearningObjectiveIds", "lineItemScoreScales",
    "resultLearningObjectiveIds", "resultScoreScales", "scoreScales", "userResources",
)  # fmt: skip

MANIFEST_HEADER = ("propertyName", "value")
FILE_MODES = frozenset({"bulk", "delta", "absent"})
VERSIONS = frozenset({"1.1", "1.2"})

STATUS = frozenset({"active", "tobedeleted"})
ORG_TYPES = frozenset({"department", "district", "local", "national", "school", "state"})
#: Extension org types this platform writes and reads (1.2 allows `ext:` values).
ORG_TYPE_EXTENSIONS = frozenset({"ext:college", "ext:collegeDistrict", "ext:adultEducation"})
SESSION_TYPES = frozenset({"gradingPeriod", "semester", "schoolYear", "term"})
CLASS_TYPES = frozenset({"homeroom", "scheduled"})
ENROLLMENT_ROLES_11 = frozenset({"administrator", "proctor", "student", "teacher"})
ENROLLMENT_ROLES_12 = frozenset({"administrator", "proctor", "student", "teacher", "aide"})
USER_ROLES_11 = frozenset(
    {"administrator", "aide", "guardian", "parent", "proctor", "relative", "student", "teacher"}
)
USER_ROLES_12 = frozenset(
    {
        "aide", "counselor", "districtAdministrator", "guardian", "parent", "principal",
        "proctor", "relative", "siteAdministrator", "student", "systemAdministrator", "teacher",
    }
)  # fmt: skip
ROLE_TYPES = frozenset({"primary", "secondary"})
SEX_11 = frozenset({"male", "female"})
SEX_12 = frozenset({"male", "female", "other", "unspecified"})
GUARDIAN_ROLES = frozenset({"guardian", "parent", "relative"})
#: CEDS grade levels used by OneRoster.
GRADES = frozenset(
    {"IT", "PR", "PK", "TK", "KG", *(f"{n:02d}" for n in range(1, 14)), "PS", "UG", "Other"}
)

EXTENSION = re.compile(r"^ext:[A-Za-z0-9.\-_]+$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
YEAR = re.compile(r"^\d{4}$")

#: Header spellings found in real packages, accepted in lenient mode (each with a warning).
HEADER_ALIASES = {
    "prefferedGivenName": "preferredGivenName",
    "prefferedMiddleName": "preferredMiddleName",
    "prefferedFamilyName": "preferredFamilyName",
    "dataLastModified": "dateLastModified",
}

#: userIds types that carry California's state student ID (SSID), compared case-insensitively.
SSID_TYPES = frozenset({"ssid", "calpads", "statestudentid", "stateid"})


def headers(version: str, name: str) -> tuple[str, ...]:
    return (HEADERS_12 if version == "1.2" else HEADERS_11)[name]


def unused_files(version: str) -> tuple[str, ...]:
    return UNUSED_FILES_12 if version == "1.2" else UNUSED_FILES_11


def manifest_files(version: str) -> tuple[str, ...]:
    """Every `file.X` property the manifest of this version lists."""
    own = [n for n in READ_ORDER if n in (HEADERS_12 if version == "1.2" else HEADERS_11)]
    return tuple(sorted({*own, *unused_files(version)}))
