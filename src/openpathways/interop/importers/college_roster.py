"""`college-roster`: section rosters and final grades a college sends back (CSV template).

Columns (docs/interop/college-roster.md): state_student_id, college_id, college_code, term_code,
course_code, section_code, units, grade, credit_type, status. Each line places one student in one
section; the student and the section must already exist. Grades that change keep their history.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from openpathways.enrollments.services import (
    ROSTER_CREDIT_TYPES,
    ROSTER_GRADES,
    ROSTER_STATUSES,
    RosterEntry,
    SectionKey,
    course_enrollment_roster_apply,
    roster_keys_resolve,
)
from openpathways.interop.base import Importer, ImportReport, Problem
from openpathways.interop.models import ExternalId

COLUMNS = (
    "state_student_id", "college_id", "college_code", "term_code", "course_code",
    "section_code", "units", "grade", "credit_type", "status",
)  # fmt: skip
STUDENT_MODEL = "students.student"
_SSID_RE = re.compile(r"^\d{10}$")
MAX_UNITS = Decimal("20")


@dataclass
class _Line:
    line: int
    ssid: str
    college_id: str
    section: SectionKey
    units: Decimal
    grade: str
    credit_type: str
    status: str


@dataclass
class RosterPlan:
    entries: list[RosterEntry] = field(default_factory=list)
    #: (college code, college id) -> student pk, to record as external ids.
    college_ids: dict[tuple[str, str], int] = field(default_factory=dict)


class CollegeRosterImporter(Importer[RosterPlan]):
    format = "college-roster"

    def parse(
        self, path: Path, *, lenient: bool, progress: Callable[[int], None] | None = None
    ) -> tuple[RosterPlan | None, list[Problem]]:
        name = path.name
        if path.is_dir():
            return None, [Problem(name, None, None, None, "expected a CSV file")]
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.DictReader(handle)
                header = [h.strip() for h in (reader.fieldnames or [])]
                problems = self._check_header(name, header, lenient)
                if any(p.severity == "error" for p in problems):
                    return None, problems
                reader.fieldnames = header
                lines: list[_Line] = []
                for number, row in enumerate(reader, start=1):
                    parsed = self._line(name, reader.line_num, row, problems)
                    if parsed is not None:
                        lines.append(parsed)
                    if progress is not None and number % 1000 == 0:
                        progress(1000)
        except UnicodeDecodeError as exc:
            return None, [Problem(name, None, None, None, f"not UTF-8 text: {exc}")]
        plan = self._resolve(name, lines, problems)
        return plan, problems

    @staticmethod
    def _check_header(name: str, header: list[str], lenient: bool) -> list[Problem]:
        if not header:
            return [Problem(name, 1, None, None, "the file is empty; expected a header line")]
        problems = [
            Problem(name, 1, c, None, "required column missing from the header line")
            for c in COLUMNS
            if c not in header
        ]
        problems += [
            Problem(
                name,
                1,
                c,
                None,
                "unknown column (see docs/interop/college-roster.md)",
                "warning" if lenient else "error",
            )
            for c in header
            if c not in COLUMNS
        ]
        return problems

    @staticmethod
    def _line(name: str, line: int, raw: dict[str, Any], problems: list[Problem]) -> _Line | None:
        row = {k: (v or "").strip() for k, v in raw.items() if k in COLUMNS}
        before = len(problems)

        def bad(column: str, message: str) -> None:
            problems.append(Problem(name, line, column, row.get(column, ""), message))

        if not _SSID_RE.match(row["state_student_id"]):
            bad("state_student_id", "expected the 10-digit state student ID (SSID)")
        for column in ("college_id", "college_code", "term_code", "course_code", "section_code"):
            if not row[column]:
                bad(column, "required; may not be empty")
        units = Decimal(0)
        try:
            units = Decimal(row["units"])
            if not units.is_finite() or not 0 <= units <= MAX_UNITS or units != round(units, 1):
                raise InvalidOperation
        except InvalidOperation:
            bad("units", f"expected a number of units from 0 to {MAX_UNITS} (one decimal)")
        grade = row["grade"].upper()
        status = row["status"].lower()
        credit_type = row["credit_type"].lower()
        if grade and grade not in ROSTER_GRADES:
            bad("grade", "expected a letter grade (A+ to F), P, NP, W, I, or empty")
        if credit_type not in ROSTER_CREDIT_TYPES:
            bad("credit_type", "expected college or dual")
        if status not in ROSTER_STATUSES:
            bad("status", "expected enrolled, dropped or completed")
        elif status == "completed" and grade in ("", "I", "W"):
            bad("grade", "a completed enrollment needs its final grade (A+ to F, P or NP)")
        elif status == "enrolled" and grade not in ("", "I"):
            bad("grade", "an enrollment in progress has no final grade (leave empty, or I)")
        elif status == "dropped" and grade not in ("", "W"):
            bad("grade", "a dropped enrollment has no grade, or W")
        if len(problems) > before:
            return None
        return _Line(
            line=line,
            ssid=row["state_student_id"],
            college_id=row["college_id"],
            section=SectionKey(
                row["college_code"], row["term_code"], row["course_code"], row["section_code"]
            ),
            units=units,
            grade=grade,
            credit_type=credit_type,
            status=status,
        )

    @staticmethod
    def _resolve(name: str, lines: list[_Line], problems: list[Problem]) -> RosterPlan:
        students, sections = roster_keys_resolve(
            state_student_ids=[ln.ssid for ln in lines], sections=[ln.section for ln in lines]
        )
        known_ids = _college_ids_known({ln.section.college_code for ln in lines})
        plan = RosterPlan()
        seen: dict[tuple[str, SectionKey], int] = {}
        for ln in lines:
            student = students.get(ln.ssid)
            section = sections.get(ln.section)
            if student is None:
                problems.append(
                    Problem(
                        name,
                        ln.line,
                        "state_student_id",
                        ln.ssid,
                        "no student with this state student ID",
                    )
                )
            if section is None:
                problems.append(
                    Problem(
                        name,
                        ln.line,
                        "section_code",
                        str(ln.section),
                        "no such section (college_code/term_code/course_code/section_code)",
                    )
                )
            key = (ln.ssid, ln.section)
            if key in seen:
                problems.append(
                    Problem(
                        name,
                        ln.line,
                        "section_code",
                        str(ln.section),
                        f"this student is already in this section on line {seen[key]}",
                    )
                )
                continue
            seen[key] = ln.line
            if student is None or section is None:
                continue
            id_key = (ln.section.college_code, ln.college_id)
            owner = plan.college_ids.get(id_key, known_ids.get(id_key))
            if owner is not None and owner != student:
                problems.append(
                    Problem(
                        name,
                        ln.line,
                        "college_id",
                        ln.college_id,
                        f"college ID already belongs to another student at {id_key[0]}",
                    )
                )
                continue
            plan.college_ids[id_key] = student
            plan.entries.append(
                RosterEntry(
                    student_id=student,
                    section_id=section,
                    status=ln.status,
                    grade=ln.grade,
                    units=ln.units,
                    credit_type=ln.credit_type,
                )
            )
        return plan

    def apply(self, plan: RosterPlan, *, actor: Any, report: ImportReport) -> None:
        counts = course_enrollment_roster_apply(
            actor=actor, entries=plan.entries, source=f"college-roster {report.source}"
        )
        for outcome in ("created", "updated", "unchanged"):
            report.count("enrollment", outcome, counts[outcome])
        report.count("grade_change", "created", counts["grade_changes"])
        known = _college_ids_known({college for college, _ in plan.college_ids})
        new = [
            ExternalId(
                system=f"college:{college}", model=STUDENT_MODEL, external_id=cid, object_pk=pk
            )
            for (college, cid), pk in plan.college_ids.items()
            if (college, cid) not in known
        ]
        ExternalId.objects.bulk_create(new, batch_size=1000)
        report.count("college_id", "created", len(new))
        report.count("college_id", "unchanged", len(plan.college_ids) - len(new))


def _college_ids_known(colleges: set[str]) -> dict[tuple[str, str], int]:
    rows = ExternalId.objects.filter(
        system__in=[f"college:{c}" for c in colleges], model=STUDENT_MODEL
    ).values_list("system", "external_id", "object_pk")
    return {(system.removeprefix("college:"), eid): pk for system, eid, pk in rows}


IMPORTER = CollegeRosterImporter()
