"""The eligibility request: what the engine is asked about, as plain data.

A request is a JSON object with three parts (`student`, `section`, `context`) and an optional
top-level `requested_documents` list. `FIELDS` below is the single definition of every field:
its type, whether it is required, and what it means. The same table validates requests (errors
carry the JSON path, e.g. `$.student.grade`), validates the paths that rule packs name, and
feeds the field reference in docs/rules.md.

Numbers are kept as `Decimal` so that unit sums and shares compare exactly (11.5 > 11,
0.051 > 0.05) whatever binary floats would make of them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

PARTS = ("student", "section", "context")
TOP_LEVEL_LISTS = ("requested_documents",)
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class FieldSpec:
    path: str
    type: str  # int | number | bool | enum | str | list[int] | list[str] | meetings
    required: bool
    doc: str
    choices: tuple[str, ...] = ()
    minimum: Decimal | None = None
    maximum: Decimal | None = None

    @property
    def numeric(self) -> bool:
        return self.type in ("int", "number")

    @property
    def is_list(self) -> bool:
        return self.type.startswith("list[") or self.type == "meetings"


def _f(path: str, type_: str, doc: str, *, required: bool = False, **kw: Any) -> FieldSpec:
    return FieldSpec(path=path, type=type_, required=required, doc=doc, **kw)


FIELDS: dict[str, FieldSpec] = {
    f.path: f
    for f in [
        _f(
            "student.grade",
            "int",
            "Grade level (6-12).",
            required=True,
            minimum=Decimal(6),
            maximum=Decimal(12),
        ),
        _f(
            "student.program",
            "enum",
            "How the student takes the section.",
            required=True,
            choices=("ccap", "special-admit", "adult-ed"),
        ),
        _f(
            "student.consent",
            "enum",
            "Parent/guardian consent on the ledger.",
            required=True,
            choices=("granted", "missing", "revoked"),
        ),
        _f(
            "student.counselor_recommendation",
            "bool",
            "Principal's or counselor's (designee's) recommendation is on file.",
        ),
        _f(
            "student.counseling_session_recorded",
            "bool",
            "Adult-ed: the counseling session (student, certificated staff, parent) is documented.",
        ),
        _f(
            "student.term_units_enrolled",
            "number",
            "College units already taken this term, before this section.",
            minimum=Decimal(0),
        ),
        _f(
            "student.term_courses_enrolled",
            "int",
            "College courses already taken this term, before this section.",
            minimum=Decimal(0),
        ),
        _f(
            "student.completed_courses",
            "list[str]",
            'Course codes completed (for prerequisites), e.g. ["MATH 125"].',
        ),
        _f(
            "student.schedule",
            "meetings",
            "The student's weekly commitments: [{days, start, end, label}].",
        ),
        _f(
            "section.units",
            "number",
            "Units of the requested section.",
            required=True,
            minimum=Decimal(0),
        ),
        _f(
            "section.term",
            "enum",
            "Term of the section.",
            required=True,
            choices=("fall", "spring", "summer"),
        ),
        _f(
            "section.provider",
            "enum",
            "Who teaches it.",
            required=True,
            choices=("college", "adult-ed"),
        ),
        _f("section.grades_allowed", "list[int]", "Grades the section admits (empty: any)."),
        _f("section.in_ccap_agreement", "bool", "The course is on the CCAP agreement's list."),
        _f("section.high_school_only", "bool", "Enrollment is closed to the public."),
        _f(
            "section.at_high_school_during_school_day",
            "bool",
            "Taught at the high school during the regular school day.",
        ),
        _f("section.course", "str", 'Course code of the section, e.g. "CS 101".'),
        _f("section.prerequisites", "list[str]", "Course codes required before this section."),
        _f("section.meetings", "meetings", "Weekly meetings of the section: [{days, start, end}]."),
        _f(
            "context.summer_recommended_share",
            "number",
            "Share (0-1) of the student's grade level the principal has recommended for summer, "
            "this student included.",
            minimum=Decimal(0),
            maximum=Decimal(1),
        ),
        _f(
            "requested_documents",
            "list[str]",
            'Documents the college asks for, e.g. ["ssn", "transcript"] (a rule rejects both).',
        ),
    ]
}
"""Every field a request may carry, by dotted path."""


class RequestError(ValueError):
    """A request that cannot be evaluated: names the file, the JSON path and the value."""

    def __init__(self, message: str, *, path: str = "$", source: str = "request") -> None:
        self.path = path
        self.source = source
        self.detail = message
        super().__init__(f"{source}: {path}: {message}" if path else f"{source}: {message}")


@dataclass(frozen=True)
class Meeting:
    days: tuple[str, ...]
    start: int  # minutes after midnight
    end: int
    label: str

    def overlaps(self, other: Meeting) -> bool:
        return bool(set(self.days) & set(other.days)) and (
            self.start < other.end and other.start < self.end
        )

    def describe(self) -> str:
        def hhmm(m: int) -> str:
            return f"{m // 60:02d}:{m % 60:02d}"

        name = f"{self.label} " if self.label else ""
        return f"{name}{'/'.join(self.days)} {hhmm(self.start)}-{hhmm(self.end)}"


@dataclass(frozen=True)
class Request:
    """A validated request: `values` maps dotted paths to typed values (absent = not given)."""

    values: dict[str, Any]

    def get(self, path: str) -> Any:
        return self.values.get(path)

    def has(self, path: str) -> bool:
        return path in self.values


def _type_name(value: Any) -> str:  # noqa: PLR0911 (one return per JSON type)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | Decimal | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _show(value: Any) -> str:
    if isinstance(value, Decimal):
        return str(value)
    text = json.dumps(value, default=str, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def _number(value: Any, jpath: str, source: str, spec: FieldSpec, *, integer: bool) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal | float):
        raise RequestError(
            f"expected {'an integer' if integer else 'a number'}, got {_type_name(value)} "
            f"{_show(value)}",
            path=jpath, source=source,
        )  # fmt: skip
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if integer and number != number.to_integral_value():
        raise RequestError(f"expected an integer, got {_show(value)}", path=jpath, source=source)
    if spec.minimum is not None and number < spec.minimum:
        raise RequestError(
            f"must be at least {spec.minimum}, got {_show(value)}", path=jpath, source=source
        )
    if spec.maximum is not None and number > spec.maximum:
        raise RequestError(
            f"must be at most {spec.maximum}, got {_show(value)}", path=jpath, source=source
        )
    return number


def _time(value: Any, jpath: str, source: str) -> int:
    if not isinstance(value, str) or not _TIME.match(value):
        raise RequestError(
            f'expected a time "HH:MM" (24-hour), got {_show(value)}', path=jpath, source=source
        )
    hours, minutes = value.split(":")
    return int(hours) * 60 + int(minutes)


def _meetings(value: Any, jpath: str, source: str) -> tuple[Meeting, ...]:
    if not isinstance(value, list):
        raise RequestError(f"expected a list, got {_type_name(value)}", path=jpath, source=source)
    out = []
    for i, item in enumerate(value):
        here = f"{jpath}[{i}]"
        if not isinstance(item, dict):
            raise RequestError(
                f"expected an object {{days, start, end}}, got {_type_name(item)}",
                path=here, source=source,
            )  # fmt: skip
        unknown = sorted(set(item) - {"days", "start", "end", "label"})
        if unknown:
            raise RequestError(
                "unknown field (expected days, start, end, label)",
                path=f"{here}.{unknown[0]}", source=source,
            )  # fmt: skip
        for key in ("days", "start", "end"):
            if key not in item:
                raise RequestError("required field is missing", path=f"{here}.{key}", source=source)
        days = item["days"]
        if not isinstance(days, list) or not days:
            raise RequestError(
                "expected a non-empty list of days", path=f"{here}.days", source=source
            )
        for j, day in enumerate(days):
            if day not in DAYS:
                raise RequestError(
                    f"expected one of {', '.join(DAYS)}, got {_show(day)}",
                    path=f"{here}.days[{j}]", source=source,
                )  # fmt: skip
        start = _time(item["start"], f"{here}.start", source)
        end = _time(item["end"], f"{here}.end", source)
        if end <= start:
            raise RequestError("must be later than start", path=f"{here}.end", source=source)
        label = item.get("label", "")
        if not isinstance(label, str):
            raise RequestError(
                f"expected a string, got {_type_name(label)}", path=f"{here}.label", source=source
            )
        out.append(Meeting(tuple(days), start, end, label))
    return tuple(out)


def _coerce(spec: FieldSpec, value: Any, jpath: str, source: str) -> Any:
    if spec.type == "int":
        return _number(value, jpath, source, spec, integer=True)
    if spec.type == "number":
        return _number(value, jpath, source, spec, integer=False)
    if spec.type == "bool":
        if not isinstance(value, bool):
            raise RequestError(
                f"expected true or false, got {_type_name(value)} {_show(value)}",
                path=jpath, source=source,
            )  # fmt: skip
        return value
    if spec.type in ("enum", "str"):
        if not isinstance(value, str):
            raise RequestError(
                f"expected a string, got {_type_name(value)} {_show(value)}",
                path=jpath, source=source,
            )  # fmt: skip
        if spec.choices and value not in spec.choices:
            raise RequestError(
                f"expected one of {', '.join(spec.choices)}, got {_show(value)}",
                path=jpath, source=source,
            )  # fmt: skip
        return value
    if spec.type in ("list[int]", "list[str]"):
        if not isinstance(value, list):
            raise RequestError(
                f"expected a list, got {_type_name(value)} {_show(value)}", path=jpath,
                source=source,
            )  # fmt: skip
        items: list[Any] = []
        for i, item in enumerate(value):
            here = f"{jpath}[{i}]"
            if spec.type == "list[int]":
                items.append(_number(item, here, source, FieldSpec(here, "int", False, ""),
                                     integer=True))  # fmt: skip
            elif not isinstance(item, str) or not item.strip():
                raise RequestError(
                    f"expected a non-empty string, got {_type_name(item)} {_show(item)}",
                    path=here, source=source,
                )  # fmt: skip
            else:
                items.append(item.strip())
        return tuple(items)
    if spec.type == "meetings":
        return _meetings(value, jpath, source)
    raise AssertionError(f"unknown field type {spec.type}")  # pragma: no cover


def parse_request(data: Any, *, source: str = "request") -> Request:
    """Validate a decoded JSON request; raise `RequestError` naming the JSON path on any fault."""
    if not isinstance(data, dict):
        raise RequestError(f"expected a JSON object, got {_type_name(data)}", source=source)
    allowed_top = {*PARTS, *TOP_LEVEL_LISTS, "note"}
    for key in data:
        if key not in allowed_top:
            raise RequestError(
                f"unknown field (expected {', '.join(sorted(allowed_top))})",
                path=f"$.{key}", source=source,
            )  # fmt: skip
    values: dict[str, Any] = {}
    for part in PARTS:
        block = data.get(part, {})
        if not isinstance(block, dict):
            raise RequestError(
                f"expected an object, got {_type_name(block)}", path=f"$.{part}", source=source
            )
        known = {p.split(".", 1)[1] for p in FIELDS if p.startswith(part + ".")}
        for key, value in block.items():
            if key not in known:
                raise RequestError(
                    f"unknown field (expected one of {', '.join(sorted(known))})",
                    path=f"$.{part}.{key}", source=source,
                )  # fmt: skip
            spec = FIELDS[f"{part}.{key}"]
            if value is None:
                continue  # null means "not given"
            values[spec.path] = _coerce(spec, value, f"$.{part}.{key}", source)
    for key in TOP_LEVEL_LISTS:
        if data.get(key) is not None:
            values[key] = _coerce(FIELDS[key], data[key], f"$.{key}", source)
    if "note" in data and not isinstance(data["note"], str):
        raise RequestError(
            f"expected a string, got {_type_name(data['note'])}", path="$.note", source=source
        )
    for spec in FIELDS.values():
        if spec.required and spec.path not in values:
            raise RequestError("required field is missing", path=f"$.{spec.path}", source=source)
    return Request(values)


def parse_request_text(text: str, *, source: str = "request") -> Request:
    """Decode JSON text (numbers as Decimal) and validate it.

    JSON syntax errors name the line and column; type errors name the JSON path."""
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise RequestError(
            f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
            path="", source=source,
        ) from exc  # fmt: skip
    return parse_request(data, source=source)
