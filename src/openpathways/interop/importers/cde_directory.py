"""`cde-directory`: the California Department of Education public schools directory.

Reads the tab-delimited file as CDE publishes it (`pubschls.txt`, blanks written `No Data`) or its
.xlsx form (first sheet, read-only). Rows without a School name are the districts and county
offices; the others are schools, placed under the district whose CDS code shares their first
seven digits. Upserts by CDS code; see docs/interop/cde-directory.md for every rule.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from openpathways.interop.base import Importer, ImportReport, Problem
from openpathways.interop.models import ExternalId
from openpathways.organizations.services import (
    OrganizationRecord,
    SchoolRecord,
    organization_directory_upsert,
)

SYSTEM = "cde"
ORG_MODEL = "organizations.organization"
NO_DATA = "No Data"
STATUSES = {"Active": "active", "Closed": "closed", "Merged": "merged", "Pending": "pending"}
REQUIRED_COLUMNS = ("CDSCode", "StatusType", "District", "School")
OPTIONAL_COLUMNS = (
    "County", "Street", "City", "Zip", "Phone", "WebSite", "Charter", "DOC", "DOCType", "SOC",
    "EILCode", "GSoffered", "GSserved", "Latitude", "Longitude",
)  # fmt: skip
#: P (preschool) = -1, K = 0, grades 1-12, Adult = 13; CDE also writes `Post Secondary` and, in
#: older rows, grade `13` for the same post-secondary level.
GRADE_TOKENS = {
    "P": -1, "TK": -1, "K": 0, "ADULT": 13, "POST SECONDARY": 13, "13": 13,
    **{str(g): g for g in range(1, 13)},
}  # fmt: skip
_CDS_RE = re.compile(r"^\d{14}$")

#: School type from the CDE School Ownership Code (SOC), then the Educational Instruction Level
#: (EILCode) when the SOC does not decide. High schools (and K-12 schools) whose offered span
#: starts at grade 6 or 7 and ends at 12 are 6-12 span schools.
SOC_TYPES = {
    "60": "elementary", "61": "elementary", "62": "middle", "64": "middle", "65": "k12",
    "66": "high", "67": "high", "68": "continuation", "70": "adult_ed",
}  # fmt: skip
EIL_TYPES = {
    "ELEM": "elementary", "INTMIDJR": "middle", "HS": "high", "ELEMHIGH": "k12", "A": "adult_ed",
}  # fmt: skip


def parse_grade_span(text: str) -> tuple[int | None, int | None]:
    """`K-12` -> (0, 12), `P-8` -> (-1, 8), `Adult` -> (13, 13), `9-Adult` -> (9, 13),
    `9-Post Secondary` -> (9, 13), `K` -> (0, 0), blank or `No Data` -> (None, None). Raises
    ValueError on anything else."""
    text = (text or "").strip()
    if not text or text == NO_DATA:
        return None, None
    parts = [p.strip().upper() for p in text.split("-")]
    if len(parts) > 2 or any(p not in GRADE_TOKENS for p in parts):
        raise ValueError(text)
    low, high = GRADE_TOKENS[parts[0]], GRADE_TOKENS[parts[-1]]
    if low > high:
        raise ValueError(text)
    return low, high


def school_type_for(soc: str, eil: str, low: int | None, high: int | None) -> str:
    kind = SOC_TYPES.get(soc) or EIL_TYPES.get(eil) or "other"
    span_6_12 = low is not None and high is not None and low in (6, 7) and high == 12
    if kind in ("high", "k12") and span_6_12:
        return "span_6_12"
    return "other" if kind == "k12" else kind


@dataclass
class DirectoryPlan:
    organizations: list[OrganizationRecord] = field(default_factory=list)
    schools: list[SchoolRecord] = field(default_factory=list)
    #: Parents named only by their schools' rows (CDS code not in the file); created if missing.
    inferred: list[OrganizationRecord] = field(default_factory=list)


def _clean(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return "" if text == NO_DATA else text


def _rows_tsv(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # older CDE downloads
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader, None)
    if header is None:
        return
    yield 1, {"__header__": "\t".join(header)}
    names = [h.strip() for h in header]
    for row in reader:
        if not any(c.strip() for c in row):
            continue
        values = {n: _clean(row[i]) if i < len(row) else "" for i, n in enumerate(names)}
        yield reader.line_num, values


def _rows_xlsx(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            return
        names = [_clean(h) for h in header]
        yield 1, {"__header__": "\t".join(names)}
        for number, row in enumerate(rows, start=2):
            if not any(v not in (None, "") for v in row):
                continue
            yield number, {n: _clean(row[i]) if i < len(row) else "" for i, n in enumerate(names)}
    finally:
        workbook.close()


def _decimal(text: str, low: int, high: int) -> Decimal | None:
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not value.is_finite() or not low <= value <= high:
        raise ValueError(text)
    return value.quantize(Decimal("0.000001"))


def _website(text: str) -> str:
    if text and "://" not in text:
        text = "http://" + text
    return text[:200]


class CdeDirectoryImporter(Importer[DirectoryPlan]):
    format = "cde-directory"

    def parse(
        self, path: Path, *, lenient: bool, progress: Callable[[int], None] | None = None
    ) -> tuple[DirectoryPlan | None, list[Problem]]:
        name = path.name
        problems: list[Problem] = []
        if path.is_dir():
            return None, [Problem(name, None, None, None, "expected a .txt/.tsv or .xlsx file")]
        xlsx = path.suffix.lower() in (".xlsx", ".xlsm")
        rows = _rows_xlsx(path) if xlsx else _rows_tsv(path)
        try:
            first = next(rows, None)
        except Exception as exc:
            return None, [Problem(name, None, None, None, f"cannot read the file: {exc}")]
        if first is None:
            return None, [Problem(name, 1, None, None, "the file is empty")]
        header = first[1]["__header__"].split("\t")
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        if missing:
            return None, [
                Problem(name, 1, c, None, "required column missing from the header line")
                for c in missing
            ]
        plan = DirectoryPlan()
        seen: dict[str, int] = {}
        school_rows: list[tuple[int, dict[str, str]]] = []
        org_rows: list[tuple[int, dict[str, str]]] = []
        counted = 0
        for line, row in rows:
            counted += 1
            if progress is not None and counted % 500 == 0:
                progress(500)
            code = row.get("CDSCode", "")
            if not _CDS_RE.match(code):
                problems.append(
                    Problem(name, line, "CDSCode", code, "expected a CDS code of 14 digits")
                )
                continue
            if code in seen:
                problems.append(
                    Problem(name, line, "CDSCode", code, f"duplicate of line {seen[code]}")
                )
                continue
            seen[code] = line
            if row.get("StatusType", "") not in STATUSES:
                problems.append(
                    Problem(
                        name,
                        line,
                        "StatusType",
                        row.get("StatusType", ""),
                        "expected Active, Closed, Merged or Pending",
                    )
                )
                continue
            (school_rows if row.get("School") else org_rows).append((line, row))
        if progress is not None:
            progress(counted % 500)
        county_offices = self._organizations(name, org_rows, plan, problems, lenient)
        self._schools(
            name=name,
            rows=school_rows,
            plan=plan,
            problems=problems,
            lenient=lenient,
            county_offices=county_offices,
        )
        return plan, problems

    def _common(
        self, name: str, line: int, row: dict[str, str], problems: list[Problem], lenient: bool
    ) -> dict[str, Any]:
        coords: dict[str, Decimal | None] = {}
        for column, bound in (("Latitude", 90), ("Longitude", 180)):
            text = row.get(column, "")
            try:
                coords[column] = _decimal(text, -bound, bound)
            except ValueError:
                coords[column] = None
                problems.append(
                    Problem(
                        name,
                        line,
                        column,
                        text,
                        f"expected a decimal number between -{bound} and {bound}",
                        "warning" if lenient else "error",
                    )
                )
        return {
            "street": row.get("Street", "")[:200],
            "city": row.get("City", "")[:100],
            "zip_code": row.get("Zip", "")[:10],
            "phone": row.get("Phone", "")[:40],
            "website": _website(row.get("WebSite", "")),
            "latitude": coords["Latitude"],
            "longitude": coords["Longitude"],
            "active": row["StatusType"] == "Active",
        }

    def _organizations(
        self,
        name: str,
        rows: list[tuple[int, dict[str, str]]],
        plan: DirectoryPlan,
        problems: list[Problem],
        lenient: bool,
    ) -> dict[str, str]:
        """District and county-office records; returns the county office per county (2 digits)."""
        county_offices: dict[str, str] = {}
        for _line, row in rows:
            if self._is_county_office(row):
                county = row["CDSCode"][:2]
                if county not in county_offices or row["StatusType"] == "Active":
                    county_offices[county] = row["CDSCode"]
        for line, row in rows:
            code = row["CDSCode"]
            is_coe = self._is_county_office(row)
            parent = "" if is_coe else county_offices.get(code[:2], "")
            plan.organizations.append(
                OrganizationRecord(
                    kind="county_office" if is_coe else "district",
                    code=code,
                    name=(row.get("District") or code)[:200],
                    parent_code=parent,
                    **self._common(name, line, row, problems, lenient),
                )
            )
        return county_offices

    @staticmethod
    def _is_county_office(row: dict[str, str]) -> bool:
        return "County Office of Education" in row.get("DOCType", "") or row.get("DOC") == "00"

    def _schools(
        self,
        *,
        name: str,
        rows: list[tuple[int, dict[str, str]]],
        plan: DirectoryPlan,
        problems: list[Problem],
        lenient: bool,
        county_offices: dict[str, str],
    ) -> None:
        org_codes = {o.code for o in plan.organizations}
        inferred: dict[str, OrganizationRecord] = {}
        for line, row in rows:
            code = row["CDSCode"]
            spans: dict[str, tuple[int | None, int | None]] = {}
            for column in ("GSoffered", "GSserved"):
                text = row.get(column, "")
                try:
                    spans[column] = parse_grade_span(text)
                except ValueError:
                    spans[column] = (None, None)
                    problems.append(
                        Problem(
                            name,
                            line,
                            column,
                            text,
                            "expected a grade span such as K-12, 9-12, P-8, K, Adult or No Data",
                            "warning" if lenient else "error",
                        )
                    )
            charter = row.get("Charter", "")
            if charter not in ("", "Y", "N"):
                problems.append(
                    Problem(
                        name,
                        line,
                        "Charter",
                        charter,
                        "expected Y, N or No Data",
                        "warning" if lenient else "error",
                    )
                )
            parent = code[:7] + "0000000"
            if parent not in org_codes and parent not in inferred:
                is_coe = self._is_county_office(row)
                inferred[parent] = OrganizationRecord(
                    kind="county_office" if is_coe else "district",
                    code=parent,
                    name=(row.get("District") or parent)[:200],
                    parent_code="" if is_coe else county_offices.get(parent[:2], ""),
                    city=row.get("City", "")[:100],
                    active=False,  # not listed in the directory itself
                )
                problems.append(
                    Problem(
                        name,
                        line,
                        "CDSCode",
                        code,
                        f"no row for its district {parent} in the file; the district is created "
                        f"from the District column ({row.get('District', '')!r}) if missing",
                        "warning",
                    )
                )
            offered, served = spans["GSoffered"], spans["GSserved"]
            span = served if served[0] is not None else offered
            plan.schools.append(
                SchoolRecord(
                    organization=OrganizationRecord(
                        kind="school",
                        code=code,
                        name=row["School"][:200],
                        parent_code=parent,
                        **self._common(name, line, row, problems, lenient),
                    ),
                    status=STATUSES[row["StatusType"]],
                    school_type=school_type_for(
                        row.get("SOC", ""),
                        row.get("EILCode", ""),
                        *(offered if offered[0] is not None else span),
                    ),
                    charter=charter == "Y",
                    grade_offered_low=offered[0],
                    grade_offered_high=offered[1],
                    grade_served_low=served[0],
                    grade_served_high=served[1],
                )
            )
        plan.inferred = list(inferred.values())

    def apply(self, plan: DirectoryPlan, *, actor: Any, report: ImportReport) -> None:
        all_codes = [o.code for o in plan.organizations] + [
            s.organization.code for s in plan.schools
        ]
        known = self._known_pks([*all_codes, *(o.code for o in plan.inferred)])
        organizations = [replace(o, pk=known.get(o.code)) for o in plan.organizations]
        schools = [
            replace(s, organization=replace(s.organization, pk=known.get(s.organization.code)))
            for s in plan.schools
        ]
        # Parents named only by school rows: created when missing, never overwritten.
        inferred = [replace(o, pk=known.get(o.code), create_only=True) for o in plan.inferred]
        result = organization_directory_upsert(
            actor=actor,
            organizations=[*organizations, *inferred],
            schools=schools,
            source=report.source,
        )
        for o in plan.organizations:
            report.count(o.kind, result.outcomes[o.code])
        for s in plan.schools:
            report.count("school", result.outcomes[s.organization.code])
        for o in plan.inferred:
            report.count("district_inferred", result.outcomes[o.code])
        new_ids = [
            ExternalId(system=SYSTEM, model=ORG_MODEL, external_id=code, object_pk=pk)
            for code, pk in result.pks.items()
            if known.get(code) != pk
        ]
        if new_ids:
            ExternalId.objects.filter(
                system=SYSTEM, model=ORG_MODEL, external_id__in=[e.external_id for e in new_ids]
            ).delete()
            ExternalId.objects.bulk_create(new_ids, batch_size=1000)

    @staticmethod
    def _known_pks(codes: list[str]) -> dict[str, int]:
        known: dict[str, int] = {}
        for start in range(0, len(codes), 900):
            chunk = codes[start : start + 900]
            rows = ExternalId.objects.filter(system=SYSTEM, model=ORG_MODEL, external_id__in=chunk)
            known.update(rows.values_list("external_id", "object_pk"))
        return known


IMPORTER = CdeDirectoryImporter()
