"""Reading and checking a whole OneRoster package before anything is written.

`parse_package(path, lenient=..., known=...)` returns a `Plan` (plain data, no Django) and the
problems found. Strict mode follows the CSV bindings: manifest properties, file names, header
names and order, bulk rows without status / dateLastModified, delta rows with both, enumerations,
dates, and every reference resolvable (in the package, or among rows an earlier import stored:
`known` maps entity -> sourcedId -> row key). Lenient mode turns the deviations real packages
carry into warnings (one per file, column and kind, with the first line and a count).
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpathways.interop.base import Problem
from openpathways.interop.oneroster import spec
from openpathways.interop.oneroster.package import Package

#: Located errors kept per (file, column, kind); the rest are counted in one summary problem.
ERRORS_PER_KIND = 25

ENTITY_OF_FILE = {
    "orgs": "org",
    "academicSessions": "session",
    "courses": "course",
    "classes": "class",
    "users": "user",
    "enrollments": "enrollment",
}


@dataclass
class Org:
    sid: str
    deleted: bool
    name: str
    type: str
    identifier: str
    parent: str


@dataclass
class Session:
    sid: str
    deleted: bool
    title: str
    type: str
    start: dt.date | None
    end: dt.date | None
    school_year: int | None


@dataclass
class Course:
    sid: str
    deleted: bool
    title: str
    code: str
    org: str
    placeholder: bool = False


@dataclass
class Class:
    sid: str
    deleted: bool
    title: str
    course: str
    code: str
    school: str
    terms: list[str]
    teachers: list[tuple[bool, str]] = field(default_factory=list)  # (primary, user sid)


@dataclass
class User:
    sid: str
    deleted: bool
    given: str
    family: str
    identifier: str
    username: str
    email: str
    phone: str
    user_ids: dict[str, str]
    agents: list[str]
    grades: list[str]
    orgs: list[str]
    primary_org: str
    roles: set[str] = field(default_factory=set)
    line: int = 0


@dataclass
class Demographics:
    sid: str
    deleted: bool
    birth_date: dt.date | None
    sex: str
    races: set[str]
    two_or_more: bool
    hispanic: bool | None


@dataclass
class Enrollments:
    """Student and teacher enrollments as parallel arrays (millions of rows stay compact)."""

    sids: list[str] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)
    users: list[str] = field(default_factory=list)
    deleted: bytearray = field(default_factory=bytearray)
    lines: array[int] = field(default_factory=lambda: array("l"))

    def __len__(self) -> int:
        return len(self.sids)


@dataclass
class Plan:
    version: str
    modes: dict[str, str]
    source_name: str
    orgs: dict[str, Org] = field(default_factory=dict)
    sessions: dict[str, Session] = field(default_factory=dict)
    courses: dict[str, Course] = field(default_factory=dict)
    classes: dict[str, Class] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    demographics: dict[str, Demographics] = field(default_factory=dict)
    enrollments: Enrollments = field(default_factory=Enrollments)
    known: dict[str, dict[str, int]] = field(default_factory=dict)
    #: Users known from earlier imports as students / guardians (their roles, for deltas).
    known_roles: dict[str, str] = field(default_factory=dict)
    #: Rows lenient mode skipped, by entity (reported as rejected).
    rejected: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    #: Called with the number of rows done, while reading and while writing.
    progress: Callable[[int], None] | None = None


class Problems:
    """Collects located problems; lenient deviations become aggregated warnings."""

    def __init__(self, lenient: bool) -> None:
        self.lenient = lenient
        self._kinds: dict[tuple[str, str, str, str], list[object]] = {}
        self.order: list[tuple[str, str, str, str]] = []
        self.error_count = 0

    def _add(  # noqa: PLR0917 (a located problem has six parts)
        self,
        severity: str,
        file: str,
        line: int | None,
        column: str | None,
        value: str | None,
        message: str,
    ) -> None:
        key = (severity, file, column or "", message)
        entry = self._kinds.get(key)
        if entry is None:
            self._kinds[key] = [[Problem(file, line, column, value, message, severity)], 0]
            self.order.append(key)
            if severity == "error":
                self.error_count += 1
            return
        located, _ = entry
        assert isinstance(located, list)
        if severity == "error" and len(located) < ERRORS_PER_KIND:
            located.append(Problem(file, line, column, value, message, severity))
            self.error_count += 1
        else:
            entry[1] = int(entry[1]) + 1  # type: ignore[call-overload]

    def error(
        self, file: str, line: int | None, column: str | None, value: str | None, message: str
    ) -> None:
        self._add("error", file, line, column, value, message)

    def warning(
        self, file: str, line: int | None, column: str | None, value: str | None, message: str
    ) -> None:
        self._add("warning", file, line, column, value, message)

    def deviation(  # noqa: PLR0917 (a located problem has six parts)
        self,
        file: str,
        line: int | None,
        column: str | None,
        value: str | None,
        message: str,
        accepted: str,
    ) -> None:
        """A spec violation: an error in strict mode, a warning saying what lenient mode did."""
        if self.lenient:
            self.warning(file, line, column, value, f"{message}; {accepted}")
        else:
            self.error(file, line, column, value, message)

    def problems(self) -> list[Problem]:
        out: list[Problem] = []
        for key in self.order:
            located, more = self._kinds[key]
            assert isinstance(located, list)
            out.extend(located)
            if more:
                first = located[0]
                out.append(
                    Problem(
                        first.file,
                        None,
                        first.column,
                        None,
                        f"{first.message} (and {more} more row(s) like it)",
                        first.severity,
                    )
                )
        return out

    @property
    def has_errors(self) -> bool:
        return self.error_count > 0


@dataclass
class _Table:
    """One data file being read: its mode and its columns' positions."""

    name: str
    actual: str
    mode: str
    idx: dict[str, int]
    width: int

    def at(self, column: str) -> int:
        """Position of a column in a raw record (the appended empty cell when missing)."""
        return self.idx.get(column, self.width)


