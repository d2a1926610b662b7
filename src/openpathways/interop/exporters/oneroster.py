"""`openpathways export oneroster --out PATH --as USER`: OneRoster 1.2 CSV (bulk) of the
dual-enrollment and adult-education sections and their enrollments, for a student information
system to load.

Files: manifest, orgs, academicSessions, courses, classes, users, roles, enrollments, with the
headers of the 1.2 CSV binding (`openpathways.interop.oneroster.spec`). `--out x.zip` writes a zip,
any other path a folder. Student rows come through `openpathways.students.access`, which scopes
them to the actor and logs each exported student. Identifiers (sourcedIds) are built from natural
keys (CDS or college codes, term and course codes, state student IDs), so an export is stable
from run to run and re-importing it maps onto the same rows.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpathways.interop.exporters import Exporter, ExportResult
from openpathways.interop.oneroster import spec
from openpathways.students import access

FILES = ("orgs", "academicSessions", "courses", "classes", "users", "roles", "enrollments")
ORG_TYPES = {
    "district": "district",
    "county_office": "local",
    "school": "school",
    "college": "ext:college",
    "college_district": "ext:collegeDistrict",
    "adult_ed": "ext:adultEducation",
}
SESSION_TYPES = {
    "semester": "semester",
    "school_year": "schoolYear",
    "grading_period": "gradingPeriod",
}
#: Users columns written (the binding's, without the optional resourceSourcedIds).
USER_HEADER = tuple(c for c in spec.HEADERS_12["users"] if c != "resourceSourcedIds")


def _slug(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", value).strip("-").lower()


def org_id(org: Any) -> str:
    return f"org-{_slug(org.code) if org.code else f'op{org.pk}'}"


def term_id(term: Any) -> str:
    return f"as-{_slug(org_id(term.institution)[4:])}-{_slug(term.code)}"


def course_id(course: Any) -> str:
    return f"crs-{org_id(course.provider_org)[4:]}-{_slug(course.code)}"


def class_id(section: Any) -> str:
    return f"cls-{course_id(section.course)[4:]}-{_slug(section.term.code)}-{_slug(section.code)}"


def user_id(student: Any) -> str:
    return f"stu-{student.state_student_id}"


def ceds_grade(grade: int) -> str:
    if grade == 0:
        return "KG"
    if grade == -1:
        return "PK"
    if 1 <= grade <= 13:
        return f"{grade:02d}"
    return ""


class OneRosterExporter(Exporter):
    format = "oneroster"
    help = "OneRoster 1.2 CSV (zip or folder) of dual-enrollment and adult-ed classes and rosters."
    requires_actor = True

    def export(self, *, out: Path, actor: Any, **options: Any) -> ExportResult:
        enrollments = access.partner_course_enrollment_export(
            actor=actor, purpose="OneRoster roster export"
        )
        tables = build_tables(enrollments)
        files = {f"{name}.csv": _csv(header, rows) for name, (header, rows) in tables.items()}
        files = {"manifest.csv": _csv(spec.MANIFEST_HEADER, manifest_rows()), **files}
        written: list[Path] = []
        if out.suffix.lower() == ".zip":
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
                for name, text in files.items():
                    zf.writestr(name, text)
            written.append(out)
        else:
            out.mkdir(parents=True, exist_ok=True)
            for name, text in files.items():
                (out / name).write_text(text, encoding="utf-8", newline="")
                written.append(out / name)
        return ExportResult(rows={n: len(rows) for n, (_, rows) in tables.items()}, files=written)


def manifest_rows() -> list[list[str]]:
    rows = [["manifest.version", "1.0"], ["oneroster.version", "1.2"]]
    for name in spec.manifest_files("1.2"):
        rows.append([f"file.{name}", "bulk" if name in FILES else "absent"])
    rows += [["source.systemName", "OpenPathways"], ["source.systemCode", "openpathways"]]
    return rows


def build_tables(enrollments: Sequence[Any]) -> dict[str, tuple[Sequence[str], list[list[str]]]]:
    orgs: dict[str, Any] = {}

    def add_org(org: Any) -> str:
        sid = org_id(org)
        if sid not in orgs:
            orgs[sid] = org
            if org.parent_id is not None:
                add_org(org.parent)
        return sid

    terms: dict[str, Any] = {}
    courses: dict[str, Any] = {}
    sections: dict[str, Any] = {}
    students: dict[str, Any] = {}
    enrollment_rows: list[list[str]] = []
    for e in enrollments:
        section, course, student = e.section, e.section.course, e.student
        add_org(course.provider_org)
        add_org(section.host_site)
        add_org(student.school)
        add_org(section.term.institution)
        terms[term_id(section.term)] = section.term
        courses[course_id(course)] = course
        sections[class_id(section)] = section
        students[user_id(student)] = student
        enrollment_rows.append(
            _row("enrollments", {
                "sourcedId": f"enr-{student.state_student_id}-{class_id(section)[4:]}",
                "classSourcedId": class_id(section), "schoolSourcedId": org_id(section.host_site),
                "userSourcedId": user_id(student), "role": "student", "primary": "false",
            })
        )  # fmt: skip
    org_rows = [
        _row("orgs", {
            "sourcedId": sid, "name": org.name, "type": ORG_TYPES.get(org.kind, "school"),
            "identifier": org.code,
            "parentSourcedId": org_id(org.parent) if org.parent_id is not None else "",
        })
        for sid, org in sorted(orgs.items())
    ]  # fmt: skip
    term_rows = [
        _row("academicSessions", {
            "sourcedId": sid, "title": t.name, "type": SESSION_TYPES.get(t.kind, "term"),
            "startDate": t.start_date.isoformat(), "endDate": t.end_date.isoformat(),
            "schoolYear": str(t.academic_year + 1),
        })
        for sid, t in sorted(terms.items())
    ]  # fmt: skip
    course_rows = [
        _row("courses", {
            "sourcedId": sid, "title": c.title, "courseCode": c.code,
            "orgSourcedId": org_id(c.provider_org),
        })
        for sid, c in sorted(courses.items())
    ]  # fmt: skip
    class_rows = [
        _row("classes", {
            "sourcedId": sid, "title": f"{s.course.code} {s.course.title}"[:200],
            "courseSourcedId": course_id(s.course), "classCode": s.code, "classType": "scheduled",
            "schoolSourcedId": org_id(s.host_site), "termSourcedIds": term_id(s.term),
        })
        for sid, s in sorted(sections.items())
    ]  # fmt: skip
    user_rows, role_rows = [], []
    for sid, s in sorted(students.items()):
        user_rows.append(
            _row("users", {
                "sourcedId": sid, "enabledUser": "true",
                "username": s.local_id or s.state_student_id,
                "userIds": f"{{SSID:{s.state_student_id}}}", "givenName": s.first_name,
                "familyName": s.last_name, "identifier": s.state_student_id,
                "grades": ceds_grade(s.grade), "primaryOrgSourcedId": org_id(s.school),
            }, USER_HEADER)
        )  # fmt: skip
        role_rows.append(
            _row("roles", {
                "sourcedId": f"role-{sid}", "userSourcedId": sid, "roleType": "primary",
                "role": "student", "orgSourcedId": org_id(s.school),
            })
        )  # fmt: skip
    enrollment_rows.sort()
    return {
        "orgs": (spec.HEADERS_12["orgs"], org_rows),
        "academicSessions": (spec.HEADERS_12["academicSessions"], term_rows),
        "courses": (spec.HEADERS_12["courses"], course_rows),
        "classes": (spec.HEADERS_12["classes"], class_rows),
        "users": (USER_HEADER, user_rows),
        "roles": (spec.HEADERS_12["roles"], role_rows),
        "enrollments": (spec.HEADERS_12["enrollments"], enrollment_rows),
    }


def _row(name: str, values: dict[str, str], header: Sequence[str] | None = None) -> list[str]:
    columns = header or spec.HEADERS_12[name]
    unknown = set(values) - set(columns)
    assert not unknown, f"{name}: {unknown}"
    return [values.get(c, "") or "" for c in columns]


def _csv(header: Iterable[str], rows: Iterable[Sequence[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(list(header))
    writer.writerows(rows)
    return buffer.getvalue()


EXPORTER = OneRosterExporter()
