"""Read and validate the CCI projection's CSV inputs; render its results as CSV or JSON.

Pure Python (no Django). Every problem names the file, the line, the column, the value found and
what was expected; all problems of both files are collected before anything is computed, so a
caller can refuse the whole input at once.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from openpathways.analytics.cci import (
    GRADES,
    LEVELS,
    MEASURES,
    Course,
    CourseKind,
    Level,
    Student,
    StudentResult,
    Subject,
    Summary,
    TermLength,
    TermRule,
)

STUDENT_COLUMNS: tuple[str, ...] = (
    "student_id",
    "graduated",
    "ag_complete",
    "sbac_ela",
    "sbac_math",
)
COURSE_COLUMNS: tuple[str, ...] = (
    "student_id",
    "year",
    "kind",
    "term_length",
    "grade",
    "units",
    "college_credit",
    "subject",
    "pathway",
)
OUTPUT_COLUMNS: tuple[str, ...] = ("student_id", "level", "measures", "de_units")

YES_NO = {"Y": True, "N": False}
SBAC_LEVELS = {"1": 1, "2": 2, "3": 3, "4": 4}
_YEAR = re.compile(r"^(\d{4})(?:-(\d{2}|\d{4}))?$")


@dataclass(frozen=True, slots=True)
class InputProblem:
    file: str
    line: int | None
    column: str
    value: str
    expected: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}, line {self.line}"
        return f"{where}, column {self.column}: {self.value!r} — expected {self.expected}"


class CciInputError(Exception):
    """The inputs were refused; `problems` lists every problem found."""

    def __init__(self, problems: Sequence[InputProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def _rows(
    path: Path, columns: Sequence[str], problems: list[InputProblem]
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) for each non-blank data row; header problems stop the file."""
    name = path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(
            InputProblem(name, None, "(file)", f"byte {exc.start}", "UTF-8 encoded CSV text")
        )
        return
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        problems.append(InputProblem(name, 1, "(header)", "", "a header: " + ",".join(columns)))
        return
    names = [h.strip().lower() for h in header]
    missing = [c for c in columns if c not in names]
    if missing:
        for column in missing:
            problems.append(
                InputProblem(
                    name,
                    1,
                    column,
                    ",".join(header),
                    f"a column named {column} in the header ({','.join(columns)})",
                )
            )
        return
    index = {c: names.index(c) for c in columns}
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        yield (
            reader.line_num,
            {c: (row[i].strip() if i < len(row) else "") for c, i in index.items()},
        )


def _yes_no(
    value: str, *, file: str, line: int, column: str, problems: list[InputProblem]
) -> bool | None:
    parsed = YES_NO.get(value.upper())
    if parsed is None:
        problems.append(InputProblem(file, line, column, value, "Y or N"))
    return parsed


def read_students(path: Path, problems: list[InputProblem]) -> list[Student]:
    """Students of the cohort; problems are appended to `problems`."""
    name = path.name
    students: list[Student] = []
    first_line: dict[str, int] = {}
    for line, row in _rows(path, STUDENT_COLUMNS, problems):
        before = len(problems)
        sid = row["student_id"]
        if not sid:
            problems.append(InputProblem(name, line, "student_id", sid, "a student id"))
        elif sid in first_line:
            problems.append(
                InputProblem(
                    name,
                    line,
                    "student_id",
                    sid,
                    f"each student once (already on line {first_line[sid]})",
                )
            )
        else:
            first_line[sid] = line
        graduated = _yes_no(
            row["graduated"], file=name, line=line, column="graduated", problems=problems
        )
        ag = _yes_no(
            row["ag_complete"], file=name, line=line, column="ag_complete", problems=problems
        )
        scores: dict[str, int | None] = {}
        for column in ("sbac_ela", "sbac_math"):
            value = row[column]
            if value == "":
                scores[column] = None
            elif value in SBAC_LEVELS:
                scores[column] = SBAC_LEVELS[value]
            else:
                problems.append(
                    InputProblem(name, line, column, value, "an SBAC level 1, 2, 3 or 4, or empty")
                )
        if len(problems) == before:
            students.append(
                Student(
                    student_id=sid,
                    graduated=bool(graduated),
                    ag_complete=bool(ag),
                    sbac_ela=scores["sbac_ela"],
                    sbac_math=scores["sbac_math"],
                )
            )
    return students


def _year(value: str) -> str | None:
    """A school year as YYYY-YY (2024-25 or 2024-2025), or a single year YYYY, kept as given."""
    match = _YEAR.match(value)
    if not match:
        return None
    start, end = match.group(1), match.group(2)
    if end is None:
        return start
    end_full = int(start[:2] + end) if len(end) == 2 else int(end)
    if end_full != int(start) + 1:
        return None
    return f"{start}-{str(end_full)[-2:]}"


