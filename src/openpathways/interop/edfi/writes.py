"""Writing an Ed-Fi plan through the domain services, inside the import's one transaction.

Districts, schools and colleges go through `organizations.services.organization_directory_upsert`
(the service the CDE directory import uses), terms through `terms.services.term_bulk_upsert`,
courses, sections, course enrollments and CTE completions through the `*_bulk_patch` services of
`catalog.services`, students through `students.services.student_bulk_patch`. Each service records
its audit events (students one each, so a student's disclosure log shows the import).

Rows are found by their Ed-Fi identity in ExternalId (system `edfi`) first, then by the row's own
natural key (inside the services), so a second run finds every row and changes nothing, and an
Ed-Fi import links to rows other imports created.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.utils import timezone

from openpathways.catalog.services import (
    RowPatch,
    course_bulk_patch,
    course_enrollment_bulk_patch,
    credential_bulk_patch,
    section_bulk_patch,
)
from openpathways.interop.base import ImportReport, Problem
from openpathways.interop.edfi.parse import CTE_MODEL, OFFERING_MODEL, SYSTEM, EdfiPlan
from openpathways.interop.models import ExternalId
from openpathways.organizations.selectors import organization_codes
from openpathways.organizations.services import (
    OrganizationRecord,
    SchoolRecord,
    organization_directory_upsert,
)
from openpathways.students.services import StudentPatch, student_bulk_patch
from openpathways.terms.services import TermUpsert, term_bulk_upsert

ORG_MODEL = "organizations.organization"
#: The term of each course offering (the offering itself maps to its course).
OFFERING_TERM_MODEL = "edfi.courseofferingterm"


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


def _external_only(model_label: str, pks: dict[str, int]) -> dict[str, str]:
    """Record identities that have no row of their own; returns their outcomes."""
    known = known_pks(model_label, list(pks))
    outcomes = {
        k: "unchanged" if known.get(k) == pk else ("updated" if k in known else "created")
        for k, pk in pks.items()
    }
    save_external_ids(model_label, pks, known)
    return outcomes


def _patched(
    model_label: str,
    keys: list[str],
    result: Any,
    *,
    known: dict[str, int],
    report: ImportReport,
    entity: str,
) -> dict[str, int]:
    """Count a service's per-row outcomes and record the rows' external ids."""
    pks = dict(zip(keys, result.pks, strict=True))
    for outcome in result.outcomes:
        report.count(entity, outcome)
    save_external_ids(model_label, pks, known)
    return pks


def apply_plan(plan: EdfiPlan, *, actor: Any, report: ImportReport) -> None:
    source = report.source
    org_pks = _apply_orgs(plan, actor=actor, report=report)

    # Terms: one per Ed-Fi session, code = calendar year of its start + abbreviation (2026SP).
    term_keys = sorted(plan.terms)
    known = known_pks("terms.term", term_keys)
    used: dict[int, set[str]] = {}
    terms = []
    for key in term_keys:
        t = plan.terms[key]
        institution = org_pks[f"edorg|{t.school_key}"]
        code = f"{t.start.year}{t.abbreviation}"
        taken = used.setdefault(institution, set())
        n = 2
        while code in taken:
            code = f"{t.start.year}{t.abbreviation}-{n}"
            n += 1
        taken.add(code)
        terms.append(
            TermUpsert(
                institution_id=institution, code=code, name=t.name, kind=t.kind,
                academic_year=t.academic_year, start_date=t.start, end_date=t.end,
                pk=known.get(key),
            )
        )  # fmt: skip
    result = term_bulk_upsert(actor=actor, records=terms, source=source)
    term_pks = _patched("terms.term", term_keys, result, known=known, report=report, entity="term")
    term_pks.update(known_pks("terms.term", [o.term_key for o in plan.offerings.values()]))

    course_pks = _apply_courses(plan, actor=actor, report=report, org_pks=org_pks)

    # Course offerings have no row here: each maps to its course, and its term is kept too.
    outcomes = _external_only(
        OFFERING_MODEL, {k: course_pks[o.course_key] for k, o in plan.offerings.items()}
    )
    for outcome in outcomes.values():
        report.count("course_offering", outcome)
    _external_only(
        OFFERING_TERM_MODEL, {k: term_pks[o.term_key] for k, o in plan.offerings.items()}
    )

    section_pks = _apply_sections(plan, actor=actor, report=report, org_pks=org_pks,
                                  course_pks=course_pks, term_pks=term_pks)  # fmt: skip
    student_pks = _apply_students(plan, actor=actor, report=report, org_pks=org_pks)
    _apply_enrollments(plan, actor=actor, report=report, student_pks=student_pks,
                       section_pks=section_pks)  # fmt: skip
    _apply_cte(plan, actor=actor, report=report, student_pks=student_pks, org_pks=org_pks)


def _apply_orgs(plan: EdfiPlan, *, actor: Any, report: ImportReport) -> dict[str, int]:
    keys = [f"edorg|{k}" for k in plan.orgs]
    parents = {o.parent_key for o in plan.orgs.values() if o.parent_key}
    known = known_pks(ORG_MODEL, keys + [f"edorg|{p}" for p in parents])
    outside = [known[f"edorg|{p}"] for p in parents - set(plan.orgs) if f"edorg|{p}" in known]
    stored_codes = organization_codes(pks=outside)

    def parent_code(key: str) -> str:
        if not key:
            return ""
        if key in plan.orgs:
            return plan.orgs[key].code
        return stored_codes.get(known.get(f"edorg|{key}", -1), "")

    def record(o: Any) -> OrganizationRecord:
        return OrganizationRecord(
            kind=o.kind, code=o.code, name=o.name, parent_code=parent_code(o.parent_key),
            street=o.street, city=o.city, zip_code=o.zip_code, phone=o.phone, website=o.website,
            active=o.active, pk=known.get(f"edorg|{o.key}"),
        )  # fmt: skip

    # Districts and colleges (no parent) first; a college's code is E + its Ed-Fi id.
    organizations = [record(o) for o in plan.orgs.values() if o.kind in ("district", "college")]
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
    if organizations or schools:
        result = organization_directory_upsert(
            actor=actor, organizations=organizations, schools=schools, source=report.source
        )
        for o in plan.orgs.values():
            pks[f"edorg|{o.key}"] = result.pks[o.code]
            report.count(o.kind, result.outcomes[o.code])
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


def _apply_courses(
    plan: EdfiPlan, *, actor: Any, report: ImportReport, org_pks: dict[str, int]
) -> dict[str, int]:
    """Courses; provider `college` when the course is college-level, defined by a
    post-secondary institution or carries dual credit in this import, else `school` (set only
    when the course is created, so a course once marked college stays college)."""
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
            previous = credits.get(offering.course_key, s.credits)
            credits[offering.course_key] = max(previous, s.credits)
    keys = list(plan.courses)
    known = known_pks("catalog.course", keys)
    records = []
    for key in keys:
        c = plan.courses[key]
        org = plan.orgs.get(c.org_key)
        college = (
            c.college_level or key in dual_courses or (org is not None and org.kind == "college")
        )
        values: dict[str, Any] = {
            "provider_org_id": org_pks[f"edorg|{c.org_key}"], "code": c.code, "title": c.title,
            "units": c.units if c.units is not None else credits.get(key, Decimal("0.0")),
            "subject": c.subject, "sector": c.sector, "state_course_code": c.state_code,
        }  # fmt: skip
        create: dict[str, Any] = {}
        (values if college else create)["provider"] = "college" if college else "school"
        records.append(RowPatch(values=values, create_values=create, pk=known.get(key)))
    result = course_bulk_patch(actor=actor, records=records, source=report.source)
    pks = _patched("catalog.course", keys, result, known=known, report=report, entity="course")
    pks.update(known_pks("catalog.course", [o.course_key for o in plan.offerings.values()]))
    return pks


def _apply_sections(
    plan: EdfiPlan,
    *,
    actor: Any,
    report: ImportReport,
    org_pks: dict[str, int],
    course_pks: dict[str, int],
    term_pks: dict[str, int],
) -> dict[str, int]:
    """Sections: course and term from the course offering (in the input or stored); they meet
    at their location school (else the offering's), during the school day, closed to the
    public (Ed-Fi sections belong to a school's master schedule)."""
    stored = [
        s.offering_key for s in plan.sections.values() if s.offering_key not in plan.offerings
    ]
    stored_courses = known_pks(OFFERING_MODEL, stored)
    stored_terms = known_pks(OFFERING_TERM_MODEL, stored)
    keys: list[str] = []
    records: list[RowPatch] = []
    seen: dict[tuple[int, int, str], str] = {}
    aliases: dict[str, str] = {}
    for key, s in plan.sections.items():
        offering = plan.offerings.get(s.offering_key)
        if offering is not None:
            course_id, term_id = course_pks[offering.course_key], term_pks[offering.term_key]
            school_key = offering.school_key
        else:
            course_id, term_id = stored_courses[s.offering_key], stored_terms[s.offering_key]
            school_key = s.offering_key.split("|")[1]
        natural = (course_id, term_id, s.code)
        if natural in seen:  # two offerings of one course and session share a section code
            aliases[key] = seen[natural]
            continue
        seen[natural] = key
        host = org_pks.get(f"edorg|{s.host_key or school_key}") or org_pks[f"edorg|{school_key}"]
        keys.append(key)
        records.append(
            RowPatch(
                values={
                    "course_id": course_id, "term_id": term_id, "code": s.code,
                    "host_site_id": host, "modality": s.modality, "schedule": "school_day",
                    "high_school_only": True,
                },
            )
        )  # fmt: skip
    known = known_pks("catalog.section", keys)
    records = [replace(r, pk=known.get(k)) for k, r in zip(keys, records, strict=True)]
    result = section_bulk_patch(actor=actor, records=records, source=report.source)
    pks = _patched("catalog.section", keys, result, known=known, report=report, entity="section")
    if aliases:
        alias_pks = {k: pks[target] for k, target in aliases.items()}
        for outcome in _external_only("catalog.section", alias_pks).values():
            report.count("section", outcome)
        pks.update(alias_pks)
    return pks


def _school_year_end(day: dt.date) -> int:
    """The end year of the school year a date falls in (school years start on July 1)."""
    return day.year + 1 if day.month >= 7 else day.year


def estimated_grade(birth_date: dt.date, school_year_end: int) -> int:
    """Grade from age on September 1 of the school year (age 5 -> K), within P..13."""
    sept = dt.date(school_year_end - 1, 9, 1)
    before_birthday = (sept.month, sept.day) < (birth_date.month, birth_date.day)
    age = sept.year - birth_date.year - before_birthday
    return max(-1, min(13, age - 5))


def _school_values(plan: EdfiPlan, unique: str, org_pks: dict[str, int]) -> dict[str, Any]:
    assoc = plan.school_assocs.get(unique)
    if assoc is None:
        return {}
    cohort = assoc.cohort or _school_year_end(assoc.entry_date) + max(0, 12 - min(assoc.grade, 12))
    return {
        "school_id": org_pks[f"edorg|{assoc.school_key}"],
        "grade": assoc.grade,
        "graduation_cohort": cohort,
    }


def _demographic_values(plan: EdfiPlan, unique: str, birth_gender: str | None) -> dict[str, Any]:
    values: dict[str, Any] = {}
    demo = plan.demographics.get(unique)
    gender = demo.gender if demo is not None and demo.gender is not None else birth_gender
    if gender is not None:
        values["gender"] = gender
    if demo is not None and demo.race is not None:
        values["race_ethnicity"] = demo.race
    return values


def _apply_students(
    plan: EdfiPlan, *, actor: Any, report: ImportReport, org_pks: dict[str, int]
) -> dict[str, int]:
    # Students of the input, then stored students whose association or demographics arrive now.
    later = sorted((set(plan.school_assocs) | set(plan.demographics)) - set(plan.students))
    keys = [f"student|{u}" for u in [*plan.students, *later]]
    known = known_pks("students.student", keys)
    year_end = plan.latest_school_year or _school_year_end(timezone.localdate())
    estimated: list[str] = []
    records = []
    for unique, s in plan.students.items():
        values: dict[str, Any] = {
            "first_name": s.first_name, "last_name": s.last_name, "birth_date": s.birth_date,
            "state_student_id": unique if s.has_ssid else placeholder_ssid(unique),
            **_school_values(plan, unique, org_pks),
            **_demographic_values(plan, unique, s.gender),
        }  # fmt: skip
        if not s.has_ssid:
            values["local_id"] = unique
        if "school_id" not in values and f"student|{unique}" not in known:
            grade = estimated_grade(s.birth_date, year_end)
            values["school_id"] = org_pks[f"edorg|{plan.default_district_key}"]
            values["grade"] = grade
            values["graduation_cohort"] = year_end + max(0, 12 - min(grade, 12))
            estimated.append(unique)
        records.append(StudentPatch(values=values, pk=known.get(f"student|{unique}")))
    for unique in later:
        values = {
            **_school_values(plan, unique, org_pks),
            **_demographic_values(plan, unique, None),
        }
        records.append(StudentPatch(values=values, pk=known[f"student|{unique}"]))
    result = student_bulk_patch(actor=actor, records=records, source=report.source)
    pks = _patched("students.student", keys, result, known=known, report=report, entity="student")
    if estimated:
        first = plan.students[estimated[0]]
        report.warnings.append(
            Problem(
                first.loc.file, first.loc.line, first.loc.path, first.unique_id,
                f"{len(estimated)} new student(s) have no StudentSchoolAssociation in the input: "
                "placed at the district with a grade estimated from the birth date for "
                f"{year_end - 1}-{year_end}; import StudentEnrollment.xml to set school and grade",
                "warning",
            )
        )  # fmt: skip
    by_unique = {key.split("|", 1)[1]: pk for key, pk in pks.items()}
    referenced = {e.student for e in plan.enrollments.values()}
    referenced |= {c.student for c in plan.cte.values()}
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
    units: dict[str, Decimal] = {}
    for key, s in plan.sections.items():
        offering = plan.offerings.get(s.offering_key)
        course = plan.courses.get(offering.course_key) if offering is not None else None
        value = s.credits if s.credits is not None else (course.units if course else None)
        if value is not None:
            units[key] = value
    # One enrollment per student and section: the association that began last wins.
    latest: dict[tuple[int, int], Any] = {}
    for e in sorted(plan.enrollments.values(), key=lambda e: e.begin):
        latest[(student_pks[e.student], section_pks[e.section_key])] = e
    keys = []
    records = []
    for (student_id, section_id), e in latest.items():
        if e.dual_credit:
            credit = "college" if e.dual_high_school_credit is False else "dual"
        else:
            credit = "high_school"
        values: dict[str, Any] = {
            "student_id": student_id, "section_id": section_id, "credit_type": credit,
        }  # fmt: skip
        if e.section_key in units:
            values["units_attempted"] = units[e.section_key]
        keys.append(e.key)
        records.append(values)
    known = known_pks("enrollments.courseenrollment", keys)
    result = course_enrollment_bulk_patch(
        actor=actor,
        records=[RowPatch(values=v, pk=known.get(k)) for k, v in zip(keys, records, strict=True)],
        source=report.source,
    )
    pks = _patched(
        "enrollments.courseenrollment",
        keys,
        result,
        known=known,
        report=report,
        entity="course_enrollment",
    )
    # Earlier associations of the same student and section point at the same enrollment.
    superseded = {}
    for e in plan.enrollments.values():
        winner = latest[(student_pks[e.student], section_pks[e.section_key])]
        if winner.key != e.key:
            superseded[e.key] = pks[winner.key]
    for outcome in _external_only("enrollments.courseenrollment", superseded).values():
        report.count("course_enrollment", outcome)


def _apply_cte(
    plan: EdfiPlan,
    *,
    actor: Any,
    report: ImportReport,
    student_pks: dict[str, int],
    org_pks: dict[str, int],
) -> None:
    keys: list[str] = []
    completions: list[dict[str, Any]] = []
    participation: dict[str, int] = {}
    for key, c in plan.cte.items():
        student_id = student_pks[c.student]
        if c.completed and c.end is not None:
            keys.append(key)
            completions.append(
                {
                    "student_id": student_id, "kind": "cte_pathway_completion",
                    "title": f"CTE pathway completion: {c.program_name}"[:200],
                    "issuer_id": org_pks.get(f"edorg|{c.program_org_key}"), "earned_on": c.end,
                }
            )  # fmt: skip
            continue
        participation[key] = student_id
        report.warnings.append(
            Problem(
                c.loc.file, c.loc.line, c.loc.path, c.student,
                f"CTE program association ({c.program_name}, from {c.begin.isoformat()}) "
                "skipped: no completion is stated and participation has no record here; "
                "kept as an Ed-Fi reference only",
                "warning",
            )
        )  # fmt: skip
    if completions:
        known = known_pks("enrollments.credentialearned", keys)
        result = credential_bulk_patch(
            actor=actor,
            records=[
                RowPatch(values=v, pk=known.get(k)) for k, v in zip(keys, completions, strict=True)
            ],
            source=report.source,
        )
        _patched("enrollments.credentialearned", keys, result, known=known, report=report,
                 entity="cte_pathway_completion")  # fmt: skip
    if participation:
        for outcome in _external_only(CTE_MODEL, participation).values():
            report.count("cte_participation_skipped", outcome)
