"""Senior campaign rules as plain data and functions (no Django): the status codes, what counts
as a decision, when a student is stuck, the deadlines, and reading a campaign CSV file with
errors that name the file, line, column and value."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass

FINANCIAL_AID_CODES = (
    "not_started", "in_progress", "action_needed", "fafsa_completed", "cadaa_completed",
    "opted_out", "exempted",
)  # fmt: skip
#: Statuses that settle EC 51225.7 for the senior: FAFSA or CADAA completed, opted out, exempted.
FINANCIAL_AID_DECIDED_CODES = frozenset(
    {"fafsa_completed", "cadaa_completed", "opted_out", "exempted"}
)
APPLICATION_CODES = ("not_started", "in_progress", "submitted", "admitted", "not_applying")
APPLIED_CODES = frozenset({"submitted", "admitted"})
#: A status that has not moved for this many days while started is "stuck" (verify locally).
STUCK_AFTER_DAYS = 21


def is_stuck(status: str, since: dt.date | None, today: dt.date) -> bool:
    """Action needed on a submitted application, or started and unchanged for STUCK_AFTER_DAYS."""
    if status == "action_needed":
        return True
    if status != "in_progress":
        return False
    return since is None or (today - since).days >= STUCK_AFTER_DAYS


@dataclass(frozen=True)
class Deadline:
    code: str
    due: dt.date
    #: Which seniors a deadline concerns: "financial_aid" (no decision yet) or "all".
    concerns: str


def deadlines_for(class_of: int) -> list[Deadline]:
    """The campaign deadlines of a graduating class, as data (California Student Aid
    Commission): Cal Grant GPA upload by October 1 of the senior year, FAFSA or California Dream
    Act Application by March 2 of the graduation year for Cal Grant. The Commission has moved the
    March date in some years (to April 2 in 2024 and 2025): check and adjust here."""
    return [
        Deadline("gpa_upload", dt.date(class_of - 1, 10, 1), "all"),
        Deadline("cal_grant", dt.date(class_of, 3, 2), "financial_aid"),
    ]


def class_of_for(today: dt.date) -> int:
    """The graduating class of the school year `today` falls in (July to June)."""
    return today.year + 1 if today.month >= 7 else today.year


# -- the CSV file -----------------------------------------------------------------------------

CSV_COLUMNS = (
    "state_student_id", "financial_aid", "financial_aid_on", "community_college",
    "community_college_on", "university", "university_on",
)  # fmt: skip
REQUIRED_COLUMNS = ("state_student_id",)
STATUS_COLUMNS = {
    "financial_aid": FINANCIAL_AID_CODES,
    "community_college": APPLICATION_CODES,
    "university": APPLICATION_CODES,
}


@dataclass(frozen=True)
class CampaignCsvRow:
    line: int
    state_student_id: str
    financial_aid: str | None = None
    financial_aid_on: dt.date | None = None
    community_college: str | None = None
    community_college_on: dt.date | None = None
    university: str | None = None
    university_on: dt.date | None = None


@dataclass(frozen=True)
class LocatedError:
    file: str
    line: int
    column: str
    #: the cell's value; None for problems of the header or of the whole row
    value: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}"
        if self.column:
            where += f", column {self.column}"
        shown = f" {self.value!r}" if self.value is not None else ""
        return f"{where}:{shown} {self.message}"


class CampaignCsvError(ValueError):
    def __init__(self, errors: Sequence[LocatedError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


def _date(raw: str) -> dt.date:
    return dt.date.fromisoformat(raw)


def campaign_csv_parse(text: str, *, file: str, max_errors: int = 50) -> list[CampaignCsvRow]:
    """Rows of a campaign CSV file; raises CampaignCsvError listing every problem found (up to
    `max_errors`), so nothing is written from a file with any error. Status values are codes
    (case and surrounding spaces ignored); an empty cell leaves that status unchanged."""
    errors: list[LocatedError] = []
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise CampaignCsvError(
            [LocatedError(file, 1, missing[0], None, "required column is missing from the header")]
        )
    if not any(c in header for c in STATUS_COLUMNS):
        raise CampaignCsvError(
            [LocatedError(file, 1, "", None, "the header names no status column: "
                          + ", ".join(STATUS_COLUMNS))]
        )  # fmt: skip
    reader.fieldnames = header
    rows: list[CampaignCsvRow] = []
    seen: dict[str, int] = {}
    for record in reader:
        line = reader.line_num
        cells = {k: (v or "").strip() for k, v in record.items() if k is not None}
        if not any(cells.values()):
            continue
        values: dict[str, object] = {}
        ssid = cells.get("state_student_id", "")
        if not ssid:
            errors.append(LocatedError(file, line, "state_student_id", ssid, "is empty"))
        elif ssid in seen:
            errors.append(
                LocatedError(file, line, "state_student_id", ssid,
                             f"appears again (first on line {seen[ssid]})")
            )  # fmt: skip
        else:
            seen[ssid] = line
        for column, allowed in STATUS_COLUMNS.items():
            raw = cells.get(column, "")
            if not raw:
                continue
            code = raw.lower()
            if code not in allowed:
                errors.append(
                    LocatedError(file, line, column, raw, "is not one of " + ", ".join(allowed))
                )
            values[column] = code
            date_column = f"{column}_on"
            raw_date = cells.get(date_column, "")
            if raw_date:
                try:
                    values[date_column] = _date(raw_date)
                except ValueError:
                    errors.append(
                        LocatedError(file, line, date_column, raw_date,
                                     "is not a date (YYYY-MM-DD)")
                    )  # fmt: skip
        for column in STATUS_COLUMNS:
            date_column = f"{column}_on"
            if cells.get(date_column) and not cells.get(column):
                errors.append(
                    LocatedError(file, line, date_column, cells[date_column],
                                 f"has a date but {column} is empty")
                )  # fmt: skip
        if not any(cells.get(c) for c in STATUS_COLUMNS) and ssid:
            errors.append(LocatedError(file, line, "", None, "the row sets no status"))
        if len(errors) >= max_errors:
            break
        rows.append(CampaignCsvRow(line=line, state_student_id=ssid, **values))  # type: ignore[arg-type]
    if errors:
        raise CampaignCsvError(errors)
    return rows
