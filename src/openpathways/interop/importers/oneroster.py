"""`openpathways import oneroster PATH`: OneRoster 1.1 / 1.2 CSV packages (zip or folder).

Reading and checking live in `openpathways.interop.oneroster.parser`; this module maps the checked
rows onto the domain and writes them through the domain services, inside the one transaction of
`run_import`. The mapping is documented in docs/interop/oneroster.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from django.db import connection

from openpathways.core.bulk import insert_rows
from openpathways.interop.base import Importer, ImportReport, Problem
from openpathways.interop.models import ExternalId
from openpathways.interop.oneroster import spec
from openpathways.interop.oneroster.parser import Org, Plan, parse_package

SYSTEM = "oneroster"
MODELS = {
    "org": "organizations.organization",
    "session": "terms.term",
    "course": "catalog.course",
    "class": "catalog.section",
    "student": "students.student",
    "guardian": "students.guardian",
    "enrollment": "enrollments.courseenrollment",
}
ORG_KINDS = {
    "district": "district",
    "local": "district",
    "school": "school",
    "ext:college": "college",
    "ext:collegeDistrict": "college_district",
    "ext:adultEducation": "adult_ed",
}
SESSION_KINDS = {
    "semester": "semester",
    "gradingPeriod": "grading_period",
    "schoolYear": "school_year",
}
CEDS_GRADE = {"IT": -1, "PR": -1, "PK": -1, "TK": -1, "KG": 0}
GUARDIAN_RELATIONSHIP = {"parent": "parent", "guardian": "guardian", "relative": "relative"}
RACE = {
    "american_indian": "american_indian",
    "asian": "asian",
    "black": "black",
    "pacific_islander": "pacific_islander",
    "white": "white",
}
SEX = {"male": "M", "female": "F", "other": "X"}


def short_code(value: str, limit: int) -> str:
    """`value` when it fits the column, else a stable code derived from it."""
    if value and len(value) <= limit:
        return value
    return "OR" + hashlib.sha1(value.encode(), usedforsecurity=False).hexdigest()[: limit - 2]


def provisional_ssid(sourced_id: str) -> str:
    """A stand-in state student ID for a student the package gives none: `P` and nine digits
    derived from the sourcedId (real CALPADS SSIDs are ten digits, so the two never collide)."""
    digest = int(hashlib.sha256(sourced_id.encode()).hexdigest(), 16)
    return f"P{digest % 10**9:09d}"


def known_ids() -> tuple[dict[str, dict[str, int]], dict[str, str]]:
    """What earlier OneRoster imports stored: entity -> sourcedId -> row key, and the role
    (student or guardian) of each user stored."""
    known: dict[str, dict[str, int]] = {}
    table = ExternalId._meta.db_table
    with connection.cursor() as cur:
        for entity, model in MODELS.items():
            cur.execute(
                f"SELECT external_id, object_pk FROM {table} WHERE system = %s AND model = %s",  # noqa: S608 (a model's table name)
                [SYSTEM, model],
            )
            known[entity] = dict(cur.fetchall())
    roles = dict.fromkeys(known["guardian"], "guardian")
    roles.update(dict.fromkeys(known["student"], "student"))
    return known, roles


class OneRosterImporter(Importer[Plan]):
    format = "oneroster"

    def parse(
        self, path: Path, *, lenient: bool, progress: Callable[[int], None] | None = None
    ) -> tuple[Plan | None, list[Problem]]:
        known, roles = known_ids()
        return parse_package(
            path, lenient=lenient, known=known, known_roles=roles, progress=progress
        )

    def apply(self, plan: Plan, *, actor: Any, report: ImportReport) -> None:
        _Writer(plan, actor, report).run()


class _Writer:
    def __init__(self, plan: Plan, actor: Any, report: ImportReport) -> None:
        self.plan = plan
        self.actor = actor
        self.report = report
        self.source = report.source
        self.pks: dict[str, dict[str, int]] = {e: dict(m) for e, m in plan.known.items()}
        self.org_kind: dict[str, str] = {}
        self.new_students: set[int] = set()
        self.new_sections: set[int] = set()

    def run(self) -> None:
        for entity, n in self.plan.rejected.items():
            self.report.count(entity, "rejected", n)
        self.orgs()
        self.sessions()
        self.courses()
        self.classes()
        self.people()
        self.enrollments()

    # -- external ids -----------------------------------------------------------------------

    def _link(self, entity: str, pairs: Iterable[tuple[str, int]]) -> None:
        """Record sourcedId -> row for rows not yet (or differently) mapped."""
        model = MODELS[entity]
        current = self.pks[entity]
        new: list[tuple[str, int]] = []
        for sid, pk in pairs:
            before = current.get(sid)
            if before == pk:
                continue
            if before is None:
                new.append((sid, pk))
            else:
                ExternalId.objects.filter(system=SYSTEM, model=model, external_id=sid).update(
                    object_pk=pk
                )
            current[sid] = pk
        if new:
            insert_rows(ExternalId, ("external_id", "object_pk"), new,
                        constants={"system": SYSTEM, "model": model})  # fmt: skip

    def _count(self, entity: str, outcomes: Sequence[str]) -> None:
        for outcome in ("created", "updated", "unchanged"):
            n = outcomes.count(outcome)
            if n:
                self.report.count(entity, outcome, n)
        if self.plan.progress is not None:
            self.plan.progress(len(outcomes))

    # -- organizations ----------------------------------------------------------------------

    def orgs(self) -> None:
        from openpathways.organizations.services import (
            OrganizationRecord,
            organization_directory_upsert,
        )

        orgs = self.plan.orgs
        by_depth: dict[int, list[tuple[Org, str]]] = defaultdict(list)
        codes: dict[str, str] = {}
        idents: dict[str, int] = defaultdict(int)
        for o in orgs.values():
            idents[o.identifier] += 1
        for o in orgs.values():
            unique = o.identifier and idents[o.identifier] == 1
            codes[o.sid] = short_code(o.identifier, 20) if unique else short_code(o.sid, 20)

        def stored(o: Org) -> bool:
            return o.type in ORG_KINDS or (o.type == "department" and not o.parent)

        def depth(o: Org) -> int:
            d, seen, cur = 0, {o.sid}, o
            while cur.parent in orgs and cur.parent not in seen:
                seen.add(cur.parent)
                cur = orgs[cur.parent]
                d += stored(cur)
            return d

        for o in orgs.values():
            if o.deleted or not stored(o):
                continue
            # Parents one level up resolve within one call; deeper levels need their own call.
            by_depth[max(depth(o) - 1, 0)].append((o, codes[o.sid]))
        for level in sorted(by_depth):
            records = []
            for o, code in by_depth[level]:
                parent = orgs.get(o.parent)
                parent_code = codes[parent.sid] if parent is not None and stored(parent) else ""
                known_pk = self.pks["org"].get(o.sid)
                keep_parent = bool(o.parent) and parent is None  # parent stored, not in the file
                directory_code = o.identifier.isdigit() and len(o.identifier) == 14
                records.append(
                    OrganizationRecord(
                        kind=ORG_KINDS.get(o.type, "school"),
                        code=code,
                        name=o.name[:200],
                        parent_code=parent_code,
                        pk=known_pk,
                        create_only=keep_parent or (directory_code and known_pk is None),
                    )
                )
                self.org_kind[o.sid] = ORG_KINDS.get(o.type, "school")
            result = organization_directory_upsert(
                actor=self.actor, organizations=records, schools=[], source=self.source
            )
            pairs = []
            for o, code in by_depth[level]:
                pairs.append((o.sid, result.pks[code]))
                self.report.count("organizations", result.outcomes[code])
            self._link("org", pairs)
        # Departments are rostered as part of their school.
        for o in orgs.values():
            if o.type == "department" and o.parent and not o.deleted:
                root = o
                seen = {o.sid}
                while root.type == "department" and root.parent in orgs and root.parent not in seen:
                    seen.add(root.parent)
                    root = orgs[root.parent]
                target = self.pks["org"].get(root.sid if root is not o else o.parent)
                if target is not None:
                    self._link("org", [(o.sid, target)])
                    self.report.count("organizations", "unchanged")
        deleted = [
            self.pks["org"][o.sid] for o in orgs.values() if o.deleted and o.sid in self.pks["org"]
        ]
        if deleted:
            self.report.warnings.append(
                Problem(
                    "orgs.csv",
                    None,
                    "status",
                    "tobedeleted",
                    f"{len(deleted)} org(s) marked tobedeleted are kept: organizations are "
                    "retired in the school directory, not by a roster",
                    "warning",
                )
            )

    def _anchor_org(self) -> int | None:
        """The organization terms belong to: the package's top org (a district first)."""
        orgs = self.plan.orgs
        roots = [
            o for o in orgs.values() if not o.deleted and (not o.parent or o.parent not in orgs)
        ]
        roots.sort(key=lambda o: (o.type != "district", o.type == "department"))
        for o in roots:
            if o.sid in self.pks["org"]:
                return self.pks["org"][o.sid]
        for klass in self.plan.classes.values():
            if klass.school in self.pks["org"]:
                return self.pks["org"][klass.school]
        return min(self.pks["org"].values(), default=None)

    # -- terms ------------------------------------------------------------------------------

    def sessions(self) -> None:
        from openpathways.terms.services import TermUpsert, term_bulk_delete, term_bulk_upsert

        sessions = [s for s in self.plan.sessions.values() if not s.deleted]
        if sessions:
            institution = self._anchor_org()
            assert institution is not None, "the parser requires an organization for terms"
            records = []
            for s in sessions:
                assert s.start is not None
                assert s.end is not None
                assert s.school_year is not None
                kind = SESSION_KINDS.get(s.type) or _term_kind(s.title)
                records.append(
                    TermUpsert(
                        institution_id=institution,
                        code=short_code(s.sid, 20),
                        name=(s.title or s.sid)[:100],
                        kind=kind,
                        academic_year=s.school_year - 1,
                        start_date=s.start,
                        end_date=s.end,
                        pk=self.pks["session"].get(s.sid),
                    )
                )
            result = term_bulk_upsert(actor=self.actor, records=records, source=self.source)
            self._count("terms", result.outcomes)
            self._link("session", [(s.sid, pk) for s, pk in zip(sessions, result.pks, strict=True)])
        gone = [
            self.pks["session"][s.sid]
            for s in self.plan.sessions.values()
            if s.deleted and s.sid in self.pks["session"]
        ]
        if gone:
            kept = term_bulk_delete(actor=self.actor, term_ids=gone, source=self.source)
            self.report.count("terms", "updated", len(gone) - len(kept))
            self.report.count("terms", "unchanged", len(kept))

    # -- courses and classes ----------------------------------------------------------------

    def courses(self) -> None:
        from openpathways.catalog.services import (
            CourseUpsert,
            course_bulk_upsert,
            course_providers_for_orgs,
        )

        courses = [c for c in self.plan.courses.values() if not c.deleted]
        if not courses:
            return
        org_pk = self.pks["org"]
        providers = course_providers_for_orgs(sorted({org_pk[c.org] for c in courses}))
        used: set[tuple[int, str]] = set()
        records = []
        for c in courses:
            owner = org_pk[c.org]
            code = short_code(c.code or c.sid, 30)
            if (owner, code) in used:
                code = short_code(c.sid, 30)
            used.add((owner, code))
            records.append(
                CourseUpsert(
                    provider_org_id=owner,
                    provider=providers[owner],
                    code=code,
                    title=(c.title or c.sid)[:200],
                    pk=self.pks["course"].get(c.sid),
                )
            )
        result = course_bulk_upsert(actor=self.actor, records=records, source=self.source)
        self._count("courses", result.outcomes)
        self._link("course", [(c.sid, pk) for c, pk in zip(courses, result.pks, strict=True)])
        self.course_provider = {c.sid: r.provider for c, r in zip(courses, records, strict=True)}

    def classes(self) -> None:
        from openpathways.catalog.services import (
            SectionUpsert,
            section_bulk_cancel,
            section_bulk_upsert,
        )

        classes = [c for c in self.plan.classes.values() if not c.deleted]
        users = self.plan.users
        used: set[tuple[int, int, str]] = set()
        records = []
        for c in classes:
            course = self.pks["course"][c.course]
            term = self.pks["session"][c.terms[0]]
            code = short_code(c.code or c.sid, 30)
            if (course, term, code) in used:
                code = short_code(c.sid, 30)
            used.add((course, term, code))
            teachers = sorted(c.teachers, key=lambda t: not t[0])
            names = [f"{users[u].given} {users[u].family}".strip() for _, u in teachers]
            records.append(
                SectionUpsert(
                    course_id=course,
                    term_id=term,
                    code=code,
                    host_site_id=self.pks["org"][c.school],
                    instructor="; ".join(dict.fromkeys(names))[:200],
                    pk=self.pks["class"].get(c.sid),
                )
            )
        if records:
            result = section_bulk_upsert(actor=self.actor, records=records, source=self.source)
            self._count("sections", result.outcomes)
            self._link("class", [(c.sid, pk) for c, pk in zip(classes, result.pks, strict=True)])
            self.new_sections = {
                pk for pk, o in zip(result.pks, result.outcomes, strict=True) if o == "created"
            }
        gone = [
            self.pks["class"][c.sid]
            for c in self.plan.classes.values()
            if c.deleted and c.sid in self.pks["class"]
        ]
        if gone:
            n = section_bulk_cancel(actor=self.actor, section_ids=gone, source=self.source)
            self.report.count("sections", "updated", n)
            self.report.count("sections", "unchanged", len(gone) - n)

    # -- people -----------------------------------------------------------------------------

    def _school_year_end(self) -> int:
        years = [s.school_year for s in self.plan.sessions.values() if s.school_year]
        if years:
            return max(years)
        today = dt.date.today()  # noqa: DTZ011 (a school year is a local calendar notion)
        return today.year + 1 if today.month >= 7 else today.year

    def people(self) -> None:
        from openpathways.students.services import (
            UNKNOWN_GRADE,
            GuardianUpsert,
            StudentUpsert,
            guardian_bulk_unlink,
            guardian_bulk_upsert,
            student_bulk_set_status,
            student_bulk_upsert,
            student_guardian_bulk_link,
        )

        plan = self.plan
        year_end = self._school_year_end()
        students, guardians = [], []
        for u in plan.users.values():
            if u.deleted:
                continue
            roles = u.roles or ({plan.known_roles[u.sid]} if u.sid in plan.known_roles else set())
            if "student" in roles:
                students.append(u)
            elif roles & spec.GUARDIAN_ROLES:
                guardians.append(u)
        records = []
        for u in students:
            ssid = next((v for k, v in u.user_ids.items() if k in spec.SSID_TYPES), "")
            if not ssid and u.identifier.isdigit() and len(u.identifier) == 10:
                ssid = u.identifier
            if not ssid or len(ssid) > 10:
                ssid = provisional_ssid(u.sid)
                self.report.warnings.append(
                    Problem(
                        "users.csv",
                        u.line,
                        "userIds",
                        u.identifier or None,
                        "no state student ID ({SSID:...} in userIds, or a 10-digit "
                        f"identifier); stored with the provisional ID {ssid}",
                        "warning",
                    )
                )
            grade = _grade(u.grades)
            grade_cohort = 0 if grade == UNKNOWN_GRADE else year_end + max(0, 12 - grade)
            school_sid = u.primary_org or (u.orgs[0] if u.orgs else "")
            school = self.pks["org"].get(school_sid)
            if school is None:
                continue  # parser reported it
            demo = plan.demographics.get(u.sid)
            records.append(
                StudentUpsert(
                    state_student_id=ssid,
                    first_name=(u.given or "-")[:100],
                    last_name=(u.family or "-")[:100],
                    school_id=school,
                    grade=grade,
                    graduation_cohort=grade_cohort,
                    local_id=(u.identifier or u.username)[:20],
                    birth_date=demo.birth_date if demo and not demo.deleted else None,
                    gender=SEX.get(demo.sex, "") if demo else None,
                    race_ethnicity=_race(demo) if demo else None,
                    pk=self.pks["student"].get(u.sid),
                )
            )
        kept_students = [
            u
            for u in students
            if self.pks["org"].get(u.primary_org or (u.orgs[0] if u.orgs else ""))
        ]
        if records:
            result = student_bulk_upsert(actor=self.actor, records=records, source=self.source)
            self._count("students", result.outcomes)
            self._link(
                "student", [(u.sid, pk) for u, pk in zip(kept_students, result.pks, strict=True)]
            )
            self.new_students = {
                pk for pk, o in zip(result.pks, result.outcomes, strict=True) if o == "created"
            }
        g_records = [
            GuardianUpsert(
                first_name=(u.given or "-")[:100],
                last_name=(u.family or "-")[:100],
                email=u.email[:254] if "@" in u.email else "",
                phone=u.phone[:40],
                pk=self.pks["guardian"].get(u.sid),
            )
            for u in guardians
        ]
        if g_records:
            result = guardian_bulk_upsert(actor=self.actor, records=g_records, source=self.source)
            self._count("guardians", result.outcomes)
            self._link(
                "guardian", [(u.sid, pk) for u, pk in zip(guardians, result.pks, strict=True)]
            )
        self._links(students, guardians, student_guardian_bulk_link)
        self._demographics_alone()
        gone_students = [
            self.pks["student"][u.sid]
            for u in plan.users.values()
            if u.deleted and u.sid in self.pks["student"]
        ]
        if gone_students:
            n = student_bulk_set_status(
                actor=self.actor, student_ids=gone_students, status="left", source=self.source
            )
            self.report.count("students", "updated", n)
            self.report.count("students", "unchanged", len(gone_students) - n)
        gone_guardians = [
            self.pks["guardian"][u.sid]
            for u in plan.users.values()
            if u.deleted and u.sid in self.pks["guardian"]
        ]
        if gone_guardians:
            guardian_bulk_unlink(actor=self.actor, guardian_ids=gone_guardians, source=self.source)
            self.report.count("guardians", "updated", len(gone_guardians))

    def _demographics_alone(self) -> None:
        """Demographics of students stored earlier and not in this package's users.csv (a delta
        of demographics alone): only the demographic fields change."""
        from openpathways.students.services import StudentPatch, student_bulk_patch

        plan, known = self.plan, self.pks["student"]
        rows = [d for d in plan.demographics.values()
                if not d.deleted and d.sid not in plan.users and d.sid in known]  # fmt: skip
        if not rows:
            return
        patches = []
        for d in rows:
            values: dict[str, Any] = {"gender": SEX.get(d.sex, ""), "race_ethnicity": _race(d)}
            if d.birth_date is not None:
                values["birth_date"] = d.birth_date
            patches.append(StudentPatch(values=values, pk=known[d.sid]))
        result = student_bulk_patch(actor=self.actor, records=patches, source=self.source)
        self._count("students", result.outcomes)

    def _links(self, students: list[Any], guardians: list[Any], link: Any) -> None:
        plan = self.plan
        is_student = {u.sid for u in students} | {
            s for s, r in plan.known_roles.items() if r == "student"
        }
        relationship = {}
        for u in guardians:
            relationship[u.sid] = next(
                (GUARDIAN_RELATIONSHIP[r] for r in sorted(u.roles) if r in GUARDIAN_RELATIONSHIP),
                "guardian",
            )
        for sid, r in plan.known_roles.items():
            if r == "guardian":
                relationship.setdefault(sid, "guardian")
        pairs: dict[tuple[str, str], str] = {}
        for u in [*students, *guardians]:
            for agent in u.agents:
                student, guardian = (u.sid, agent) if u.sid in is_student else (agent, u.sid)
                if student in is_student and guardian in relationship:
                    pairs[(student, guardian)] = relationship[guardian]
                elif agent in plan.users or agent in plan.known_roles:
                    self.report.warnings.append(
                        Problem(
                            "users.csv",
                            u.line,
                            "agentSourcedIds",
                            agent,
                            "an agent link between a student and a guardian is expected; "
                            "this one is not stored",
                            "warning",
                        )
                    )
        triples = [
            (self.pks["student"][s], self.pks["guardian"][g], rel)
            for (s, g), rel in pairs.items()
            if s in self.pks["student"] and g in self.pks["guardian"]
        ]
        if triples:
            result = link(actor=self.actor, links=triples, source=self.source)
            self._count("student_guardians", result.outcomes)

    # -- enrollments ------------------------------------------------------------------------

    def enrollments(self) -> None:
        from openpathways.catalog.services import (
            EnrollmentUpsert,
            course_enrollment_bulk_drop,
            course_enrollment_bulk_upsert,
            section_providers,
        )

        e = self.plan.enrollments
        if not len(e):
            return
        section_pk, student_pk, known = (
            self.pks["class"],
            self.pks["student"],
            self.pks["enrollment"],
        )
        credit = _credit_by_section(self.plan, getattr(self, "course_provider", {}))
        elsewhere = {section_pk[c] for c in set(e.classes) - set(credit) if c in section_pk}
        if elsewhere:  # classes of earlier imports (a delta): ask the catalog
            by_pk = section_providers(sorted(elsewhere))
            pk_class = {pk: c for c, pk in section_pk.items() if pk in by_pk}
            credit.update({pk_class[pk]: CREDIT[p] for pk, p in by_pk.items()})
        new_students, new_sections = self.new_students, self.new_sections
        records: list[EnrollmentUpsert] = []
        sids: list[str] = []
        gone: list[int] = []
        append, enrolled = records.append, "enrolled"
        for sid, cls, user, deleted in zip(e.sids, e.classes, e.users, e.deleted, strict=True):
            if deleted:
                if sid in known:
                    gone.append(known[sid])
                continue
            section = section_pk.get(cls)
            student = student_pk.get(user)
            if section is None or student is None:
                continue
            new = student in new_students or section in new_sections
            append(EnrollmentUpsert(student, section, credit[cls], enrolled, known.get(sid), new))
            sids.append(sid)
        if records:
            result = course_enrollment_bulk_upsert(
                actor=self.actor, records=records, source=self.source
            )
            self._count("course_enrollments", result.outcomes)
            self._link("enrollment", zip(sids, result.pks, strict=True))
        if gone:
            n = course_enrollment_bulk_drop(
                actor=self.actor, enrollment_ids=gone, source=self.source
            )
            self.report.count("course_enrollments", "updated", n)
            self.report.count("course_enrollments", "unchanged", len(gone) - n)