def read_courses(
    path: Path, student_ids: set[str] | None, problems: list[InputProblem]
) -> list[Course]:
    """Course records; `student_ids` (when given) are the only ids accepted."""
    name = path.name
    courses: list[Course] = []
    kinds = ", ".join(k.value for k in CourseKind)
    lengths = ", ".join(t.value for t in TermLength)
    subjects = ", ".join(s.value for s in Subject)
    for line, row in _rows(path, COURSE_COLUMNS, problems):
        before = len(problems)

        def problem(column: str, expected: str, *, _line: int = line, _row: dict = row) -> None:
            problems.append(InputProblem(name, _line, column, _row[column], expected))

        sid = row["student_id"]
        if not sid:
            problem("student_id", "a student id")
        elif student_ids is not None and sid not in student_ids:
            problem("student_id", "a student_id listed in the students file")
        year = _year(row["year"])
        if year is None:
            problem("year", "a school year such as 2024-25 (or a year such as 2025)")
        kind: CourseKind | None = None
        try:
            kind = CourseKind(row["kind"].lower())
        except ValueError:
            problem("kind", f"one of {kinds}")
        is_college = kind is CourseKind.COLLEGE
        grade = row["grade"].upper()
        if grade not in GRADES:
            problem("grade", "a letter grade A+ to F, P, NP or W")
        term_length: TermLength | None = None
        if row["term_length"] or is_college:
            try:
                term_length = TermLength(row["term_length"].lower())
            except ValueError:
                problem("term_length", f"one of {lengths}")
        units = Decimal(0)
        if row["units"] or is_college:
            try:
                units = Decimal(row["units"])
                if not units.is_finite() or units < 0:
                    raise InvalidOperation
            except InvalidOperation:
                problem("units", "a number of units, 0 or more (such as 3 or 4.5)")
        college_credit: bool | None = False
        if row["college_credit"] or is_college:
            college_credit = YES_NO.get(row["college_credit"].upper())
            if college_credit is None:
                problem("college_credit", "Y or N")
        subject: Subject | None = None
        if row["subject"] or is_college:
            try:
                subject = Subject(row["subject"].lower())
            except ValueError:
                problem("subject", f"one of {subjects}")
        pathway = row["pathway"]
        if kind is CourseKind.CTE_CAPSTONE and not pathway:
            problem("pathway", "the CTE pathway code of the capstone course")
        if len(problems) == before and kind is not None and year is not None:
            courses.append(
                Course(
                    student_id=sid,
                    year=year,
                    kind=kind,
                    grade=grade,
                    term_length=term_length,
                    units=units,
                    college_credit=bool(college_credit),
                    subject=subject,
                    pathway=pathway,
                )
            )
    return courses


def load(students_path: Path, courses_path: Path) -> tuple[list[Student], list[Course]]:
    """Both inputs, validated together; raises CciInputError listing every problem."""
    problems: list[InputProblem] = []
    students = read_students(students_path, problems)
    # Unknown ids can only be told when the students file's header could be read; ids of rows
    # refused for another reason still count as known students.
    header_ok = not any(p.line in (None, 1) for p in problems)
    ids = _all_ids(students_path) if header_ok else None
    courses = read_courses(courses_path, ids, problems)
    if problems:
        raise CciInputError(problems)
    return students, courses


def _all_ids(path: Path) -> set[str]:
    scratch: list[InputProblem] = []
    return {row["student_id"] for _, row in _rows(path, STUDENT_COLUMNS, scratch)}


def format_units(units: Decimal) -> str:
    return format(units.normalize(), "f") if units else "0"


def format_percent(value: Decimal | None) -> str:
    """One decimal for display (CDE style); an empty cohort shows `--`."""
    if value is None:
        return "--"
    return str(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def render_csv(
    results: Sequence[StudentResult], summary: Summary | None = None, *, term_rule: TermRule
) -> str:
    """Per-student rows; with a summary, a blank line then a `summary,count,percent` table."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(OUTPUT_COLUMNS)
    for r in results:
        writer.writerow([r.student_id, r.level.value, r.measure_codes, format_units(r.de_units)])
    if summary is not None:
        out.write("\n")
        writer.writerow(["summary", "count", "percent"])
        writer.writerow(["status", summary.prepared, format_percent(summary.status)])
        writer.writerow(["cohort", summary.cohort, "100.0" if summary.cohort else "--"])
        for level in LEVELS:
            writer.writerow(
                [level.value, summary.counts[level], format_percent(summary.percent(level))]
            )
        writer.writerow(["term_rule", term_rule.value, ""])
    return out.getvalue()


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value.quantize(Decimal("0.1"), ROUND_HALF_UP))


def summary_dict(summary: Summary) -> dict[str, Any]:
    return {
        "status_percent": _number(summary.status),
        "prepared": summary.prepared,
        "cohort": summary.cohort,
        "levels": {
            level.value: {
                "count": summary.counts[level],
                "percent": _number(summary.percent(level)),
            }
            for level in LEVELS
        },
        "measures": {m.value: summary.measure_counts.get(m, 0) for m in MEASURES},
    }


def render_json(
    results: Sequence[StudentResult], summary: Summary | None = None, *, term_rule: TermRule
) -> str:
    doc: dict[str, Any] = {
        "term_rule": term_rule.value,
        "students": [
            {
                "student_id": r.student_id,
                "level": r.level.value,
                "measures": [m.value for m in r.measures],
                "de_units": float(r.de_units),
            }
            for r in results
        ],
    }
    if summary is not None:
        doc["summary"] = summary_dict(summary)
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


__all__ = [
    "COURSE_COLUMNS",
    "OUTPUT_COLUMNS",
    "STUDENT_COLUMNS",
    "CciInputError",
    "InputProblem",
    "Level",
    "load",
    "read_courses",
    "read_students",
    "render_csv",
    "render_json",
]
