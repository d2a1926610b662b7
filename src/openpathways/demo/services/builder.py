"""The demo partnership generator: deterministic by seed, modelled on Los Angeles.

One `random.Random(seed)` per phase drives every draw, primary keys are assigned here and every
timestamp is derived from fixed dates, so one seed always gives the same database contents.
Students are generated school by school and written in chunks, which bounds memory at any size.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import time
from bisect import bisect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.contrib.auth.hashers import make_password
from django.db import models

from openpathways.accounts.models import Role, User
from openpathways.agreements.models import (
    CcapAgreement,
    CompactCommitment,
    CompactMilestone,
    DataSharingAgreement,
    EducationCompact,
    VendorContract,
)
from openpathways.applications.models import Application, ApplicationEvent
from openpathways.catalog.models import (
    AaDegreePathway,
    Course,
    CtePathway,
    IndustryCertification,
    Opportunity,
    Section,
    WblOpportunity,
)
from openpathways.consents.models import Consent
from openpathways.demo import data
from openpathways.demo.sizes import SizeProfile
from openpathways.demo.writer import BUILD_STAMP, Ids, TableWriter, reset_sequences
from openpathways.enrollments.models import CourseEnrollment, CredentialEarned
from openpathways.organizations.models import Contact, Organization, School
from openpathways.students.models import Guardian, Student, StudentGuardian
from openpathways.terms.models import Term
from openpathways.wbl.models import HoursLog, LinkedLearningPathway, Placement

#: The demo's school year: 2026-27 (fall 2026 under way, spring 2027 applications open).
YEAR = 2026
DEMO_PASSWORD = "pathways-demo"  # noqa: S105 - published demo credential, demo databases only
UNUSABLE_PASSWORD = "!demo-account-without-password"  # noqa: S105 - Django's unusable marker

GRADE_SHARES = [(9, 0.265), (10, 0.252), (11, 0.243), (12, 0.240)]
CONTINUATION_GRADE_SHARES = [(10, 0.1), (11, 0.35), (12, 0.55)]
#: Base rate of dual enrollment by grade (before group propensities).
DUAL_RATE = {9: 0.04, 10: 0.10, 11: 0.19, 12: 0.25}
SED_RATE = {
    "hispanic": 0.9,
    "black": 0.82,
    "filipino": 0.55,
    "asian": 0.6,
    "white": 0.4,
}
COMPLETED_GRADES = [
    ("A", 0.17),
    ("A-", 0.06),
    ("B+", 0.07),
    ("B", 0.15),
    ("B-", 0.06),
    ("C+", 0.05),
    ("C", 0.12),
    ("C-", 0.04),
    ("D", 0.06),
    ("F", 0.05),
    ("P", 0.06),
    ("NP", 0.02),
    ("W", 0.09),
]
SUCCESS = {"A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "P"}
PATH = ["requested", "eligibility_checked", "recommended", "consented", "approved", "registered"]
PENDING_STATUSES = [
    ("requested", 0.25),
    ("eligibility_checked", 0.2),
    ("recommended", 0.2),
    ("consented", 0.15),
    ("approved", 0.12),
    ("denied", 0.04),
    ("withdrawn", 0.04),
    ("held", 0.02),  # consent revoked while waiting (applications.transitions)
]
CONSENTED_OR_LATER = {"consented", "approved", "registered", "dropped", "held"}
DENIAL_REASONS = [
    "Section full; waitlist full.",
    "Prerequisite not met.",
    "Course not listed in the CCAP agreement.",
    "Unit limit for the term reached.",
]


class Progress(Protocol):
    """Receives the build's phases (the CLI shows a bar; tests pass nothing)."""

    def start(self, phase: str, total: int) -> None: ...
    def advance(self, n: int = 1) -> None: ...
    def finish(self) -> None: ...


class _NoProgress:
    def start(self, phase: str, total: int) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def finish(self) -> None:
        pass


@dataclass(frozen=True)
class DemoAccount:
    role_label: str
    username: str
    user_id: int
    scope: str


@dataclass
class BuildResult:
    size: str
    seed: int
    phase_seconds: dict[str, float] = field(default_factory=dict)
    accounts: list[DemoAccount] = field(default_factory=list)
    rows_written: int = 0


@dataclass
class _School:
    org_id: int
    name: str
    city: str
    district_id: int
    kind: str  # high, span_6_12, continuation
    students: int
    college_id: int
    hosts_sections: bool
    gaps: set[str]
    race_cw: list[float]
    dace_sector: str = ""
    counselors: list[int] = field(default_factory=list)
    hosted: dict[str, list[int]] = field(default_factory=dict)  # term code -> section ids


@dataclass
class _SectionInfo:
    term_code: str
    course_id: int
    units: float
    ccap: bool
    college_id: int
    term_id: int


def _cum(weights: list[float]) -> list[float]:
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return out


def _utc(day: dt.date, hour: int = 17, minute: int = 0) -> dt.datetime:
    # Naive UTC on purpose: the raw writer hands values to the driver, and Django keeps
    # datetimes as naive UTC on SQLite (and sets the PostgreSQL session to UTC).
    return dt.datetime(day.year, day.month, day.day, hour, minute)  # noqa: DTZ001


