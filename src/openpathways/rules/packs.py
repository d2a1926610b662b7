"""Rule packs: versioned TOML files of eligibility rules, validated when they load.

A pack file has a `[pack]` header (id, version, effective date, description, optionally
`extends = "other-pack@version"`), a list of `[[rules]]` and, in an extending pack, an
`[overrides."rule.id"]` table per changed rule. The format is described in docs/rules.md and
docs/howto/add-a-rule.md; every mistake is reported as a `PackError` naming the file, the line
(where it can be found), the rule id and the field.

Packs are found by id in search directories laid out as `<dir>/<pack-id>/<version>.toml`; the
package's own `packs/` directory is always searched last, and `OPENPATHWAYS_RULE_PACKS`
(directories separated by the OS path separator) adds agreement-specific directories.
"""

from __future__ import annotations

import copy
import hashlib
import os
import re
import string
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpathways.rules.expressions import Expression, ExpressionError, parse_expression
from openpathways.rules.messages import LANGUAGES
from openpathways.rules.schema import FIELDS, FieldSpec

PACKS_DIR = Path(__file__).resolve().parent / "packs"
DEFAULT_PACK = "ca-dual-enrollment"
ENV_VAR = "OPENPATHWAYS_RULE_PACKS"

OUTCOMES = ("ineligible", "pending", "info")
WHEN_MISSING = ("not_applicable", "pending")
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_VERSION = re.compile(r"^\d+(\.\d+)*$")
_EXTENDS = re.compile(r"^[a-z0-9][a-z0-9._-]*@\d+(\.\d+)*$")


@dataclass(frozen=True)
class CheckKind:
    required: frozenset[str]
    optional: frozenset[str]
    placeholders: frozenset[str]
    doc: str


def _kind(req: str, opt: str, ph: str, doc: str) -> CheckKind:
    return CheckKind(frozenset(req.split()), frozenset(opt.split()), frozenset(ph.split()), doc)


CHECK_KINDS: dict[str, CheckKind] = {
    "max": _kind("expr limit", "", "value limit over room",
                 "the expression is at most `limit` (inclusive)"),
    "min": _kind("expr limit", "", "value limit over room",
                 "the expression is at least `limit` (inclusive)"),
    "share_at_most": _kind("path limit", "", "value limit",
                           "a share between 0 and 1 is at most `limit` (inclusive)"),
    "in": _kind("path", "values within", "value allowed",
                "the field's value is one of `values`, or one of the list at path `within`"),
    "not_in": _kind("path values", "", "value values", "the field's value is none of `values`"),
    "equals": _kind("path value", "", "value expected", "the field equals `value`"),
    "flag": _kind("path", "", "value", "the true/false field is true"),
    "excludes": _kind("path values", "", "found values",
                      "the list field contains none of `values`"),
    "no_conflict": _kind("", "schedule meetings", "conflicts",
                         "no meeting of the section overlaps the student's schedule"),
    "prerequisites_met": _kind("", "required completed", "missing required",
                               "every required course is among the completed ones"),
}  # fmt: skip
"""The closed set of check kinds: required and optional parameters, message placeholders."""

RULE_KEYS = frozenset(
    {
        "id", "title", "applies_when", "check", "on_fail", "when_missing", "messages", "source",
        "effective_from", "effective_until", "enabled", "note",
    }
)  # fmt: skip
OVERRIDE_KEYS = RULE_KEYS - {"id"}
OVERRIDABLE_CHECK_KEYS = frozenset({"limit", "values", "value"})
SOURCE_KEYS = frozenset({"code", "title", "url", "note"})
PACK_KEYS = frozenset({"id", "version", "effective", "description", "extends"})


class PackError(ValueError):
    """A pack that cannot be used: names the file, line, rule id and field."""

    def __init__(
        self,
        message: str,
        *,
        file: Path | str,
        rule: str | None = None,
        field: str | None = None,
        line: int | None = None,
    ) -> None:
        self.file = str(file)
        self.rule = rule
        self.field = field
        self.line = line
        self.detail = message
        where = self.file + (f":{line}" if line else "")
        parts = [where]
        if rule:
            parts.append(f"rule {rule!r}")
        if field:
            parts.append(f"field {field!r}")
        super().__init__(": ".join(parts) + f": {message}")


