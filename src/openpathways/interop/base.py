"""What every importer shares: located problems, per-entity counts, and the all-or-nothing run.

An importer is two steps:

1. `parse(path, lenient) -> (plan, problems)`: read and validate the *whole* input without
   writing; every problem names file, line, column (field), value and what was expected. In
   lenient mode known real-world deviations become warnings instead of errors.
2. `apply(plan, actor, report)`: write through the domain services inside one transaction,
   counting created / updated / unchanged per entity (so a second run reports all unchanged).

`run_import` ties them together: any error -> nothing written (status rejected); `dry_run` ->
apply inside a transaction that is rolled back (so the counts are real); else commit.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from django.db import transaction
from django.utils import timezone

from openpathways.audit.services import audit_record
from openpathways.interop.models import ImportRun, ImportStatus

PlanT = TypeVar("PlanT")


@dataclass(frozen=True)
class Problem:
    """A located problem in an input file. `line` is 1-based and counts the header line."""

    file: str
    line: int | None
    column: str | None
    value: str | None
    message: str
    severity: str = "error"  # or "warning"

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column:
            where += f", column {self.column}"
        value = f" (value {self.value!r})" if self.value is not None else ""
        return f"{where}: {self.message}{value}"


@dataclass
class EntityCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0


@dataclass
class ImportReport:
    format: str
    source: str
    dry_run: bool = False
    lenient: bool = False
    status: str = ""
    counts: dict[str, EntityCounts] = field(default_factory=lambda: defaultdict(EntityCounts))
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def count(self, entity: str, outcome: str, n: int = 1) -> None:
        setattr(self.counts[entity], outcome, getattr(self.counts[entity], outcome) + n)

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "source": self.source,
            "status": self.status,
            "dry_run": self.dry_run,
            "lenient": self.lenient,
            "counts": {k: asdict(v) for k, v in sorted(self.counts.items())},
            "errors": [asdict(p) for p in self.errors],
            "warnings": [asdict(p) for p in self.warnings],
        }


class Importer(Generic[PlanT]):
    """Subclass per format: set `format`, implement `parse` and `apply`."""

    format: str = ""

    def parse(
        self, path: Path, *, lenient: bool, progress: Callable[[int], None] | None = None
    ) -> tuple[PlanT | None, list[Problem]]:
        raise NotImplementedError

    def apply(self, plan: PlanT, *, actor: Any, report: ImportReport) -> None:
        raise NotImplementedError


class _DryRunRollbackError(Exception):
    pass


class ApplyRejected(Exception):  # noqa: N818 (a rejection, not a failure)
    """Raised by `apply` when a write is refused (for example a student outside the actor's
    scope): the transaction rolls back and the problems reject the run."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def fingerprint_paths(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode())
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def _input_files(path: Path) -> list[Path]:
    if path.is_dir():
        return [p for p in path.rglob("*") if p.is_file()]
    return [path]


def run_import(
    importer: Importer[Any],
    path: Path,
    *,
    actor: Any = None,
    dry_run: bool = False,
    lenient: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Validate everything, then write everything in one transaction (or nothing)."""
    report = ImportReport(
        format=importer.format, source=str(path), dry_run=dry_run, lenient=lenient
    )
    started = timezone.now()
    if not path.exists():
        report.errors.append(Problem(str(path), None, None, None, "file or folder not found"))
        plan = None
    else:
        plan, problems = importer.parse(path, lenient=lenient, progress=progress)
        report.errors.extend(p for p in problems if p.severity == "error")
        report.warnings.extend(p for p in problems if p.severity == "warning")
    fingerprint = fingerprint_paths(_input_files(path)) if path.exists() else ""
    if report.errors or plan is None:
        report.status = ImportStatus.REJECTED
        _record_run(importer, report, actor, started, fingerprint)
        return report
    try:
        with transaction.atomic():
            importer.apply(plan, actor=actor, report=report)
            audit_record(
                actor=actor,
                action=f"interop.imported.{importer.format}",
                purpose="data import",
                channel="import",
                details={"source": str(path), "dry_run": dry_run,
                         "counts": report.as_dict()["counts"]},
            )  # fmt: skip
            if dry_run:
                raise _DryRunRollbackError
    except _DryRunRollbackError:
        report.status = ImportStatus.DRY_RUN
    except ApplyRejected as exc:
        report.errors.extend(exc.problems)
        report.counts.clear()
        report.status = ImportStatus.REJECTED
    else:
        report.status = ImportStatus.APPLIED
    _record_run(importer, report, actor, started, fingerprint)
    return report


def _record_run(
    importer: Importer[Any], report: ImportReport, actor: Any, started: Any, fingerprint: str
) -> None:
    data = report.as_dict()
    ImportRun.objects.create(
        format=importer.format,
        source=report.source[:500],
        fingerprint=fingerprint,
        actor=actor if getattr(actor, "pk", None) else None,
        started_at=started,
        finished_at=timezone.now(),
        status=report.status,
        lenient=report.lenient,
        counts=data["counts"],
        errors=data["errors"][:1000],
        warnings=data["warnings"][:1000],
    )
