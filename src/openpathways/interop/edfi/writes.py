"""Writing an Ed-Fi plan, inside the import's one transaction.

Districts and schools go through `organizations.services.organization_directory_upsert` (the same
service the CDE directory import uses). Colleges, terms, courses, sections, students, course
enrollments and CTE completions have no write service of their own yet, so they are written here
with bulk creates and updates, each entity recording an audit event with its counts, and each
created or changed student an event of its own (so the student's disclosure log shows the import).

Rows are found by their Ed-Fi identity in ExternalId (system `edfi`) first, then by the row's own
natural key (a course's organization and code, a student's SSID, ...), so a second run finds every
row and changes nothing, and an Ed-Fi import links to rows other imports created.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone

from openpathways.audit.services import audit_record
from openpathways.catalog.models import Course, Section
from openpathways.enrollments.models import CourseEnrollment, CredentialEarned
from openpathways.interop.base import ImportReport, Problem
from openpathways.interop.edfi.parse import CTE_MODEL, OFFERING_MODEL, SYSTEM, EdfiPlan
from openpathways.interop.models import ExternalId
from openpathways.organizations.models import Organization
from openpathways.organizations.services import (
    OrganizationRecord,
    SchoolRecord,
    organization_directory_upsert,
)
from openpathways.students.models import Student
from openpathways.terms.models import Term

ORG_MODEL = "organizations.organization"


def placeholder_ssid(unique_id: str) -> str:
    """The state_student_id of a student whose Ed-Fi id is not a 10-digit SSID: `E` and the id
    (or, past 9 characters, 9 hex digits of its SHA-256). Never 10 digits, so never a real SSID."""
    if len(unique_id) <= 9:
        return f"E{unique_id}"
    return "E" + hashlib.sha256(unique_id.encode()).hexdigest()[:9]


def known_pks(model_label: str, keys: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    wanted = sorted(set(keys))
    for start in range(0, len(wanted), 900):
        rows = ExternalId.objects.filter(
            system=SYSTEM, model=model_label, external_id__in=wanted[start : start + 900]
        ).values_list("external_id", "object_pk")
        found.update(rows)
    return found


def save_external_ids(model_label: str, pks: dict[str, int], known: dict[str, int]) -> None:
    changed = {k: pk for k, pk in pks.items() if known.get(k) != pk}
    if not changed:
        return
    keys = sorted(changed)
    for start in range(0, len(keys), 900):
        ExternalId.objects.filter(
            system=SYSTEM, model=model_label, external_id__in=keys[start : start + 900]
        ).delete()
    ExternalId.objects.bulk_create(
        [
            ExternalId(system=SYSTEM, model=model_label, external_id=k, object_pk=changed[k])
            for k in keys
        ],
        batch_size=1000,
    )


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        return a is not None and b is not None and Decimal(a) == Decimal(b)
    return bool(a == b)


def upsert(
    *,
    model: type[models.Model],
    model_label: str,
    rows: Sequence[tuple[str, dict[str, Any]]],
    natural: tuple[str, ...] = (),
    create_only: frozenset[str] = frozenset(),
) -> tuple[dict[str, int], dict[str, str]]:
    """Create or update `rows` (Ed-Fi key, field values); returns (pks, outcomes) by key.

    Fields in `create_only` are set when a row is created and never changed afterwards."""
    known = known_pks(model_label, [k for k, _ in rows])
    objects = model._default_manager.in_bulk(list(set(known.values())))
    by_natural: dict[tuple[Any, ...], Any] = {}
    if natural:
        first = natural[0]
        wanted = sorted({v[first] for k, v in rows if known.get(k) not in objects}, key=str)
        for start in range(0, len(wanted), 900):
            for row in model._default_manager.filter(
                **{f"{first}__in": wanted[start : start + 900]}
            ):
                by_natural.setdefault(tuple(getattr(row, f) for f in natural), row)
    now = timezone.now()
    to_create: list[Any] = []
    created_ids: set[int] = set()
    to_update: dict[int, Any] = {}
    fields: set[str] = set()
    chosen: dict[str, Any] = {}
    outcomes: dict[str, str] = {}
    for key, values in rows:
        obj: Any = objects.get(known.get(key, -1))
        if obj is None and natural:
            obj = by_natural.get(tuple(values[f] for f in natural))
        if obj is None:
            obj = model(**values)
            to_create.append(obj)
            created_ids.add(id(obj))
            if natural:
                by_natural[tuple(values[f] for f in natural)] = obj
            outcomes[key] = "created"
        elif id(obj) in created_ids:
            outcomes[key] = "unchanged"
        else:
            changed = False
            for name, value in values.items():
                if name in create_only or _same(getattr(obj, name), value):
                    continue
                setattr(obj, name, value)
                fields.add(name)
                changed = True
            if changed:
                obj.updated_at = now
                to_update[id(obj)] = obj
                outcomes[key] = "updated"
            else:
                outcomes[key] = outcomes.get(key, "unchanged")
        chosen[key] = obj
    model._default_manager.bulk_create(to_create, batch_size=500)
    if to_update:
        model._default_manager.bulk_update(
            list(to_update.values()), sorted({*fields, "updated_at"}), batch_size=500
        )
    pks = {key: obj.pk for key, obj in chosen.items()}
    save_external_ids(model_label, pks, known)
    return pks, outcomes


def _count(report: ImportReport, entity: str, outcomes: dict[str, str]) -> dict[str, int]:
    summary = {"created": 0, "updated": 0, "unchanged": 0}
    for outcome in outcomes.values():
        report.count(entity, outcome)
        summary[outcome] += 1
    return summary


def _audit(actor: Any, entity: str, summary: dict[str, int], source: str) -> None:
    if summary.get("created") or summary.get("updated"):
        audit_record(
            actor=actor,
            action=f"interop.edfi.{entity}_upserted",
            purpose="data import",
            channel="import",
            details={"source": source, **summary},
        )


def apply_plan(plan: EdfiPlan, *, actor: Any, report: ImportReport) -> None:
    source = report.source
    org_pks = _apply_orgs(plan, actor=actor, report=report)
    org_kinds = dict(
        Organization.objects.filter(pk__in=set(org_pks.values())).values_list("pk", "kind")
    )

    # Terms: one per Ed-Fi session, code = calendar year of its start + abbreviation (2026SP).
    term_rows: list[tuple[str, dict[str, Any]]] = []
    used: dict[int, set[str]] = {}
    for key in sorted(plan.terms):
        t = plan.terms[key]
        institution = org_pks[f"edorg|{t.school_key}"]
        code = f"{t.start.year}{t.abbreviation}"
        taken = used.setdefault(institution, set())
        n = 2
        while code in taken:
            code = f"{t.start.year}{t.abbreviation}-{n}"
            n += 1
        taken.add(code)
        term_rows.append(
            (
                key,
                {
                    "institution_id": institution,
                    "code": code,
                    "name": t.name,
                    "kind": t.kind,
                    "academic_year": t.academic_year,
                    "start_date": t.start,
                    "end_date": t.end,
                },
            )
        )
    term_pks, outcomes = upsert(
        model=Term, model_label="terms.term", rows=term_rows, natural=("institution_id", "code")
    )
    _audit(actor, "terms", _count(report, "term", outcomes), source)
    term_pks.update(known_pks("terms.term", [o.term_key for o in plan.offerings.values()]))

    # Courses: provider college when the course is college-level or carries dual credit here.
    dual_sections = {e.section_key for e in plan.enrollments.values() if e.dual_credit}
    dual_courses = {
        plan.offerings[plan.sections[s].offering_key].course_key
        for s in dual_sections
        if s in plan.sections and plan.sections[s].offering_key in plan.offerings
    }
    credits: dict[str, Decimal] = {}
    for s in plan.sections.values():
        offering = plan.offerings.get(s.offering_key)
        if offering is not None and s.credits is not None:
            credits[offering.course_key] = max(
                credits.get(offering.course_key, s.credits), s.credits
            )
    existing_college = set(
        Course.objects.filter(
            pk__in=set(known_pks("catalog.course", list(plan.courses)).values()),
            provider="college",
        ).values_list("pk", flat=True)
    )
    known_courses = known_pks("catalog.course", list(plan.courses))
    course_rows = []
    for key, c in plan.courses.items():
        org_pk = org_pks[f"edorg|{c.org_key}"]
        college = (
            c.college_level
            or org_kinds.get(org_pk) == "college"
            or key in dual_courses
            or known_courses.get(key) in existing_college
        )
        course_rows.append(
            (
                key,
                {
                    "provider_org_id": org_pk,
                    "code": c.code,
                    "title": c.title,
                    "provider": "college" if college else "",
                    "units": c.units if c.units is not None else credits.get(key, Decimal("0.0")),
                    "subject": c.subject,
                    "sector": c.sector,
                    "state_course_code": c.state_code,
                },
            )
        )
    course_pks, outcomes = upsert(
        model=Course,
        model_label="catalog.course",
        rows=course_rows,
        natural=("provider_org_id", "code"),
    )
    _audit(actor, "courses", _count(report, "course", outcomes), source)
    course_pks.update(known_pks("catalog.course", [o.course_key for o in plan.offerings.values()]))

    # Course offerings have no row here: each maps to its course (and, through sections, a term).
    offering_pks, outcomes = _external_only(
        OFFERING_MODEL, {k: course_pks[o.course_key] for k, o in plan.offerings.items()}
    )
    _count(report, "course_offering", outcomes)

    # Sections: course and term from the course offering; meets at its location school.
    stored_offerings = _stored_offerings(
        [s.offering_key for s in plan.sections.values() if s.offering_key not in plan.offerings]
    )
    section_rows = []
    for key, s in plan.sections.items():
        offering = plan.offerings.get(s.offering_key)
        if offering is not None:
            course_id, term_id = course_pks[offering.course_key], term_pks[offering.term_key]
            school_key = offering.school_key
        else:
            course_id, term_id, school_key = stored_offerings[s.offering_key]
        host = org_pks.get(f"edorg|{s.host_key or school_key}") or org_pks[f"edorg|{school_key}"]
        section_rows.append(
            (
                key,
                {
                    "course_id": course_id,
                    "term_id": term_id,
                    "code": s.code,
                    "host_site_id": host,
                    "modality": s.modality,
                    "schedule": "school_day",
                    "high_school_only": org_kinds.get(host) == "school",
                },
            )
        )
    section_pks, outcomes = upsert(
        model=Section,
        model_label="catalog.section",
        rows=section_rows,
        natural=("course_id", "term_id", "code"),
    )
    _audit(actor, "sections", _count(report, "section", outcomes), source)

    student_pks = _apply_students(plan, actor=actor, report=report, org_pks=org_pks)
    _apply_enrollments(
        plan, actor=actor, report=report, student_pks=student_pks, section_pks=section_pks
    )
    _apply_cte(plan, actor=actor, report=report, student_pks=student_pks, org_pks=org_pks)
    del offering_pks


def _external_only(model_label: str, pks: dict[str, int]) -> tuple[dict[str, int], dict[str, str]]:
    known = known_pks(model_label, list(pks))
    outcomes = {
        k: "unchanged" if known.get(k) == pk else ("updated" if k in known else "created")
        for k, pk in pks.items()
    }
    save_external_ids(model_label, pks, known)
    return pks, outcomes


def _stored_offerings(keys: list[str]) -> dict[str, tuple[int, int, str]]:
    """Course, term and school of course offerings stored by an earlier import (through one of
    their sections, whose course and term they share)."""
    if not keys:
        return {}
    found: dict[str, tuple[int, int, str]] = {}
    courses = known_pks(OFFERING_MODEL, keys)
    sections = ExternalId.objects.filter(system=SYSTEM, model="catalog.section")
    for key in keys:
        parts = key.split("|")
        school = parts[1]
        row = sections.filter(external_id__startswith=f"section|{key}|").first()
        if row is None:
            continue
        section = Section.objects.filter(pk=row.object_pk).values("course_id", "term_id").first()
        if section is not None:
            found[key] = (courses.get(key, section["course_id"]), section["term_id"], school)
    return found


def _apply_orgs(plan: EdfiPlan, *, actor: Any, report: ImportReport) -> dict[str, int]:
    keys = [f"edorg|{k}" for k in plan.orgs]
    parents = {o.parent_key for o in plan.orgs.values() if o.parent_key}
    known = known_pks(ORG_MODEL, keys + [f"edorg|{p}" for p in parents])
    stored_codes = dict(
        Organization.objects.filter(pk__in=set(known.values())).values_list("pk", "code")
    )

    def parent_code(key: str) -> str:
        if not key:
            return ""
        if key in plan.orgs:
            return plan.orgs[key].code
        return stored_codes.get(known.get(f"edorg|{key}", -1), "")

    def record(o: Any) -> OrganizationRecord:
        return OrganizationRecord(
            kind=o.kind,
            code=o.code,
            name=o.name,
            parent_code=parent_code(o.parent_key),
            street=o.street,
            city=o.city,
            zip_code=o.zip_code,
            phone=o.phone,
            website=o.website,
            active=o.active,
            pk=known.get(f"edorg|{o.key}"),
        )

    districts = [record(o) for o in plan.orgs.values() if o.kind == "district"]
    schools = [
        SchoolRecord(
            organization=record(o),
            status=o.status,
            school_type=o.school_type,
            charter=o.charter,
            grade_offered_low=o.grade_low,
            grade_offered_high=o.grade_high,
            grade_served_low=o.grade_low,
            grade_served_high=o.grade_high,
        )
        for o in plan.orgs.values()
        if o.kind == "school"
    ]
    pks: dict[str, int] = {}
    if districts or schools:
        result = organization_directory_upsert(
            actor=actor, organizations=districts, schools=schools, source=report.source
        )
        for o in plan.orgs.values():
            if o.kind in ("district", "school"):
                pks[f"edorg|{o.key}"] = result.pks[o.code]
                report.count(o.kind, result.outcomes[o.code])
    colleges = [
        (
            f"edorg|{o.key}",
            {
                "kind": "college",
                "code": "",
                "name": o.name,
                "street": o.street,
                "city": o.city,
                "zip_code": o.zip_code,
                "phone": o.phone,
                "website": o.website,
                "active": o.active,
            },
        )
        for o in plan.orgs.values()
        if o.kind == "college"
    ]
    if colleges:
        college_pks, outcomes = upsert(model=Organization, model_label=ORG_MODEL, rows=colleges)
        pks.update(college_pks)
        _audit(actor, "colleges", _count(report, "college", outcomes), report.source)
    save_external_ids(ORG_MODEL, pks, known)
    # Organizations only referenced (stored by an earlier import).
    referenced = {f"edorg|{t.school_key}" for t in plan.terms.values()}
    referenced |= {f"edorg|{o.school_key}" for o in plan.offerings.values()}
    referenced |= {f"edorg|{s.host_key}" for s in plan.sections.values() if s.host_key}
    referenced |= {f"edorg|{c.org_key}" for c in plan.courses.values()}
    referenced |= {f"edorg|{a.school_key}" for a in plan.school_assocs.values()}
    referenced |= {f"edorg|{c.program_org_key}" for c in plan.cte.values()}
    if plan.default_district_key:
        referenced.add(f"edorg|{plan.default_district_key}")
    pks.update(known_pks(ORG_MODEL, sorted(referenced - set(pks))))
    return pks


def _school_year_end(day: dt.date) -> int:
    """The end year of the school year a date falls in (school years start on July 1)."""
    return day.year + 1 if day.month >= 7 else day.year


def estimated_grade(birth_date: dt.date, school_year_end: int) -> int:
    """Grade from age on September 1 of the school year (age 5 -> K), within P..13."""
    sept = dt.date(school_year_end - 1, 9, 1)
    age = (
        sept.year - birth_date.year - ((sept.month, sept.day) < (birth_date.month, birth_date.day))
    )
    return max(-1, min(13, age - 5))


def _apply_students(
    plan: EdfiPlan, *, actor: Any, report: ImportReport, org_pks: dict[str, int]
) -> dict[str, int]:
    keys = [f"student|{u}" for u in plan.students]
    known = known_pks("students.student", keys)
    year_end = plan.latest_school_year or _school_year_end(timezone.localdate())
    estimated = 0
    rows = []
    for unique, s in plan.students.items():
        values: dict[str, Any] = {
            "first_name": s.first_name,
            "last_name": s.last_name,
            "birth_date": s.birth_date,
            "state_student_id": unique if s.has_ssid else placeholder_ssid(unique),
        }
        if not s.has_ssid:
            values["local_id"] = unique
        assoc = plan.school_assocs.get(unique)
        if assoc is not None:
            grade = assoc.grade
            values["school_id"] = org_pks[f"edorg|{assoc.school_key}"]
            values["grade"] = grade
            values["graduation_cohort"] = assoc.cohort or (
                _school_year_end(assoc.entry_date) + max(0, 12 - min(grade, 12))
            )
        elif f"student|{unique}" not in known and plan.default_district_key:
            grade = estimated_grade(s.birth_date, year_end)
            values["school_id"] = org_pks[f"edorg|{plan.default_district_key}"]
            values["grade"] = grade
            values["graduation_cohort"] = year_end + max(0, 12 - min(grade, 12))
            estimated += 1
        demo = plan.demographics.get(unique)
        gender = demo.gender if demo is not None and demo.gender is not None else s.gender
        if gender is not None:
            values["gender"] = gender
        if demo is not None and demo.race is not None:
            values["race_ethnicity"] = demo.race
        rows.append((f"student|{unique}", values))
    # Students stored by an earlier import whose school association or demographics arrive now.
    for unique in sorted((set(plan.school_assocs) | set(plan.demographics)) - set(plan.students)):
        values = {}
        assoc = plan.school_assocs.get(unique)
        if assoc is not None:
            values["school_id"] = org_pks[f"edorg|{assoc.school_key}"]
            values["grade"] = assoc.grade
            values["graduation_cohort"] = assoc.cohort or (
                _school_year_end(assoc.entry_date) + max(0, 12 - min(assoc.grade, 12))
            )
        demo = plan.demographics.get(unique)
        if demo is not None and demo.gender is not None:
            values["gender"] = demo.gender
        if demo is not None and demo.race is not None:
            values["race_ethnicity"] = demo.race
        if values:
            rows.append((f"student|{unique}", values))
    pks, outcomes = upsert(
        model=Student, model_label="students.student", rows=rows, natural=("state_student_id",)
    )
    summary = _count(report, "student", outcomes)
    for key, outcome in sorted(outcomes.items()):
        if outcome != "unchanged":
            audit_record(
                actor=actor,
                action=f"students.{outcome}",
                student_id=pks[key],
                purpose="data import",
                channel="import",
                details={"source": report.source, "edfi_student_unique_id": key.split("|", 1)[1]},
            )
    _audit(actor, "students", summary, report.source)
    if estimated:
        first = next(
            s
            for u, s in plan.students.items()
            if u not in plan.school_assocs and f"student|{u}" not in known
        )
        report.warnings.append(
            Problem(
                first.loc.file,
                first.loc.line,
                first.loc.path,
                first.unique_id,
                f"{estimated} new student(s) have no StudentSchoolAssociation in the input: "
                "placed at the district with a grade estimated from the birth date for "
                f"{year_end - 1}-{year_end}; import StudentEnrollment.xml to set school and grade",
                "warning",
            )
        )
    by_unique = {key.split("|", 1)[1]: pk for key, pk in pks.items()}
    referenced = {e.student for e in plan.enrollments.values()} | {
        c.student for c in plan.cte.values()
    }
    missing = sorted(u for u in referenced if u not in by_unique)
    for key, pk in known_pks("students.student", [f"student|{u}" for u in missing]).items():
        by_unique[key.split("|", 1)[1]] = pk
    return by_unique


def _apply_enrollments(
    plan: EdfiPlan,
    *,
    actor: Any,
    report: ImportReport,
    student_pks: dict[str, int],
    section_pks: dict[str, int],
) -> None:
    if not plan.enrollments:
        return
    missing = sorted({e.section_key for e in plan.enrollments.values()} - set(section_pks))
    section_pks = {**section_pks, **known_pks("catalog.section", missing)}
    units = dict(
        Section.objects.filter(pk__in=set(section_pks.values())).values_list("pk", "course__units")
    )
    section_credits = {k: s.credits for k, s in plan.sections.items()}
    # One enrollment per student and section: the association that began last wins.
    latest: dict[tuple[int, int], Any] = {}
    for e in sorted(plan.enrollments.values(), key=lambda e: e.begin):
        latest[(student_pks[e.student], section_pks[e.section_key])] = e
    rows = []
    for (student_id, section_id), e in latest.items():
        if e.dual_credit:
            credit = "college" if e.dual_high_school_credit is False else "dual"
        else:
            credit = "high_school"
        attempted = section_credits.get(e.section_key) or units.get(section_id) or Decimal("0.0")
        rows.append(
            (
                e.key,
                {
                    "student_id": student_id,
                    "section_id": section_id,
                    "credit_type": credit,
                    "units_attempted": attempted,
                },
            )
        )
    pks, outcomes = upsert(
        model=CourseEnrollment,
        model_label="enrollments.courseenrollment",
        rows=rows,
        natural=("student_id", "section_id"),
    )
    # Earlier associations of the same student and section point at the same enrollment.
    superseded = {
        e.key: pks[latest_e.key]
        for e in plan.enrollments.values()
        if (latest_e := latest[(student_pks[e.student], section_pks[e.section_key])]).key != e.key
    }
    if superseded:
        _pks, more = _external_only("enrollments.courseenrollment", superseded)
        outcomes.update(more)
    _audit(
        actor, "course_enrollments", _count(report, "course_enrollment", outcomes), report.source
    )


def _apply_cte(
    plan: EdfiPlan,
    *,
    actor: Any,
    report: ImportReport,
    student_pks: dict[str, int],
    org_pks: dict[str, int],
) -> None:
    completions = []
    participation: dict[str, int] = {}
    for key, c in plan.cte.items():
        student_id = student_pks[c.student]
        if c.completed and c.end is not None:
            title = f"CTE pathway completion: {c.program_name}"
            completions.append(
                (
                    key,
                    {
                        "student_id": student_id,
                        "kind": "cte_pathway_completion",
                        "title": title[:200],
                        "issuer_id": org_pks.get(f"edorg|{c.program_org_key}"),
                        "earned_on": c.end,
                    },
                )
            )
            continue
        participation[key] = student_id
        report.warnings.append(
            Problem(
                c.loc.file,
                c.loc.line,
                c.loc.path,
                c.student,
                f"CTE program association ({c.program_name}, from {c.begin.isoformat()}) "
                "skipped: no completion is stated and participation has no record here; "
                "kept as an Ed-Fi reference only",
                "warning",
            )
        )
    if completions:
        _pks, outcomes = upsert(
            model=CredentialEarned, model_label="enrollments.credentialearned", rows=completions
        )
        _audit(
            actor,
            "cte_completions",
            _count(report, "cte_pathway_completion", outcomes),
            report.source,
        )
    if participation:
        _pks, outcomes = _external_only(CTE_MODEL, participation)
        _count(report, "cte_participation_skipped", outcomes)