@dataclass(frozen=True)
class Source:
    code: str
    title: str
    url: str = ""
    note: str = ""


@dataclass(frozen=True)
class Check:
    kind: str
    params: dict[str, Any]
    expr: Expression | None = None

    def inputs(self) -> tuple[str, ...]:
        """The request fields this check reads."""
        p = self.params
        if self.expr is not None:
            return self.expr.paths
        if self.kind == "no_conflict":
            return (p["meetings"], p["schedule"])
        if self.kind == "prerequisites_met":
            return (p["required"], p["completed"])
        paths = [p["path"]]
        if "within" in p:
            paths.append(p["within"])
        return tuple(paths)


@dataclass(frozen=True)
class Rule:
    id: str
    title: dict[str, str]
    applies_when: dict[str, tuple[Any, ...]]
    check: Check
    on_fail: str
    when_missing: str
    messages: dict[str, dict[str, str]]
    source: Source
    effective_from: date | None
    effective_until: date | None
    enabled: bool
    note: str
    origin: str
    raw: dict[str, Any] = field(repr=False, compare=False)


@dataclass(frozen=True)
class Pack:
    id: str
    version: str
    effective: date
    description: str
    rules: tuple[Rule, ...]
    path: Path
    extends: str | None = None
    digest: str = ""
    """SHA-256 of this file's text and of the packs it extends: store it with a decision to
    prove later which exact rules were applied (a version edited in place changes it)."""

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


# --------------------------------------------------------------------------- line lookup


class _Locator:
    """Finds the line of a rule or field in the pack text, for error messages."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def rule_line(
        self, rule_id: str | None, *, table: str = "rules", last: bool = False
    ) -> int | None:
        if not rule_id:
            return None
        if table == "overrides":
            pattern = re.compile(r'^\s*\[\s*overrides\.("?)' + re.escape(rule_id) + r"\1\s*\]")
        else:
            pattern = re.compile(r"""^\s*id\s*=\s*["']""" + re.escape(rule_id) + r"""["']""")
        found = [n for n, line in enumerate(self.lines, start=1) if pattern.search(line)]
        if not found:
            return None
        return found[-1] if last else found[0]

    def field_line(
        self, rule_id: str | None, field_name: str | None, *, table: str = "rules",
        last: bool = False,
    ) -> int | None:  # fmt: skip
        if rule_id is None and field_name and field_name.startswith("pack."):
            key = re.compile(r"^\s*" + re.escape(field_name.split(".", 1)[1]) + r"\s*=")
            return next((n for n, ln in enumerate(self.lines, 1) if key.search(ln)), None)
        start = self.rule_line(rule_id, table=table, last=last)
        if start is None or not field_name:
            return start
        first = field_name.split(".")[0]
        head = re.compile(r"^\s*" + re.escape(first) + r"\s*[.=]")
        sub = field_name.split(".")[1] if "." in field_name else None
        best = None
        for number in range(start, len(self.lines) + 1):
            line = self.lines[number - 1]
            if number > start and re.match(r"^\s*\[", line):
                break
            if head.search(line):
                best = best or number
                if sub is None or re.search(r"\b" + re.escape(sub) + r"\b", line):
                    return number
        return best or start


# --------------------------------------------------------------------------- validation


class _Ctx:
    def __init__(self, file: Path, text: str, origin: str) -> None:
        self.file = file
        self.locator = _Locator(text)
        self.origin = origin
        self.table = "rules"

    def error(
        self, message: str, *, rule: str | None = None, field: str | None = None,
        last: bool = False,
    ) -> PackError:  # fmt: skip
        line = self.locator.field_line(rule, field, table=self.table, last=last)
        return PackError(message, file=self.file, rule=rule, field=field, line=line)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | Decimal | float) and not isinstance(value, bool)


def _value_fits(spec: FieldSpec, value: Any) -> bool:
    base = spec.type[5:-1] if spec.type.startswith("list[") else spec.type
    if base in ("int", "number"):
        return _is_number(value) and (base == "number" or Decimal(value) == int(value))
    if base == "bool":
        return isinstance(value, bool)
    if base == "enum":
        return isinstance(value, str) and (not spec.choices or value in spec.choices)
    if base == "str":
        return isinstance(value, str)
    return False


