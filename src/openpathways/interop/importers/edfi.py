"""`edfi`: Ed-Fi Data Standard 5.x XML interchange files in a folder.

Reads education organizations (LEAs, schools, post-secondary institutions, courses), calendars
(sessions become terms), the master schedule (course offerings and sections), students, student
enrollment (school associations, demographics, section associations with their DualCredit fields)
and student programs (CTE program associations). Streaming (lxml iterparse), every reference
resolved before anything is written, idempotent through ExternalId (system `edfi`). The mapping
rules are in docs/interop/edfi.md.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpathways.interop.base import Importer, ImportReport, Problem
from openpathways.interop.edfi.parse import EdfiPlan, parse_folder


class EdfiImporter(Importer[EdfiPlan]):
    format = "edfi"

    def parse(
        self, path: Path, *, lenient: bool, progress: Callable[[int], None] | None = None
    ) -> tuple[EdfiPlan | None, list[Problem]]:
        return parse_folder(path, lenient=lenient, progress=progress)

    def apply(self, plan: EdfiPlan, *, actor: Any, report: ImportReport) -> None:
        from openpathways.interop.edfi.writes import apply_plan

        apply_plan(plan, actor=actor, report=report)


IMPORTER = EdfiImporter()