class _Reader:
    def __init__(
        self,
        package: Package,
        problems: Problems,
        plan: Plan,
        progress: Callable[[int], None] | None,
    ) -> None:
        self.package = package
        self.p = problems
        self.plan = plan
        self.progress = progress

    # -- manifest ---------------------------------------------------------------------------

    def manifest(self) -> bool:
        actual = self.package.find("manifest.csv", any_case=self.p.lenient)
        if actual is None:
            other = self.package.find("manifest.csv", any_case=True)
            if other is not None:
                self.p.error(other, 1, None, other, "the manifest must be named manifest.csv")
            else:
                self.p.error(
                    "manifest.csv",
                    None,
                    None,
                    None,
                    "the package has no manifest.csv (a OneRoster CSV package needs one)",
                )
            return False
        elif actual != "manifest.csv":
            self.p.warning(
                actual,
                None,
                None,
                actual,
                "file name differs in case from manifest.csv; read anyway",
            )
        props: dict[str, tuple[int, str]] = {}
        for line, cells in self.package.rows(actual):
            if line == 1:
                if tuple(c.strip() for c in cells) != spec.MANIFEST_HEADER:
                    self.p.error(
                        actual, 1, None, ",".join(cells), "expected the header propertyName,value"
                    )
                    return False
                continue
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != 2:
                self.p.error(
                    actual, line, None, ",".join(cells), "expected two cells: propertyName,value"
                )
                continue
            props[cells[0].strip()] = (line, cells[1].strip())
        version_line, version = props.get("oneroster.version", (None, ""))
        if version not in spec.VERSIONS:
            self.p.error(
                actual,
                version_line,
                "oneroster.version",
                version,
                "expected oneroster.version 1.1 or 1.2",
            )
            return False
        self.plan.version = version
        mline, mversion = props.get("manifest.version", (None, ""))
        if mversion != "1.0":
            self.p.deviation(
                actual,
                mline,
                "manifest.version",
                mversion,
                "expected manifest.version 1.0",
                "read anyway",
            )
        self.plan.source_name = props.get("source.systemName", (0, ""))[1]
        expected = spec.manifest_files(version)
        for name in expected:
            key = f"file.{name}"
            line, mode = props.get(key, (None, None))  # type: ignore[assignment]
            if mode is None:
                self.p.deviation(
                    actual, None, key, None, f"the manifest lacks {key}", "treated as absent"
                )
                mode = "absent"
            elif mode == "":
                self.p.deviation(
                    actual,
                    line,
                    key,
                    "",
                    "expected bulk, delta or absent",
                    "an empty value is treated as absent",
                )
                mode = "absent"
            elif mode not in spec.FILE_MODES:
                self.p.error(actual, line, key, mode, "expected bulk, delta or absent")
                mode = "absent"
            self.plan.modes[name] = mode
        for key, (line, value) in props.items():
            if key.startswith("file.") and key[5:] not in expected:
                self.p.warning(
                    actual, line, key, value, f"not a file of OneRoster {version}; ignored"
                )
        return True

    def check_files(self) -> dict[str, str]:
        """The data files to read: name -> actual file name in the package."""
        found: dict[str, str] = {}
        listed = set(self.plan.modes)
        for name, mode in self.plan.modes.items():
            wanted = f"{name}.csv"
            actual = self.package.find(wanted, any_case=self.p.lenient)
            if mode == "absent":
                present = actual or self.package.find(wanted, any_case=True)
                if present is not None:
                    self.p.deviation(
                        present,
                        None,
                        None,
                        present,
                        f"the manifest says file.{name} is absent but the file is in the package",
                        "the file is ignored",
                    )
                continue
            if actual is None:
                other = self.package.find(wanted, any_case=True)
                if other is not None:
                    self.p.error(
                        other,
                        None,
                        None,
                        other,
                        f"file names are case-sensitive: expected {wanted}",
                    )
                else:
                    self.p.error(
                        wanted,
                        None,
                        None,
                        None,
                        f"the manifest lists file.{name} as {mode} but the file is missing",
                    )
                continue
            if actual != wanted:
                self.p.warning(
                    actual,
                    None,
                    None,
                    actual,
                    f"file name differs in case from {wanted}; read anyway",
                )
            if name in spec.READ_ORDER:
                found[name] = actual
            else:
                self.p.warning(
                    actual, None, None, None, "this file is not used by the platform; not read"
                )
        known_names = {f"{n}.csv".lower() for n in listed} | {"manifest.csv"}
        for actual in self.package.names:
            if actual.lower() not in known_names:
                self.p.warning(
                    actual,
                    None,
                    None,
                    None,
                    f"not a file of OneRoster {self.plan.version}; ignored",
                )
        return found

    # -- tables -----------------------------------------------------------------------------

    def table(
        self, name: str, actual: str
    ) -> tuple[_Table, Iterator[tuple[int, list[str]]]] | None:
        rows = self.package.rows(actual)
        first = next(rows, None)
        if first is None:
            self.p.error(actual, 1, None, None, "the file is empty (expected a header line)")
            return None
        _, header = first
        expected = spec.headers(self.plan.version, name)
        optional = spec.OPTIONAL_12.get(name, frozenset()) if self.plan.version == "1.2" else ()
        got = [h.strip() for h in header]
        # Columns named metadata.* may follow the binding's columns (extensions).
        extra_meta = [h for h in got if h.startswith("metadata.")]
        core = [h for h in got if not h.startswith("metadata.")]
        if got[: len(core)] != core:
            self.p.error(
                actual,
                1,
                None,
                ",".join(got),
                "metadata.* columns must come after the binding's columns",
            )
        width = len(got)
        names = list(core)
        if any(h == "" for h in names):
            self.p.deviation(
                actual,
                1,
                None,
                ",".join(header),
                "the header has empty column names",
                "those columns are ignored",
            )
        for i, h in enumerate(names):
            if h in spec.HEADER_ALIASES:
                self.p.deviation(
                    actual,
                    1,
                    h,
                    h,
                    f"expected the column {spec.HEADER_ALIASES[h]}",
                    "read as that column",
                )
                names[i] = spec.HEADER_ALIASES[h]
            elif h not in expected and h:
                match = next((e for e in expected if e.lower() == h.lower()), None)
                if match is not None:
                    self.p.deviation(
                        actual,
                        1,
                        h,
                        h,
                        f"column names are case-sensitive: expected {match}",
                        "read as that column",
                    )
                    names[i] = match
        present = [n for n in names if n]
        wanted_order = [e for e in expected if e in present]
        missing = [e for e in expected if e not in present]
        unknown = [n for n in present if n not in expected]
        for col in unknown:
            self.p.deviation(
                actual,
                1,
                col,
                col,
                f"not a column of {name}.csv in OneRoster {self.plan.version}",
                "ignored",
            )
        for col in missing:
            if col in optional:
                continue
            self.p.deviation(
                actual,
                1,
                col,
                None,
                f"the header lacks the column {col}",
                "its values are read as empty",
            )
        if not unknown and present != wanted_order:
            self.p.deviation(
                actual,
                1,
                None,
                ",".join(got),
                f"columns out of the binding's order: expected {','.join(expected)}",
                "read by name",
            )
        if "sourcedId" not in present:
            self.p.error(actual, 1, "sourcedId", None, "the header lacks the column sourcedId")
            return None
        idx = {n: i for i, n in enumerate(names) if n and n in expected}
        del extra_meta
        return _Table(name, actual, self.plan.modes[name], idx, width), rows

    def records(
        self, t: _Table, rows: Iterator[tuple[int, list[str]]], *, raw: bool = False
    ) -> Iterator[tuple[int, Any, bool]]:
        """(line, cell getter, deleted) for each record that passed the common checks; with
        `raw`, the cells themselves with one empty cell appended (the position `_Table.at`
        gives a column the file lacks), for the files that run to millions of rows."""
        seen: set[str] = set()
        idx = t.idx
        sid_i = idx["sourcedId"]
        status_i = idx.get("status")
        dlm_i = idx.get("dateLastModified")
        bulk = t.mode == "bulk"
        count = 0
        for line, row_cells in rows:
            cells = row_cells
            count += 1
            if count % 20000 == 0 and self.progress is not None:
                self.progress(20000)
            if len(cells) != t.width:
                if not any(c.strip() for c in cells):
                    continue
                if len(cells) > t.width and not any(c.strip() for c in cells[t.width :]):
                    cells = cells[: t.width]
                else:
                    message = f"expected {t.width} cells as in the header, found {len(cells)}"
                    if self.p.lenient and len(cells) < t.width:
                        self.p.warning(
                            t.actual, line, None, None, f"{message}; missing cells read as empty"
                        )
                        cells = cells + [""] * (t.width - len(cells))
                    else:
                        self.p.error(t.actual, line, None, ",".join(cells)[:80], message)
                        continue
            sid = cells[sid_i].strip()
            if not sid:
                self.p.error(t.actual, line, "sourcedId", "", "a sourcedId is required")
                continue
            if sid in seen:
                self.p.error(t.actual, line, "sourcedId", sid, "duplicate sourcedId in this file")
                continue
            seen.add(sid)
            status = cells[status_i].strip() if status_i is not None else ""
            dlm = cells[dlm_i].strip() if dlm_i is not None else ""
            deleted = False
            if bulk:
                if status or dlm:
                    column = "status" if status else "dateLastModified"
                    self.p.deviation(
                        t.actual,
                        line,
                        column,
                        status or dlm,
                        "bulk rows carry no status or dateLastModified",
                        "ignored (a bulk file lists the full set)",
                    )
            else:
                if status == "inactive" or status not in spec.STATUS:
                    if status == "inactive":
                        self.p.deviation(
                            t.actual,
                            line,
                            "status",
                            status,
                            "expected active or tobedeleted",
                            "read as tobedeleted",
                        )
                        status = "tobedeleted"
                    else:
                        self.p.error(
                            t.actual,
                            line,
                            "status",
                            status,
                            "delta rows need status active or tobedeleted",
                        )
                        continue
                deleted = status == "tobedeleted"
                if not spec.DATETIME.match(dlm):
                    if spec.DATE.match(dlm):
                        self.p.deviation(
                            t.actual,
                            line,
                            "dateLastModified",
                            dlm,
                            "expected an ISO 8601 date and time",
                            "the date alone is accepted",
                        )
                    else:
                        self.p.error(
                            t.actual,
                            line,
                            "dateLastModified",
                            dlm,
                            "delta rows need dateLastModified as an ISO 8601 date and "
                            "time (for example 2025-08-01T00:00:00.000Z)",
                        )
                        continue

            if raw:
                cells.append("")
                yield line, cells, deleted
                continue

            def get(col: str, _cells: list[str] = cells) -> str:
                i = idx.get(col)
                return _cells[i].strip() if i is not None else ""

            yield line, get, deleted
        if self.progress is not None:
            self.progress(count % 20000)

    # -- cell checks ------------------------------------------------------------------------

    def enum(
        self,
        t: _Table,
        line: int,
        col: str,
        value: str,
        allowed: frozenset[str],
        *,
        required: bool = True,
        extensible: bool = False,
    ) -> str | None:
        if not value:
            if required:
                self.p.error(
                    t.actual, line, col, value, f"a value is required ({_one_of(allowed)})"
                )
                return None
            return ""
        if value in allowed:
            return value
        if extensible and self.plan.version == "1.2" and spec.EXTENSION.match(value):
            return value
        folded = {a.lower(): a for a in allowed}
        if value.lower() in folded:
            self.p.deviation(
                t.actual,
                line,
                col,
                value,
                f"expected {_one_of(allowed)} (values are case-sensitive)",
                f"read as {folded[value.lower()]}",
            )
            return folded[value.lower()]
        self.p.error(t.actual, line, col, value, f"expected {_one_of(allowed)}")
        return None

    def date(
        self, t: _Table, line: int, col: str, value: str, *, required: bool
    ) -> tuple[bool, dt.date | None]:
        if not value:
            if required:
                self.p.error(t.actual, line, col, value, "a date is required (YYYY-MM-DD)")
                return False, None
            return True, None
        try:
            if not spec.DATE.match(value):
                raise ValueError
            return True, dt.date.fromisoformat(value)
        except ValueError:
            self.p.error(t.actual, line, col, value, "expected a date as YYYY-MM-DD")
            return False, None

    def boolean(self, t: _Table, line: int, col: str, value: str) -> bool | None:
        low = value.lower()
        if low in ("true", "false"):
            return low == "true"
        if value:
            self.p.error(t.actual, line, col, value, "expected true or false")
        return None

    def grades(self, t: _Table, line: int, col: str, value: str) -> list[str]:
        out = []
        for g in _split(value):
            if g in spec.GRADES:
                out.append(g)
            elif g.isdigit() and len(g) == 1:
                self.p.deviation(
                    t.actual, line, col, g, "grades are two digits (CEDS)", f"read as 0{g}"
                )
                out.append(f"0{g}")
            else:
                self.p.error(t.actual, line, col, g, "expected CEDS grade levels (KG, 01-13, ...)")
        return out

    # -- files ------------------------------------------------------------------------------

    def read_orgs(self, t: _Table, rows: Iterator[tuple[int, list[str]]]) -> list[tuple[int, Org]]:
        out = []
        for line, get, deleted in self.records(t, rows):
            name = get("name")
            typ = self.enum(
                t,
                line,
                "type",
                get("type"),
                spec.ORG_TYPES | spec.ORG_TYPE_EXTENSIONS,
                extensible=True,
            )
            if not name and not deleted:
                self.p.error(t.actual, line, "name", name, "a name is required")
            if typ is None:
                continue
            org = Org(
                get("sourcedId"), deleted, name, typ, get("identifier"), get("parentSourcedId")
            )
            self.plan.orgs[org.sid] = org
            out.append((line, org))
        return out

    def read_sessions(
        self, t: _Table, rows: Iterator[tuple[int, list[str]]]
    ) -> list[tuple[int, str]]:
        parents = []
        for line, get, deleted in self.records(t, rows):
            typ = self.enum(t, line, "type", get("type"), spec.SESSION_TYPES, extensible=True)
            ok1, start = self.date(t, line, "startDate", get("startDate"), required=True)
            ok2, end = self.date(t, line, "endDate", get("endDate"), required=True)
            year_text = get("schoolYear")
            year = int(year_text) if spec.YEAR.match(year_text) else None
            if year is None:
                self.p.error(t.actual, line, "schoolYear", year_text, "expected a year as YYYY")
            title = get("title")
            if not title:
                self.p.error(t.actual, line, "title", title, "a title is required")
            if start and end and end < start:
                self.p.error(
                    t.actual,
                    line,
                    "endDate",
                    get("endDate"),
                    f"ends before it starts ({get('startDate')})",
                )
                continue
            if typ is None or not (ok1 and ok2) or year is None:
                continue
            s = Session(get("sourcedId"), deleted, title, typ, start, end, year)
            self.plan.sessions[s.sid] = s
            if get("parentSourcedId"):
                parents.append((line, get("parentSourcedId")))
        return parents

    def read_courses(
        self, t: _Table, rows: Iterator[tuple[int, list[str]]]
    ) -> list[tuple[int, Course, str]]:
        out = []
        for line, get, deleted in self.records(t, rows):
            title = get("title")
            if not title and not deleted:
                self.p.error(t.actual, line, "title", title, "a title is required")
                continue
            self.grades(t, line, "grades", get("grades"))
            c = Course(get("sourcedId"), deleted, title, get("courseCode"), get("orgSourcedId"))
            if not c.org and not deleted:
                self.p.error(t.actual, line, "orgSourcedId", "", "an orgSourcedId is required")
                continue
            self.plan.courses[c.sid] = c
            out.append((line, c, get("schoolYearSourcedId")))
        return out

    def read_classes(
        self, t: _Table, rows: Iterator[tuple[int, list[str]]]
    ) -> list[tuple[int, Class]]:
        out = []
        for line, get, deleted in self.records(t, rows):
            c = Class(
                get("sourcedId"),
                deleted,
                get("title"),
                get("courseSourcedId"),
                get("classCode"),
                get("schoolSourcedId"),
                _split(get("termSourcedIds")),
            )
            bad = False
            for col, value in (
                ("title", c.title),
                ("courseSourcedId", c.course),
                ("schoolSourcedId", c.school),
                ("termSourcedIds", ",".join(c.terms)),
            ):
                if not value and not deleted:
                    self.p.error(t.actual, line, col, value, "a value is required")
                    bad = True
            self.enum(t, line, "classType", get("classType"), spec.CLASS_TYPES, extensible=True)
            self.grades(t, line, "grades", get("grades"))
            if bad:
                continue
            self.plan.classes[c.sid] = c
            out.append((line, c))
        return out

    def read_users(self, t: _Table, rows: Iterator[tuple[int, list[str]]]) -> None:
        v11 = self.plan.version == "1.1"
        for line, get, deleted in self.records(t, rows):
            given, family = get("givenName"), get("familyName")
            if not deleted:
                for col, value in (
                    ("givenName", given),
                    ("familyName", family),
                    ("username", get("username")),
                ):
                    if not value:
                        self.p.error(t.actual, line, col, value, "a value is required")
            self.boolean(t, line, "enabledUser", get("enabledUser"))
            user_ids: dict[str, str] = {}
            for item in _split_braced(get("userIds")):
                typ, _, ident = item.strip("{}").partition(":")
                if not ident:
                    self.p.error(
                        t.actual, line, "userIds", item, "expected {type:identifier} pairs"
                    )
                    continue
                user_ids[typ.strip().lower()] = ident.strip()
            u = User(
                get("sourcedId"),
                deleted,
                given,
                family,
                get("identifier"),
                get("username"),
                get("email"),
                get("phone") or get("sms"),
                user_ids,
                _split(get("agentSourcedIds")),
                self.grades(t, line, "grades", get("grades")),
                _split(get("orgSourcedIds")) if v11 else [],
                get("primaryOrgSourcedId"),
                line=line,
            )
            if v11:
                role = self.enum(t, line, "role", get("role"), spec.USER_ROLES_11)
                if role:
                    u.roles.add(role)
                if not u.orgs and not deleted:
                    self.p.error(
                        t.actual, line, "orgSourcedIds", "", "at least one org is required"
                    )
            self.plan.users[u.sid] = u

    def read_roles(
        self, t: _Table, rows: Iterator[tuple[int, list[str]]]
    ) -> list[tuple[int, str, str, str]]:
        refs = []
        for line, get, deleted in self.records(t, rows):
            role = self.enum(t, line, "role", get("role"), spec.USER_ROLES_12, extensible=True)
            self.enum(t, line, "roleType", get("roleType"), spec.ROLE_TYPES)
            self.date(t, line, "beginDate", get("beginDate"), required=False)
            self.date(t, line, "endDate", get("endDate"), required=False)
            user, org = get("userSourcedId"), get("orgSourcedId")
            if role is None:
                continue
            refs.append((line, user, org, role))
            if deleted:
                continue
            u = self.plan.users.get(user)
            if u is not None:
                u.roles.add(role)
                if role == "student" and not u.primary_org and org:
                    u.primary_org = org
        return refs

    def read_demographics(
        self, t: _Table, rows: Iterator[tuple[int, list[str]]]
    ) -> list[tuple[int, str]]:
        refs = []
        sexes = spec.SEX_12 if self.plan.version == "1.2" else spec.SEX_11
        race_cols = {
            "americanIndianOrAlaskaNative": "american_indian",
            "asian": "asian",
            "blackOrAfricanAmerican": "black",
            "nativeHawaiianOrOtherPacificIslander": "pacific_islander",
            "white": "white",
        }
        for line, get, deleted in self.records(t, rows):
            _, birth = self.date(t, line, "birthDate", get("birthDate"), required=False)
            sex = self.enum(t, line, "sex", get("sex"), sexes, required=False, extensible=True)
            races = {r for col, r in race_cols.items() if self.boolean(t, line, col, get(col))}
            two = bool(
                self.boolean(
                    t, line, "demographicRaceTwoOrMoreRaces", get("demographicRaceTwoOrMoreRaces")
                )
            )
            hisp = self.boolean(
                t, line, "hispanicOrLatinoEthnicity", get("hispanicOrLatinoEthnicity")
            )
            d = Demographics(get("sourcedId"), deleted, birth, sex or "", races, two, hisp)
            self.plan.demographics[d.sid] = d
            refs.append((line, d.sid))
        return refs

    def read_enrollments(self, t: _Table, rows: Iterator[tuple[int, list[str]]]) -> None:
        roles = spec.ENROLLMENT_ROLES_12 if self.plan.version == "1.2" else spec.ENROLLMENT_ROLES_11
        e = self.plan.enrollments
        classes, users, known_classes = self.plan.classes, self.plan.users, self.plan.known["class"]
        known_users, known_enrollments = self.plan.known_roles, self.plan.known["enrollment"]
        orgs, known_orgs = self.plan.orgs, self.plan.known["org"]
        i_sid, i_role, i_class = t.at("sourcedId"), t.at("role"), t.at("classSourcedId")
        i_user, i_school, i_primary = (
            t.at("userSourcedId"),
            t.at("schoolSourcedId"),
            t.at("primary"),
        )
        add_sid, add_class, add_user = e.sids.append, e.classes.append, e.users.append
        add_deleted, add_line = e.deleted.append, e.lines.append
        error, file = self.p.error, t.actual
        for line, cells, deleted in self.records(t, rows, raw=True):
            role = cells[i_role].strip()
            if role not in roles:
                role = self.enum(t, line, "role", role, roles, extensible=True) or ""
                if not role:
                    continue
            cls, user = cells[i_class].strip(), cells[i_user].strip()
            school, primary = cells[i_school].strip(), cells[i_primary].strip()
            if primary and primary.lower() not in ("true", "false"):
                error(file, line, "primary", primary, "expected true or false")
            if school and school not in orgs and school not in known_orgs:
                error(file, line, "schoolSourcedId", school,
                      "no such org in orgs.csv or an earlier import")  # fmt: skip
            if deleted:
                # A deletion needs no resolvable references: only the enrollment's own id.
                sid = cells[i_sid].strip()
                if role == "student" and sid in known_enrollments:
                    add_sid(sid)
                    add_class(cls)
                    add_user(user)
                    add_deleted(1)
                    add_line(line)
                continue
            klass = classes.get(cls)
            if klass is None and cls not in known_classes:
                error(file, line, "classSourcedId", cls,
                      "no such class in classes.csv or an earlier import")  # fmt: skip
                continue
            u = users.get(user)
            if u is None:
                if role != "student":
                    continue  # staff are not stored; an unknown one is no error
                if user not in known_users:
                    error(file, line, "userSourcedId", user,
                          "no such user in users.csv or an earlier import")  # fmt: skip
                    continue
            if role == "teacher":
                if klass is not None:
                    klass.teachers.append((primary.lower() == "true", user))
                continue
            if role != "student":
                continue
            if not (("student" in u.roles) if u is not None else known_users[user] == "student"):
                self.p.deviation(file, line, "userSourcedId", user,
                                 "enrolled as a student but the user has no student role",
                                 "the enrollment is skipped")  # fmt: skip
                self.plan.rejected["course_enrollments"] += 1
                continue
            add_sid(cells[i_sid].strip())
            add_class(cls)
            add_user(user)
            add_deleted(0)
            add_line(line)


