"""`outcomes`: outcome records partners send back (CSV template, docs/interop/outcomes.md).

One line per outcome: an adult-education certificate of completion with its elective credit, an
industry certification, a CTE pathway completion with the capstone grade, or a student's AA-degree
pathway with the units the college reports toward it. A line that changes a recorded outcome is a
correction and names its reason; the old value is kept (OutcomeCorrection). Writes go through
`openpathways.outcomes.services`, which checks the actor's scope and records audit events.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from openpathways.interop.base import ApplyRejected, Importer, ImportReport, Problem
from openpathways.outcomes.selectors import (
    college_units_passed,
    outcome_import_keys,
    outcome_reference_keys,
)
from openpathways.outcomes.services import (
    CAPSTONE_GRADES,
    CredentialKind,
    OutcomeError,
    aa_degree_plan_set,
    credential_correct,
    credential_record,
)

COLUMNS = (
    "record_type", "state_student_id", "issuer_code", "title", "certification",
    "cte_pathway_code", "earned_on", "capstone_grade", "elective_credits", "units", "aa_pathway",
    "correction_reason",
)  # fmt: skip
RECORD_TYPES = (
    "certificate_of_completion", "industry_certification", "cte_pathway_completion", "aa_units",
)  # fmt: skip
_SSID_RE = re.compile(r"^\d{10}$")
MAX_ELECTIVE_CREDITS = Decimal("99.9")
MAX_AA_UNITS = Decimal("120")
DOC = "docs/interop/outcomes.md"


@dataclass
class _Line:
    line: int
    record_type: str
    ssid: str
    issuer_code: str
    title: str
    certification: str
    cte_pathway_code: str
    earned_on: dt.date | None
    capstone_grade: str
    elective_credits: Decimal
    units: Decimal | None
    aa_pathway: str
    correction_reason: str


@dataclass
class CredentialWrite:
    line: int
    student_id: int
    kind: str
    title: str
    earned_on: dt.date
    issuer_id: int | None
    certification_id: int | None
    cte_pathway_id: int | None
    capstone_grade: str
    elective_credits: Decimal
    #: The recorded credential this line corrects (None: a new one), and the changed fields.
    existing_id: int | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    reason: str = ""


@dataclass
class AaWrite:
    line: int
    student_id: int
    aa_pathway_id: int
    declared_on: dt.date | None
    exists: bool
    #: The units the college reports toward the degree (checked against the rosters, not kept).
    units: Decimal | None = None


@dataclass
class OutcomesPlan:
    credentials: list[CredentialWrite] = field(default_factory=list)
    aa_plans: list[AaWrite] = field(default_factory=list)
    #: line -> state student ID, to name the student when a write is refused.
    ssids: dict[int, str] = field(default_factory=dict)


class OutcomesImporter(Importer[OutcomesPlan]):
    format = "outcomes"

    def parse(
        self, path: Path, *, lenient: bool, progress: Callable[[int], None] | None = None
    ) -> tuple[OutcomesPlan | None, list[Problem]]:
        name = path.name
        if path.is_dir():
            return None, [Problem(name, None, None, None, "expected a CSV file")]
        today = timezone.localdate()
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.DictReader(handle)
                header = [h.strip() for h in (reader.fieldnames or [])]
                problems = _check_header(name, header, lenient)
                if any(p.severity == "error" for p in problems):
                    return None, problems
                reader.fieldnames = header
                lines: list[_Line] = []
                for number, row in enumerate(reader, start=1):
                    parsed = _line(name, reader.line_num, row, problems, today)
                    if parsed is not None:
                        lines.append(parsed)
                    if progress is not None and number % 1000 == 0:
                        progress(1000)
        except UnicodeDecodeError as exc:
            return None, [Problem(name, None, None, None, f"not UTF-8 text: {exc}")]
        except csv.Error as exc:
            return None, [Problem(name, None, None, None, f"not a readable CSV file: {exc}")]
        plan = _Resolver(name, lines, problems).plan()
        problems.sort(key=lambda p: p.line or 0)
        return plan, problems

    def apply(self, plan: OutcomesPlan, *, actor: Any, report: ImportReport) -> None:
        refused: list[Problem] = []
        source = report.source
        for w in plan.credentials:
            try:
                if w.existing_id is None:
                    credential_record(
                        actor=actor, student_id=w.student_id, kind=w.kind, title=w.title,
                        earned_on=w.earned_on, issuer_id=w.issuer_id,
                        certification_id=w.certification_id, cte_pathway_id=w.cte_pathway_id,
                        capstone_grade=w.capstone_grade, elective_credits=w.elective_credits,
                    )  # fmt: skip
                    report.count(w.kind, "created")
                elif w.changes:
                    credential_correct(
                        actor=actor, credential_id=w.existing_id, reason=w.reason, **w.changes
                    )
                    report.count(w.kind, "updated")
                    report.count("correction", "created", len(w.changes))
                else:
                    report.count(w.kind, "unchanged")
            except (PermissionDenied, OutcomeError) as exc:
                refused.append(_refusal(source, w.line, plan.ssids.get(w.line), exc))
        for a in plan.aa_plans:
            try:
                aa_degree_plan_set(
                    actor=actor, student_id=a.student_id, aa_pathway_id=a.aa_pathway_id,
                    declared_on=a.declared_on,
                )  # fmt: skip
                report.count("aa_plan", "unchanged" if a.exists else "created")
            except (PermissionDenied, OutcomeError) as exc:
                refused.append(_refusal(source, a.line, plan.ssids.get(a.line), exc))
        if refused:
            raise ApplyRejected(refused)
        report.warnings.extend(_units_differ(Path(source).name, plan))


def _units_differ(name: str, plan: OutcomesPlan) -> list[Problem]:
    """Warn when the units a college reports toward a degree differ from the college units the
    rosters hold as passed (C- or better, or P), which are what the passport counts."""
    reported = [a for a in plan.aa_plans if a.units is not None]
    held: dict[int, Decimal] = defaultdict(
        Decimal, college_units_passed(student_ids={a.student_id for a in reported})
    )
    return [
        Problem(
            name,
            a.line,
            "units",
            str(a.units),
            f"the rosters hold {held[a.student_id]} college units passed for this student; "
            "the passport counts those: send the missing grades with the college-roster import",
            "warning",
        )
        for a in reported
        if a.units != held[a.student_id]
    ]


def _refusal(source: str, line: int, ssid: str | None, exc: Exception) -> Problem:
    message = exc.messages[0] if isinstance(exc, OutcomeError) else str(exc)
    return Problem(Path(source).name, line, "state_student_id", ssid, message)


def _check_header(name: str, header: list[str], lenient: bool) -> list[Problem]:
    if not header:
        return [Problem(name, 1, None, None, "the file is empty; expected a header line")]
    problems = [
        Problem(name, 1, c, None, "required column missing from the header line")
        for c in COLUMNS
        if c not in header
    ]
    problems += [
        Problem(name, 1, c, None, f"unknown column (see {DOC})", "warning" if lenient else "error")
        for c in header
        if c not in COLUMNS
    ]
    return problems


def _line(
    name: str, line: int, raw: dict[str, Any], problems: list[Problem], today: dt.date
) -> _Line | None:
    row = {k: (v or "").strip() for k, v in raw.items() if k in COLUMNS}
    before = len(problems)

    def bad(column: str, message: str) -> None:
        problems.append(Problem(name, line, column, row.get(column, ""), message))

    kind = row["record_type"].lower()
    if kind not in RECORD_TYPES:
        bad("record_type", f"expected one of {', '.join(RECORD_TYPES)}")
    if not _SSID_RE.match(row["state_student_id"]):
        bad("state_student_id", "expected the 10-digit state student ID (SSID)")
    earned_on: dt.date | None = None
    if row["earned_on"]:
        try:
            earned_on = dt.date.fromisoformat(row["earned_on"])
        except ValueError:
            bad("earned_on", "expected a date as YYYY-MM-DD")
        else:
            if earned_on > today:
                bad("earned_on", f"a date in the future (today is {today.isoformat()})")
    elif kind != "aa_units":
        bad("earned_on", "required; expected the date earned as YYYY-MM-DD")
    grade = row["capstone_grade"].upper()
    credits = Decimal(0)
    if row["elective_credits"]:
        try:
            credits = Decimal(row["elective_credits"])
            if not credits.is_finite() or not 0 <= credits <= MAX_ELECTIVE_CREDITS:
                raise InvalidOperation
            if credits != round(credits, 1):
                raise InvalidOperation
        except InvalidOperation:
            bad("elective_credits", f"expected a number from 0 to {MAX_ELECTIVE_CREDITS} "
                "(one decimal)")  # fmt: skip
    units: Decimal | None = None
    if row["units"]:
        try:
            units = Decimal(row["units"])
            if not units.is_finite() or not 0 <= units <= MAX_AA_UNITS or units != round(units, 1):
                raise InvalidOperation
        except InvalidOperation:
            bad("units", f"expected a number of units from 0 to {MAX_AA_UNITS} (one decimal)")
    if kind == "certificate_of_completion":
        if not row["issuer_code"]:
            bad("issuer_code", "required: the code of the adult school or college that awarded it")
        if not row["title"]:
            bad("title", "required: the certificate's title")
    elif kind == "industry_certification":
        if not row["certification"]:
            bad("certification", "required: the certification's name as in the catalog")
    elif kind == "cte_pathway_completion":
        if not row["cte_pathway_code"]:
            bad("cte_pathway_code", "required: the CALPADS CTE pathway code")
        if grade not in CAPSTONE_GRADES:
            bad("capstone_grade", "expected the capstone course's grade: A+ to F, P or NP")
    elif kind == "aa_units":
        if not row["issuer_code"]:
            bad("issuer_code", "required: the code of the college of the degree pathway")
        if not row["aa_pathway"]:
            bad("aa_pathway", "required: the degree pathway's title at the college")
    if kind != "cte_pathway_completion" and grade:
        bad("capstone_grade", "only a cte_pathway_completion has a capstone grade")
    if kind in RECORD_TYPES and kind != "certificate_of_completion" and row["elective_credits"]:
        bad("elective_credits", "only a certificate_of_completion carries elective credit")
    if kind in RECORD_TYPES and kind != "aa_units" and row["units"]:
        bad("units", "only an aa_units line has units")
    if len(problems) > before:
        return None
    return _Line(
        line=line, record_type=kind, ssid=row["state_student_id"],
        issuer_code=row["issuer_code"], title=row["title"], certification=row["certification"],
        cte_pathway_code=row["cte_pathway_code"], earned_on=earned_on, capstone_grade=grade,
        elective_credits=credits, units=units, aa_pathway=row["aa_pathway"],
        correction_reason=row["correction_reason"],
    )  # fmt: skip


class _Resolver:
    """Turns parsed lines into writes: looks up students, organizations, catalog entries and the
    outcomes already recorded (identifiers and the correctable values only)."""

    def __init__(self, name: str, lines: list[_Line], problems: list[Problem]) -> None:
        self.name, self.lines, self.problems = name, lines, problems
        self.students, credentials, self.aa_planned = outcome_import_keys(
            ssids={ln.ssid for ln in lines}, credential_kinds=tuple(RECORD_TYPES[:3])
        )
        refs = outcome_reference_keys(
            issuer_codes={ln.issuer_code for ln in lines if ln.issuer_code},
            pathway_codes={ln.cte_pathway_code for ln in lines},
        )
        self.orgs: dict[str, int] = refs["orgs"]
        self.certifications: dict[str, list[tuple[int, str]]] = refs["certifications"]
        self.pathways: dict[str, tuple[int, str]] = refs["pathways"]
        self.aa_pathways: dict[tuple[int, str], int] = refs["aa_pathways"]
        self.credentials: dict[tuple[Any, ...], dict[str, Any]] = {}
        for values in credentials:
            c: dict[str, Any] = dict(values)
            self.credentials.setdefault(_key(c), c)

    def bad(self, ln: _Line, column: str, value: str, message: str) -> None:
        self.problems.append(Problem(self.name, ln.line, column, value, message))

    def plan(self) -> OutcomesPlan:
        plan = OutcomesPlan()
        seen: dict[tuple[Any, ...], int] = {}
        for ln in self.lines:
            student = self.students.get(ln.ssid)
            if student is None:
                self.bad(ln, "state_student_id", ln.ssid, "no student with this state student ID")
            issuer = self.orgs.get(ln.issuer_code) if ln.issuer_code else None
            if ln.issuer_code and issuer is None:
                self.bad(ln, "issuer_code", ln.issuer_code, "no organization with this code")
            write = self._write(ln, student, issuer)
            if write is None or student is None:
                continue
            key: tuple[Any, ...] = (
                (student, "aa_units", write.aa_pathway_id)
                if isinstance(write, AaWrite)
                else _key(vars(write) | {"student_id": student})
            )
            if key in seen:
                self.bad(
                    ln, "state_student_id", ln.ssid,
                    f"the same outcome for this student is already on line {seen[key]}",
                )  # fmt: skip
                continue
            seen[key] = ln.line
            plan.ssids[ln.line] = ln.ssid
            if isinstance(write, AaWrite):
                plan.aa_plans.append(write)
            elif self._against_recorded(ln, write):
                plan.credentials.append(write)
        return plan

    def _write(  # noqa: PLR0911 (one return per kind of outcome)
        self, ln: _Line, student: int | None, issuer: int | None
    ) -> CredentialWrite | AaWrite | None:
        certification = pathway = None
        title = ln.title
        if ln.record_type == "industry_certification":
            matches = self.certifications.get(ln.certification.casefold(), [])
            if not matches:
                self.bad(ln, "certification", ln.certification,
                         "no industry certification with this name in the catalog")  # fmt: skip
                return None
            if len(matches) > 1:
                self.bad(
                    ln, "certification", ln.certification,
                    "several certifications have this name; ask the district to rename one",
                )  # fmt: skip
                return None
            certification, title = matches[0][0], title or matches[0][1]
        elif ln.record_type == "cte_pathway_completion":
            found = self.pathways.get(ln.cte_pathway_code)
            if found is None:
                self.bad(
                    ln, "cte_pathway_code", ln.cte_pathway_code, "no CTE pathway with this code"
                )
                return None
            pathway, title = found[0], title or f"CTE pathway completion: {found[1]}"
        elif ln.record_type == "aa_units":
            if issuer is None:
                return None
            aa = self.aa_pathways.get((issuer, ln.aa_pathway.casefold()))
            if aa is None:
                self.bad(ln, "aa_pathway", ln.aa_pathway,
                         f"no degree pathway with this title at {ln.issuer_code}")  # fmt: skip
                return None
            if student is None:
                return None
            planned = (student, aa) in self.aa_planned
            return AaWrite(ln.line, student, aa, ln.earned_on, planned, ln.units)
        elif ln.issuer_code and issuer is None:
            return None
        if student is None or ln.earned_on is None:
            return None
        return CredentialWrite(
            line=ln.line, student_id=student, kind=ln.record_type, title=title[:200],
            earned_on=ln.earned_on, issuer_id=issuer, certification_id=certification,
            cte_pathway_id=pathway, capstone_grade=ln.capstone_grade,
            elective_credits=ln.elective_credits, reason=ln.correction_reason,
        )  # fmt: skip

    def _against_recorded(self, ln: _Line, write: CredentialWrite) -> bool:
        """Compare with the outcome already recorded: unchanged, or a correction with a reason."""
        recorded = self.credentials.get(_key(vars(write)))
        if recorded is None:
            return True
        write.existing_id = recorded["pk"]
        for name in ("title", "earned_on", "capstone_grade", "elective_credits"):
            new = getattr(write, name)
            old = recorded[name]
            same = Decimal(old) == new if name == "elective_credits" else str(old) == str(new)
            if not same:
                write.changes[name] = new
        if write.changes and not ln.correction_reason:
            fields = ", ".join(f"{f} {recorded[f]} -> {v}" for f, v in write.changes.items())
            self.bad(ln, "correction_reason", "",
                     f"this line changes the recorded outcome ({fields}); a correction needs "
                     "its reason")  # fmt: skip
            return False
        return True


def _key(c: dict[str, Any]) -> tuple[Any, ...]:
    """What identifies one outcome of a student: the certification, the pathway, or (for a
    certificate of completion) the issuer and the title."""
    kind = c["kind"]
    if kind == CredentialKind.INDUSTRY_CERTIFICATION and c["certification_id"]:
        return (c["student_id"], kind, c["certification_id"])
    if kind == CredentialKind.CTE_PATHWAY_COMPLETION:
        return (c["student_id"], kind, c["cte_pathway_id"])
    return (c["student_id"], kind, c["issuer_id"], str(c["title"]).casefold())


IMPORTER = OutcomesImporter()
