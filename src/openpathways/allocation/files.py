"""The CSV files of ``openpathways seats allocate``: strict reading, and writing all-or-nothing.

Inputs (UTF-8, a header row, columns in any order):

- students:     ``student_id,tier[,lottery]``; lower tier = higher priority; lottery numbers, when
  given, are used as they are (lower wins) and must be distinct;
- sections:     ``section_id,capacity``;
- applications: ``student_id,section_id,rank[,priority]``; rank 1 = most preferred; a priority, when
  given, replaces the student's tier at that section (lower = higher priority); an empty priority
  cell keeps the tier.

Every problem found is reported with its file, line, column and value; nothing is allocated or
written unless all three files are valid.
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import numpy as np

from openpathways.allocation.problem import IntArray, Problem, has_duplicates

Progress = Callable[[int], None]
_INT = re.compile(r"-?[0-9]+\Z")
_MAX_ABS = 10**15
MAX_REPORTED_ERRORS = 50


@dataclass(frozen=True)
class InputError:
    file: str
    line: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message} (value: {self.value!r})"


class InvalidInputError(Exception):
    """One or more input files are invalid; ``errors`` lists every problem found."""

    def __init__(self, errors: Sequence[InputError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors[:MAX_REPORTED_ERRORS]))


@dataclass(frozen=True)
class Inputs:
    student_ids: list[str]
    tier: IntArray
    lottery: IntArray | None  # None when the students file has no lottery column
    section_ids: list[str]
    capacity: IntArray
    app_student: IntArray  # applications sorted by student, then rank
    app_section: IntArray
    app_rank: IntArray
    app_priority: IntArray
    app_has_priority: np.ndarray

    @property
    def offsets(self) -> IntArray:
        counts = np.bincount(self.app_student, minlength=len(self.student_ids))
        offsets = np.zeros(len(self.student_ids) + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        return offsets

    def problem(self, lottery: IntArray) -> Problem:
        priority = np.where(self.app_has_priority, self.app_priority, self.tier[self.app_student])
        return Problem(
            capacity=self.capacity,
            offsets=self.offsets,
            choice_section=self.app_section,
            choice_priority=priority,
            lottery=lottery,
            choice_rank=self.app_rank,
        )


class _Reader:
    """Reads one CSV file, checks its header and collects errors."""

    def __init__(
        self,
        path: Path,
        *,
        required: Sequence[str],
        optional: Sequence[str],
        errors: list[InputError],
        progress: Progress | None,
    ) -> None:
        self.path = path
        self.name = str(path)
        self.required = required
        self.optional = optional
        self.errors = errors
        self.progress = progress
        self.columns: dict[str, int] = {}
        self.header_ok = False

    def error(self, line: int, column: str, value: str, message: str) -> None:
        self.errors.append(InputError(self.name, line, column, value, message))

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(line number, cells) for each data row; blank lines are skipped."""
        try:
            handle = self.path.open(newline="", encoding="utf-8-sig")
        except OSError as exc:
            self.error(0, "", str(self.path), f"cannot open the file: {exc.strerror}")
            return
        with handle:
            reader = csv.reader(_counting(handle, self.progress))
            try:
                header = next(reader, None)
                if header is None:
                    self.error(1, "", "", "the file is empty: expected a header row")
                    return
                self.header_ok = self._header(header, reader.line_num)
                if not self.header_ok:
                    return
                width = len(header)
                for cells in reader:
                    if not cells or (len(cells) == 1 and not cells[0].strip()):
                        continue
                    if len(cells) != width:
                        self.error(
                            reader.line_num,
                            "",
                            ",".join(cells),
                            f"expected {width} fields, found {len(cells)}",
                        )
                        continue
                    yield reader.line_num, [c.strip() for c in cells]
            except UnicodeDecodeError as exc:
                self.error(
                    reader.line_num + 1, "", repr(exc.object[exc.start : exc.end]), "not UTF-8"
                )
            except csv.Error as exc:
                self.error(reader.line_num, "", "", f"malformed CSV: {exc}")

    def _header(self, header: list[str], line: int) -> bool:
        names = [h.strip() for h in header]
        ok = True
        allowed = (*self.required, *self.optional)
        for i, name in enumerate(names):
            if name not in allowed:
                self.error(line, name, name, f"unknown column; expected {', '.join(allowed)}")
                ok = False
            elif name in self.columns:
                self.error(line, name, name, "column appears twice")
                ok = False
            else:
                self.columns[name] = i
        for name in self.required:
            if name not in self.columns:
                self.error(line, name, ",".join(names), f"missing column {name!r}")
                ok = False
        return ok

    def integer(
        self, line: int, column: str, value: str, *, minimum: int | None = None
    ) -> int | None:
        if not _INT.match(value):
            self.error(line, column, value, "not an integer")
            return None
        if abs(int(value)) > _MAX_ABS:
            self.error(line, column, value, f"out of range (at most {_MAX_ABS:,} in size)")
            return None
        number = int(value)
        if minimum is not None and number < minimum:
            self.error(line, column, value, f"must be at least {minimum}")
            return None
        return number


