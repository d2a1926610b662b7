"""Benchmark: import a district-size OneRoster 1.2 bulk package into PostgreSQL, and compare with
a straightforward row-by-row ORM import of a sample of the same package, in the same run.

    .venv/bin/python benchmarks/interop_oneroster.py [--students 150000] [--sample 1500]
        [--no-readme] [--keep-package]

The package is generated from a seeded synthetic district (names from the demo generator's
tables): one unified district with 190 high schools, a college district with nine colleges and an
adult-education division; about 160,000 users (150,000 students, their teachers and some
guardians), about 49,000 classes and 2 million enrollments, with roles and demographics. It is
written to benchmarks/out/ (ignored by git).

The database is DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/op_bench_oneroster);
it is created and migrated when missing, and the tables an import writes are emptied first.
Prints the time of the first import (all created), of a second import (all unchanged), the
row-by-row baseline on a sample in rows/s, and the ratio; writes the table into its block of
benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "benchmarks" / "README.md"
OUT = ROOT / "benchmarks" / "out" / "oneroster_district"
BEGIN, END = "<!-- BEGIN interop_oneroster -->", "<!-- END interop_oneroster -->"
DEFAULT_DB = "postgresql://postgres@127.0.0.1:5432/op_bench_oneroster"
SEED = 2026

HIGH_SCHOOLS = 190
COLLEGES = 9
CLASSES_PER_STUDENT = 13
CLASS_SIZE = 40
GUARDIAN_SHARE = 0.02


def _write(path: Path, header: str, lines: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(header + "\r\n")
        handle.write("\r\n".join(lines))
        handle.write("\r\n")


def generate(out: Path, students: int, seed: int = SEED) -> dict[str, int]:
    """Write the package; returns rows per file."""
    sys.path.insert(0, str(ROOT / "src"))
    from openpathways.demo.data import FIRST_NAMES, LAST_NAMES, NAME_GROUP, RACE_SHARES
    from openpathways.interop.oneroster import spec

    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    rows: dict[str, int] = {}
    h = {name: ",".join(cols) for name, cols in spec.HEADERS_12.items()}
    h["users"] = ",".join(c for c in spec.HEADERS_12["users"] if c != "resourceSourcedIds")

    orgs = ["dist-1,,,Los Angeles Unified School District,district,19647330000000,"]
    schools = [f"hs-{i:03d}" for i in range(HIGH_SCHOOLS)]
    for i, sid in enumerate(schools):
        orgs.append(f"{sid},,,Synthetic High School {i:03d},school,1964733{i + 1000000:07d},dist-1")
    orgs.append("ccd-1,,,Los Angeles Community College District,ext:collegeDistrict,LACCD,")
    colleges = [f"col-{i}" for i in range(COLLEGES)]
    for i, sid in enumerate(colleges):
        orgs.append(f"{sid},,,Synthetic College {i},ext:college,COL{i},ccd-1")
    orgs.append("ae-1,,,Division of Adult and Career Education,ext:adultEducation,DACE,dist-1")
    _write(out / "orgs.csv", h["orgs"], orgs)
    rows["orgs"] = len(orgs)

    sessions = [
        "sy-2027,,,2026-27,schoolYear,2026-08-12,2027-06-10,,2027",
        "fa-2026,,,Fall 2026,semester,2026-08-12,2026-12-18,sy-2027,2027",
        "sp-2027,,,Spring 2027,semester,2027-01-11,2027-06-10,sy-2027,2027",
    ]
    _write(out / "academicSessions.csv", h["academicSessions"], sessions)
    rows["academicSessions"] = len(sessions)

    subjects = ["English", "Mathematics", "Science", "History", "Spanish", "Art", "PE", "CTE"]
    courses, course_ids = [], []
    for s in schools:
        for j in range(60):
            cid = f"c-{s}-{j:02d}"
            courses.append(f"{cid},,,,{subjects[j % 8]} {j:02d},HS{j:02d},,{s},{subjects[j % 8]},")
            course_ids.append((cid, s))
    college_courses = []
    for c in colleges:
        for j in range(30):
            cid = f"c-{c}-{j:02d}"
            courses.append(f"{cid},,,,College Course {j:02d},C {100 + j},,{c},,")
            college_courses.append(cid)
    for j in range(20):
        cid = f"c-ae-{j:02d}"
        courses.append(f"{cid},,,,Adult CTE {j:02d},AE {j:02d},,ae-1,CTE,")
        college_courses.append(cid)
    _write(out / "courses.csv", h["courses"], courses)
    rows["courses"] = len(courses)

    per_school = students // HIGH_SCHOOLS
    classes_per_school = max(
        2 * CLASSES_PER_STUDENT, per_school * CLASSES_PER_STUDENT // CLASS_SIZE
    )
    partner_per_school = max(1, classes_per_school // 30)
    classes, school_classes = [], {}
    teachers: list[tuple[str, str]] = []
    enrollments: list[str] = []
    for si, s in enumerate(schools):
        own = []
        for k in range(classes_per_school):
            if k < partner_per_school:  # dual-enrollment / adult-ed classes taught at the school
                course = college_courses[(si * 7 + k) % len(college_courses)]
            else:
                course = f"c-{s}-{k % 60:02d}"
            cls = f"k-{s}-{k:04d}"
            term = "fa-2026" if k % 2 == 0 else "sp-2027"
            classes.append(f"{cls},,,Class {k},,{course},{k:04d},scheduled,,{s},{term},,,")
            own.append(cls)
            if k % 6 == 0:
                teachers.append((f"t-{s}-{k // 6:03d}", s))
            enrollments.append(f"e-t-{cls},,,{cls},{s},{teachers[-1][0]},teacher,true,,")
        school_classes[s] = own
    _write(out / "classes.csv", h["classes"], classes)
    rows["classes"] = len(classes)

    groups = [g for g, _ in RACE_SHARES]
    weights = [w for _, w in RACE_SHARES]
    race_cols = {
        "hispanic": ",false,false,false,false,false,false,true",
        "black": ",false,false,true,false,false,false,false",
        "white": ",false,false,false,false,true,false,false",
        "asian": ",false,true,false,false,false,false,false",
        "filipino": ",false,true,false,false,false,false,false",
        "american_indian": ",true,false,false,false,false,false,false",
        "pacific_islander": ",false,false,false,true,false,false,false",
        "two_or_more": ",false,true,false,false,true,true,false",
        "not_reported": ",,,,,,,",
    }
    users, roles, demographics = [], [], []
    n = 0
    for s in schools:
        own = school_classes[s]
        for _ in range(per_school):
            n += 1
            sid = f"s-{n:06d}"
            group = rng.choices(groups, weights)[0]
            names = NAME_GROUP[group]
            first = rng.choice(FIRST_NAMES[names])
            last = rng.choice(LAST_NAMES[names])
            grade = rng.randint(9, 12)
            guardian = ""
            if rng.random() < GUARDIAN_SHARE:
                guardian = f"g-{n:06d}"
                users.append(f"{guardian},,,true,{guardian},,Parent,{last},,,,,,{sid},,,,,,,{s},")
                roles.append(f"r-{guardian},,,{guardian},primary,parent,,,{s},")
            users.append(
                f"{sid},,,true,{sid},{{SSID:{9_000_000_000 + n}}},{first},{last},,{n:07d},,,,"
                f"{guardian},{grade:02d},,,,,,{s},"
            )
            roles.append(f"r-{sid},,,{sid},primary,student,,,{s},")
            birth = f"{2026 - grade - 5}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            sex = "female" if rng.random() < 0.5 else "male"
            demographics.append(f"{sid},,,{birth},{sex}{race_cols[group]},,,,")
            for cls in rng.sample(own, CLASSES_PER_STUDENT):
                enrollments.append(f"e-{sid}-{cls[2:]},,,{cls},{s},{sid},student,false,,")
    for tid, s in teachers:
        users.append(f"{tid},,,true,{tid},,Teacher,{tid[-3:]},,,,,,,,,,,,,{s},")
        roles.append(f"r-{tid},,,{tid},primary,teacher,,,{s},")
    _write(out / "users.csv", h["users"], users)
    _write(out / "roles.csv", h["roles"], roles)
    _write(out / "demographics.csv", h["demographics"], demographics)
    _write(out / "enrollments.csv", h["enrollments"], enrollments)
    rows.update(users=len(users), roles=len(roles), demographics=len(demographics),
                enrollments=len(enrollments))  # fmt: skip
    manifest = ["manifest.version,1.0", "oneroster.version,1.2"]
    for name in spec.manifest_files("1.2"):
        mode = "bulk" if (out / f"{name}.csv").exists() else "absent"
        manifest.append(f"file.{name},{mode}")
    manifest += ["source.systemName,Synthetic SIS", "source.systemCode,SYN"]
    _write(out / "manifest.csv", "propertyName,value", manifest)
    return rows


def _ensure_database(url: str) -> None:
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def _empty_tables() -> None:
    from django.db import connection

    tables = [
        "interop_externalid", "interop_importrun", "enrollments_courseenrollment",
        "catalog_section", "catalog_course", "terms_term", "students_studentguardian",
        "students_guardian", "students_student", "organizations_school",
        "organizations_organization", "audit_auditevent",
    ]  # fmt: skip
    with connection.cursor() as cur:
        existing = set(connection.introspection.table_names(cur))
        cur.execute(
            "TRUNCATE "
            + ", ".join(t for t in tables if t in existing)
            + " RESTART IDENTITY CASCADE"
        )


#: CPU seconds (Python, PostgreSQL backend) of each timed run: what the run costs whatever else
#: the machine is doing (the wall time depends on the load of a shared machine).
CPU: dict[str, tuple[float, float]] = {}


def _backend_pid() -> int:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        return int(cur.fetchone()[0])


def _cpu_of(pid: int) -> float:
    """User + system CPU seconds of a local process (the PostgreSQL backend), 0 if unknown."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _timed_import(package: Path, label: str) -> tuple[float, Any]:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from openpathways.interop.base import run_import
    from openpathways.interop.importers.oneroster import IMPORTER

    backend = _backend_pid()
    with Progress(TextColumn(f"[bold]{label}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), transient=True) as progress:  # fmt: skip
        task = progress.add_task(label, total=None)
        cpu = time.process_time(), _cpu_of(backend)
        started = time.perf_counter()
        report = run_import(IMPORTER, package, progress=lambda n: progress.advance(task, n))
        elapsed = time.perf_counter() - started
        CPU[label] = (time.process_time() - cpu[0], _cpu_of(backend) - cpu[1])
    if report.status != "applied":
        raise SystemExit(f"import {report.status}: {[str(p) for p in report.errors[:5]]}")
    return elapsed, report


def _row_by_row(package: Path, sample_students: int) -> tuple[int, float]:
    """A straightforward import of a sample: read the CSVs with csv.DictReader and write one row
    at a time with the ORM (`.save()` per row, get() for every reference), external ids too;
    inside one transaction that is rolled back. Returns (rows written, seconds)."""
    import csv

    from django.db import transaction

    from openpathways.catalog.models import Course, Section
    from openpathways.enrollments.models import CourseEnrollment
    from openpathways.interop.models import ExternalId
    from openpathways.organizations.models import Organization
    from openpathways.students.models import Student
    from openpathways.terms.models import Term

    def read(name: str) -> list[dict[str, str]]:
        with (package / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    written = 0
    with transaction.atomic():
        started = time.perf_counter()

        def link(model: str, sid: str, pk: int) -> None:
            ExternalId(system="bench", model=model, external_id=sid, object_pk=pk).save()

        def pk_of(model: str, sid: str) -> int:
            return ExternalId.objects.get(system="bench", model=model, external_id=sid).object_pk

        for row in read("orgs"):
            org = Organization(name=row["name"], kind="school", code="B" + row["identifier"][:19])
            org.save()
            link("org", row["sourcedId"], org.pk)
            written += 1
        for row in read("academicSessions"):
            term = Term(institution_id=pk_of("org", "dist-1"), code=row["sourcedId"],
                        name=row["title"], kind="semester", academic_year=2026,
                        start_date=row["startDate"], end_date=row["endDate"])  # fmt: skip
            term.save()
            link("term", row["sourcedId"], term.pk)
            written += 1
        sample = {f"s-{i:06d}" for i in range(1, sample_students + 1)}
        enrollments = [e for e in read("enrollments") if e["userSourcedId"] in sample]
        needed_classes = {e["classSourcedId"] for e in enrollments}
        classes = [c for c in read("classes") if c["sourcedId"] in needed_classes]
        needed_courses = {c["courseSourcedId"] for c in classes}
        for row in read("courses"):
            if row["sourcedId"] not in needed_courses:
                continue
            course = Course(provider_org_id=pk_of("org", row["orgSourcedId"]), provider="school",
                            code=row["courseCode"], title=row["title"])  # fmt: skip
            course.save()
            link("course", row["sourcedId"], course.pk)
            written += 1
        for row in classes:
            section = Section(course_id=pk_of("course", row["courseSourcedId"]),
                              term_id=pk_of("term", row["termSourcedIds"]), code=row["classCode"],
                              host_site_id=pk_of("org", row["schoolSourcedId"]))  # fmt: skip
            section.save()
            link("class", row["sourcedId"], section.pk)
            written += 1
        for row in read("users"):
            if row["sourcedId"] not in sample:
                continue
            student = Student(state_student_id=row["userIds"][6:16], first_name=row["givenName"],
                              last_name=row["familyName"],
                              school_id=pk_of("org", row["primaryOrgSourcedId"]),
                              grade=int(row["grades"]), graduation_cohort=2030,
                              birth_date="2010-01-01")  # fmt: skip
            student.save()
            link("student", row["sourcedId"], student.pk)
            written += 1
        for row in enrollments:
            if row["role"] != "student":
                continue
            enrollment = CourseEnrollment(student_id=pk_of("student", row["userSourcedId"]),
                                          section_id=pk_of("class", row["classSourcedId"]),
                                          credit_type="high_school")  # fmt: skip
            enrollment.save()
            link("enrollment", row["sourcedId"], enrollment.pk)
            written += 1
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return written, elapsed


def _rows_written(report: Any) -> int:
    return sum(sum(v.values()) for v in report.as_dict()["counts"].values())


def _uptime() -> str:
    try:
        out = subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout
        return "load average" + out.strip().partition("load average")[2]
    except OSError:
        return "n/a"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=150_000)
    parser.add_argument("--sample", type=int, default=1500, help="students in the ORM baseline")
    parser.add_argument("--no-readme", action="store_true")
    parser.add_argument("--keep-package", action="store_true", help="reuse an existing package")
    args = parser.parse_args()

    url = os.environ.setdefault("DATABASE_URL", DEFAULT_DB)
    load_start = _uptime()
    started = time.perf_counter()
    if args.keep_package and (OUT / "manifest.csv").exists():
        files = {p.stem: sum(1 for _ in p.open(encoding="utf-8")) - 1 for p in OUT.glob("*.csv")}
    else:
        files = generate(OUT, args.students)
    generate_s = time.perf_counter() - started
    print(f"package: {OUT} ({generate_s:.1f} s)", {k: f"{v:,}" for k, v in files.items()})

    sys.path.insert(0, str(ROOT / "src"))
    _ensure_database(url)
    from openpathways.cli.django_setup import setup_django

    setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    _empty_tables()

    first_s, first = _timed_import(OUT, "first import")
    rows = _rows_written(first)
    py, pg = CPU["first import"]
    print(f"first import: {first_s:.1f} s, {rows:,} rows, {rows / first_s:,.0f} rows/s; "
          f"CPU python {py:.1f} s + postgres {pg:.1f} s")  # fmt: skip
    print({k: v["created"] for k, v in first.as_dict()["counts"].items()})
    second_s, second = _timed_import(OUT, "second import")
    unchanged = sum(v["unchanged"] for v in second.as_dict()["counts"].values())
    py2, pg2 = CPU["second import"]
    print(f"second import: {second_s:.1f} s, {unchanged:,} of {_rows_written(second):,} "
          f"unchanged; CPU python {py2:.1f} s + postgres {pg2:.1f} s")  # fmt: skip

    _empty_tables()
    sample_rows, sample_s = _row_by_row(OUT, args.sample)
    orm_rate = sample_rows / sample_s
    print(
        f"row-by-row ORM sample: {sample_rows:,} rows in {sample_s:.1f} s, {orm_rate:,.0f} rows/s"
    )
    ratio = (rows / first_s) / orm_rate
    print(f"ratio (bulk rows/s / row-by-row rows/s): {ratio:.1f}x; the row-by-row path would "
          f"need about {rows / orm_rate / 60:.0f} min for the whole package")  # fmt: skip
    if not args.no_readme:
        _write_readme({
            "files": files, "first": first, "first_s": first_s, "rows": rows,
            "second_s": second_s, "unchanged": unchanged, "sample_rows": sample_rows,
            "sample_s": sample_s, "ratio": ratio, "load_start": load_start,
            "load_end": _uptime(), "orm_minutes": rows / orm_rate / 60,
        })  # fmt: skip


def _write_readme(r: dict[str, Any]) -> None:
    import platform

    files = r["files"]
    counts = r["first"].as_dict()["counts"]
    created = ", ".join(f"{k} {v['created']:,}" for k, v in counts.items())
    py, pg = CPU["first import"]
    py2, pg2 = CPU["second import"]
    first_rate = r["rows"] / r["first_s"]
    table = [
        "| run | wall time | CPU python + postgres | rows | rows/s |",
        "|---|---|---|---|---|",
        f"| first import (all created; read, checked, one transaction) | {r['first_s']:.1f} s "
        f"| {py:.1f} s + {pg:.1f} s | {r['rows']:,} | {first_rate:,.0f} |",
        f"| second import (all unchanged) | {r['second_s']:.1f} s | {py2:.1f} s + {pg2:.1f} s "
        f"| {r['unchanged']:,} | {r['unchanged'] / r['second_s']:,.0f} |",
        f"| row-by-row ORM baseline (sample, `.save()` per row) | {r['sample_s']:.1f} s | | "
        f"{r['sample_rows']:,} | {r['sample_rows'] / r['sample_s']:,.0f} |",
        f"| **ratio bulk / row-by-row (rows/s)** | | | | **{r['ratio']:.0f}x** |",
    ]
    block = "\n".join([
        BEGIN,
        "## OneRoster import, district size (`benchmarks/interop_oneroster.py`)",
        "",
        "Target: a district-size OneRoster 1.2 bulk package imports into PostgreSQL in under",
        "90 s on 2 cores. Run: `.venv/bin/python benchmarks/interop_oneroster.py`",
        f"(DATABASE_URL, default `{DEFAULT_DB}`).",
        "",
        f"Package (seeded synthetic district): {files.get('users', 0):,} users, "
        f"{files.get('enrollments', 0):,} enrollments, {files.get('classes', 0):,} classes, "
        f"{files.get('courses', 0):,} courses, {files.get('roles', 0):,} roles, "
        f"{files.get('demographics', 0):,} demographics rows, {files.get('orgs', 0):,} orgs.",
        "",
        f"Machine: 2 cores shared with other work, Python {platform.python_version()}, "
        "PostgreSQL on 127.0.0.1. Load at start:",
        f"`{r['load_start']}`",
        "",
        *table,
        "",
        f"Created: {created}. The row-by-row path would need about {r['orm_minutes']:.0f} min "
        "for the whole package.",
        "CPU is the import's own Python process and its PostgreSQL backend: on a machine with",
        "nothing else running the wall time comes close to their sum; on a loaded one it grows.",
        "",
        f"Load at end: `{r['load_end']}`",
        END,
    ])  # fmt: skip
    text = README.read_text(encoding="utf-8") if README.exists() else "# Benchmarks\n"
    if BEGIN in text and END in text:
        head, _, rest = text.partition(BEGIN)
        _, _, tail = rest.partition(END)
        text = head + block + tail
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
