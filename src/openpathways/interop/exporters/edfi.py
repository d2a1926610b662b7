"""`openpathways export edfi --out FILE --as USER`: Ed-Fi JSON studentSectionAssociation resources
with the DualCredit fields (Data Standard 5.2), for dual-enrollment course enrollments.

The file is a JSON array shaped as the ODS/API returns the collection (`GET
/ed-fi/studentSectionAssociations`), so a loader can POST each item. Enrollments are read through
`openpathways.students.access.course_enrollment_export`, which scopes them to the actor and logs
each exported student. docs/interop/edfi.md lists how every property is derived.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import click

from openpathways.interop.exporters import Exporter, ExportResult
from openpathways.students import access

DUAL_CREDIT_TYPE = "uri://ed-fi.org/DualCreditTypeDescriptor#{}"
#: Namespace of the DualCreditInstitutionDescriptor written for a college without an Ed-Fi
#: education organization id (its code value is the college's code, else its name).
INSTITUTION_NAMESPACE = "uri://openpathways.org/DualCreditInstitutionDescriptor"
COLLEGE_CREDIT_TYPES = ("college", "dual")
_SSID_RE = re.compile(r"^\d{10}$")
_DIGITS_RE = re.compile(r"^\d{1,18}$")


def _edfi_keys(model: str, pks: set[int]) -> dict[int, str]:
    """Ed-Fi identities (from earlier Ed-Fi imports) of rows of `model`, by primary key."""
    from openpathways.interop.models import ExternalId

    found: dict[int, str] = {}
    wanted = sorted(pks)
    for start in range(0, len(wanted), 900):
        rows = ExternalId.objects.filter(
            system="edfi", model=model, object_pk__in=wanted[start : start + 900]
        ).values_list("object_pk", "external_id")
        for pk, key in rows:
            found.setdefault(pk, key.split("|", 1)[1] if "|" in key else key)
    return found


class EdfiStudentSectionExporter(Exporter):
    format = "edfi"
    help = "Ed-Fi 5.2 JSON studentSectionAssociations with DualCredit fields (dual enrollment)."
    requires_actor = True
    options = (
        click.Option(
            ["--year"],
            type=int,
            default=None,
            help="Only sections of this academic year (2025 for 2025-26); default: every year.",
        ),
    )

    def export(self, *, out: Path, actor: Any, **options: Any) -> ExportResult:
        resources, warnings = self.resources(actor=actor, year=options.get("year"))
        text = json.dumps(resources, indent=2, ensure_ascii=False) + "\n"
        out.write_text(text, encoding="utf-8")
        return ExportResult(
            rows={"studentSectionAssociation": len(resources)}, files=[out], warnings=warnings
        )

    def resources(
        self, *, actor: Any, year: int | None = None
    ) -> tuple[list[dict[str, Any]], list[str]]:
        enrollments = [
            e
            for e in access.course_enrollment_export(
                actor=actor, purpose="Ed-Fi dual credit export", academic_year=year
            )
            if e.section.course.provider == "college" and e.credit_type in COLLEGE_CREDIT_TYPES
        ]
        org_ids = {e.section.host_site_id for e in enrollments}
        org_ids |= {e.student.school_id for e in enrollments}
        org_ids |= {e.section.course.provider_org_id for e in enrollments}
        edfi_orgs = _edfi_keys("organizations.organization", org_ids)
        edfi_students = _edfi_keys("students.student", {e.student_id for e in enrollments})
        warnings: list[str] = []
        no_school: list[str] = []
        no_student: list[str] = []
        resources: list[dict[str, Any]] = []
        for e in enrollments:
            section, course, term, student = e.section, e.section.course, e.section.term, e.student
            host = section.host_site
            school = host if host.kind == "school" else student.school
            school_id = self._org_id(school, edfi_orgs)
            if school_id is None:
                no_school.append(f"{course.code}-{section.code}")
                continue
            unique_id = self._student_id(student, edfi_students)
            if not unique_id:
                no_student.append(str(student.pk))
                continue
            resource: dict[str, Any] = {
                "beginDate": term.start_date.isoformat(),
                "endDate": (e.completed_on or term.end_date).isoformat(),
                "sectionReference": {
                    "localCourseCode": course.code[:60],
                    "schoolId": school_id,
                    "schoolYear": term.academic_year + 1,
                    "sectionIdentifier": section.code,
                    "sessionName": term.name[:60],
                },
                "studentReference": {"studentUniqueId": unique_id},
                "dualCreditIndicator": True,
                "dualHighSchoolCreditIndicator": e.credit_type == "dual",
                "dualCreditTypeDescriptor": DUAL_CREDIT_TYPE.format(
                    "Concurrent Enrollment" if host.kind == "school" else "Dual Enrollment"
                ),
            }
            provider = course.provider_org
            if provider.kind == "college":
                provider_id = self._org_id(provider, edfi_orgs)
                if provider_id is not None:
                    resource["dualCreditEducationOrganizationReference"] = {
                        "educationOrganizationId": provider_id
                    }
                else:
                    code = (provider.code or provider.name)[:50]
                    resource["dualCreditInstitutionDescriptor"] = f"{INSTITUTION_NAMESPACE}#{code}"
            resources.append(resource)
        if no_school:
            warnings.append(
                f"{len(no_school)} enrollment(s) left out: their school has neither an Ed-Fi id "
                "nor a CDS code (sections " + ", ".join(sorted(set(no_school))[:10]) + ")"
            )
        if no_student:
            warnings.append(
                f"{len(no_student)} enrollment(s) left out: the student has no Ed-Fi id, SSID or "
                "local id"
            )
        resources.sort(
            key=lambda r: (
                r["studentReference"]["studentUniqueId"],
                r["sectionReference"]["schoolYear"],
                r["sectionReference"]["sessionName"],
                r["sectionReference"]["localCourseCode"],
                r["sectionReference"]["sectionIdentifier"],
            )
        )
        return resources, warnings

    @staticmethod
    def _org_id(org: Any, edfi_orgs: dict[int, str]) -> int | None:
        """Ed-Fi id from an earlier Ed-Fi import, else the organization's code when it is a
        number (the CDS code of a school or district), else None."""
        for candidate in (edfi_orgs.get(org.pk, ""), org.code or ""):
            if _DIGITS_RE.match(candidate) and int(candidate) > 0:
                return int(candidate)
        return None

    @staticmethod
    def _student_id(student: Any, edfi_students: dict[int, str]) -> str:
        """The Ed-Fi StudentUniqueId it came with, else the SSID, else the local id."""
        if student.pk in edfi_students:
            return edfi_students[student.pk][:32]
        if _SSID_RE.match(student.state_student_id):
            return str(student.state_student_id)
        return str(student.local_id or "")[:32]


EXPORTER = EdfiStudentSectionExporter()