def _counting(handle: TextIO, progress: Progress | None) -> Iterable[str]:
    if progress is None:
        yield from handle
        return
    done = 0
    for i, line in enumerate(handle):
        done += len(line)
        if i % 65536 == 0:
            progress(done)
        yield line
    progress(done)


def read_inputs(
    students: Path,
    sections: Path,
    applications: Path,
    *,
    progress: Progress | None = None,
    fast: bool = True,
) -> Inputs:
    """Read and check the three files; raise InvalidInputError listing every problem found.

    Plainly valid files are read by the vectorised fast path (``files_fast``) when ``fast``; any
    file it does not accept is read line by line, which reports each problem.
    """
    if fast:
        from openpathways.allocation.files_fast import read_inputs_fast

        inputs = read_inputs_fast(students, sections, applications, progress=progress)
        if inputs is not None:
            return inputs
    errors: list[InputError] = []
    sizes = [p.stat().st_size if p.is_file() else 0 for p in (students, sections, applications)]

    def file_progress(k: int) -> Progress | None:
        """Progress over all three files, from one file's own count."""
        if progress is None:
            return None
        offset = sum(sizes[:k])
        return lambda done: progress(offset + done)

    # students
    reader = _Reader(
        students,
        required=("student_id", "tier"),
        optional=("lottery",),
        errors=errors,
        progress=file_progress(0),
    )
    student_index: dict[str, int] = {}
    invalid_students: set[str] = set()
    tiers: list[int] = []
    lotteries: list[int] = []
    lottery_line: dict[int, int] = {}
    for line, cells in reader.rows():
        c = reader.columns
        sid = cells[c["student_id"]]
        if not sid:
            reader.error(line, "student_id", sid, "empty student_id")
            continue
        if sid in student_index:
            reader.error(line, "student_id", sid, "duplicate student_id")
            continue
        tier = reader.integer(line, "tier", cells[c["tier"]])
        lottery: int | None = 0
        if "lottery" in c:
            lottery = reader.integer(line, "lottery", cells[c["lottery"]])
            if lottery is not None and lottery in lottery_line:
                reader.error(
                    line,
                    "lottery",
                    cells[c["lottery"]],
                    f"duplicate lottery number (also on line {lottery_line[lottery]}); "
                    "lottery numbers must be distinct",
                )
                lottery = None
            elif lottery is not None:
                lottery_line[lottery] = line
        if tier is None or lottery is None:
            invalid_students.add(sid)
            continue
        student_index[sid] = len(tiers)
        tiers.append(tier)
        lotteries.append(lottery)
    has_lottery = "lottery" in reader.columns
    check_students = reader.header_ok

    # sections
    reader = _Reader(
        sections,
        required=("section_id", "capacity"),
        optional=(),
        errors=errors,
        progress=file_progress(1),
    )
    section_index: dict[str, int] = {}
    invalid_sections: set[str] = set()
    capacities: list[int] = []
    for line, cells in reader.rows():
        c = reader.columns
        sec = cells[c["section_id"]]
        if not sec:
            reader.error(line, "section_id", sec, "empty section_id")
            continue
        if sec in section_index:
            reader.error(line, "section_id", sec, "duplicate section_id")
            continue
        capacity = reader.integer(line, "capacity", cells[c["capacity"]], minimum=0)
        if capacity is None:
            invalid_sections.add(sec)
            continue
        section_index[sec] = len(capacities)
        capacities.append(capacity)

    check_sections = reader.header_ok

    # applications
    reader = _Reader(
        applications,
        required=("student_id", "section_id", "rank"),
        optional=("priority",),
        errors=errors,
        progress=file_progress(2),
    )
    first_error = len(errors)
    a_student, a_section, a_rank, a_priority, a_line = (array("q") for _ in range(5))
    a_has = array("b")
    for line, cells in reader.rows():
        c = reader.columns
        sid, sec, rank_text = cells[c["student_id"]], cells[c["section_id"]], cells[c["rank"]]
        student = student_index.get(sid)
        if student is None and check_students and sid not in invalid_students:
            reader.error(line, "student_id", sid, "unknown student_id (not in the students file)")
        section = section_index.get(sec)
        if section is None and check_sections and sec not in invalid_sections:
            reader.error(line, "section_id", sec, "unknown section_id (not in the sections file)")
        if (
            rank_text.isascii()
            and rank_text.isdigit()
            and len(rank_text) < 10
            and rank_text[0] != "0"
        ):
            rank: int | None = int(rank_text)
        else:
            rank = reader.integer(line, "rank", rank_text, minimum=1)
        priority: int | None = 0
        has_priority = False
        if "priority" in c and cells[c["priority"]]:
            priority = reader.integer(line, "priority", cells[c["priority"]])
            has_priority = True
        if student is None or section is None or rank is None or priority is None:
            continue
        a_student.append(student)
        a_section.append(section)
        a_rank.append(rank)
        a_priority.append(priority)
        a_has.append(has_priority)
        a_line.append(line)

    app_st = np.frombuffer(a_student, dtype=np.int64) if a_student else _EMPTY
    app_sec = np.frombuffer(a_section, dtype=np.int64) if a_section else _EMPTY
    app_rk = np.frombuffer(a_rank, dtype=np.int64) if a_rank else _EMPTY
    app_ln = np.frombuffer(a_line, dtype=np.int64) if a_line else _EMPTY
    ids = list(student_index)
    duplicate = _duplicates(app_st, app_rk, app_ln)
    for row, first in duplicate:
        reader.error(
            int(app_ln[row]),
            "rank",
            str(int(app_rk[row])),
            f"duplicate rank for student {ids[app_st[row]]} (also on line {first})",
        )
    keep = np.ones(app_st.size, dtype=np.bool_)
    keep[[row for row, _ in duplicate]] = False
    kept = np.flatnonzero(keep)
    section_ids = list(section_index)
    for kept_row, first in _duplicates(app_st[kept], app_sec[kept], app_ln[kept]):
        row = int(kept[kept_row])
        reader.error(
            int(app_ln[row]),
            "section_id",
            section_ids[app_sec[row]],
            f"student {ids[app_st[row]]} ranked this section twice (also on line {first})",
        )
    errors[first_error:] = sorted(errors[first_error:], key=lambda e: e.line)

    if errors:
        raise InvalidInputError(errors)

    order = application_order(app_st, app_rk)
    priority_values = np.frombuffer(a_priority, dtype=np.int64) if a_priority else _EMPTY
    has = np.frombuffer(a_has, dtype=np.int8).astype(np.bool_) if a_has else _EMPTY.astype(bool)
    return Inputs(
        student_ids=ids,
        tier=np.asarray(tiers, dtype=np.int64),
        lottery=np.asarray(lotteries, dtype=np.int64) if has_lottery else None,
        section_ids=section_ids,
        capacity=np.asarray(capacities, dtype=np.int64),
        app_student=app_st[order],
        app_section=app_sec[order],
        app_rank=app_rk[order],
        app_priority=priority_values[order],
        app_has_priority=has[order],
    )