def _one_of(allowed: frozenset[str]) -> str:
    return "one of " + ", ".join(sorted(allowed))


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()] if value else []


def _split_braced(value: str) -> list[str]:
    if not value:
        return []
    out, depth, cur = [], 0, ""
    for ch in value:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        if ch == "," and depth == 0:
            if cur.strip():
                out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur.strip())
    return out


def parse_package(
    path: Path,
    *,
    lenient: bool,
    known: dict[str, dict[str, int]] | None = None,
    known_roles: dict[str, str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> tuple[Plan | None, list[Problem]]:
    """Read and check the whole package; nothing is written. `known` holds the rows earlier
    imports stored (entity -> sourcedId -> key), so a delta may refer to them."""
    problems = Problems(lenient)
    plan = Plan(version="", modes={}, source_name="")
    plan.known = {
        e: {} for e in ("org", "session", "course", "class", "student", "guardian", "enrollment")
    }
    plan.known.update(known or {})
    plan.known_roles = dict(known_roles or {})
    plan.progress = progress
    try:
        package = Package(path)
    except (OSError, ValueError) as exc:  # zipfile.BadZipFile is a ValueError
        problems.error(str(path), None, None, None, f"cannot open the package: {exc}")
        return None, problems.problems()
    try:
        reader = _Reader(package, problems, plan, progress)
        if not reader.manifest():
            return None, problems.problems()
        files = reader.check_files()
        refs = _read_all(reader, files)
        if problems.has_errors and not files:
            return None, problems.problems()
        _check_references(reader, files, refs)
    except UnicodeDecodeError as exc:
        problems.error(str(path), None, None, None, f"not UTF-8 text: {exc}")
    except Exception as exc:  # csv.Error and friends: report instead of crashing
        import csv

        if not isinstance(exc, csv.Error):
            raise
        problems.error(str(path), None, None, None, f"not a readable CSV file: {exc}")
    finally:
        package.close()
    return (None if problems.has_errors else plan), problems.problems()


def _read_all(reader: _Reader, files: dict[str, str]) -> dict[str, list[Any]]:
    refs: dict[str, list[Any]] = {}
    for name in spec.READ_ORDER:
        if name not in files:
            continue
        opened = reader.table(name, files[name])
        if opened is None:
            continue
        t, rows = opened
        method = getattr(reader, f"read_{_snake(name)}")
        if name == "enrollments":
            # Users' roles must be complete before enrollments are checked against them.
            _resolve_roles(reader)
        result = method(t, rows)
        refs[name] = (result or []) if isinstance(result, list) else []
        refs[f"{name}:actual"] = [t.actual]
    return refs


def _snake(name: str) -> str:
    return {"academicSessions": "sessions"}.get(name, name)


def _resolve_roles(reader: _Reader) -> None:
    plan = reader.plan
    if plan.version == "1.2" and plan.modes.get("roles") == "absent":
        for u in plan.users.values():
            if not u.roles and u.sid in plan.known_roles:
                u.roles.add(plan.known_roles[u.sid])


def _check_references(reader: _Reader, files: dict[str, str], refs: dict[str, list[Any]]) -> None:
    p, plan = reader.p, reader.plan
    known = plan.known
    orgs, sessions, courses, users = (
        plan.orgs,
        plan.sessions,
        plan.courses,
        plan.users,
    )

    def actual(name: str) -> str:
        got = refs.get(f"{name}:actual")
        return str(got[0]) if got else f"{name}.csv"

    def has_org(sid: str) -> bool:
        return sid in orgs or sid in known["org"]

    for line, org in refs.get("orgs", []):
        if org.parent and not has_org(org.parent):
            p.deviation(
                actual("orgs"),
                line,
                "parentSourcedId",
                org.parent,
                "no such org in orgs.csv or an earlier import",
                "the org is read as having no parent",
            )
            org.parent = ""
    for line, parent in refs.get("academicSessions", []):
        if parent not in sessions and parent not in known["session"]:
            p.deviation(
                actual("academicSessions"),
                line,
                "parentSourcedId",
                parent,
                "no such academic session in academicSessions.csv or an earlier import",
                "ignored",
            )
    for line, course, year in refs.get("courses", []):
        if course.org and not has_org(course.org):
            p.error(
                actual("courses"),
                line,
                "orgSourcedId",
                course.org,
                "no such org in orgs.csv or an earlier import",
            )
        if year and year not in sessions and year not in known["session"]:
            p.deviation(
                actual("courses"),
                line,
                "schoolYearSourcedId",
                year,
                "no such academic session",
                "ignored",
            )
    for line, klass in refs.get("classes", []):
        if klass.deleted:
            continue
        if not has_org(klass.school):
            p.error(
                actual("classes"),
                line,
                "schoolSourcedId",
                klass.school,
                "no such org in orgs.csv or an earlier import",
            )
        if klass.course not in courses and klass.course not in known["course"]:
            where = (
                "courses.csv"
                if files.get("courses")
                else (f"the package (manifest: file.courses {plan.modes.get('courses', 'absent')})")
            )
            p.deviation(
                actual("classes"),
                line,
                "courseSourcedId",
                klass.course,
                f"no such course in {where} or an earlier import",
                "a course is made from the class title",
            )
            courses[klass.course] = Course(
                klass.course, False, klass.title, "", klass.school, placeholder=True
            )
        for term in klass.terms:
            if term not in sessions and term not in known["session"]:
                p.error(
                    actual("classes"),
                    line,
                    "termSourcedIds",
                    term,
                    "no such academic session in academicSessions.csv or an earlier import",
                )
    if any(not s.deleted for s in sessions.values()) and not orgs and not known["org"]:
        p.error(
            actual("academicSessions"),
            None,
            None,
            None,
            "terms belong to an organization: the package has no orgs.csv and no earlier "
            "import stored one",
        )
    known_users = plan.known_roles
    users_file = actual("users")
    for u in users.values():
        if u.deleted:
            continue
        for org in [*u.orgs, *([u.primary_org] if u.primary_org else [])]:
            if not has_org(org):
                col = "orgSourcedIds" if org in u.orgs else "primaryOrgSourcedId"
                p.error(
                    users_file, u.line, col, org, "no such org in orgs.csv or an earlier import"
                )
        if plan.version == "1.2" and not u.roles and u.sid not in known_users:
            p.deviation(
                users_file,
                u.line,
                "sourcedId",
                u.sid,
                "the user has no role in roles.csv",
                "the user is skipped",
            )
            plan.rejected["users"] += 1
        for agent in u.agents:
            if agent not in users and agent not in known_users:
                p.deviation(
                    users_file,
                    u.line,
                    "agentSourcedIds",
                    agent,
                    "no such user in users.csv or an earlier import",
                    "ignored",
                )
    for line, user, org, _role in refs.get("roles", []):
        if user not in users and user not in known_users:
            p.error(
                actual("roles"),
                line,
                "userSourcedId",
                user,
                "no such user in users.csv or an earlier import",
            )
        if org and not has_org(org):
            p.error(
                actual("roles"),
                line,
                "orgSourcedId",
                org,
                "no such org in orgs.csv or an earlier import",
            )
    for line, sid in refs.get("demographics", []):
        if sid not in users and sid not in known_users:
            p.error(
                actual("demographics"),
                line,
                "sourcedId",
                sid,
                "demographics belong to a user: no such user in users.csv or an earlier import",
            )