def _describe(spec: FieldSpec) -> str:
    if spec.type == "enum" and spec.choices:
        return "one of " + ", ".join(spec.choices)
    return spec.type


def _field(ctx: _Ctx, rid: str, where: str, path: Any, *, types: Iterable[str]) -> FieldSpec:
    types = tuple(types)
    if not isinstance(path, str):
        raise ctx.error(f"expected a field path string, got {path!r}", rule=rid, field=where)
    spec = FIELDS.get(path)
    if spec is None:
        raise ctx.error(f"unknown request field {path!r}", rule=rid, field=where)
    if spec.type not in types:
        raise ctx.error(
            f"field {path!r} is {spec.type}; this check needs {' or '.join(types)}",
            rule=rid, field=where,
        )  # fmt: skip
    return spec


def _values(ctx: _Ctx, rid: str, where: str, spec: FieldSpec, values: Any) -> tuple[Any, ...]:
    if not isinstance(values, list) or not values:
        raise ctx.error("expected a non-empty list", rule=rid, field=where)
    for value in values:
        if not _value_fits(spec, value):
            raise ctx.error(
                f"value {value!r} does not fit field {spec.path!r} ({_describe(spec)})",
                rule=rid, field=where,
            )  # fmt: skip
    return tuple(values)


_SCALAR = ("int", "number", "bool", "enum", "str")


def _build_check(ctx: _Ctx, rid: str, raw: Any) -> Check:
    if not isinstance(raw, dict):
        raise ctx.error("expected a table with `kind` and its parameters", rule=rid, field="check")
    kind = raw.get("kind")
    if kind not in CHECK_KINDS:
        raise ctx.error(
            f"unknown check kind {kind!r} (expected one of {', '.join(CHECK_KINDS)})",
            rule=rid, field="check.kind",
        )  # fmt: skip
    spec = CHECK_KINDS[kind]
    params = {k: v for k, v in raw.items() if k != "kind"}
    for key in params:
        if key not in spec.required | spec.optional:
            allowed = ", ".join(sorted(spec.required | spec.optional)) or "none"
            raise ctx.error(
                f"unknown parameter {key!r} for check kind {kind!r} (allowed: {allowed})",
                rule=rid, field=f"check.{key}",
            )  # fmt: skip
    for key in spec.required:
        if key not in params:
            raise ctx.error(f"check kind {kind!r} needs {key!r}", rule=rid, field=f"check.{key}")
    expr = None
    if kind in ("max", "min"):
        try:
            expr = parse_expression(params["expr"])
        except ExpressionError as exc:
            raise ctx.error(str(exc), rule=rid, field="check.expr") from exc
        if not _is_number(params["limit"]):
            raise ctx.error(
                f"expected a number, got {params['limit']!r}", rule=rid, field="check.limit"
            )
        params["limit"] = Decimal(str(params["limit"]))
    elif kind == "share_at_most":
        _field(ctx, rid, "check.path", params["path"], types=("number",))
        limit = params["limit"]
        if not _is_number(limit) or not 0 <= Decimal(str(limit)) <= 1:
            raise ctx.error(
                f"expected a share between 0 and 1 (5% is 0.05), got {limit!r}",
                rule=rid, field="check.limit",
            )  # fmt: skip
        params["limit"] = Decimal(str(limit))
    elif kind in ("in", "not_in"):
        fspec = _field(ctx, rid, "check.path", params["path"], types=_SCALAR)
        has_values, has_within = "values" in params, "within" in params
        if has_values == has_within:
            raise ctx.error(
                "give exactly one of `values` (a list) or `within` (a list field's path)",
                rule=rid, field="check.values",
            )  # fmt: skip
        if has_values:
            params["values"] = _values(ctx, rid, "check.values", fspec, params["values"])
        else:
            lspec = _field(ctx, rid, "check.within", params["within"],
                           types=("list[int]", "list[str]"))  # fmt: skip
            element = lspec.type[5:-1]
            if (element in ("int", "number")) != fspec.numeric:
                raise ctx.error(
                    f"{params['path']!r} ({fspec.type}) cannot be looked up in "
                    f"{params['within']!r} ({lspec.type})",
                    rule=rid, field="check.within",
                )  # fmt: skip
    elif kind == "equals":
        fspec = _field(ctx, rid, "check.path", params["path"], types=_SCALAR)
        if not _value_fits(fspec, params["value"]):
            raise ctx.error(
                f"value {params['value']!r} does not fit field {fspec.path!r} "
                f"({_describe(fspec)})",
                rule=rid, field="check.value",
            )  # fmt: skip
    elif kind == "flag":
        _field(ctx, rid, "check.path", params["path"], types=("bool",))
    elif kind == "excludes":
        fspec = _field(ctx, rid, "check.path", params["path"], types=("list[str]",))
        params["values"] = _values(ctx, rid, "check.values", fspec, params["values"])
    elif kind == "no_conflict":
        params.setdefault("schedule", "student.schedule")
        params.setdefault("meetings", "section.meetings")
        _field(ctx, rid, "check.schedule", params["schedule"], types=("meetings",))
        _field(ctx, rid, "check.meetings", params["meetings"], types=("meetings",))
    elif kind == "prerequisites_met":
        params.setdefault("required", "section.prerequisites")
        params.setdefault("completed", "student.completed_courses")
        _field(ctx, rid, "check.required", params["required"], types=("list[str]",))
        _field(ctx, rid, "check.completed", params["completed"], types=("list[str]",))
    return Check(kind=kind, params=params, expr=expr)


