"""Reading a folder of Ed-Fi 5.x interchange files into a plan, validating everything first.

Files are recognised by their root element (not their names) and read in dependency order:
descriptors, education organizations, calendars (sessions), master schedule, students, student
enrollment, student programs. References are resolved against the input and, failing that, against
what earlier Ed-Fi imports stored (ExternalId, system `edfi`); an unresolved reference is an error
naming file, line, element path and the identity it looked for. See docs/interop/edfi.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from openpathways.interop.base import Problem
from openpathways.interop.edfi import descriptors as d
from openpathways.interop.edfi.reader import NotEdFiError, Record, interchange_name, records

SYSTEM = "edfi"
ORDER = (
    "InterchangeDescriptors",
    "InterchangeEducationOrganization",
    "InterchangeEducationOrgCalendar",
    "InterchangeMasterSchedule",
    "InterchangeStudent",
    "InterchangeStudentEnrollment",
    "InterchangeStudentProgram",
)
#: ExternalId.model labels of rows that have no table of their own here.
OFFERING_MODEL = "edfi.courseoffering"
CTE_MODEL = "edfi.studentcteprogramassociation"
_SSID_RE = re.compile(r"^\d{10}$")
_CDS_RE = re.compile(r"^\d{14}$")


def ext_id(*parts: str) -> str:
    """An ExternalId.external_id from identity parts; hashed when longer than the column."""
    text = "|".join(parts)
    if len(text) <= 255:
        return text
    return text[:200] + "#" + hashlib.sha256(text.encode()).hexdigest()[:32]


@dataclass
class Loc:
    file: str
    line: int
    path: str


@dataclass
class OrgRec:
    key: str  # Ed-Fi EducationOrganizationId
    kind: str  # district, school, college
    name: str
    code: str  # CDS code when one is given, else "E" + the Ed-Fi id
    loc: Loc
    parent_key: str = ""
    parent_ref: str = ""  # XML id reference still to resolve
    street: str = ""
    city: str = ""
    zip_code: str = ""
    phone: str = ""
    website: str = ""
    active: bool = True
    status: str = "active"
    school_type: str = "other"
    charter: bool = False
    grade_low: int | None = None
    grade_high: int | None = None


@dataclass
class TermRec:
    key: str
    school_key: str
    name: str
    kind: str
    abbreviation: str
    academic_year: int
    start: dt.date
    end: dt.date
    loc: Loc


@dataclass
class CourseRec:
    key: str
    org_key: str
    code: str
    title: str
    units: Decimal | None
    subject: str
    sector: str
    state_code: str
    college_level: bool
    loc: Loc


@dataclass
class OfferingRec:
    key: str
    course_key: str
    term_key: str
    school_key: str
    loc: Loc


@dataclass
class SectionRec:
    key: str
    offering_key: str
    code: str
    host_key: str
    modality: str
    credits: Decimal | None
    loc: Loc


@dataclass
class StudentRec:
    unique_id: str
    first_name: str
    last_name: str
    birth_date: dt.date
    gender: str | None
    loc: Loc

    @property
    def has_ssid(self) -> bool:
        return bool(_SSID_RE.match(self.unique_id))


@dataclass
class SchoolAssocRec:
    student: str
    school_key: str
    grade: int
    entry_date: dt.date
    exited: bool
    cohort: int | None
    loc: Loc


@dataclass
class DemographicsRec:
    student: str
    gender: str | None
    race: str | None
    loc: Loc


@dataclass
class EnrollmentRec:
    key: str
    student: str
    section_key: str
    begin: dt.date
    end: dt.date | None
    dual_credit: bool
    dual_high_school_credit: bool | None
    dual_credit_type: str
    dual_credit_at_high_school: bool | None
    dual_credit_institution: str
    dual_credit_org_key: str
    loc: Loc


@dataclass
class CteRec:
    key: str
    student: str
    program_org_key: str
    program_name: str
    begin: dt.date
    end: dt.date | None
    completed: bool
    sector: str
    career_pathway: str
    loc: Loc


@dataclass
class EdfiPlan:
    orgs: dict[str, OrgRec] = field(default_factory=dict)
    terms: dict[str, TermRec] = field(default_factory=dict)
    courses: dict[str, CourseRec] = field(default_factory=dict)
    offerings: dict[str, OfferingRec] = field(default_factory=dict)
    sections: dict[str, SectionRec] = field(default_factory=dict)
    students: dict[str, StudentRec] = field(default_factory=dict)
    school_assocs: dict[str, SchoolAssocRec] = field(default_factory=dict)
    demographics: dict[str, DemographicsRec] = field(default_factory=dict)
    enrollments: dict[str, EnrollmentRec] = field(default_factory=dict)
    cte: dict[str, CteRec] = field(default_factory=dict)
    #: The school year (end year) of the latest session read; for students without a school.
    latest_school_year: int | None = None
    #: The district that holds new students without a StudentSchoolAssociation (the only LEA).
    default_district_key: str = ""
    #: Element counts per interchange record type that were read but are not imported.
    ignored: Counter[tuple[str, str]] = field(default_factory=Counter)


def key_school(school_id: str) -> str:
    return school_id


def key_term(school_id: str, year: str, name: str) -> str:
    return ext_id("session", school_id, year, name)


def key_course(org_id: str, code: str) -> str:
    return ext_id("course", org_id, code)


def key_offering(school_id: str, year: str, session: str, local_code: str) -> str:
    return ext_id("offering", school_id, year, session, local_code)


def key_section(offering_key: str, identifier: str) -> str:
    return ext_id("section", offering_key, identifier)


class _Parser:
    def __init__(self, lenient: bool, progress: Callable[[int], None] | None) -> None:
        self.lenient = lenient
        self.progress = progress
        self.plan = EdfiPlan()
        self.problems: list[Problem] = []
        self.ids: dict[str, tuple[str, str]] = {}  # XML id -> (kind, key)
        #: References to check after everything is read: (kind, key, loc).
        self.refs: list[tuple[str, str, Loc]] = []
        #: Identities of records that are in the input but failed validation (their own errors
        #: are reported; references to them are not reported again).
        self.invalid: dict[str, set[str]] = defaultdict(set)
        self.unreadable = False

    # -- problems -----------------------------------------------------------------------------

    def error(self, rec: Record, path: str, value: str | None, message: str) -> None:
        line, where = rec.where(path)
        self.problems.append(Problem(rec.file, line, where, value, message))

    def warn(self, rec: Record, path: str, value: str | None, message: str) -> None:
        line, where = rec.where(path)
        self.problems.append(Problem(rec.file, line, where, value, message, "warning"))

    def duplicate(self, rec: Record, path: str, value: str, first: Loc) -> None:
        """A second record with the same identity replaces the first (Ed-Fi upsert semantics)."""
        self.warn(
            rec,
            path,
            value,
            f"same identity as {first.path} at line {first.line}: this later record replaces it",
        )

    def loc(self, rec: Record, path: str = "") -> Loc:
        line, where = rec.where(path)
        return Loc(rec.file, line, where)

    # -- value readers ------------------------------------------------------------------------

    def required(self, rec: Record, path: str) -> str:
        value = rec.text(path)
        if not value:
            self.error(rec, path, None, f"required element {path} is missing or empty")
        return value

    def date(self, rec: Record, path: str, *, required: bool = True) -> dt.date | None:
        value = rec.text(path)
        if not value:
            if required:
                self.error(rec, path, None, f"required date {path} is missing")
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.error(rec, path, value, "expected a date written YYYY-MM-DD")
            return None

    def boolean(self, rec: Record, path: str) -> bool | None:
        value = rec.text(path)
        if not value:
            return None
        if value.lower() in ("1", "true"):
            return True
        if value.lower() in ("0", "false"):
            return False
        self.error(rec, path, value, "expected a boolean: true, false, 1 or 0")
        return None

    def decimal(self, rec: Record, path: str) -> Decimal | None:
        value = rec.text(path)
        if not value:
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite() or not Decimal(0) <= number < Decimal(1000):
            self.error(rec, path, value, "expected a number of credits between 0 and 999.9")
            return None
        return number.quantize(Decimal("0.1"))

    def descriptor(self, rec: Record, path: str, node: Any = None) -> d.Descriptor | None:
        value = (node.text or "").strip() if node is not None else rec.text(path)
        if not value:
            return None
        found = d.parse_descriptor(value)
        if found is None:
            where_line, where = (
                (int(node.sourceline), rec.path_of(node)) if node is not None else rec.where(path)
            )
            self.problems.append(
                Problem(
                    rec.file,
                    where_line,
                    where,
                    value,
                    "expected a descriptor URI such as uri://ed-fi.org/<Name>Descriptor#<code>",
                )
            )
        return found

    def school_year(self, rec: Record, path: str) -> tuple[str, int | None]:
        """SchoolYear is written `2021-2022` in the bulk XML (or `2022`); returns the end year."""
        value = rec.text(path)
        match = re.fullmatch(r"(\d{4})-(\d{4})", value)
        if match and int(match.group(2)) == int(match.group(1)) + 1:
            return value, int(match.group(2))
        if re.fullmatch(r"\d{4}", value):
            return value, int(value)
        self.error(rec, path, value or None, "expected a school year such as 2021-2022")
        return value, None

    def edorg_id(self, rec: Record, ref_path: str, identity: str, id_element: str) -> str:
        """An education organization identity, by value or by an XML `ref` attribute."""
        node = rec.find(ref_path)
        if node is None:
            return ""
        value = rec.text(f"{ref_path}/{identity}/{id_element}")
        if value:
            return value
        ref = node.get("ref", "")
        if ref and ref in self.ids:
            return self.ids[ref][1]
        if ref:
            self.error(rec, ref_path, ref, "the ref attribute names no element of the input")
        else:
            self.error(rec, ref_path, None, f"expected {identity}/{id_element} or a ref attribute")
        return ""

    def school_ref(self, rec: Record, path: str) -> str:
        school = rec.text(f"{path}/SchoolIdentity/SchoolId")
        if not school:
            node = rec.find(path)
            ref = node.get("ref", "") if node is not None else ""
            if ref and ref in self.ids:
                return self.ids[ref][1]
            self.error(
                rec,
                f"{path}/SchoolIdentity/SchoolId",
                ref or None,
                "required school reference is missing or unresolved",
            )
            return ""
        self.refs.append(("org", school, self.loc(rec, f"{path}/SchoolIdentity/SchoolId")))
        return school

    # -- files --------------------------------------------------------------------------------

    def run(self, path: Path) -> EdfiPlan | None:
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        known: list[tuple[int, Path]] = []
        for file in files:
            if file.suffix.lower() != ".xml":
                continue
            try:
                root, _ns = interchange_name(file)
            except NotEdFiError as exc:
                self.problems.append(Problem(file.name, exc.line, None, None, str(exc)))
                continue
            if root not in ORDER:
                self.problems.append(
                    Problem(
                        file.name,
                        1,
                        root,
                        None,
                        "interchange not imported (only descriptors, education organizations, "
                        "calendars, master schedule, students, student enrollment and student "
                        "programs are)",
                        "warning",
                    )
                )
                continue
            known.append((ORDER.index(root), file))
        if not known:
            self.problems.append(
                Problem(path.name, None, None, None, "no Ed-Fi 5.x interchange XML files found")
            )
            return None
        for _order, file in sorted(known, key=lambda item: (item[0], str(item[1]))):
            try:
                for n, rec in enumerate(records(file, HANDLED), start=1):
                    if isinstance(rec, str):
                        if not rec.endswith("Descriptor"):  # definitions: read where used
                            self.plan.ignored[(file.name, rec)] += 1
                    else:
                        self.dispatch(rec)
                    if self.progress is not None and n % 200 == 0:
                        self.progress(200)
            except NotEdFiError as exc:
                self.problems.append(Problem(file.name, exc.line, None, None, str(exc)))
                self.unreadable = True
        if not self.unreadable:  # else missing references would only echo the unreadable file
            self.resolve()
        self.students_without_school()
        self.summaries()
        return self.plan

    def dispatch(self, rec: Record) -> None:
        tag = rec.tag
        ident = rec.element.get("id")
        handler = getattr(self, f"on_{tag}", None)
        if handler is None and tag.endswith("Descriptor"):
            return  # descriptor definitions: values are read where they are used
        if handler is None:
            self.plan.ignored[(rec.file, tag)] += 1
            return
        key = handler(rec)
        if ident and key:
            self.ids[ident] = (tag, key)

    # -- education organizations -------------------------------------------------------------

    def _org_common(self, rec: Record, kind: str, id_path: str) -> OrgRec | None:
        key = rec.text(id_path)
        errors = len(self.problems)
        org = self._org_fields(rec, kind, id_path)
        if org is None and key and len(self.problems) > errors:
            self.invalid["org"].add(key)
        return org

    def _org_fields(self, rec: Record, kind: str, id_path: str) -> OrgRec | None:
        key = self.required(rec, id_path)
        name = self.required(rec, "NameOfInstitution")
        if not key or not name:
            return None
        if not key.isdigit():
            self.error(rec, id_path, key, "expected an integer education organization id")
            return None
        if key in self.plan.orgs:
            self.duplicate(rec, id_path, key, self.plan.orgs[key].loc)
        cds = ""
        for node in rec.findall("EducationOrganizationIdentificationCode"):
            code = rec.text("IdentificationCode", node)
            if _CDS_RE.match(code):
                cds = code
        code = cds or f"E{key}"
        if len(code) > 14:
            self.error(
                rec,
                id_path,
                key,
                "education organization ids longer than 13 digits "
                "cannot be stored (no CDS code given)",
            )
            return None
        addresses = rec.findall("Address")
        physical = next(
            (a for a in addresses if rec.text("AddressType", a).endswith("#Physical")),
            addresses[0] if addresses else None,
        )
        phones = rec.findall("InstitutionTelephone")
        main = next(
            (p for p in phones if rec.text("InstitutionTelephoneNumberType", p).endswith("#Main")),
            phones[0] if phones else None,
        )
        status_text = rec.text("OperationalStatus")
        status = "active"
        if status_text:
            desc = self.descriptor(rec, "OperationalStatus")
            mapped = d.operational_status(desc.code) if desc else None
            if mapped is None:
                self.error(
                    rec,
                    "OperationalStatus",
                    status_text,
                    "unknown operational status (see docs/interop/edfi.md)",
                )
            else:
                status = mapped
        website = rec.text("WebSite")
        if website and "://" not in website:
            website = "http://" + website
        return OrgRec(
            key=key,
            kind=kind,
            name=name[:200],
            code=code,
            loc=self.loc(rec, id_path),
            street=rec.text("StreetNumberName", physical)[:200] if physical is not None else "",
            city=rec.text("City", physical)[:100] if physical is not None else "",
            zip_code=rec.text("PostalCode", physical)[:10] if physical is not None else "",
            phone=rec.text("TelephoneNumber", main)[:40] if main is not None else "",
            website=website[:200],
            active=status == "active",
            status=status,
        )

    def on_LocalEducationAgency(self, rec: Record) -> str:  # noqa: N802 (Ed-Fi element name)
        org = self._org_common(rec, "district", "LocalEducationAgencyId")
        if org is None:
            return ""
        self.plan.orgs[org.key] = org
        return org.key

    def on_PostSecondaryInstitution(self, rec: Record) -> str:  # noqa: N802
        org = self._org_common(rec, "college", "PostSecondaryInstitutionId")
        if org is None:
            return ""
        self.plan.orgs[org.key] = org
        return org.key

    def on_School(self, rec: Record) -> str:  # noqa: N802
        org = self._org_common(rec, "school", "SchoolId")
        if org is None:
            return ""
        grades: list[int] = []
        for node in rec.findall("GradeLevel"):
            desc = self.descriptor(rec, "GradeLevel", node)
            if desc is None:
                continue
            grade = d.grade_level(desc.code)
            if grade is None:
                self.problems.append(
                    Problem(
                        rec.file,
                        int(node.sourceline),
                        rec.path_of(node),
                        desc.uri,
                        "grade level without a grade here (Ungraded, Other, ...): left out of "
                        "the school's grade span",
                        "warning",
                    )
                )
            else:
                grades.append(grade)
        if grades:
            org.grade_low, org.grade_high = min(grades), max(grades)
        school_type = "other"
        for node in rec.findall("SchoolCategory"):
            desc = self.descriptor(rec, "SchoolCategory", node)
            mapped = d.school_category(desc.code) if desc else None
            if mapped:
                school_type = mapped
                break
        if school_type == "high" and org.grade_low in (6, 7) and org.grade_high == 12:
            school_type = "span_6_12"
        org.school_type = school_type
        charter = d.parse_descriptor(rec.text("CharterStatus"))
        org.charter = charter is not None and charter.code.casefold() != "not a charter school"
        lea = self.edorg_id(
            rec,
            "LocalEducationAgencyReference",
            "LocalEducationAgencyIdentity",
            "LocalEducationAgencyId",
        )
        if lea:
            org.parent_key = lea
            self.refs.append(("org", lea, self.loc(rec, "LocalEducationAgencyReference")))
        self.plan.orgs[org.key] = org
        return org.key

    def on_Course(self, rec: Record) -> str:  # noqa: N802
        code = self.required(rec, "CourseCode")
        title = self.required(rec, "CourseTitle")
        org_key = self.edorg_id(
            rec,
            "EducationOrganizationReference",
            "EducationOrganizationIdentity",
            "EducationOrganizationId",
        )
        if not org_key and rec.find("EducationOrganizationReference") is None:
            self.error(
                rec,
                "EducationOrganizationReference",
                None,
                "required EducationOrganizationReference is missing",
            )
        if not (code and title and org_key):
            return ""
        if len(code) > 30:
            self.error(
                rec, "CourseCode", code, "course codes longer than 30 characters cannot be stored"
            )
            return ""
        key = key_course(org_key, code)
        if key in self.plan.courses:
            self.duplicate(rec, "CourseCode", code, self.plan.courses[key].loc)
        self.refs.append(("org", org_key, self.loc(rec, "EducationOrganizationReference")))
        characteristics = {
            desc.code.casefold()
            for node in rec.findall("CourseLevelCharacteristic")
            if (desc := self.descriptor(rec, "CourseLevelCharacteristic", node)) is not None
        }
        sector = ""
        pathway = self.descriptor(rec, "CareerPathway")
        if pathway is not None:
            mapped = d.career_pathway_sector(pathway.code)
            if mapped is None:
                self.warn(rec, "CareerPathway", pathway.uri, "unknown career pathway: no sector")
            sector = mapped or ""
        state_code = ""
        for node in rec.findall("CourseIdentificationCode"):
            system = rec.text("CourseIdentificationSystem", node)
            if system.casefold().endswith("#state course code"):
                state_code = rec.text("IdentificationCode", node)[:10]
        units = self.decimal(rec, "MaximumAvailableCredits/Credits")
        if units is None:
            units = self.decimal(rec, "MinimumAvailableCredits/Credits")
        self.plan.courses[key] = CourseRec(
            key=key,
            org_key=org_key,
            code=code,
            title=title[:200],
            units=units,
            subject="cte" if d.CTE_CHARACTERISTIC in characteristics or sector else "academic",
            sector=sector,
            state_code=state_code,
            college_level=bool(characteristics & d.COLLEGE_LEVEL_CHARACTERISTICS),
            loc=self.loc(rec, "CourseCode"),
        )
        return key

    # -- calendar -----------------------------------------------------------------------------

    def on_Session(self, rec: Record) -> str:  # noqa: N802
        name = self.required(rec, "SessionName")
        year_text, year = self.school_year(rec, "SchoolYear")
        school = self.school_ref(rec, "SchoolReference")
        start = self.date(rec, "BeginDate")
        end = self.date(rec, "EndDate")
        term = self.descriptor(rec, "Term")
        kind = d.term_kind(term.code) if term else None
        if term is not None and kind is None:
            self.error(rec, "Term", term.uri, "unknown term descriptor (see docs/interop/edfi.md)")
        if term is None and not rec.text("Term"):
            self.error(rec, "Term", None, "required element Term is missing")
        if not (name and year and school and start and end and kind):
            return ""
        if end < start:
            self.error(rec, "EndDate", end.isoformat(), "EndDate is before BeginDate")
            return ""
        key = key_term(school, year_text, name)
        if key in self.plan.terms:
            self.duplicate(rec, "SessionName", name, self.plan.terms[key].loc)
        self.plan.terms[key] = TermRec(
            key=key,
            school_key=school,
            name=name[:100],
            kind=kind[0],
            abbreviation=kind[1],
            academic_year=year - 1,
            start=start,
            end=end,
            loc=self.loc(rec, "SessionName"),
        )
        self.plan.latest_school_year = max(self.plan.latest_school_year or 0, year)
        return key

    # -- master schedule ----------------------------------------------------------------------

    def _session_key(self, rec: Record, path: str) -> str:
        name = rec.text(f"{path}/SessionIdentity/SessionName")
        year_text = rec.text(f"{path}/SessionIdentity/SchoolYear")
        school = rec.text(f"{path}/SessionIdentity/SchoolReference/SchoolIdentity/SchoolId")
        if not (name and year_text and school):
            self.error(
                rec,
                path,
                None,
                "expected SessionIdentity with SessionName, SchoolYear and SchoolId",
            )
            return ""
        key = key_term(school, year_text, name)
        self.refs.append(("term", key, self.loc(rec, f"{path}/SessionIdentity/SessionName")))
        return key

    def _offering_key(self, rec: Record, path: str) -> str:
        base = f"{path}/CourseOfferingIdentity"
        local = rec.text(f"{base}/LocalCourseCode")
        school = rec.text(f"{base}/SchoolReference/SchoolIdentity/SchoolId")
        session = rec.text(f"{base}/SessionReference/SessionIdentity/SessionName")
        year = rec.text(f"{base}/SessionReference/SessionIdentity/SchoolYear")
        if not (local and school and session and year):
            self.error(
                rec,
                path,
                None,
                "expected CourseOfferingIdentity with LocalCourseCode, "
                "SchoolId, SessionName and SchoolYear",
            )
            return ""
        key = key_offering(school, year, session, local)
        self.refs.append(("offering", key, self.loc(rec, f"{base}/LocalCourseCode")))
        return key

    def on_CourseOffering(self, rec: Record) -> str:  # noqa: N802
        local = self.required(rec, "LocalCourseCode")
        school = self.school_ref(rec, "SchoolReference")
        term_key = self._session_key(rec, "SessionReference")
        code = rec.text("CourseReference/CourseIdentity/CourseCode")
        org = rec.text(
            "CourseReference/CourseIdentity/EducationOrganizationReference/"
            "EducationOrganizationIdentity/EducationOrganizationId"
        )
        if not (code and org):
            self.error(
                rec,
                "CourseReference",
                None,
                "expected CourseIdentity with CourseCode and EducationOrganizationId",
            )
        if not (local and school and term_key and code and org):
            return ""
        course_key = key_course(org, code)
        self.refs.append(
            ("course", course_key, self.loc(rec, "CourseReference/CourseIdentity/CourseCode"))
        )
        name = rec.text("SessionReference/SessionIdentity/SessionName")
        year = rec.text("SessionReference/SessionIdentity/SchoolYear")
        key = key_offering(school, year, name, local)
        if key in self.plan.offerings:
            self.duplicate(rec, "LocalCourseCode", local, self.plan.offerings[key].loc)
        self.plan.offerings[key] = OfferingRec(
            key=key,
            course_key=course_key,
            term_key=term_key,
            school_key=school,
            loc=self.loc(rec, "LocalCourseCode"),
        )
        return key

    def on_Section(self, rec: Record) -> str:  # noqa: N802
        identifier = self.required(rec, "SectionIdentifier")
        offering = self._offering_key(rec, "CourseOfferingReference")
        if not (identifier and offering):
            return ""
        if len(identifier) > 30:
            self.error(
                rec,
                "SectionIdentifier",
                identifier,
                "section identifiers longer than 30 characters cannot be stored",
            )
            self.invalid["section"].add(key_section(offering, identifier))
            return ""
        host = ""
        if rec.find("LocationSchoolReference") is not None:
            host = self.school_ref(rec, "LocationSchoolReference")
        key = key_section(offering, identifier)
        if key in self.plan.sections:
            self.duplicate(rec, "SectionIdentifier", identifier, self.plan.sections[key].loc)
        env = d.parse_descriptor(rec.text("EducationalEnvironment"))
        self.plan.sections[key] = SectionRec(
            key=key,
            offering_key=offering,
            code=identifier,
            host_key=host,
            modality=d.modality(env.code) if env else "in_person",
            credits=self.decimal(rec, "AvailableCredits/Credits"),
            loc=self.loc(rec, "SectionIdentifier"),
        )
        return key

    # -- students -----------------------------------------------------------------------------

    def _student_ref(self, rec: Record, path: str = "StudentReference") -> str:
        value = rec.text(f"{path}/StudentIdentity/StudentUniqueId")
        if not value:
            self.error(
                rec,
                f"{path}/StudentIdentity/StudentUniqueId",
                None,
                "required student reference is missing",
            )
            return ""
        self.refs.append(
            ("student", value, self.loc(rec, f"{path}/StudentIdentity/StudentUniqueId"))
        )
        return value

    def on_Student(self, rec: Record) -> str:  # noqa: N802
        unique = self.required(rec, "StudentUniqueId")
        first = self.required(rec, "Name/FirstName")
        last = self.required(rec, "Name/LastSurname")
        birth = self.date(rec, "BirthData/BirthDate")
        if not (unique and first and last and birth):
            self.invalid["student"].add(unique)
            return ""
        if len(unique) > 20:
            self.error(
                rec,
                "StudentUniqueId",
                unique,
                "student ids longer than 20 characters cannot be stored",
            )
            return ""
        if unique in self.plan.students:
            self.duplicate(rec, "StudentUniqueId", unique, self.plan.students[unique].loc)
        gender = None
        birth_sex = d.parse_descriptor(rec.text("BirthData/BirthSex") or rec.text("BirthSex"))
        if birth_sex is not None:
            gender = d.sex(birth_sex.code)
        self.plan.students[unique] = StudentRec(
            unique_id=unique,
            first_name=first[:100],
            last_name=last[:100],
            birth_date=birth,
            gender=gender,
            loc=self.loc(rec, "StudentUniqueId"),
        )
        return unique

    def on_StudentSchoolAssociation(self, rec: Record) -> str:  # noqa: N802
        student = self._student_ref(rec)
        school = self.school_ref(rec, "SchoolReference")
        entry = self.date(rec, "EntryDate")
        grade_desc = self.descriptor(rec, "EntryGradeLevel")
        grade = d.grade_level(grade_desc.code) if grade_desc else None
        if grade_desc is not None and grade is None:
            self.error(
                rec,
                "EntryGradeLevel",
                grade_desc.uri,
                "entry grade level without a grade here (see docs/interop/edfi.md)",
            )
        elif grade_desc is None and not rec.text("EntryGradeLevel"):
            self.error(rec, "EntryGradeLevel", None, "required element EntryGradeLevel is missing")
        cohort = None
        if rec.text("ClassOfSchoolYear"):
            _text, cohort = self.school_year(rec, "ClassOfSchoolYear")
        if not (student and school and entry) or grade is None:
            return ""
        exited = bool(rec.text("ExitWithdrawDate"))
        current = self.plan.school_assocs.get(student)
        # The association in force: not exited first, then the latest entry date.
        if current is None or (not exited, entry) > (not current.exited, current.entry_date):
            self.plan.school_assocs[student] = SchoolAssocRec(
                student=student,
                school_key=school,
                grade=grade,
                entry_date=entry,
                exited=exited,
                cohort=cohort,
                loc=self.loc(rec, "EntryDate"),
            )
        return ""

    def on_StudentEducationOrganizationAssociation(self, rec: Record) -> str:  # noqa: N802
        student = self._student_ref(rec)
        if not student:
            return ""
        sex_desc = self.descriptor(rec, "Sex")
        gender = d.sex(sex_desc.code) if sex_desc else None
        if sex_desc is not None and gender is None:
            self.warn(rec, "Sex", sex_desc.uri, "unknown sex descriptor: gender left unchanged")
        races: set[str] = set()
        for node in rec.element.iter(f"{{{rec.ns}}}Race", f"{{{rec.ns}}}RaceDescriptor"):
            text = (node.text or "").strip()
            if not text:
                continue
            desc = self.descriptor(rec, "Race", node)
            mapped = d.race(desc.code) if desc else None
            if desc is not None and mapped is None:
                self.warn(rec, "Race", desc.uri, "unknown race descriptor: not reported")
            if mapped and mapped != "not_reported":
                races.add(mapped)
        hispanic = self.boolean(rec, "HispanicLatinoEthnicity")
        race = None
        if hispanic:
            race = "hispanic"
        elif len(races) > 1:
            race = "two_or_more"
        elif races:
            race = races.pop()
        elif hispanic is False or rec.find("Race") is not None:
            race = "not_reported"
        self.plan.demographics[student] = DemographicsRec(
            student=student, gender=gender, race=race, loc=self.loc(rec, "StudentReference")
        )
        return ""

    def on_StudentSectionAssociation(self, rec: Record) -> str:  # noqa: N802
        student = self._student_ref(rec)
        identifier = rec.text("SectionReference/SectionIdentity/SectionIdentifier")
        offering = self._offering_key(
            rec, "SectionReference/SectionIdentity/CourseOfferingReference"
        )
        begin = self.date(rec, "BeginDate")
        end = self.date(rec, "EndDate", required=False)
        if not identifier:
            self.error(
                rec,
                "SectionReference/SectionIdentity/SectionIdentifier",
                None,
                "required SectionIdentifier is missing",
            )
        dual = self.boolean(rec, "DualCreditIndicator")
        high_school_credit = self.boolean(rec, "DualHighSchoolCreditIndicator")
        type_path = (
            "DualCreditType"
            if rec.find("DualCreditType") is not None
            else ("DualCreditTypeDescriptor")
        )
        dual_type = self.descriptor(rec, type_path)
        at_high_school = None
        if dual_type is not None:
            at_high_school = d.dual_credit_at_high_school(dual_type.code)
            if at_high_school is None:
                self.warn(rec, type_path, dual_type.uri, "unknown dual credit type: kept as given")
        inst_path = (
            "DualCreditInstitution"
            if rec.find("DualCreditInstitution") is not None
            else ("DualCreditInstitutionDescriptor")
        )
        institution = self.descriptor(rec, inst_path)
        dual_org = ""
        if rec.find("DualCreditEducationOrganizationReference") is not None:
            dual_org = self.edorg_id(
                rec,
                "DualCreditEducationOrganizationReference",
                "EducationOrganizationIdentity",
                "EducationOrganizationId",
            )
            if dual_org:
                self.refs.append(
                    ("org", dual_org, self.loc(rec, "DualCreditEducationOrganizationReference"))
                )
        if not dual and (dual_type or institution or dual_org):
            self.warn(
                rec,
                "DualCreditIndicator",
                rec.text("DualCreditIndicator") or None,
                "dual credit details given without DualCreditIndicator true: "
                "imported as high-school credit",
            )
        if not (student and identifier and offering and begin):
            return ""
        section_key = key_section(offering, identifier)
        self.refs.append(
            (
                "section",
                section_key,
                self.loc(rec, "SectionReference/SectionIdentity/SectionIdentifier"),
            )
        )
        key = ext_id("ssa", student, section_key, begin.isoformat())
        if key in self.plan.enrollments:
            self.duplicate(rec, "BeginDate", begin.isoformat(), self.plan.enrollments[key].loc)
        self.plan.enrollments[key] = EnrollmentRec(
            key=key,
            student=student,
            section_key=section_key,
            begin=begin,
            end=end,
            dual_credit=bool(dual),
            dual_high_school_credit=high_school_credit,
            dual_credit_type=dual_type.uri if dual_type else "",
            dual_credit_at_high_school=at_high_school,
            dual_credit_institution=institution.uri if institution else "",
            dual_credit_org_key=dual_org,
            loc=self.loc(rec, "StudentReference"),
        )
        return key

    def on_StudentCTEProgramAssociation(self, rec: Record) -> str:  # noqa: N802
        student = self._student_ref(rec)
        base = "ProgramReference/ProgramIdentity"
        org = rec.text(
            f"{base}/EducationOrganizationReference/EducationOrganizationIdentity/"
            "EducationOrganizationId"
        )
        name = rec.text(f"{base}/ProgramName")
        ptype = rec.text(f"{base}/ProgramType")
        if not (org and name and ptype):
            self.error(
                rec,
                "ProgramReference",
                None,
                "expected ProgramIdentity with "
                "EducationOrganizationId, ProgramName and ProgramType",
            )
        begin = self.date(rec, "BeginDate")
        end = self.date(rec, "EndDate", required=False)
        completed = False
        sector = ""
        pathway_uri = ""
        # Ed-Fi 5.0 and 5.1 carry a CTEProgram common (removed in 5.2) that may state completion.
        for node in rec.findall("CTEProgram"):
            if (rec.text("CTEProgramCompletionIndicator", node) or "").lower() in ("1", "true"):
                completed = True
            pathway = d.parse_descriptor(rec.text("CareerPathway", node))
            if pathway is not None:
                pathway_uri = pathway.uri
                sector = d.career_pathway_sector(pathway.code) or ""
        if not (student and org and name and ptype and begin):
            return ""
        self.refs.append(("org", org, self.loc(rec, f"{base}/EducationOrganizationReference")))
        key = ext_id("cte", student, org, name, ptype, begin.isoformat())
        if completed and end is None:
            self.warn(
                rec,
                "EndDate",
                None,
                "completion stated without an EndDate: no completion "
                "date, so recorded as participation only",
            )
            completed = False
        self.plan.cte[key] = CteRec(
            key=key,
            student=student,
            program_org_key=org,
            program_name=name[:150],
            begin=begin,
            end=end,
            completed=completed,
            sector=sector,
            career_pathway=pathway_uri,
            loc=self.loc(rec, "StudentReference"),
        )
        return key

    # -- references ---------------------------------------------------------------------------

    def resolve(self) -> None:
        from openpathways.interop.models import ExternalId

        local: dict[str, set[str]] = {
            "org": set(self.plan.orgs),
            "term": set(self.plan.terms),
            "course": set(self.plan.courses),
            "offering": set(self.plan.offerings),
            "section": set(self.plan.sections),
            "student": set(self.plan.students),
        }
        models = {
            "org": "organizations.organization",
            "term": "terms.term",
            "course": "catalog.course",
            "offering": OFFERING_MODEL,
            "section": "catalog.section",
            "student": "students.student",
        }
        missing: dict[str, set[str]] = defaultdict(set)
        for kind, key, _loc in self.refs:
            if key not in local[kind] and key not in self.invalid[kind]:
                missing[kind].add(self.stored_key(kind, key))
        stored: dict[str, set[str]] = defaultdict(set)
        for kind, keys in missing.items():
            wanted = sorted(keys)
            for start in range(0, len(wanted), 900):
                rows = ExternalId.objects.filter(
                    system=SYSTEM, model=models[kind], external_id__in=wanted[start : start + 900]
                ).values_list("external_id", flat=True)
                stored[kind].update(rows)
        labels = {
            "org": "an education organization",
            "term": "a session",
            "course": "a course",
            "offering": "a course offering",
            "section": "a section",
            "student": "a student",
        }
        for kind, key, loc in self.refs:
            if key in local[kind] or self.stored_key(kind, key) in stored[kind]:
                continue
            if key in self.invalid[kind]:
                continue
            self.problems.append(
                Problem(
                    loc.file,
                    loc.line,
                    loc.path,
                    self.display(key),
                    f"refers to {labels[kind]} that is neither in the input nor imported before",
                )
            )

    def students_without_school(self) -> None:
        """New students need a school: their StudentSchoolAssociation, else the input's only LEA."""
        from openpathways.interop.models import ExternalId

        plan = self.plan
        lacking = [u for u in plan.students if u not in plan.school_assocs]
        if not lacking:
            return
        stored = set(
            ExternalId.objects.filter(
                system=SYSTEM,
                model="students.student",
                external_id__in=[f"student|{u}" for u in lacking],
            ).values_list("external_id", flat=True)
        )
        new = [u for u in lacking if f"student|{u}" not in stored]
        if not new:
            return
        districts = [o.key for o in plan.orgs.values() if o.kind == "district"]
        if len(districts) == 1:
            plan.default_district_key = districts[0]
            return
        for unique in new[:50]:
            loc = plan.students[unique].loc
            self.problems.append(
                Problem(
                    loc.file,
                    loc.line,
                    loc.path,
                    unique,
                    "new student without a StudentSchoolAssociation, and the input does not "
                    f"name exactly one LocalEducationAgency to hold it (it names "
                    f"{len(districts)})",
                )
            )

    @staticmethod
    def stored_key(kind: str, key: str) -> str:
        if kind == "org":
            return f"edorg|{key}"
        if kind == "student":
            return f"student|{key}"
        return key

    @staticmethod
    def display(key: str) -> str:
        parts = key.split("|")
        return " / ".join(parts[1:]) if len(parts) > 1 else key

    def summaries(self) -> None:
        for (file, tag), n in sorted(self.plan.ignored.items()):
            self.problems.append(
                Problem(
                    file,
                    None,
                    tag,
                    None,
                    f"{n} {tag} element(s) read but not imported (no counterpart here)",
                    "warning",
                )
            )
        without_ssid = [s for s in self.plan.students.values() if not s.has_ssid]
        if without_ssid:
            first = without_ssid[0]
            self.problems.append(
                Problem(
                    first.loc.file,
                    first.loc.line,
                    first.loc.path,
                    first.unique_id,
                    f"{len(without_ssid)} student(s) have a StudentUniqueId that is not a "
                    "10-digit CALPADS SSID: kept as local id (SSID left unknown, see "
                    "docs/interop/edfi.md)",
                    "warning",
                )
            )


def parse_folder(
    path: Path, *, lenient: bool, progress: Callable[[int], None] | None = None
) -> tuple[EdfiPlan | None, list[Problem]]:
    parser = _Parser(lenient, progress)
    plan = parser.run(path)
    return plan, parser.problems


#: Local names of the top-level records the parser reads (its `on_<name>` handlers).
HANDLED = frozenset(name[3:] for name in dir(_Parser) if name.startswith("on_"))
