"""A fast path for reading the allocation files with Arrow's CSV reader and vectorised checks.

It accepts only files that are plainly valid (no stray spaces, canonical integers, every id known,
no duplicates) and returns exactly what the line-by-line reader in ``files`` would. On anything
else it returns None, and the line-by-line reader runs: it alone reports errors, with file, line,
column and value. Arrow is optional; without it the line-by-line reader always runs.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from openpathways.allocation.problem import IntArray, has_duplicates

if TYPE_CHECKING:
    from openpathways.allocation.files import Inputs, Progress

_INTEGER = r"^-?[0-9]{1,15}$"
_NON_NEGATIVE = r"^[0-9]{1,15}$"
_RANK = r"^[1-9][0-9]{0,8}$"
_OPTIONAL_INTEGER = r"^(-?[0-9]{1,15})?$"


class _NotPlainError(Exception):
    """The file needs the line-by-line reader."""


def read_inputs_fast(
    students: Path,
    sections: Path,
    applications: Path,
    *,
    progress: Progress | None = None,
) -> Inputs | None:
    try:
        import pyarrow as pa
    except ImportError:  # optional dependency: the line-by-line reader runs instead
        return None
    try:
        return _read(students, sections, applications, progress)
    except (_NotPlainError, pa.ArrowException, OSError, UnicodeDecodeError, csv.Error):
        return None


def _read(students: Path, sections: Path, applications: Path, progress: Progress | None) -> Inputs:
    import pyarrow as pa
    import pyarrow.compute as pc

    from openpathways.allocation.files import Inputs, any_duplicate_pair, application_order

    done = 0

    def advance(path: Path) -> None:
        nonlocal done
        done += path.stat().st_size
        if progress is not None:
            progress(done)

    s = _table(students, ("student_id", "tier"), ("lottery",))
    student_ids = _ids(s["student_id"])
    tier = _integers(s["tier"], _INTEGER)
    lottery = _integers(s["lottery"], _INTEGER) if "lottery" in s else None
    if lottery is not None and has_duplicates(lottery):
        raise _NotPlainError
    advance(students)

    c = _table(sections, ("section_id", "capacity"), ())
    section_ids = _ids(c["section_id"])
    capacity = _integers(c["capacity"], _NON_NEGATIVE)
    advance(sections)

    a = _table(applications, ("student_id", "section_id", "rank"), ("priority",))
    app_student = _lookup(a["student_id"], student_ids)
    app_section = _lookup(a["section_id"], section_ids)
    app_rank = _integers(a["rank"], _RANK)
    if "priority" in a:
        raw = a["priority"]
        if not _all(pc.match_substring_regex(raw, pattern=_OPTIONAL_INTEGER)):
            raise _NotPlainError
        has = pc.greater(pc.utf8_length(raw), 0)
        filled = pc.if_else(has, raw, pa.scalar("0"))
        app_priority = np.asarray(pc.cast(filled, pa.int64()).to_numpy(), dtype=np.int64)
        app_has = np.asarray(has.to_numpy(zero_copy_only=False), dtype=np.bool_)
    else:
        app_priority = np.zeros(app_student.size, dtype=np.int64)
        app_has = np.zeros(app_student.size, dtype=np.bool_)
    if any_duplicate_pair(app_student, app_rank) or any_duplicate_pair(app_student, app_section):
        raise _NotPlainError
    advance(applications)

    order = application_order(app_student, app_rank)
    return Inputs(
        student_ids=_strings(s["student_id"]),
        tier=tier,
        lottery=lottery,
        section_ids=_strings(c["section_id"]),
        capacity=capacity,
        app_student=app_student[order],
        app_section=app_section[order],
        app_rank=app_rank[order],
        app_priority=app_priority[order],
        app_has_priority=app_has[order],
    )


def _table(path: Path, required: Sequence[str], optional: Sequence[str]) -> dict[str, Any]:
    """The columns of one file, all as strings, when its header is exactly right."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    with path.open(newline="", encoding="utf-8-sig") as handle:
        header = next(csv.reader(handle), None)
    if header is None:
        raise _NotPlainError
    names = [h.strip() for h in header]
    allowed = set(required) | set(optional)
    if len(set(names)) != len(names) or not set(required) <= set(names) <= allowed:
        raise _NotPlainError
    table = pacsv.read_csv(
        path,
        read_options=pacsv.ReadOptions(skip_rows=1, column_names=names),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    return {name: table[name].combine_chunks() for name in names}


def _all(mask: Any) -> bool:
    import pyarrow.compute as pc

    return mask.null_count == 0 and not pc.any(pc.invert(mask)).as_py()


def _integers(column: Any, pattern: str) -> IntArray:
    import pyarrow as pa
    import pyarrow.compute as pc

    if not _all(pc.match_substring_regex(column, pattern=pattern)):
        raise _NotPlainError
    return np.asarray(pc.cast(column, pa.int64()).to_numpy(), dtype=np.int64)


def _ids(column: Any) -> Any:
    """The identifiers, when none is empty, padded with spaces or repeated."""
    import pyarrow.compute as pc

    if len(column) == 0:
        return column
    trimmed = pc.utf8_trim_whitespace(column)
    if not _all(pc.equal(column, trimmed)) or not _all(pc.greater(pc.utf8_length(column), 0)):
        raise _NotPlainError
    if pc.count_distinct(column).as_py() != len(column):
        raise _NotPlainError
    return column


def _lookup(column: Any, ids: Any) -> IntArray:
    import pyarrow.compute as pc

    if len(column) == 0:
        return np.zeros(0, dtype=np.int64)
    index = pc.index_in(column, value_set=ids)
    if index.null_count:
        raise _NotPlainError
    return np.asarray(index.to_numpy(), dtype=np.int64)


def _strings(column: Any) -> list[str]:
    return [str(x) for x in column.to_pylist()]
