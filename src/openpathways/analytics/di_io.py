"""Read group counts for the DI methods from CSV and write their results (CSV or JSON).

Pure Python, no Django. Every input problem is reported as an `InputError` that names the file,
the line, the column and the offending value.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpathways.analytics.counts import parse_count
from openpathways.analytics.di import DIError, EightyRow, GroupCount, PiRow, PpgRow

__all__ = ["InputError", "read_group_counts", "render_rows"]

Row = PpgRow | PiRow | EightyRow


@dataclass
class InputError(Exception):
    """A located problem in an input file."""

    path: str
    line: int
    column: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}, line {self.line}"
        if self.column is not None:
            where += f", column {self.column!r}"
        if self.value is not None:
            where += f", value {self.value!r}"
        return f"{where}: {self.message}"


def read_group_counts(
    path: Path | str,
    *,
    group_col: str,
    n_col: str,
    successes_col: str,
    cohort_col: str | None = None,
) -> list[GroupCount]:
    """Read one row per cohort and group; all-or-nothing (the first problem raises)."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(name, 0, None, None, "file not found") from None
    except UnicodeDecodeError as exc:
        raise InputError(name, 0, None, None, f"not UTF-8 text ({exc.reason})") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    if not header:
        raise InputError(name, 1, None, None, "the file is empty (no header line)")
    wanted = [("--group", group_col), ("--n", n_col), ("--successes", successes_col)]
    if cohort_col:
        wanted.append(("--cohort", cohort_col))
    for option, column in wanted:
        if column not in header:
            raise InputError(
                name,
                1,
                column,
                None,
                f"column named by {option} is missing; the header has: {', '.join(header)}",
            )
    counts: list[GroupCount] = []
    seen: dict[tuple[str, str], int] = {}
    for record in reader:
        line = reader.line_num
        if None in record:
            raise InputError(name, line, None, None, "more fields than the header has")
        group = (record.get(group_col) or "").strip()
        if not group:
            raise InputError(name, line, group_col, record.get(group_col) or "", "empty group")
        cohort = (record.get(cohort_col) or "").strip() if cohort_col else ""
        raw_n = record.get(n_col) or ""
        n = parse_count(raw_n)
        if n is None:
            raise InputError(name, line, n_col, raw_n, "n must be a whole number")
        if n <= 0:
            raise InputError(name, line, n_col, raw_n, "n must be at least 1 (an empty group)")
        raw_s = record.get(successes_col) or ""
        s = parse_count(raw_s)
        if s is None:
            raise InputError(name, line, successes_col, raw_s, "successes must be a whole number")
        if s < 0:
            raise InputError(name, line, successes_col, raw_s, "successes must not be negative")
        if s > n:
            raise InputError(
                name, line, successes_col, raw_s, f"successes exceed n ({n}) for group {group!r}"
            )
        key = (cohort, group)
        if key in seen:
            raise InputError(
                name,
                line,
                group_col,
                group,
                f"group already given on line {seen[key]}"
                + (f" for cohort {cohort!r}" if cohort_col else ""),
            )
        seen[key] = line
        try:
            counts.append(GroupCount(group=group, n=n, successes=s, cohort=cohort))
        except DIError as exc:  # pragma: no cover - the checks above come first
            raise InputError(name, line, None, None, str(exc)) from None
    if not counts:
        raise InputError(name, 2, None, None, "no data rows after the header")
    return counts


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def render_rows(
    rows: Sequence[Row],
    columns: Sequence[str],
    fmt: str,
    *,
    suppress_threshold: int | None = None,
) -> str:
    """CSV (unrounded floats; an undefined flag reads `undefined`) or JSON (a list of objects).

    With `suppress_threshold`, small counts and everything computed from them read `*`
    (see `openpathways.analytics.suppression.suppress_di_rows`).
    """
    records: list[dict[str, Any]] = [{col: getattr(row, col) for col in columns} for row in rows]
    hidden: set[tuple[int, str]] = set()
    if suppress_threshold is not None:
        from openpathways.analytics.suppression import SUPPRESSED, suppress_di_rows

        hidden = suppress_di_rows(records, threshold=suppress_threshold).hidden
        for index, col in hidden:
            records[index][col] = SUPPRESSED
    if fmt == "json":
        for record, row in zip(records, rows, strict=True):
            if row.note:
                record["note"] = row.note
        return json.dumps(records, indent=2, ensure_ascii=False) + "\n"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for index, record in enumerate(records):
        cells = []
        for col in columns:
            value = record[col]
            if col == "di" and value is None and (index, col) not in hidden:
                cells.append("undefined")
            else:
                cells.append(_cell(value))
        writer.writerow(cells)
    return out.getvalue()