class DemoBuilder:
    def __init__(self, profile: SizeProfile, seed: int, progress: Progress | None = None) -> None:
        self.profile = profile
        self.seed = seed
        self.progress: Progress = progress or _NoProgress()
        self.ids = Ids()
        self.result = BuildResult(size=profile.name, seed=seed)
        self.writers: dict[type[models.Model], TableWriter] = {}
        self.models_written: set[type[models.Model]] = set()

    # -- plumbing ------------------------------------------------------------------------------

    def rng(self, phase: str) -> random.Random:
        return random.Random(f"{self.seed}:{phase}")

    def writer(self, model: type[models.Model], fields: list[str]) -> TableWriter:
        w = self.writers.get(model)
        if w is None:
            w = self.writers[model] = TableWriter(model, fields)
            self.models_written.add(model)
        return w

    def flush_all(self) -> None:
        for w in self.writers.values():
            w.flush()

    @contextmanager
    def phase(self, name: str, total: int) -> Iterator[None]:
        started = time.perf_counter()
        self.progress.start(name, total)
        yield
        self.flush_all()
        self.progress.finish()
        self.result.phase_seconds[name] = time.perf_counter() - started

    # -- organizations -------------------------------------------------------------------------

    def org(self, kind: str, name: str, **extra: Any) -> int:
        oid = self.ids.next(Organization)
        w = self.writer(
            Organization,
            [
                "id",
                "kind",
                "name",
                "parent",
                "code",
                "street",
                "city",
                "zip_code",
                "latitude",
                "longitude",
                "website",
                "phone",
                "industry_sector",
                "is_vendor",
                "active",
            ],
        )
        w.add(
            (
                oid,
                kind,
                name,
                extra.get("parent"),
                extra.get("code", ""),
                extra.get("street", ""),
                extra.get("city", ""),
                extra.get("zip_code", ""),
                extra.get("lat"),
                extra.get("lon"),
                extra.get("website", ""),
                extra.get("phone", ""),
                extra.get("sector", ""),
                extra.get("is_vendor", False),
                extra.get("active", True),
            )
        )
        return oid

    def contact(self, org_id: int, name: str, title: str, lang: str = "en") -> int:
        cid = self.ids.next(Contact)
        email = name.lower().replace(" ", ".").replace("'", "") + f".{cid}@example.org"
        self.writer(
            Contact, ["id", "organization", "name", "title", "email", "phone", "preferred_language"]
        ).add((cid, org_id, name, title, email, f"(213) 555-{cid % 10000:04d}", lang))
        return cid

    def school(
        self,
        org_id: int,
        cds: str,
        school_type: str,
        span: tuple[int | None, int | None],
        *,
        offered: tuple[int | None, int | None] | None = None,
        status: str = "active",
        charter: bool = False,
        adult_ed_host: bool = False,
    ) -> bool:
        offered = offered or span
        probe = School(
            grade_served_low=span[0],
            grade_served_high=span[1],
            grade_offered_low=offered[0],
            grade_offered_high=offered[1],
        )
        serves = probe.compute_serves_9_12()  # the model's own rule
        self.writer(
            School,
            [
                "organization",
                "cds_code",
                "status",
                "school_type",
                "charter",
                "grade_offered_low",
                "grade_offered_high",
                "grade_served_low",
                "grade_served_high",
                "serves_9_12",
                "adult_ed_host",
            ],
        ).add(
            (
                org_id,
                cds,
                status,
                school_type,
                charter,
                offered[0],
                offered[1],
                span[0],
                span[1],
                serves,
                adult_ed_host,
            )
        )
        return serves

    def person_name(self, rng: random.Random, group: str = "") -> tuple[str, str]:
        group = group or rng.choice(["hispanic", "hispanic", "black", "asian", "white"])
        return rng.choice(data.FIRST_NAMES[group]), rng.choice(data.LAST_NAMES[group])

    def build_organizations(self) -> None:
        p, rng = self.profile, self.rng("organizations")
        name, code, city = data.COUNTY_OFFICE
        self.county_id = self.org(
            "county_office",
            name,
            code=code,
            city=city,
            lat=33.9380,
            lon=-118.1300,
            website="https://example.org/lacoe",
        )
        name, code, city = data.LAUSD
        self.lausd_id = self.org(
            "district",
            name,
            parent=self.county_id,
            code=code,
            city=city,
            lat=34.0560,
            lon=-118.2560,
        )
        self.dace_id = self.org("adult_ed", data.DACE, parent=self.lausd_id, city="Los Angeles")
        self.contact(self.dace_id, "Rosa Delgado", "Adult CTE program coordinator", "es")
        self.laccd_id = self.org("college_district", data.LACCD, city="Los Angeles")
        self.colleges: list[int] = []
        self.college_names: dict[int, str] = {}
        for i, (cname, ccity, lat, lon) in enumerate(data.LACCD_COLLEGES):
            cid = self.org(
                "college",
                cname,
                parent=self.laccd_id,
                code=f"CCC{741 + i}",
                city=ccity,
                lat=lat,
                lon=lon,
            )
            self.colleges.append(cid)
            self.college_names[cid] = cname
            first, last = self.person_name(rng)
            self.contact(cid, f"{first} {last}", "Dual enrollment coordinator")
        self.other_colleges: list[int] = []
        for i in range(p.other_colleges):
            if i < len(data.OTHER_COLLEGES):
                cname, ccity = data.OTHER_COLLEGES[i]
            else:
                place = data.NEIGHBORHOODS[i % len(data.NEIGHBORHOODS)]
                cname, ccity = f"{place} Community College {i + 1}", place
            ccd = self.org("college_district", f"{cname} District", city=ccity)
            cid = self.org("college", cname, parent=ccd, code=f"CCC{800 + i}", city=ccity)
            self.other_colleges.append(cid)
            self.college_names[cid] = cname

        # Cities: the ~25 the district spans (compacts come with the agreements).
        self.city_ids: dict[str, int] = {}
        for cname, _w in data.CITIES:
            self.city_ids[cname] = self.org("city", f"City of {cname}", city=cname)
            first, last = self.person_name(rng)
            self.contact(self.city_ids[cname], f"{first} {last}", "Education liaison")

        # LA Unified schools.
        self.schools: list[_School] = []
        self.other_school_orgs: list[int] = []
        self._make_district_schools(
            rng, self.lausd_id, "1964733", p.lausd_high_schools, p.lausd_students, lausd=True
        )
        for d in range(p.other_districts):
            if d < len(data.OTHER_DISTRICTS):
                dname, dcity = data.OTHER_DISTRICTS[d]
                county = "19"
            else:
                place = data.NEIGHBORHOODS[d % len(data.NEIGHBORHOODS)]
                dname, dcity = f"{place} Joint Unified {d + 1}", place
                county = f"{(d % 57) + 1:02d}" if (d % 57) + 1 != 19 else "58"
            dcode = f"{county}{73000 + d * 17:05d}"
            did = self.org(
                "district",
                f"{dname} School District",
                parent=self.county_id,
                code=f"{dcode}0000000",
                city=dcity,
            )
            share = p.other_students // p.other_districts
            self._make_district_schools(
                rng,
                did,
                dcode,
                p.other_high_schools_per_district,
                share,
                lausd=False,
                district_city=dcity,
            )

        # Employers and vendors.
        sectors = list(data.EMPLOYER_SUFFIX)
        self.employers: list[
            tuple[int, str, str, int, bool]
        ] = []  # id, sector, city, contact, vendor
        seen: set[str] = set()
        for i in range(p.employers):
            sector = sectors[i % len(sectors)] if i < len(sectors) else rng.choice(sectors)
            ename = f"{rng.choice(data.EMPLOYER_STEMS)} {rng.choice(data.EMPLOYER_SUFFIX[sector])}"
            if ename in seen:
                ename = f"{ename} ({rng.choice(data.NEIGHBORHOODS)})"
            if ename in seen:
                ename = f"{ename} {i}"
            seen.add(ename)
            ecity = rng.choice(data.NEIGHBORHOODS) if rng.random() < 0.5 else "Los Angeles"
            vendor = rng.random() < 0.55
            eid = self.org(
                "employer",
                ename,
                city=ecity,
                sector=sector,
                is_vendor=vendor,
                lat=round(rng.uniform(33.75, 34.30), 6),
                lon=round(rng.uniform(-118.60, -118.15), 6),
            )
            first, last = self.person_name(rng)
            contact_id = self.contact(eid, f"{first} {last}", "Internship supervisor")
            if rng.random() < 0.3:
                first, last = self.person_name(rng)
                self.contact(eid, f"{first} {last}", "Human resources")
            self.employers.append((eid, sector, ecity, contact_id, vendor))

    def _make_district_schools(
        self,
        rng: random.Random,
        district_id: int,
        dcode: str,
        n_high: int,
        n_students: int,
        *,
        lausd: bool,
        district_city: str = "Los Angeles",
    ) -> None:
        school_seq = [0]

        def cds() -> str:
            school_seq[0] += 1
            return f"{dcode}{1900000 + school_seq[0] * 37:07d}"

        def coords() -> dict[str, float]:
            return {
                "lat": round(rng.uniform(33.74, 34.32), 6),
                "lon": round(rng.uniform(-118.66, -118.16), 6),
            }

        used: set[str] = set()

        def gen_name(pattern: str) -> str:
            for _ in range(50):
                n = f"{rng.choice(data.NEIGHBORHOODS)}"
                candidate = pattern.format(n=n)
                if candidate not in used:
                    used.add(candidate)
                    return candidate
            candidate = pattern.format(n=f"School {len(used) + 1}")
            used.add(candidate)
            return candidate

        plan: list[tuple[str, str, str]] = []  # name, city, kind
        real = data.LAUSD_HIGH_SCHOOLS if lausd else []
        for i in range(n_high):
            if i < len(real):
                plan.append((real[i][0], real[i][1], "high"))
                used.add(real[i][0])
                continue
            r = rng.random()
            if r < 0.13:
                plan.append(
                    (gen_name("{n} Continuation High School"), district_city, "continuation")
                )
            elif r < 0.25:
                plan.append((gen_name("{n} Span School (6-12)"), district_city, "span_6_12"))
            else:
                plan.append((gen_name(rng.choice(data.SCHOOL_PATTERNS)), district_city, "high"))
        weight = {"high": 1.0, "span_6_12": 0.45, "continuation": 0.15}
        ws = [weight[k] * rng.uniform(0.6, 1.4) for _n, _c, k in plan]
        total_w = sum(ws)
        counts = [int(n_students * w / total_w) for w in ws]
        counts[0] += n_students - sum(counts)
        base = [w for _g, w in data.RACE_SHARES]
        for (sname, scity, kind), count in zip(plan, counts, strict=True):
            college = self._home_college(rng, lausd)
            dace_sector = data.DACE_HOSTS.get(sname, "") if lausd else ""
            cds_code = cds()
            oid = self.org(
                "school",
                sname,
                parent=district_id,
                code=cds_code,
                city=scity,
                street=f"{rng.randint(100, 9999)} {rng.choice(data.NEIGHBORHOODS)} Ave",
                zip_code=f"900{rng.randint(1, 99):02d}",
                **coords(),
            )
            span = {"high": (9, 12), "span_6_12": (6, 12), "continuation": (10, 12)}[kind]
            stype = kind if kind != "high" else "high"
            charter = kind == "high" and rng.random() < 0.15 and not dace_sector
            self.school(
                oid, cds_code, stype, span, charter=charter, adult_ed_host=bool(dace_sector)
            )
            gaps: set[str] = set()
            for typ, p_gap in (
                ("college_credit", 0.12),
                ("cte_pathway", 0.15),
                ("industry_certification", 0.35),
                ("work_based_learning", 0.4),
                ("aa_degree", 0.7),
            ):
                if rng.random() < p_gap * (1.8 if kind == "continuation" else 1.0):
                    gaps.add(typ)
            if rng.random() < 0.04 and not dace_sector and sname not in dict(real):
                gaps = {
                    "college_credit",
                    "cte_pathway",
                    "industry_certification",
                    "work_based_learning",
                    "aa_degree",
                }
            tilt = [w * rng.uniform(0.5, 1.5) for w in base]
            self.schools.append(
                _School(
                    org_id=oid,
                    name=sname,
                    city=scity,
                    district_id=district_id,
                    kind=kind,
                    students=count,
                    college_id=college,
                    hosts_sections="college_credit" not in gaps,
                    gaps=gaps,
                    race_cw=_cum(tilt),
                    dace_sector=dace_sector,
                )
            )
        # Schools that do not serve grades 9-12, and ones that no longer operate.
        n_mid, n_elem, n_adult = max(2, n_high // 4), max(2, n_high // 5), max(1, n_high // 40)
        for _ in range(n_mid):
            c = cds()
            oid = self.org(
                "school",
                code=c,
                name=gen_name("{n} Middle School"),
                parent=district_id,
                city=district_city,
                **coords(),
            )
            self.school(oid, c, "middle", (6, 8))
        for _ in range(n_elem):
            c = cds()
            oid = self.org(
                "school",
                code=c,
                name=gen_name("{n} Elementary School"),
                parent=district_id,
                city=district_city,
                **coords(),
            )
            self.school(oid, c, "elementary", (0, 5), offered=(-1, 5))
        for _ in range(n_adult):
            c = cds()
            oid = self.org(
                "school",
                code=c,
                name=gen_name("{n} Community Adult School"),
                parent=district_id,
                city=district_city,
                **coords(),
            )
            self.school(oid, c, "adult_ed", (13, 13), adult_ed_host=True)
        # A closed high school and a pending one known only by its offered span.
        c = cds()
        oid = self.org(
            "school",
            code=c,
            name=gen_name("{n} High School (closed)"),
            parent=district_id,
            city=district_city,
            active=False,
        )
        self.school(oid, c, "high", (9, 12), status="closed")
        c = cds()
        oid = self.org(
            "school",
            code=c,
            name=gen_name("{n} New Tech High School"),
            parent=district_id,
            city=district_city,
        )
        self.school(oid, c, "high", (None, None), offered=(9, 10), status="pending")

    def _home_college(self, rng: random.Random, lausd: bool) -> int:
        if lausd or not self.other_colleges:
            return rng.choice(self.colleges)
        return rng.choice(self.other_colleges)

    # -- terms, catalog, sections, agreements --------------------------------------------------

    TERMS = [
        ("2024FA", "Fall 2024", "semester", 2024, dt.date(2024, 8, 26), dt.date(2024, 12, 20)),
        ("2025SP", "Spring 2025", "semester", 2024, dt.date(2025, 2, 10), dt.date(2025, 6, 6)),
        ("2025FA", "Fall 2025", "semester", 2025, dt.date(2025, 8, 25), dt.date(2025, 12, 19)),
        ("2026SP", "Spring 2026", "semester", 2025, dt.date(2026, 2, 9), dt.date(2026, 6, 5)),
        ("2026SU", "Summer 2026", "summer", 2025, dt.date(2026, 6, 15), dt.date(2026, 7, 24)),
        ("2026FA", "Fall 2026", "semester", 2026, dt.date(2026, 8, 24), dt.date(2026, 12, 18)),
        ("2027SP", "Spring 2027", "semester", 2026, dt.date(2027, 2, 8), dt.date(2027, 6, 4)),
    ]
    DACE_TERMS = [
        (
            "2026SP",
            "Spring 2026 session",
            "semester",
            2025,
            dt.date(2026, 1, 12),
            dt.date(2026, 5, 30),
        ),
        (
            "2026FA",
            "Fall 2026 session",
            "semester",
            2026,
            dt.date(2026, 8, 17),
            dt.date(2026, 12, 12),
        ),
    ]

    def build_catalog(self) -> None:
        rng = self.rng("catalog")
        tw = self.writer(
            Term,
            [
                "id",
                "institution",
                "code",
                "name",
                "kind",
                "academic_year",
                "start_date",
                "end_date",
            ],
        )
        self.terms: dict[tuple[int, str], tuple[int, dt.date, dt.date]] = {}
        for cid in self.colleges + self.other_colleges:
            for code, name, kind, year, start, end in self.TERMS:
                tid = self.ids.next(Term)
                tw.add((tid, cid, code, name, kind, year, start, end))
                self.terms[(cid, code)] = (tid, start, end)
        for code, name, kind, year, start, end in self.DACE_TERMS:
            tid = self.ids.next(Term)
            tw.add((tid, self.dace_id, code, name, kind, year, start, end))
            self.terms[(self.dace_id, code)] = (tid, start, end)

        cw = self.writer(
            Course,
            [
                "id",
                "provider_org",
                "provider",
                "code",
                "title",
                "title_es",
                "units",
                "subject",
                "sector",
                "top_code",
                "state_course_code",
                "transferable",
            ],
        )
        self.courses: dict[int, list[tuple[int, float, bool, str]]] = {}  # college -> courses
        for cid in self.colleges + self.other_colleges:
            offered = data.COLLEGE_COURSES
            if cid in self.other_colleges:
                offered = [c for i, c in enumerate(data.COLLEGE_COURSES) if (i + cid) % 2 == 0]
            lst = []
            for code, title, title_es, units, subject, sector in offered:
                course_id = self.ids.next(Course)
                top = f"{rng.randint(1, 49):02d}{rng.randint(0, 99):02d}.00"
                cw.add(
                    (
                        course_id,
                        cid,
                        "college",
                        code,
                        title,
                        title_es,
                        float(units),
                        subject,
                        sector,
                        top,
                        "",
                        True,
                    )
                )
                ccap_listed = code not in {"SPAN 3", "EMT 1"}
                lst.append((course_id, float(units), ccap_listed, sector))
            self.courses[cid] = lst
        self.dace_courses: dict[str, list[int]] = {}
        for code, title, title_es, sector in data.DACE_COURSES:
            course_id = self.ids.next(Course)
            cw.add(
                (
                    course_id,
                    self.dace_id,
                    "adult_ed",
                    code,
                    title,
                    title_es,
                    0.0,
                    "cte",
                    sector,
                    "",
                    "",
                    False,
                )
            )
            self.dace_courses.setdefault(sector, []).append(course_id)

        pw = self.writer(
            CtePathway,
            ["id", "code", "title", "title_es", "sector", "course_sequence", "capstone_course"],
        )
        self.pathways: list[tuple[int, str, str]] = []
        for code, sector, title, title_es, capstone in data.CTE_PATHWAYS:
            pid = self.ids.next(CtePathway)
            seq = [f"{title} I", f"{title} II", capstone]
            pw.add((pid, code, title, title_es, sector, json.dumps(seq), capstone))
            self.pathways.append((pid, sector, title))
        iw = self.writer(IndustryCertification, ["id", "name", "name_es", "issuer", "sector"])
        self.certs: list[tuple[int, str, str]] = []
        for name, issuer, sector in data.CERTIFICATIONS:
            iid = self.ids.next(IndustryCertification)
            iw.add((iid, name, name, issuer, sector))
            self.certs.append((iid, sector, name))
        aw = self.writer(AaDegreePathway, ["id", "college", "title", "title_es", "units_required"])
        self.aa: dict[int, list[int]] = {}
        aa_links = []
        for cid in self.colleges + self.other_colleges:
            for title, title_es in data.AA_PATHWAYS:
                aid = self.ids.next(AaDegreePathway)
                aw.add((aid, cid, title, title_es, 60.0))
                self.aa.setdefault(cid, []).append(aid)
                for course_id, _u, _c, _s in self.courses[cid][:4]:
                    aa_links.append((aid, course_id))
        self.writer(AaDegreePathway.required_courses.through, ["aadegreepathway", "course"]).extend(
            aa_links
        )
        self.flush_all()

        # CCAP agreements: one per (district, college) pair that serves schools.
        ccw = self.writer(
            CcapAgreement,
            ["id", "name", "district", "college", "start_date", "end_date", "status", "rule_pack"],
        )
        self.ccap: dict[tuple[int, int], int] = {}
        ccap_schools, ccap_courses = [], []
        for s in self.schools:
            key = (s.district_id, s.college_id)
            if key not in self.ccap:
                aid = self.ids.next(CcapAgreement)
                self.ccap[key] = aid
                ccw.add(
                    (
                        aid,
                        f"CCAP partnership: {self.college_names[s.college_id]} "
                        f"(district {s.district_id})"
                        if s.district_id != self.lausd_id
                        else f"CCAP partnership: LAUSD and {self.college_names[s.college_id]}",
                        s.district_id,
                        s.college_id,
                        dt.date(2024, 7, 1),
                        dt.date(2029, 6, 30),
                        "active",
                        "ca-dual-enrollment",
                    )
                )
                for course_id, _u, listed, _s in self.courses[s.college_id]:
                    if listed:
                        ccap_courses.append((aid, course_id))
            if s.hosts_sections:
                ccap_schools.append((self.ccap[key], s.org_id))
        self.writer(CcapAgreement.schools.through, ["ccapagreement", "organization"]).extend(
            ccap_schools
        )
        self.writer(CcapAgreement.courses.through, ["ccapagreement", "course"]).extend(ccap_courses)

        # Sections: hosted at high schools (CCAP), on campus (open), summer, and DACE.
        sw = self.writer(
            Section,
            [
                "id",
                "course",
                "term",
                "code",
                "host_site",
                "modality",
                "schedule",
                "meeting_days",
                "start_time",
                "end_time",
                "capacity",
                "high_school_only",
                "ccap_agreement",
                "status",
                "instructor",
            ],
        )
        self.sections: dict[int, _SectionInfo] = {}
        self.campus: dict[tuple[int, str], list[int]] = {}
        self.seats: dict[int, int] = {}
        crn = [10000]

        def add_section(
            course: tuple[int, float, bool, str],
            college: int,
            term: str,
            host: int,
            *,
            hosted: bool,
            ccap_id: int | None,
        ) -> int:
            sid = self.ids.next(Section)
            crn[0] += 1
            tid = self.terms[(college, term)][0]
            if hosted:
                school_day = rng.random() < 0.7
                schedule = "school_day" if school_day else "after_school"
                days, st, et = (
                    ("MW", "09:00:00", "10:30:00")
                    if school_day
                    else ("TTh", "15:30:00", "17:00:00")
                )
                modality = "in_person"
            else:
                school_day = False
                schedule = rng.choice(["evening", "evening", "saturday", "after_school"])
                days, st, et = {
                    "evening": ("MW", "18:00:00", "20:05:00"),
                    "saturday": ("Sa", "09:00:00", "13:10:00"),
                    "after_school": ("TTh", "15:45:00", "17:50:00"),
                }[schedule]
                modality = rng.choice(["in_person", "in_person", "online", "hybrid"])
            capacity = rng.choice([30, 32, 35, 40])
            first, last = self.person_name(rng)
            status = "open" if term in ("2026FA", "2027SP") else "closed"
            sw.add(
                (
                    sid,
                    course[0],
                    tid,
                    str(crn[0]),
                    host,
                    modality,
                    schedule,
                    days,
                    st,
                    et,
                    capacity,
                    school_day and hosted,
                    ccap_id,
                    status,
                    f"{first} {last}",
                )
            )
            self.sections[sid] = _SectionInfo(
                term, course[0], course[1], ccap_id is not None, college, tid
            )
            self.seats[sid] = capacity
            return sid

        regular_terms = ["2024FA", "2025SP", "2025FA", "2026SP", "2026FA", "2027SP"]
        by_college: dict[int, int] = {}
        for s in self.schools:
            by_college[s.college_id] = by_college.get(s.college_id, 0) + s.students
            if not s.hosts_sections or s.students == 0:
                continue
            k = max(1, round(s.students / 280))
            listed_courses = [c for c in self.courses[s.college_id] if c[2]]
            for term in regular_terms:
                s.hosted[term] = [
                    add_section(
                        rng.choice(listed_courses),
                        s.college_id,
                        term,
                        s.org_id,
                        hosted=True,
                        ccap_id=self.ccap[(s.district_id, s.college_id)],
                    )
                    for _ in range(k)
                ]
        for cid, n in by_college.items():
            for term in [*regular_terms, "2026SU"]:
                k = max(2, round(n / (900 if term != "2026SU" else 4000)))
                self.campus[(cid, term)] = [
                    add_section(
                        rng.choice(self.courses[cid]), cid, term, cid, hosted=False, ccap_id=None
                    )
                    for _ in range(k)
                ]
        # DACE: after-school and Saturday CTE classes at four host high schools.
        self.dace_sections: dict[int, dict[str, list[int]]] = {}
        for s in self.schools:
            if not s.dace_sector:
                continue
            for term in ("2026SP", "2026FA"):
                tid = self.terms[(self.dace_id, term)][0]
                for j, course_id in enumerate(self.dace_courses[s.dace_sector]):
                    sid = self.ids.next(Section)
                    crn[0] += 1
                    sat = j % 2 == 1
                    sw.add(
                        (
                            sid,
                            course_id,
                            tid,
                            str(crn[0]),
                            s.org_id,
                            "in_person",
                            "saturday" if sat else "after_school",
                            "Sa" if sat else "MTh",
                            "08:00:00" if sat else "15:30:00",
                            "13:00:00" if sat else "18:30:00",
                            30,
                            False,
                            None,
                            "open" if term == "2026FA" else "closed",
                            "DACE instructor",
                        )
                    )
                    self.sections[sid] = _SectionInfo(
                        term, course_id, 0.0, False, self.dace_id, tid
                    )
                    self.seats[sid] = 30
                    self.dace_sections.setdefault(s.org_id, {}).setdefault(term, []).append(sid)

    def build_agreements(self) -> None:
        rng = self.rng("agreements")
        dsa_id = self.ids.next(DataSharingAgreement)
        self.writer(
            DataSharingAgreement,
            ["id", "name", "purpose", "fields", "legal_basis", "start_date", "end_date", "status"],
        ).add(
            (
                dsa_id,
                "LAUSD and LACCD dual-enrollment data sharing agreement",
                "Enrollment, application, consent and grade data exchanged to register high-school "
                "students in college courses and to measure participation and success by school "
                "and student group, as permitted by law.",
                json.dumps(
                    [
                        "state_student_id",
                        "name",
                        "birth_date",
                        "grade",
                        "school",
                        "race_ethnicity",
                        "course_enrollments",
                        "grades",
                        "units",
                    ]
                ),
                "FERPA 34 CFR 99.31(a)(6) studies exception and school official exception",
                dt.date(2024, 7, 1),
                dt.date(2027, 6, 30),
                "active",
            )
        )
        self.writer(
            DataSharingAgreement.parties.through, ["datasharingagreement", "organization"]
        ).extend([(dsa_id, self.lausd_id), (dsa_id, self.laccd_id), (dsa_id, self.county_id)])
        ew = self.writer(
            EducationCompact,
            ["id", "name", "district", "city", "signed_on", "renewal_on", "status"],
        )
        mw = self.writer(
            CompactCommitment,
            ["id", "compact", "title", "category", "district_owner", "city_owner", "status"],
        )
        lw = self.writer(
            CompactMilestone, ["id", "commitment", "title", "due_on", "done_on", "evidence"]
        )
        for i, cname in enumerate(data.COMPACT_CITIES):
            eid = self.ids.next(EducationCompact)
            signed = dt.date(2022 + i % 3, 1 + (i * 5) % 12, 10 + i)
            ew.add(
                (
                    eid,
                    f"Education Compact: LAUSD and the City of {cname}",
                    self.lausd_id,
                    self.city_ids[cname],
                    signed,
                    signed.replace(year=signed.year + 3),
                    "active",
                )
            )
            for title, category in rng.sample(data.COMPACT_COMMITMENTS, rng.randint(3, 5)):
                mid = self.ids.next(CompactCommitment)
                status = rng.choice(["planned", "in_progress", "in_progress", "done", "at_risk"])
                mw.add(
                    (
                        mid,
                        eid,
                        title,
                        category,
                        "Office of Student, Family and Community Engagement",
                        f"City of {cname}",
                        status,
                    )
                )
                for m in range(2):
                    due = dt.date(2026, 3 + m * 6, 15)
                    done = (
                        due - dt.timedelta(days=rng.randint(0, 20))
                        if (status == "done" or (m == 0 and status == "in_progress"))
                        else None
                    )
                    lw.add(
                        (
                            self.ids.next(CompactMilestone),
                            mid,
                            f"{'Launch' if m == 0 else 'Review'}: {title.lower()}",
                            due,
                            done,
                            "Sign-in sheets and city report" if done else "",
                        )
                    )
        vw = self.writer(
            VendorContract,
            [
                "id",
                "vendor",
                "district",
                "number",
                "title",
                "start_date",
                "end_date",
                "wbl_placements_committed",
                "wbl_hours_committed",
                "status",
            ],
        )
        self.contracts: dict[int, int] = {}
        for eid, sector, _city, _contact, vendor in self.employers:
            if not vendor:
                continue
            vid = self.ids.next(VendorContract)
            obligated = rng.random() < 0.85
            vw.add(
                (
                    vid,
                    eid,
                    self.lausd_id,
                    f"4400{vid:06d}",
                    f"{sector.replace('_', ' ').title()} services",
                    dt.date(2025, 7, 1),
                    dt.date(2028, 6, 30),
                    rng.randint(1, 6) if obligated else 0,
                    rng.choice([0, 40, 80, 120, 240]) if obligated else 0,
                    "active" if rng.random() < 0.88 else "expired",
                )
            )
            self.contracts[eid] = vid
        # Work-based learning opportunities offered by employers.
        ow = self.writer(
            WblOpportunity,
            [
                "id",
                "employer",
                "title",
                "title_es",
                "description",
                "wbl_type",
                "sector",
                "slots",
                "hours",
                "location_city",
                "state_course_code",
                "status",
                "vendor_contract",
            ],
        )
        types = ["10"] * 9 + ["SHDW"] * 4 + ["25"] * 2 + ["APPR"] * 2 + ["20"] * 2 + ["15"]
        self.wbl: list[tuple[int, int, int]] = []  # opportunity, employer, contact
        self.wbl_by_sector: dict[str, list[int]] = {}
        for eid, sector, city, contact, _vendor in self.employers:
            for _ in range(rng.choice([1, 1, 2, 3])):
                oid = self.ids.next(WblOpportunity)
                wtype = rng.choice(types)
                status = rng.choices(
                    ["published", "draft", "submitted", "closed"], [0.75, 0.05, 0.08, 0.12]
                )[0]
                ow.add(
                    (
                        oid,
                        eid,
                        data.WBL_TITLES[wtype],
                        data.WBL_TITLES_ES[wtype],
                        "Paid work experience with a mentor.",
                        wtype,
                        sector,
                        rng.randint(1, 10),
                        rng.choice([8, 40, 80, 120, 180]),
                        city,
                        "",
                        status,
                        self.contracts.get(eid),
                    )
                )
                self.wbl.append((oid, eid, contact))
                if status == "published":
                    self.wbl_by_sector.setdefault(sector, []).append(oid)
        self.wbl_published = [o for o, *_ in self.wbl]
        self.wbl_employer = {o: (e, c) for o, e, c in self.wbl}
        self.flush_all()

        # The five opportunity types per school and year (some schools lack some types).
        opw = self.writer(
            Opportunity,
            [
                "id",
                "type",
                "school",
                "academic_year",
                "title",
                "title_es",
                "sector",
                "section",
                "cte_pathway",
                "certification",
                "wbl_opportunity",
                "aa_pathway",
                "active",
            ],
        )
        pub = [o for v in self.wbl_by_sector.values() for o in v] or self.wbl_published
        llw = self.writer(
            LinkedLearningPathway,
            ["id", "school", "name", "name_es", "sector", "cte_pathway", "certified", "active"],
        )
        for year, fall in ((2025, "2025FA"), (2026, "2026FA")):
            for s in self.schools:
                if s.students == 0:
                    continue
                gaps = set(s.gaps)
                if year == 2025 and rng.random() < 0.15:
                    gaps.add(rng.choice(["cte_pathway", "work_based_learning", "aa_degree"]))
                if "college_credit" not in gaps:
                    for sid in s.hosted.get(fall, [])[:3]:
                        opw.add(
                            (
                                self.ids.next(Opportunity),
                                "college_credit",
                                s.org_id,
                                year,
                                "College-credit course at your school",
                                "Curso con credito universitario en tu escuela",
                                "",
                                sid,
                                None,
                                None,
                                None,
                                None,
                                True,
                            )
                        )
                if "cte_pathway" not in gaps:
                    chosen = rng.sample(self.pathways, rng.randint(1, 3))
                    if year == 2026:  # each CTE pathway of the school is a Linked Learning one
                        for pid, sector, title in chosen:
                            llw.add((self.ids.next(LinkedLearningPathway), s.org_id, title, "",
                                     sector, pid, pid % 2 == 0, True))  # fmt: skip
                    for pid, sector, title in chosen:
                        opw.add(
                            (
                                self.ids.next(Opportunity),
                                "cte_pathway",
                                s.org_id,
                                year,
                                title,
                                "",
                                sector,
                                None,
                                pid,
                                None,
                                None,
                                None,
                                True,
                            )
                        )
                if "industry_certification" not in gaps:
                    for iid, sector, name in rng.sample(self.certs, rng.randint(1, 2)):
                        opw.add(
                            (
                                self.ids.next(Opportunity),
                                "industry_certification",
                                s.org_id,
                                year,
                                name,
                                "",
                                sector,
                                None,
                                None,
                                iid,
                                None,
                                None,
                                True,
                            )
                        )
                if "work_based_learning" not in gaps and pub:
                    for wid in rng.sample(pub, min(len(pub), rng.randint(1, 2))):
                        opw.add(
                            (
                                self.ids.next(Opportunity),
                                "work_based_learning",
                                s.org_id,
                                year,
                                "Internship or apprenticeship",
                                "Pasantia o aprendizaje",
                                "",
                                None,
                                None,
                                None,
                                wid,
                                None,
                                True,
                            )
                        )
                if "aa_degree" not in gaps:
                    aid = self.aa[s.college_id][0]
                    opw.add(
                        (
                            self.ids.next(Opportunity),
                            "aa_degree",
                            s.org_id,
                            year,
                            "Earn an associate degree in high school",
                            "Obtén un titulo de asociado en la preparatoria",
                            "",
                            None,
                            None,
                            None,
                            None,
                            aid,
                            True,
                        )
                    )

    # -- people --------------------------------------------------------------------------------

    def user_row(
        self,
        uid: int,
        username: str,
        role: str,
        org: int | None,
        *,
        first: str,
        last: str,
        password: str,
        lang: str = "en",
        student: int | None = None,
        guardian: int | None = None,
    ) -> tuple[Any, ...]:
        return (
            uid,
            password,
            None,
            False,
            username,
            first,
            last,
            f"{username}@example.org",
            False,
            True,
            BUILD_STAMP,
            role,
            org,
            student,
            guardian,
            lang,
        )

    USER_FIELDS = [
        "id",
        "password",
        "last_login",
        "is_superuser",
        "username",
        "first_name",
        "last_name",
        "email",
        "is_staff",
        "is_active",
        "date_joined",
        "role",
        "organization",
        "student",
        "guardian",
        "preferred_language",
    ]

    def build_counselors(self) -> None:
        rng = self.rng("counselors")
        uw = self.writer(User, self.USER_FIELDS)
        # A salt derived from the seed (deterministic, and long enough that Django keeps the hash).
        salt = "demo" + hashlib.sha256(str(self.seed).encode()).hexdigest()[:24]
        self.password = make_password(DEMO_PASSWORD, salt=salt)
        self.featured = self.schools[0]
        for s in self.schools:
            n = max(1, -(-s.students // 450)) if s.students else 0
            for j in range(n):
                uid = self.ids.next(User)
                first, last = self.person_name(rng)
                if s is self.featured and j == 0:
                    username, pw = "counselor", self.password
                else:
                    username, pw = f"counselor.{s.org_id}.{j + 1}", UNUSABLE_PASSWORD
                uw.add(
                    self.user_row(
                        uid, username, Role.COUNSELOR, s.org_id, first=first, last=last, password=pw
                    )
                )
                s.counselors.append(uid)
        self.counselor_demo_id = self.featured.counselors[0]

    def build_students(self) -> None:
        rng = self.rng("students")
        p = self.profile
        st_w = self.writer(
            Student,
            [
                "id",
                "state_student_id",
                "local_id",
                "first_name",
                "last_name",
                "school",
                "grade",
                "graduation_cohort",
                "birth_date",
                "gender",
                "race_ethnicity",
                "english_learner",
                "socioeconomically_disadvantaged",
                "disability",
                "foster",
                "homeless",
                "residence_city",
                "residence_zip",
                "residence_city_org",
                "home_language",
                "preferred_language",
                "counselor",
                "status",
            ],
        )
        g_w = self.writer(
            Guardian, ["id", "first_name", "last_name", "email", "phone", "preferred_language"]
        )
        sg_w = self.writer(
            StudentGuardian, ["id", "student", "guardian", "relationship", "educational_rights"]
        )
        self.p_writers()
        races = [g for g, _w in data.RACE_SHARES]
        cities = [c for c, _w in data.CITIES]
        cw_city = _cum([w for _c, w in data.CITIES])
        total_city = cw_city[-1]
        grade_vals = [g for g, _w in GRADE_SHARES]
        grade_cw = _cum([w for _g, w in GRADE_SHARES])
        cont_vals = [g for g, _w in CONTINUATION_GRADE_SHARES]
        cont_cw = _cum([w for _g, w in CONTINUATION_GRADE_SHARES])
        self.featured_student: tuple[int, int] | None = None
        self.featured_fallback: tuple[int, int] | None = None
        for s in self.schools:
            if not s.students:
                continue
            n_grads = int(s.students * 0.22) if p.graduates else 0
            school_city_is_known = s.city in self.city_ids and s.city != "Los Angeles"
            for i in range(s.students + n_grads):
                graduate = i >= s.students
                sid = self.ids.next(Student)
                race = races[_pick(rng, s.race_cw)]
                if graduate:
                    grade, cohort = 12, YEAR
                elif s.kind == "continuation":
                    grade = cont_vals[_pick(rng, cont_cw)]
                    cohort = YEAR + 1 + (12 - grade)
                else:
                    grade = grade_vals[_pick(rng, grade_cw)]
                    cohort = YEAR + 1 + (12 - grade)
                group = data.NAME_GROUP[race]
                first = rng.choice(data.FIRST_NAMES[group])
                last = rng.choice(data.LAST_NAMES[group])
                if race == "two_or_more" and rng.random() < 0.5:
                    last = rng.choice(data.LAST_NAMES[rng.choice(["hispanic", "white", "black"])])
                born = dt.date(cohort - 19, 9, 1) + dt.timedelta(days=rng.randrange(365))
                r = rng.random()
                gender = "F" if r < 0.49 else ("M" if r < 0.985 else "X")
                el = rng.random() < (
                    {"hispanic": 0.24, "asian": 0.2}.get(race, 0.03) * (1.3 if grade < 11 else 0.8)
                )
                sed = rng.random() < SED_RATE.get(race, 0.7)
                disability = rng.random() < 0.14
                foster = rng.random() < 0.008
                homeless = rng.random() < (0.045 if sed else 0.01)
                r = rng.random()
                if s.district_id != self.lausd_id:
                    rcity, rorg = s.city, self.city_ids.get(s.city)
                elif r < 0.04:
                    rcity, rorg = rng.choice(data.UNINCORPORATED), None
                elif r < 0.05:
                    rcity, rorg = "", None
                elif school_city_is_known and r < 0.7:
                    rcity, rorg = s.city, self.city_ids[s.city]
                else:
                    rcity = cities[_pick(rng, cw_city, total_city)]
                    rorg = self.city_ids[rcity]
                home_lang = rng.choice(data.HOME_LANGUAGES.get(race, ["English"]))
                pref = "es" if home_lang == "Spanish" and rng.random() < 0.55 else "en"
                counselor = s.counselors[i % len(s.counselors)]
                ssid = str((sid * 1_000_003) % 8_999_999_999 + 1_000_000_000)
                st_w.add(
                    (
                        sid,
                        ssid,
                        f"L{sid:09d}",
                        first,
                        last,
                        s.org_id,
                        grade,
                        cohort,
                        born,
                        gender,
                        race,
                        el,
                        sed,
                        disability,
                        foster,
                        homeless,
                        rcity,
                        f"900{rng.randint(1, 99):02d}" if rcity else "",
                        rorg,
                        home_lang,
                        pref,
                        counselor if not graduate else None,
                        "graduated" if graduate else "enrolled",
                    )
                )
                guardians = []
                for k in range(1 if rng.random() < 0.7 else 2):
                    gid = self.ids.next(Guardian)
                    gfirst = rng.choice(data.FIRST_NAMES[group])
                    spanish = home_lang == "Spanish" and rng.random() < 0.85
                    email = (
                        f"{gfirst}.{last}.{gid}@example.org".lower().replace(" ", "")
                        if rng.random() < 0.7
                        else ""
                    )
                    g_w.add(
                        (
                            gid,
                            gfirst,
                            last,
                            email,
                            f"(323) 555-{gid % 10000:04d}",
                            "es" if spanish else "en",
                        )
                    )
                    sg_w.add(
                        (
                            self.ids.next(StudentGuardian),
                            sid,
                            gid,
                            "parent" if k == 0 or rng.random() < 0.8 else "grandparent",
                            True,
                        )
                    )
                    guardians.append((gid, f"{gfirst} {last}", "es" if spanish else "en"))
                dual = self.participation(
                    rng,
                    s,
                    sid,
                    grade=grade,
                    race=race,
                    sed=sed,
                    graduate=graduate,
                    guardians=guardians,
                    cohort=cohort,
                    counselor=counselor,
                )
                if s is self.featured and grade == 11 and not graduate:
                    if dual and self.featured_student is None:
                        self.featured_student = (sid, guardians[0][0])
                    if self.featured_fallback is None:
                        self.featured_fallback = (sid, guardians[0][0])
            self.progress.advance(s.students)

    def p_writers(self) -> None:
        self.ce_w = self.writer(
            CourseEnrollment,
            [
                "id",
                "student",
                "section",
                "status",
                "grade",
                "units_attempted",
                "units_earned",
                "credit_type",
                "completed_on",
            ],
        )
        self.ap_w = self.writer(
            Application,
            [
                "id",
                "student",
                "section",
                "opportunity",
                "term",
                "program",
                "status",
                "requested_by",
                "decision_reason",
                "idempotency_key",
            ],
        )
        self.ev_w = self.writer(
            ApplicationEvent,
            ["id", "application", "from_status", "to_status", "actor", "at", "note"],
        )
        self.co_w = self.writer(
            Consent,
            [
                "id",
                "student",
                "guardian",
                "kind",
                "status",
                "method",
                "disclosure_version",
                "language",
                "typed_name",
                "device",
                "granted_at",
                "valid_through",
                "revoked_at",
                "scan",
            ],
        )
        self.cr_w = self.writer(
            CredentialEarned,
            [
                "id",
                "student",
                "kind",
                "title",
                "issuer",
                "certification",
                "cte_pathway",
                "capstone_grade",
                "elective_credits",
                "earned_on",
            ],
        )
        self.pl_w = self.writer(
            Placement,
            [
                "id",
                "student",
                "opportunity",
                "status",
                "start_date",
                "end_date",
                "supervisor",
                "evaluation_code",
            ],
        )
        self.hl_w = self.writer(
            HoursLog,
            ["id", "placement", "worked_on", "hours", "confirmed_at", "confirmed_by", "logged_by"],
        )
        self.first_employer: int | None = None

    def _take_seat(self, rng: random.Random, candidates: list[int], taken: set[int]) -> int | None:
        if not candidates:
            return None
        start = rng.randrange(len(candidates))
        for j in range(len(candidates)):
            sec = candidates[(start + j) % len(candidates)]
            if sec not in taken and self.seats[sec] > 0:
                self.seats[sec] -= 1
                taken.add(sec)
                return sec
        return None

    def _section_for(
        self, rng: random.Random, s: _School, term: str, taken: set[int]
    ) -> int | None:
        hosted = s.hosted.get(term, [])
        if hosted and rng.random() < 0.75:
            got = self._take_seat(rng, hosted, taken)
            if got:
                return got
        return self._take_seat(rng, self.campus.get((s.college_id, term), []), taken)

    def _application(
        self,
        rng: random.Random,
        sid: int,
        section: int,
        *,
        status: str,
        counselor: int | None,
        program: str | None = None,
    ) -> None:
        info = self.sections[section]
        aid = self.ids.next(Application)
        program = program or ("ccap" if info.ccap else "special-admit")
        reason = rng.choice(DENIAL_REASONS) if status == "denied" else ""
        self.ap_w.add((aid, sid, section, None, info.term_id, program, status, None, reason, ""))
        if status in PATH:
            steps = PATH[: PATH.index(status) + 1]
        elif status == "dropped":
            steps = [*PATH, "dropped"]
        elif status == "held":  # held after the recommendation, the consent or the approval
            steps = [*PATH[: rng.randint(3, 5)], "held"]
        else:  # denied or withdrawn part-way
            steps = [*PATH[: rng.randint(1, 4)], status]
        term_start = self.terms_start(info)
        at = _utc(term_start - dt.timedelta(days=75 + rng.randint(0, 20)), 16, rng.randint(0, 59))
        prev = ""
        for step in steps:
            self.ev_w.add(
                (
                    self.ids.next(ApplicationEvent),
                    aid,
                    prev,
                    step,
                    counselor if step == "recommended" else None,
                    at,
                    "",
                )
            )
            prev = step
            at += dt.timedelta(days=rng.randint(1, 9), hours=rng.randint(0, 5))

    def terms_start(self, info: _SectionInfo) -> dt.date:
        return self._term_dates[info.term_id][0]

    def _enroll(self, rng: random.Random, sid: int, section: int, *, current: bool) -> str:
        info = self.sections[section]
        units = info.units
        if current:
            self.ce_w.add(
                (
                    self.ids.next(CourseEnrollment),
                    sid,
                    section,
                    "enrolled",
                    "",
                    units,
                    0.0,
                    "dual",
                    None,
                )
            )
            return ""
        if info.college_id == self.dace_id:
            grade = "P" if rng.random() < 0.86 else "NP"
            credit = "high_school"
        else:
            grade = COMPLETED_GRADES[_pick(rng, self._grade_cw)][0]
            credit = "dual" if info.ccap else "college"
        status = "withdrawn" if grade == "W" else "completed"
        earned = units if grade in SUCCESS else 0.0
        self.ce_w.add(
            (
                self.ids.next(CourseEnrollment),
                sid,
                section,
                status,
                grade,
                units,
                earned,
                credit,
                self._term_dates[info.term_id][1],
            )
        )
        return grade

    def _consent(
        self,
        rng: random.Random,
        sid: int,
        *,
        kind: str,
        guardians: list[tuple[int, str, str]],
        when: dt.date,
        cohort: int,
    ) -> None:
        gid, gname, lang = guardians[0]
        paper = rng.random() < 0.1
        revoked = rng.random() < 0.03
        granted = _utc(when, 2 + rng.randint(0, 4), rng.randint(0, 59))
        self.co_w.add(
            (
                self.ids.next(Consent),
                sid,
                gid if kind != "college_records_release" else None,
                kind,
                "revoked" if revoked else "granted",
                "paper" if paper else "electronic",
                "2024.1",
                lang,
                "" if paper else gname,
                "" if paper else "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X)",
                granted,
                dt.date(cohort, 6, 30),
                granted + dt.timedelta(days=rng.randint(20, 200)) if revoked else None,
                "",
            )
        )

    def participation(
        self,
        rng: random.Random,
        s: _School,
        sid: int,
        *,
        grade: int,
        race: str,
        sed: bool,
        graduate: bool,
        guardians: list[tuple[int, str, str]],
        cohort: int,
        counselor: int,
    ) -> bool:
        p_dual = DUAL_RATE[grade] * data.DUAL_PROPENSITY[race] * (0.92 if sed else 1.15)
        if s.kind == "continuation":
            p_dual *= 0.5
        if not s.hosts_sections:
            p_dual *= 0.55
        dual = rng.random() < p_dual
        taken: set[int] = set()
        consent_from: dt.date | None = None
        enrolled_any = False
        if dual:
            # Earlier terms: two school years back for last year's graduates and this year's
            # seniors, one for juniors and sophomores.
            past = ["2025FA", "2026SP"] if (graduate or grade >= 10) else []
            if graduate or grade == 12:
                past = ["2024FA", "2025SP", *past]
            for term in past:
                if rng.random() < (0.6 if graduate else 0.45):
                    for _ in range(1 if rng.random() < 0.7 else 2):
                        sec = self._section_for(rng, s, term, taken)
                        if sec:
                            self._enroll(rng, sid, sec, current=False)
                            enrolled_any = True
                            consent_from = (
                                consent_from or self._term_dates[self.sections[sec].term_id][0]
                            )
            if (graduate or grade >= 10) and rng.random() < 0.08:
                sec = self._take_seat(rng, self.campus.get((s.college_id, "2026SU"), []), taken)
                if sec:
                    self._enroll(rng, sid, sec, current=False)
                    enrolled_any = True
            if not graduate:
                for _ in range(1 if rng.random() < 0.75 else 2):
                    sec = self._section_for(rng, s, "2026FA", taken)
                    if sec:
                        self._application(rng, sid, sec, status="registered", counselor=counselor)
                        self._enroll(rng, sid, sec, current=True)
                        enrolled_any = True
                        consent_from = consent_from or dt.date(2026, 6, 1)
            elif not enrolled_any:
                sec = self._section_for(rng, s, "2026SP", taken)
                if sec:
                    self._enroll(rng, sid, sec, current=False)
                    enrolled_any = True
                    consent_from = dt.date(2025, 12, 1)
        if not graduate:
            # Applications that did not end in a seat this fall, and spring 2027 applications.
            if rng.random() < 0.025 * data.DUAL_PROPENSITY[race]:
                sec = self._section_for(rng, s, "2026FA", taken)
                if sec:
                    self.seats[sec] += 1  # no seat was used
                    status = rng.choices(["denied", "withdrawn", "dropped"], [0.45, 0.35, 0.2])[0]
                    self._application(rng, sid, sec, status=status, counselor=counselor)
                    if status == "dropped":
                        self.ce_w.add(
                            (
                                self.ids.next(CourseEnrollment),
                                sid,
                                sec,
                                "dropped",
                                "",
                                self.sections[sec].units,
                                0.0,
                                "dual",
                                None,
                            )
                        )
                        consent_from = consent_from or dt.date(2026, 6, 1)
            if grade < 12 or rng.random() < 0.5:
                p_apply = (0.55 if dual else 0.16 * DUAL_RATE[grade] / 0.1) * data.DUAL_PROPENSITY[
                    race
                ]
                if rng.random() < p_apply:
                    sec = self._section_for(rng, s, "2027SP", taken)
                    if sec:
                        self.seats[sec] += 1
                        status = PENDING_STATUSES[_pick(rng, self._pending_cw)][0]
                        self._application(rng, sid, sec, status=status, counselor=counselor)
                        if status in CONSENTED_OR_LATER and consent_from is None:
                            consent_from = dt.date(2026, 11, 2)
        if consent_from is not None:
            self._consent(
                rng,
                sid,
                kind="dual_enrollment",
                guardians=guardians,
                when=consent_from - dt.timedelta(days=rng.randint(20, 60)),
                cohort=cohort,
            )
            if rng.random() < 0.2:
                self._consent(
                    rng,
                    sid,
                    kind="college_records_release",
                    guardians=guardians,
                    when=consent_from - dt.timedelta(days=rng.randint(1, 15)),
                    cohort=cohort,
                )

        # Adult education (DACE): juniors and seniors, seniors first.
        dace = self.dace_sections.get(s.org_id)
        if (
            dace
            and not graduate
            and grade >= 11
            and rng.random() < (0.08 if grade == 12 else 0.035)
        ):
            sec = self._take_seat(rng, dace.get("2026FA", []), taken)
            if sec:
                self._application(
                    rng, sid, sec, status="registered", counselor=counselor, program="adult-ed"
                )
                self._enroll(rng, sid, sec, current=True)
                self._consent(
                    rng,
                    sid,
                    kind="adult_ed",
                    guardians=guardians,
                    when=dt.date(2026, 7, 20),
                    cohort=cohort,
                )
                if grade == 12 and rng.random() < 0.5:
                    prev = self._take_seat(rng, dace.get("2026SP", []), taken)
                    if prev and self._enroll(rng, sid, prev, current=False) == "P":
                        sector = s.dace_sector
                        self.cr_w.add(
                            (
                                self.ids.next(CredentialEarned),
                                sid,
                                "certificate_of_completion",
                                f"Certificate of completion: {sector.upper()} pathway",
                                self.dace_id,
                                None,
                                None,
                                "",
                                5.0,
                                dt.date(2026, 5, 30),
                            )
                        )

        # Work-based learning placements for juniors and seniors.
        if not graduate and grade >= 11 and self.wbl and rng.random() < 0.03:
            opp, employer, contact = self.wbl[rng.randrange(len(self.wbl))]
            self.first_employer = self.first_employer or employer
            status = rng.choices(
                ["applied", "placed", "active", "completed", "withdrawn"],
                [0.1, 0.15, 0.3, 0.4, 0.05],
            )[0]
            pid = self.ids.next(Placement)
            start = dt.date(2026, 6, 22) if status == "completed" else dt.date(2026, 9, 14)
            end = start + dt.timedelta(days=60) if status == "completed" else None
            self.pl_w.add(
                (
                    pid,
                    sid,
                    opp,
                    status,
                    start if status != "applied" else None,
                    end,
                    contact if status != "applied" else None,
                    rng.choice(["1", "2", "2", "3"]) if status == "completed" else "",
                )
            )
            self._consent(
                rng,
                sid,
                kind="work_based_learning",
                guardians=guardians,
                when=start - dt.timedelta(days=14),
                cohort=cohort,
            )
            if status in ("active", "completed"):
                for k in range(rng.randint(3, 8)):
                    day = start + dt.timedelta(days=7 * k + rng.randint(0, 4))
                    confirmed = rng.random() < (0.85 if status == "completed" else 0.5)
                    self.hl_w.add(
                        (
                            self.ids.next(HoursLog),
                            pid,
                            day,
                            float(rng.choice([2, 3, 4, 6, 8])),
                            _utc(day + dt.timedelta(days=3)) if confirmed else None,
                            "Supervisor" if confirmed else "",
                            None,
                        )
                    )

        # Credentials.
        if grade >= 11 and rng.random() < (0.05 if graduate else 0.03):
            iid, _sector, name = self.certs[rng.randrange(len(self.certs))]
            self.cr_w.add(
                (
                    self.ids.next(CredentialEarned),
                    sid,
                    "industry_certification",
                    name,
                    None,
                    iid,
                    None,
                    "",
                    0.0,
                    dt.date(2026, rng.randint(1, 6), 15),
                )
            )
        if graduate and rng.random() < 0.12:
            pid, _sector, title = self.pathways[rng.randrange(len(self.pathways))]
            self.cr_w.add(
                (
                    self.ids.next(CredentialEarned),
                    sid,
                    "cte_pathway_completion",
                    f"CTE pathway completion: {title}",
                    s.org_id,
                    None,
                    pid,
                    rng.choice(["A", "B", "B", "C", "C-", "D"]),
                    0.0,
                    dt.date(2026, 6, 10),
                )
            )
        if graduate and dual and rng.random() < 0.04:
            self.cr_w.add(
                (
                    self.ids.next(CredentialEarned),
                    sid,
                    "college_certificate",
                    "Certificate of achievement",
                    s.college_id,
                    None,
                    None,
                    "",
                    0.0,
                    dt.date(2026, 6, 5),
                )
            )
        if graduate and dual and rng.random() < 0.01:
            self.cr_w.add(
                (
                    self.ids.next(CredentialEarned),
                    sid,
                    "associate_degree",
                    "Associate in Arts in Liberal Arts",
                    s.college_id,
                    None,
                    None,
                    "",
                    0.0,
                    dt.date(2026, 6, 5),
                )
            )
        return dual and enrolled_any

    # -- the demo accounts ---------------------------------------------------------------------

    def build_accounts(self) -> None:
        uw = self.writer(User, self.USER_FIELDS)
        pw = self.password
        featured = self.featured
        student_id, guardian_id = self.featured_student or self.featured_fallback or (None, None)
        city = self.city_ids["Huntington Park"]
        employer = self.first_employer or (self.employers[0][0] if self.employers else None)
        college = featured.college_id
        rows = [
            (
                "County-office admin",
                "county.admin",
                Role.DISTRICT_ADMIN,
                self.county_id,
                "Los Angeles County Office of Education",
                {},
            ),
            (
                "District admin",
                "district.admin",
                Role.DISTRICT_ADMIN,
                self.lausd_id,
                "Los Angeles Unified School District",
                {},
            ),
            ("School admin", "school.admin", Role.SCHOOL_ADMIN, featured.org_id, featured.name, {}),
            (
                "College dual-enrollment staff",
                "college.staff",
                Role.COLLEGE_STAFF,
                college,
                self.college_names[college],
                {},
            ),
            (
                "Adult-education staff",
                "adulted.staff",
                Role.ADULT_ED_STAFF,
                self.dace_id,
                data.DACE,
                {},
            ),
            ("Employer partner", "employer", Role.EMPLOYER, employer, "employer", {}),
            (
                "City partner",
                "city.partner",
                Role.CITY_PARTNER,
                city,
                "City of Huntington Park",
                {},
            ),
            (
                "Student",
                "student",
                Role.STUDENT,
                featured.org_id,
                featured.name,
                {"student": student_id},
            ),
            (
                "Parent/guardian",
                "guardian",
                Role.GUARDIAN,
                None,
                "own children",
                {"guardian": guardian_id, "lang": "es"},
            ),
            (
                "Analyst",
                "analyst",
                Role.ANALYST,
                self.lausd_id,
                "Los Angeles Unified School District (aggregates)",
                {},
            ),
        ]
        firsts = [
            "Alicia",
            "Daniel",
            "Teresa",
            "Omar",
            "Grace",
            "Victor",
            "Lena",
            "Sam",
            "Rosa",
            "Hugo",
        ]
        accounts = []
        for i, (label, username, role, org, scope, extra_any) in enumerate(rows):
            extra: dict[str, Any] = extra_any  # type: ignore[assignment]
            uid = self.ids.next(User)
            uw.add(
                self.user_row(
                    uid,
                    username,
                    role,
                    org,
                    first=firsts[i],
                    last="Demo",
                    password=pw,
                    lang=extra.get("lang", "en"),
                    student=extra.get("student"),
                    guardian=extra.get("guardian"),
                )
            )
            accounts.append(DemoAccount(label, username, uid, scope))
        accounts.insert(
            3, DemoAccount("Counselor", "counselor", self.counselor_demo_id, featured.name)
        )
        self.result.accounts = accounts

    # -- the whole build -----------------------------------------------------------------------

    def build(self) -> BuildResult:
        self._grade_cw = _cum([w for _g, w in COMPLETED_GRADES])
        self._pending_cw = _cum([w for _s, w in PENDING_STATUSES])
        with self.phase("Organizations and schools", 1):
            self.build_organizations()
        with self.phase("Terms, courses and sections", 1):
            self.build_catalog()
            self._term_dates = {tid: (start, end) for tid, start, end in self.terms.values()}
        with self.phase("Agreements, work-based learning and opportunities", 1):
            self.build_agreements()
        with self.phase("Counselors", 1):
            self.build_counselors()
        with self.phase(
            "Students, guardians and participation", sum(s.students for s in self.schools)
        ):
            self.build_students()
        with self.phase("Senior campaigns and degree plans", 1):
            from openpathways.demo.services.outcomes import build_outcomes

            featured = (self.featured_student or self.featured_fallback or (None, None))[0]
            build_outcomes(self, class_of=YEAR + 1, featured_student=featured)
        with self.phase("Demo accounts", 1):
            self.build_accounts()
        reset_sequences(self.models_written)
        self.result.rows_written = sum(w.written for w in self.writers.values())
        return self.result


def _pick(rng: random.Random, cw: list[float], total: float | None = None) -> int:
    x = rng.random() * (total if total is not None else cw[-1])
    i = bisect(cw, x)
    return min(i, len(cw) - 1)


def run_build(profile: SizeProfile, seed: int, progress: Progress | None = None) -> BuildResult:
    return DemoBuilder(profile, seed, progress).build()


ProgressFactory = Callable[[], Progress]
