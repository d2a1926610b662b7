"""The bulk path at a size where PostgreSQL's COPY is used (and the ORM path elsewhere): a
generated package of a few hundred students and thousands of enrollments imports completely,
maps every enrollment onto the right student and section, and re-imports as all unchanged."""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pytest

from openpathways.enrollments.models import CourseEnrollment
from openpathways.interop.base import run_import
from openpathways.interop.importers.oneroster import IMPORTER
from openpathways.interop.models import ExternalId

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "interop_oneroster.py"

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _generate(out: Path, students: int) -> dict[str, int]:
    spec = importlib.util.spec_from_file_location("interop_oneroster_benchmark", BENCHMARK)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate(out, students)


def _check(package: Path, files: dict[str, int]) -> None:
    report = run_import(IMPORTER, package)
    assert report.status == "applied", [str(p) for p in report.errors[:5]]
    counts = report.as_dict()["counts"]
    with (package / "enrollments.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    students = [r for r in rows if r["role"] == "student"]
    assert counts["course_enrollments"]["created"] == len(students)
    assert counts["students"]["created"] == files["demographics"]
    # Every enrollment sits on the student and class its row names (keys came back in order).
    ids = dict(
        ExternalId.objects.filter(model="catalog.section").values_list("object_pk", "external_id")
    )
    users = dict(
        ExternalId.objects.filter(model="students.student").values_list("object_pk", "external_id")
    )
    stored = {
        (users[s], ids[c])
        for s, c in CourseEnrollment.objects.values_list("student_id", "section_id")
    }
    assert stored == {(r["userSourcedId"], r["classSourcedId"]) for r in students}
    again = run_import(IMPORTER, package)
    assert {k: v["unchanged"] for k, v in again.as_dict()["counts"].items()} == {
        k: v["created"] for k, v in counts.items()
    }


@pytest.mark.postgres
def test_generated_package_on_postgresql(tmp_path: Path) -> None:
    files = _generate(tmp_path / "pkg", 400)
    assert files["enrollments"] > 5000
    _check(tmp_path / "pkg", files)


def test_generated_package_with_the_orm_path(tmp_path: Path) -> None:
    files = _generate(tmp_path / "pkg", 200)
    _check(tmp_path / "pkg", files)