def _lang_table(ctx: _Ctx, rid: str, where: str, raw: Any) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise ctx.error(
            f"expected a table with {' and '.join(LANGUAGES)} texts", rule=rid, field=where
        )
    for lang in LANGUAGES:
        text = raw.get(lang)
        if not isinstance(text, str) or not text.strip():
            raise ctx.error(
                f"missing the {'English' if lang == 'en' else 'Spanish'} text ({lang!r})",
                rule=rid, field=f"{where}.{lang}",
            )  # fmt: skip
    for key in raw:
        if key not in LANGUAGES:
            raise ctx.error(
                f"unknown language {key!r} (expected {', '.join(LANGUAGES)})",
                rule=rid, field=f"{where}.{key}",
            )  # fmt: skip
    return {lang: raw[lang].strip() for lang in LANGUAGES}


def _placeholders(ctx: _Ctx, rid: str, where: str, text: str, allowed: frozenset[str]) -> None:
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise ctx.error(f"bad placeholder syntax: {exc}", rule=rid, field=where) from exc
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in allowed or spec or conversion:
            names = ", ".join("{" + n + "}" for n in sorted(allowed)) or "none"
            raise ctx.error(
                f"unknown placeholder {{{name}}} (this check offers: {names})",
                rule=rid, field=where,
            )  # fmt: skip