#: Credit an enrollment carries by its course's provider.
CREDIT = {"college": "dual", "adult_ed": "high_school", "school": "high_school"}


def _credit_by_section(plan: Plan, providers: dict[str, str]) -> dict[str, str]:
    """Credit of the package's classes whose course is in the package too."""
    return {
        c.sid: CREDIT[providers[c.course]] for c in plan.classes.values() if c.course in providers
    }


def _term_kind(title: str) -> str:
    low = title.lower()
    for word, kind in (
        ("summer", "summer"),
        ("quarter", "quarter"),
        ("trimester", "trimester"),
        ("intersession", "intersession"),
    ):
        if word in low:
            return kind
    return "semester"


def _grade(grades: list[str]) -> int:
    from openpathways.students.services import UNKNOWN_GRADE

    values = []
    for g in grades:
        if g in CEDS_GRADE:
            values.append(CEDS_GRADE[g])
        elif g.isdigit():
            values.append(int(g))
    return max(values) if values else UNKNOWN_GRADE


def _race(demo: Any) -> str:
    if demo.hispanic:
        return "hispanic"
    if demo.two_or_more or len(demo.races) > 1:
        return "two_or_more"
    if len(demo.races) == 1:
        return RACE[next(iter(demo.races))]
    return "not_reported"


IMPORTER = OneRosterImporter()
