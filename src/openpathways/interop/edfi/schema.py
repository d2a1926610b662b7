"""The subset of the Ed-Fi `studentSectionAssociation` resource that the export writes, as a JSON
Schema (draft 2020-12) the golden-file test validates against.

Source: the Ed-Fi ODS/API Resources API for Data Standard 5.x (OpenAPI definitions
`edFi_studentSectionAssociation`, `edFi_sectionReference`, `edFi_studentReference` and
`edFi_educationOrganizationReference`): a studentSectionAssociation requires `beginDate`,
`sectionReference` and `studentReference`; a section reference requires `localCourseCode`,
`schoolId`, `schoolYear`, `sectionIdentifier` and `sessionName`; a student reference requires
`studentUniqueId`; an education organization reference requires `educationOrganizationId`. The
DualCredit properties (`dualCreditIndicator`, `dualHighSchoolCreditIndicator`,
`dualCreditTypeDescriptor`, `dualCreditInstitutionDescriptor`,
`dualCreditEducationOrganizationReference`) were added in Data Standard 5.2 (DATASTD-2306) and are
optional. String lengths are the ODS/API ones (descriptor URIs 306, localCourseCode 60,
sectionIdentifier 255, sessionName 60, studentUniqueId 32). The same required properties are listed
in the Ed-Fi SIS certification scenarios "v5 Student Enrollment > StudentSectionAssociation".
Properties the export never writes (id, _etag, programs, ...) are left out; additional properties
are refused so a typo in a property name fails the test.
"""

from __future__ import annotations

from typing import Any

DESCRIPTOR: dict[str, Any] = {"type": "string", "maxLength": 306, "pattern": "^[^#]+#.+$"}
DATE: dict[str, Any] = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}

SECTION_REFERENCE: dict[str, Any] = {
    "type": "object",
    "required": ["localCourseCode", "schoolId", "schoolYear", "sectionIdentifier", "sessionName"],
    "properties": {
        "localCourseCode": {"type": "string", "minLength": 1, "maxLength": 60},
        "schoolId": {"type": "integer", "minimum": 1},
        "schoolYear": {"type": "integer", "minimum": 1900, "maximum": 2100},
        "sectionIdentifier": {"type": "string", "minLength": 1, "maxLength": 255},
        "sessionName": {"type": "string", "minLength": 1, "maxLength": 60},
    },
    "additionalProperties": False,
}

STUDENT_SECTION_ASSOCIATION: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Ed-Fi 5.2 studentSectionAssociation (subset written by openpathways export edfi)",
    "type": "object",
    "required": ["beginDate", "sectionReference", "studentReference"],
    "properties": {
        "beginDate": DATE,
        "endDate": DATE,
        "sectionReference": SECTION_REFERENCE,
        "studentReference": {
            "type": "object",
            "required": ["studentUniqueId"],
            "properties": {"studentUniqueId": {"type": "string", "minLength": 1, "maxLength": 32}},
            "additionalProperties": False,
        },
        "dualCreditIndicator": {"type": "boolean"},
        "dualHighSchoolCreditIndicator": {"type": "boolean"},
        "dualCreditTypeDescriptor": DESCRIPTOR,
        "dualCreditInstitutionDescriptor": DESCRIPTOR,
        "dualCreditEducationOrganizationReference": {
            "type": "object",
            "required": ["educationOrganizationId"],
            "properties": {"educationOrganizationId": {"type": "integer", "minimum": 1}},
            "additionalProperties": False,
        },
    },
    "additionalProperties": False,
}

#: The export file: a JSON array of resources, as a GET of the collection returns them.
EXPORT_FILE: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "array",
    "items": STUDENT_SECTION_ASSOCIATION,
}