def _date(ctx: _Ctx, rid: str | None, where: str, value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    raise ctx.error(
        f"expected a TOML date such as 2025-07-01 (no quotes), got {value!r}",
        rule=rid, field=where,
    )  # fmt: skip


def _build_rule(ctx: _Ctx, raw: Any, index: int) -> Rule:
    if not isinstance(raw, dict):
        raise ctx.error(f"rule #{index + 1} is not a table")
    rid = raw.get("id")
    if not isinstance(rid, str) or not _ID.match(rid):
        raise ctx.error(
            f"rule #{index + 1}: `id` must be a lowercase identifier such as 'ccap.unit-cap', "
            f"got {rid!r}",
            field="id",
        )  # fmt: skip
    for key in raw:
        if key not in RULE_KEYS:
            raise ctx.error(
                f"unknown key (allowed: {', '.join(sorted(RULE_KEYS))})", rule=rid, field=key
            )
    title = _lang_table(ctx, rid, "title", raw.get("title"))
    check = _build_check(ctx, rid, copy.deepcopy(raw.get("check")))

    applies: dict[str, tuple[Any, ...]] = {}
    raw_applies = raw.get("applies_when", {})
    if not isinstance(raw_applies, dict):
        raise ctx.error("expected a table of field path = [values]", rule=rid, field="applies_when")
    for path, allowed in raw_applies.items():
        where = f"applies_when.{path}"
        spec = _field(ctx, rid, where, path, types=_SCALAR)
        applies[path] = _values(
            ctx, rid, where, spec, allowed if isinstance(allowed, list) else [allowed]
        )

    on_fail = raw.get("on_fail")
    if on_fail not in OUTCOMES:
        raise ctx.error(
            f"expected one of {', '.join(OUTCOMES)}, got {on_fail!r}", rule=rid, field="on_fail"
        )
    when_missing = raw.get("when_missing", "not_applicable")
    if when_missing not in WHEN_MISSING:
        raise ctx.error(
            f"expected one of {', '.join(WHEN_MISSING)}, got {when_missing!r}",
            rule=rid, field="when_missing",
        )  # fmt: skip

    raw_messages = raw.get("messages")
    if not isinstance(raw_messages, dict):
        raise ctx.error("expected a table with `pass` and `fail` texts", rule=rid, field="messages")
    messages: dict[str, dict[str, str]] = {}
    allowed = CHECK_KINDS[check.kind].placeholders
    for outcome in ("pass", "fail"):
        table = _lang_table(ctx, rid, f"messages.{outcome}", raw_messages.get(outcome))
        for lang, text in table.items():
            _placeholders(ctx, rid, f"messages.{outcome}.{lang}", text, allowed)
        messages[outcome] = table
    for key in raw_messages:
        if key not in ("pass", "fail"):
            raise ctx.error(
                "unknown message (expected pass, fail)", rule=rid, field=f"messages.{key}"
            )

    raw_source = raw.get("source")
    if not isinstance(raw_source, dict):
        raise ctx.error(
            "every rule needs a source: { code = \"EC 76004\", title = \"...\", url = \"...\" }",
            rule=rid, field="source",
        )  # fmt: skip
    for key in raw_source:
        if key not in SOURCE_KEYS:
            raise ctx.error(
                f"unknown key (allowed: {', '.join(sorted(SOURCE_KEYS))})",
                rule=rid, field=f"source.{key}",
            )  # fmt: skip
    for key in ("code", "title"):
        if not isinstance(raw_source.get(key), str) or not raw_source[key].strip():
            raise ctx.error("missing or empty", rule=rid, field=f"source.{key}")
    url = raw_source.get("url", "")
    if not isinstance(url, str) or (url and not url.startswith(("https://", "http://"))):
        raise ctx.error(f"expected an http(s) address, got {url!r}", rule=rid, field="source.url")
    source = Source(
        code=raw_source["code"].strip(), title=raw_source["title"].strip(), url=url,
        note=str(raw_source.get("note", "")),
    )  # fmt: skip

    start = _date(ctx, rid, "effective_from", raw.get("effective_from"))
    end = _date(ctx, rid, "effective_until", raw.get("effective_until"))
    if start and end and end < start:
        raise ctx.error("ends before effective_from", rule=rid, field="effective_until")
    enabled = raw.get("enabled", True)
    if not isinstance(enabled, bool):
        raise ctx.error(f"expected true or false, got {enabled!r}", rule=rid, field="enabled")
    note = raw.get("note", "")
    if not isinstance(note, str):
        raise ctx.error("expected a string", rule=rid, field="note")
    return Rule(
        id=rid, title=title, applies_when=applies, check=check, on_fail=on_fail,
        when_missing=when_missing, messages=messages, source=source, effective_from=start,
        effective_until=end, enabled=enabled, note=note, origin=ctx.origin, raw=raw,
    )  # fmt: skip


def _merge(base: dict[str, Any], change: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in change.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict) and key != "applies_when":
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


# --------------------------------------------------------------------------- loading


def _read(path: Path) -> tuple[dict[str, Any], str]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise PackError(f"cannot read the file: {exc.strerror}", file=path) from exc
    try:
        return tomllib.loads(text, parse_float=Decimal), text
    except tomllib.TOMLDecodeError as exc:
        raise PackError(f"not valid TOML: {exc}", file=path) from exc


def _header(data: dict[str, Any], ctx: _Ctx) -> dict[str, Any]:
    head = data.get("pack")
    if not isinstance(head, dict):
        raise ctx.error("missing the [pack] table (id, version, effective)")
    for key in head:
        if key not in PACK_KEYS:
            raise ctx.error(
                f"unknown key in [pack] (allowed: {', '.join(sorted(PACK_KEYS))})",
                field=f"pack.{key}",
            )
    if not isinstance(head.get("id"), str) or not _ID.match(head["id"]):
        raise ctx.error(f"expected a lowercase identifier, got {head.get('id')!r}", field="pack.id")
    if not isinstance(head.get("version"), str) or not _VERSION.match(head["version"]):
        raise ctx.error(
            f'expected a version string such as "2025.1", got {head.get("version")!r}',
            field="pack.version",
        )
    if _date(ctx, None, "pack.effective", head.get("effective")) is None:
        raise ctx.error("missing the effective date", field="pack.effective")
    extends = head.get("extends")
    if extends is not None and (not isinstance(extends, str) or not _EXTENDS.match(extends)):
        raise ctx.error(
            f'expected "pack-id@version" (a fixed version, so the base cannot change under the '
            f"pack), got {extends!r}",
            field="pack.extends",
        )
    return head


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


def search_dirs(extra: Sequence[Path | str] = ()) -> list[Path]:
    """Where packs are looked up: `extra`, then `$OPENPATHWAYS_RULE_PACKS`, then the built-ins."""
    dirs = [Path(d) for d in extra]
    dirs += [Path(d) for d in os.environ.get(ENV_VAR, "").split(os.pathsep) if d]
    dirs.append(PACKS_DIR)
    return dirs


class PackIndex(dict[tuple[str, str], Path]):
    """Pack files by (id, version), with the files that could not be indexed."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[PackError] = []
        self.ambiguous: dict[tuple[str, str], tuple[Path, Path]] = {}


def pack_index(dirs: Sequence[Path]) -> PackIndex:
    """Every pack file in `dirs` (`<dir>/<id>/<version>.toml` or `<dir>/*.toml`) by (id, version).

    The first directory wins when the same id and version appear in two directories, so an
    agreement directory can shadow a built-in pack. Two files with the same id and version in
    one directory make that pack ambiguous (an error when it is asked for). A file whose header
    cannot be read is left out and kept in `problems`, so it does not block the other packs.
    """
    index = PackIndex()
    for directory in dict.fromkeys(dirs):
        if not directory.is_dir():
            continue
        seen: dict[tuple[str, str], Path] = {}
        for path in sorted([*directory.glob("*.toml"), *directory.glob("*/*.toml")]):
            try:
                data, text = _read(path)
                head = _header(data, _Ctx(path, text, ""))
            except PackError as exc:
                index.problems.append(exc)
                continue
            key = (head["id"], head["version"])
            if key in seen:
                index.ambiguous[key] = (seen[key], path)
                continue
            seen[key] = path
            index.setdefault(key, path)
    return index


def _resolve(ref: str, index: PackIndex, on: date | None) -> Path:
    pack_id, _, version = ref.partition("@")
    if version and (pack_id, version) in index.ambiguous:
        first, second = index.ambiguous[(pack_id, version)]
        raise LookupError(f"rule pack {ref} is defined twice: in {first} and in {second}")
    if version:
        path = index.get((pack_id, version))
        if path is None:
            known = sorted(v for i, v in index if i == pack_id)
            hint = f" (known versions: {', '.join(known)})" if known else ""
            raise LookupError(f"no rule pack {pack_id}@{version}{hint}")
        return path
    candidates = sorted(
        ((v, p) for (i, v), p in index.items() if i == pack_id), key=lambda vp: _version_key(vp[0])
    )
    if not candidates:
        known_ids = ", ".join(sorted({i for i, _ in index})) or "none"
        raise LookupError(f"no rule pack named {pack_id!r} (known packs: {known_ids})")
    if on is not None:
        effective = []
        for version_, path in candidates:
            data, _ = _read(path)
            if data["pack"]["effective"] <= on:
                effective.append((version_, path))
        if not effective:
            raise LookupError(f"no version of rule pack {pack_id!r} is in effect on {on}")
        candidates = effective
    return candidates[-1][1]


def load_pack(
    ref: str | Path = DEFAULT_PACK,
    *,
    on: date | None = None,
    dirs: Sequence[Path | str] = (),
) -> Pack:
    """Load and validate a pack by id (`ca-dual-enrollment`), id@version, or file path.

    Without a version, the newest version in effect on `on` is chosen (the newest of all when
    `on` is None). Raises `PackError` for a broken pack, `LookupError` for an unknown one.
    """
    text_ref = str(ref)
    is_file = isinstance(ref, Path) or text_ref.endswith(".toml") or os.sep in text_ref
    search = search_dirs(dirs)
    if is_file:
        path = Path(ref)
        # A pack file finds the pack it extends beside it, or, in the <id>/<version>.toml
        # layout, in the directory above.
        data, text = _read(path)
        head = _header(data, _Ctx(path, text, ""))
        near = [path.parent]
        if path.parent.name == head["id"]:
            near.append(path.parent.parent)
        return _load_file(path, [*near, *search], chain=())
    return _load_file(_resolve(text_ref, pack_index(search), on), search, chain=())


def _load_file(path: Path, search: Sequence[Path], chain: tuple[str, ...]) -> Pack:
    data, text = _read(path)
    ctx = _Ctx(path, text, "")
    head = _header(data, ctx)
    ref = f"{head['id']}@{head['version']}"
    ctx.origin = ref
    if ref in chain:
        raise ctx.error(
            f"pack extends itself through {' -> '.join([*chain, ref])}", field="pack.extends"
        )
    for key in data:
        if key not in ("pack", "rules", "overrides"):
            raise PackError(
                f"unknown table [{key}] (expected [pack], [[rules]], [overrides.<rule id>])",
                file=path,
            )
    raw_rules = data.get("rules", [])
    if not isinstance(raw_rules, list):
        raise PackError("`rules` must be an array of tables ([[rules]])", file=path)

    rules: list[Rule] = []
    digest = hashlib.sha256(text.encode("utf-8"))
    extends = head.get("extends")
    if extends:
        try:
            base_path = _resolve(extends, pack_index(search), None)
        except LookupError as exc:
            raise ctx.error(str(exc).strip("'\""), field="pack.extends") from exc
        base = _load_file(base_path, search, (*chain, ref))
        digest.update(base.digest.encode("ascii"))
        rules = list(base.rules)
        overrides = data.get("overrides", {})
        if not isinstance(overrides, dict):
            raise PackError("`overrides` must be a table of rule ids", file=path)
        ctx.table = "overrides"
        by_id = {r.id: i for i, r in enumerate(rules)}
        for rid, change in overrides.items():
            if rid not in by_id:
                raise ctx.error(f"no rule with this id in {base.ref}", rule=rid)
            if not isinstance(change, dict):
                raise ctx.error("expected a table of changed fields", rule=rid)
            for key, value in change.items():
                if key not in OVERRIDE_KEYS:
                    raise ctx.error(
                        f"cannot be overridden (allowed: {', '.join(sorted(OVERRIDE_KEYS))})",
                        rule=rid, field=key,
                    )  # fmt: skip
                if key == "check":
                    bad = sorted(set(value) - OVERRIDABLE_CHECK_KEYS) if isinstance(value, dict) \
                        else ["check"]  # fmt: skip
                    if bad:
                        raise ctx.error(
                            "an override may change only the check's "
                            f"{', '.join(sorted(OVERRIDABLE_CHECK_KEYS))}; write a new rule to "
                            "change what is checked",
                            rule=rid, field=f"check.{bad[0]}",
                        )  # fmt: skip
            index = by_id[rid]
            merged = _merge(rules[index].raw, change)
            rules[index] = _build_rule(ctx, merged, index)
        ctx.table = "rules"
    elif "overrides" in data:
        raise PackError("[overrides] needs `extends` in [pack]", file=path, field="overrides")

    seen = {r.id for r in rules}
    for i, raw in enumerate(raw_rules):
        rule = _build_rule(ctx, raw, i)
        if rule.id in seen:
            hint = " (use [overrides] to change a rule of the base pack)" if extends else ""
            raise ctx.error(f"duplicate rule id{hint}", rule=rule.id, field="id", last=True)
        seen.add(rule.id)
        rules.append(rule)
    if not rules:
        raise PackError("the pack has no rules", file=path)
    return Pack(
        id=head["id"], version=head["version"], effective=head["effective"],
        description=str(head.get("description", "")).strip(), rules=tuple(rules), path=path,
        extends=extends, digest=digest.hexdigest(),
    )  # fmt: skip


def pack_list(dirs: Sequence[Path | str] = ()) -> list[tuple[str, str, Path]]:
    """(id, version, file) of every pack found, sorted by id then version."""
    index = pack_index(search_dirs(dirs))
    return sorted(
        ((i, v, p) for (i, v), p in index.items()), key=lambda t: (t[0], _version_key(t[1]))
    )