_EMPTY = np.zeros(0, dtype=np.int64)


def application_order(student: IntArray, rank: IntArray) -> IntArray:
    """Sort applications by student, then rank (pairs are distinct once checked)."""
    span = int(rank.max()) + 1 if rank.size else 1
    if student.size and int(student.max()) * span < 2**62:
        return np.argsort(student * span + rank)
    return np.lexsort((rank, student))


def any_duplicate_pair(first: IntArray, second: IntArray) -> bool:
    """Whether some (first, second) pair repeats; both arrays hold non-negative integers."""
    if first.size < 2:
        return False
    span = int(second.max()) + 1
    if int(first.max()) * span < 2**62:
        return has_duplicates(first * span + second)
    return bool(_duplicates(first, second, np.arange(first.size, dtype=np.int64)))


def _duplicates(first: IntArray, second: IntArray, lines: IntArray) -> list[tuple[int, int]]:
    """Rows whose (first, second) pair already appeared on an earlier line: (row, earlier line)."""
    if first.size < 2:
        return []
    order = np.lexsort((lines, second, first))
    a, b = first[order], second[order]
    same = np.r_[False, (a[1:] == a[:-1]) & (b[1:] == b[:-1])]
    if not same.any():
        return []
    group_start = np.maximum.accumulate(np.where(same, 0, np.arange(order.size)))
    first_line = lines[order[group_start]]
    return [(int(order[i]), int(first_line[i])) for i in np.flatnonzero(same)]


Rows = Iterable[Sequence[object]]


def write_csv_files(outputs: Mapping[Path, tuple[Sequence[str], Rows]]) -> None:
    """Write every file, or none: each goes to a temporary file first, renamed at the end."""
    temps: list[tuple[Path, Path]] = []
    try:
        with ExitStack() as stack:
            for path, (header, rows) in outputs.items():
                fd, tmp_name = tempfile.mkstemp(
                    prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or Path()
                )
                tmp = Path(tmp_name)
                temps.append((tmp, path))
                handle = stack.enter_context(os.fdopen(fd, "w", newline="", encoding="utf-8"))
                writer = csv.writer(handle, lineterminator="\n")
                writer.writerow(header)
                writer.writerows(rows)
        for tmp, path in temps:
            tmp.replace(path)
    finally:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)


def read_tier_labels(path: Path) -> dict[int, dict[str, str]]:
    """``tier,label_en,label_es``: how explanations name each priority tier ("seniors")."""
    errors: list[InputError] = []
    reader = _Reader(
        path, required=("tier", "label_en", "label_es"), optional=(), errors=errors, progress=None
    )
    labels: dict[int, dict[str, str]] = {}
    for line, cells in reader.rows():
        c = reader.columns
        tier = reader.integer(line, "tier", cells[c["tier"]])
        if tier is None:
            continue
        if tier in labels:
            reader.error(line, "tier", cells[c["tier"]], "duplicate tier")
            continue
        labels[tier] = {"en": cells[c["label_en"]], "es": cells[c["label_es"]]}
    if errors:
        raise InvalidInputError(errors)
    return labels
