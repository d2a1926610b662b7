"""`openpathways analytics snapshot`: the pseudonymised Parquet extract of the application
database, its written schema, its audit event and its scope; and `analytics compute` on it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from openpathways.accounts.models import Role
from openpathways.analytics import snapshot_schema
from openpathways.analytics.engines import connect
from openpathways.analytics.snapshot_schema import SnapshotError, validate_snapshot
from openpathways.analytics_export import services
from openpathways.analytics_export.services import snapshot_export
from openpathways.audit.models import AuditEvent
from openpathways.cli.main import cli
from openpathways.enrollments.models import CourseEnrollment
from openpathways.students.access import StudentAccessDenied
from tests.factories import (
    CourseFactory,
    SchoolFactory,
    SectionFactory,
    StudentFactory,
    TermFactory,
    UserFactory,
)

NAMES = ("Quetzalli", "Zyzzyva")
SSID = "9876543210"


@pytest.fixture
def school_data(db: Any) -> dict[str, Any]:
    school = SchoolFactory().organization
    other = SchoolFactory().organization
    named: Any = StudentFactory(
        school=school,
        first_name=NAMES[0],
        last_name=NAMES[1],
        state_student_id=SSID,
        birth_date=dt.date(2009, 3, 14),
        grade=11,
        race_ethnicity="black",
    )
    others: list[Any] = [StudentFactory(school=school, grade=11) for _ in range(14)]
    elsewhere = [StudentFactory(school=other, grade=10) for _ in range(3)]
    course = CourseFactory(units=4)
    term = TermFactory(institution=course.provider_org, academic_year=2025, code="2025FA")
    section: Any = SectionFactory(course=course, term=term)
    for student, mark in [(named, "B"), (others[0], "W"), (others[1], "")]:
        CourseEnrollment.objects.create(
            student=student,
            section=section,
            grade=mark,
            status="completed" if mark not in ("", "W") else ("withdrawn" if mark else "enrolled"),
            units_attempted=4,
            credit_type="dual",
        )
    return {"school": school, "other": other, "named": named, "students": [named, *others],
            "elsewhere": elsewhere}  # fmt: skip


def _all_values(folder: Path) -> list[str]:
    values: list[str] = []
    for path in folder.glob("*.parquet"):
        for column in pq.read_table(path).columns:
            values.extend(str(v) for v in column.to_pylist())
    return values


@pytest.mark.django_db
def test_snapshot_holds_no_names_no_ssid_no_birth_date(
    tmp_path: Path, school_data: dict[str, Any]
) -> None:
    result = snapshot_export(actor=None, out_dir=tmp_path / "snap", as_of_year=2025)
    folder = result.directory
    validate_snapshot(folder)
    values = _all_values(folder)
    for secret in (*NAMES, SSID, "2009-03-14"):
        assert not any(secret in v for v in values), secret
        for path in folder.iterdir():
            assert secret.encode() not in path.read_bytes(), (secret, path.name)
    students = pq.read_table(folder / "students.parquet").to_pylist()
    assert len(students) == 18
    assert {s["birth_year"] for s in students} == {2009}
    named = school_data["named"]
    keys = {s["student_key"] for s in students}
    assert named.pk not in keys  # an opaque key, not the record id
    assert len(keys) == 18


@pytest.mark.django_db
def test_student_keys_are_stable_and_depend_on_the_secret(
    tmp_path: Path, school_data: dict[str, Any], settings: Any
) -> None:
    def keys(folder: Path) -> set[int]:
        return set(pq.read_table(folder / "students.parquet").column("student_key").to_pylist())

    first = snapshot_export(actor=None, out_dir=tmp_path / "a", as_of_year=2025)
    second = snapshot_export(actor=None, out_dir=tmp_path / "b", as_of_year=2025)
    assert keys(first.directory) == keys(second.directory)
    assert first.key_fingerprint == second.key_fingerprint
    settings.ANALYTICS_SNAPSHOT_KEY = "another secret"
    third = snapshot_export(actor=None, out_dir=tmp_path / "c", as_of_year=2025)
    assert keys(third.directory).isdisjoint(keys(first.directory))
    assert third.key_fingerprint != first.key_fingerprint


@pytest.mark.django_db
def test_export_is_audited_with_its_row_counts(tmp_path: Path, school_data: dict[str, Any]) -> None:
    admin = UserFactory(role=Role.DISTRICT_ADMIN, organization=school_data["school"].parent)
    result = snapshot_export(actor=admin, out_dir=tmp_path / "snap", as_of_year=2025)
    event = AuditEvent.objects.get(action="analytics.snapshot_exported")
    assert event.actor == admin
    assert event.details["rows"]["students"] == result.rows["students"]
    assert event.details["rows"]["enrollments"] == 3
    assert event.details["key_fingerprint"] == result.key_fingerprint


@pytest.mark.django_db
def test_export_covers_the_actor_scope_only_and_refuses_aggregate_roles(
    tmp_path: Path, school_data: dict[str, Any]
) -> None:
    counselor = UserFactory(role=Role.COUNSELOR, organization=school_data["other"])
    result = snapshot_export(actor=counselor, out_dir=tmp_path / "snap", as_of_year=2025)
    assert result.rows["students"] == 3
    assert result.rows["enrollments"] == 0
    analyst = UserFactory(role=Role.ANALYST, organization=school_data["school"].parent)
    with pytest.raises(StudentAccessDenied):
        snapshot_export(actor=analyst, out_dir=tmp_path / "refused", as_of_year=2025)
    assert not (tmp_path / "refused").exists()


@pytest.mark.django_db
def test_a_failed_export_leaves_the_previous_snapshot_whole(
    tmp_path: Path, school_data: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "snap"
    snapshot_export(actor=None, out_dir=target, as_of_year=2025)
    before = {p.name: p.read_bytes() for p in target.iterdir()}
    written: list[str] = []
    real_write = services.write_table

    def failing_write(directory: Path, name: str, table: pa.Table) -> Path:
        written.append(name)
        if len(written) == 5:
            raise OSError("disk full")
        return real_write(directory, name, table)

    monkeypatch.setattr(services, "write_table", failing_write)
    with pytest.raises(OSError, match="disk full"):
        snapshot_export(actor=None, out_dir=target, as_of_year=2024)
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["snap"]  # no temporary folder left
    assert AuditEvent.objects.filter(action="analytics.snapshot_exported").count() == 1


@pytest.mark.django_db
def test_metrics_run_on_the_exported_snapshot(tmp_path: Path, school_data: dict[str, Any]) -> None:
    result = snapshot_export(actor=None, out_dir=tmp_path / "snap", as_of_year=2025)
    engine = connect("duckdb", result.directory)
    try:
        participation = engine.compute("participation").to_pylist()
        success = engine.compute("success").to_pylist()
    finally:
        engine.close()
    school = school_data["school"].pk
    row = next(r for r in participation if r["school_id"] == school and r["group"] == "all")
    assert (row["students"], row["participants"]) == (15, 3)
    graded = next(r for r in success if r["school_id"] == school and r["group"] == "all")
    # B succeeds, W counts as not successful, the course under way is not graded yet
    assert (graded["enrollments"], graded["successes"], graded["withdrawals"]) == (2, 1, 1)


# --------------------------------------------------------------------------- the written schema


def test_validate_snapshot_names_the_missing_table_and_the_wrong_column(tmp_path: Path) -> None:
    from openpathways.analytics.engines.synthetic import SIZES, write_snapshot

    folder = write_snapshot(tmp_path / "snap", SIZES["tiny"], seed=1)
    validate_snapshot(folder)
    (folder / "compacts.parquet").unlink()
    with pytest.raises(SnapshotError, match="compacts"):
        validate_snapshot(folder)
    students = pq.read_table(folder / "students.parquet")
    pq.write_table(
        students.set_column(
            students.column_names.index("grade"),
            "grade",
            pa.array([str(g) for g in students.column("grade").to_pylist()]),
        ),
        folder / "students.parquet",
    )
    snapshot_schema.write_table(
        folder, "compacts", snapshot_schema.TABLES["compacts"].schema.empty_table()
    )
    with pytest.raises(SnapshotError, match=r"students.parquet: column grade is string"):
        validate_snapshot(folder)


def test_check_table_rejects_missing_values_in_required_columns() -> None:
    table = pa.table({"city_id": pa.array([1, None], type=pa.int64()), "name": ["a", "b"]})
    with pytest.raises(SnapshotError, match="table cities, column city_id: 1 empty"):
        snapshot_schema.check_table("cities", table)


def test_the_schema_has_no_identifying_columns() -> None:
    forbidden = {"first_name", "last_name", "state_student_id", "birth_date", "local_id",
                 "street", "email", "phone", "residence_zip"}  # fmt: skip
    for spec in snapshot_schema.TABLES.values():
        assert not forbidden & set(spec.columns), spec.name


# --------------------------------------------------------------------------- the command


@pytest.mark.django_db
def test_snapshot_and_compute_commands(tmp_path: Path, school_data: dict[str, Any]) -> None:
    runner = CliRunner()
    folder = tmp_path / "snap"
    made = runner.invoke(cli, ["analytics", "snapshot", "--out", str(folder), "--as-of-year",
                               "2025"], catch_exceptions=False)  # fmt: skip
    assert made.exit_code == 0, made.output
    assert "18 rows" in made.output
    out = runner.invoke(
        cli,
        ["analytics", "compute", "--snapshot", str(folder), "--table", "participation",
         "--format", "csv"],
        catch_exceptions=False,
    )  # fmt: skip
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert (
        lines[0]
        == "academic_year,district_id,school_id,group_type,group,students,participants,rate"
    )
    school = school_data["school"].pk
    everyone = next(
        line for line in lines if line.startswith("2025,") and f",{school},all,all," in line
    )
    # 15 students, 3 participants: the 3 is hidden, and the rate with it; the 15 is hidden too,
    # because the other district has 3 students and the overall total of 18 is shown
    assert everyone.endswith(",*,*,*")
    overall = next(line for line in lines if line.startswith("2025,,,all,all,"))
    assert overall.startswith("2025,,,all,all,18,")
    black = next(line for line in lines if f",{school},race_ethnicity,black," in line)
    assert black.endswith(",*,*,*")

    as_json = runner.invoke(cli, ["analytics", "compute", "--snapshot", str(folder),
                                  "--table", "school_coverage", "--format", "json"])  # fmt: skip
    assert as_json.exit_code == 0, as_json.output
    coverage = json.loads(as_json.output)
    overall = next(
        r for r in coverage if r["district_id"] is None
    )  # two districts, one school each
    assert (overall["schools"], overall["schools_any"], overall["rate_any"]) == (2, 0, 0.0)

    table = runner.invoke(cli, ["analytics", "compute", "--snapshot", str(folder), "--table",
                                "compact_coverage"])  # fmt: skip
    assert table.exit_code == 0, table.output
    assert "Education Compact coverage" in table.output


def test_compute_command_parameters(tmp_path: Path) -> None:
    from openpathways.analytics.engines.synthetic import SIZES, write_snapshot

    folder = write_snapshot(tmp_path / "snap", SIZES["tiny"], seed=9)
    runner = CliRunner()

    def run(*extra: str) -> list[dict[str, Any]]:
        result = runner.invoke(cli, ["analytics", "compute", "--snapshot", str(folder),
                                     "--format", "json", *extra])  # fmt: skip
        assert result.exit_code == 0, result.output
        rows: list[dict[str, Any]] = json.loads(result.output)
        return rows

    every_year = run("--table", "participation")
    one_year = run("--table", "participation", "--years", "2024")
    assert {r["academic_year"] for r in every_year} == {2022, 2023, 2024, 2025}
    assert {r["academic_year"] for r in one_year} == {2024}
    strict = run("--table", "vendor_compliance", "--threshold", "1")
    lenient = run("--table", "vendor_compliance", "--vendor-rule", "any")
    assert sum(int(r["compliant"]) for r in lenient) >= sum(int(r["compliant"]) for r in strict)
    bad = runner.invoke(cli, ["analytics", "compute", "--snapshot", str(folder), "--years", "x"])
    assert bad.exit_code != 0
    assert "give school years as start years" in bad.output


def test_compute_command_errors_name_what_is_wrong(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(cli, ["analytics", "compute", "--snapshot", str(tmp_path / "none")])
    assert missing.exit_code != 0
    assert "no snapshot there" in missing.output
    bad_table = runner.invoke(
        cli, ["analytics", "compute", "--snapshot", str(tmp_path), "--table", "nope"]
    )
    assert bad_table.exit_code != 0
    assert "'nope' is not a table" in bad_table.output
    tmp_path.joinpath("x").mkdir()
    not_snapshot = runner.invoke(cli, ["analytics", "compute", "--snapshot", str(tmp_path / "x")])
    assert not_snapshot.exit_code != 0
    assert "not a snapshot (no manifest.json)" in not_snapshot.output


@pytest.mark.django_db
def test_the_demo_partnership_exports_and_every_table_computes(tmp_path: Path) -> None:
    """As an operator would: build the demo, write the snapshot, publish every table."""
    from openpathways.analytics.tables import TABLES, publish
    from openpathways.demo.services import demo_build

    demo_build(size="tiny", seed=11)
    result = snapshot_export(actor=None, out_dir=tmp_path / "snap")
    assert result.rows["students"] > 100
    assert result.rows["enrollments"] > 0
    engine = connect("duckdb", result.directory)
    try:
        computed = engine.compute_all()
    finally:
        engine.close()
    for name in TABLES:
        assert computed[name].num_rows > 0, name
    coverage = [r for r in computed["school_coverage"].to_pylist() if r["district_id"] is None]
    assert all(0 <= r["rate_any"] <= 1 for r in coverage)
    compacts = computed["compact_coverage"].to_pylist()
    by_residence = next(r for r in compacts if r["basis"] == "residence" and r["district_id"])
    assert 0 < by_residence["covered"] < by_residence["students"]
    published = publish("participation", computed["participation"]).rows
    assert any(r["students"] == "*" for r in published)  # small groups exist and are hidden
    assert any(r["rate"] not in ("*", "--") for r in published)
