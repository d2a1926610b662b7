"""Evaluate a rule pack on a request: every rule, its result, its values and its source.

Each rule ends in one of three statuses:
- `not_applicable`: its `applies_when` conditions do not hold, it is not in effect on the date,
  the pack turned it off, or (with `when_missing = "not_applicable"`) the request lacks its inputs;
- `passed`;
- `failed`: the check failed, or its inputs are missing and the rule says
  `when_missing = "pending"`.

The decision is `ineligible` if any failed rule has `on_fail = "ineligible"`, else `pending` if
any failed rule has `on_fail = "pending"`, else `eligible`. Failures of `info` rules are reported
but never change the decision.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from openpathways.rules.messages import LANGUAGES, t
from openpathways.rules.packs import Pack, Rule, Source
from openpathways.rules.schema import Meeting, Request

DECISIONS = ("eligible", "pending", "ineligible")


@dataclass(frozen=True)
class RuleResult:
    rule: Rule
    status: str  # passed | failed | not_applicable
    messages: dict[str, str]
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.rule.id

    @property
    def passed(self) -> bool | None:
        return None if self.status == "not_applicable" else self.status == "passed"

    @property
    def source(self) -> Source:
        return self.rule.source

    @property
    def blocks(self) -> str | None:
        """The decision this result forces (`ineligible`/`pending`), or None."""
        if self.status == "failed" and self.rule.on_fail in ("ineligible", "pending"):
            return self.rule.on_fail
        return None

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "id": self.rule.id,
            "passed": self.passed,
            "status": self.status,
            "severity": self.rule.on_fail,
            "source": self.rule.source.code,
            "source_title": self.rule.source.title,
            "source_url": self.rule.source.url,
            "message": self.messages[lang],
            "message_en": self.messages["en"],
            "message_es": self.messages["es"],
            "title": self.rule.title[lang],
            "values": {k: _json_value(v) for k, v in self.values.items()},
            "defined_in": self.rule.origin,
        }


@dataclass(frozen=True)
class Decision:
    decision: str
    pack: Pack
    on: date
    results: tuple[RuleResult, ...]

    def result(self, rule_id: str) -> RuleResult:
        for result in self.results:
            if result.id == rule_id:
                return result
        raise KeyError(rule_id)

    @property
    def deciding(self) -> tuple[RuleResult, ...]:
        """The failed rules that set the decision (empty when eligible)."""
        return tuple(r for r in self.results if r.blocks == self.decision)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "decision": self.decision,
            "decision_label": t(f"decision.{self.decision}", lang),
            "pack": self.pack.id,
            "version": self.pack.version,
            "pack_digest": self.pack.digest,
            "evaluated_on": self.on.isoformat(),
            "lang": lang,
            "deciding_rules": [r.id for r in self.deciding],
            "rules": [r.to_dict(lang) for r in self.results],
        }


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, tuple | list):
        return [_json_value(v) for v in value]
    if isinstance(value, Meeting):
        return value.describe()
    return value


def fmt_number(value: Decimal) -> str:
    """15 -> "15", 11.50 -> "11.5" (no exponent, no trailing zeros)."""
    text = format(value.normalize(), "f")
    return text if text != "-0" else "0"


def fmt_share(value: Decimal) -> str:
    return fmt_number(value * 100) + "%"


def _fmt(value: Any, lang: str) -> str:
    if isinstance(value, bool):
        return t("word.yes" if value else "word.no", lang)
    if isinstance(value, Decimal):
        return fmt_number(value)
    if isinstance(value, tuple | list):
        return ", ".join(_fmt(v, lang) for v in value) if value else t("word.none", lang)
    return str(value)


def _alternatives(values: tuple[Any, ...], lang: str) -> str:
    shown = [_fmt(v, lang) for v in values]
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + f" {t('word.or', lang)} " + shown[-1]


def _window(rule: Rule, lang: str) -> str:
    start, end = rule.effective_from, rule.effective_until
    if start and end:
        return t("window.between", lang, start=start, end=end)
    if start:
        return t("window.from", lang, start=start)
    return t("window.until", lang, end=end)


def _not_applicable(rule: Rule, key: str, values: dict[str, Any] | None = None,
                    **fill: Any) -> RuleResult:  # fmt: skip
    messages = {}
    for lang in LANGUAGES:
        filled = {k: (v(lang) if callable(v) else v) for k, v in fill.items()}
        messages[lang] = t("na.prefix", lang, reason=t(key, lang, **filled))
    return RuleResult(rule, "not_applicable", messages, values or {})


def _run_check(  # noqa: PLR0911 (one return per check kind of the closed set)
    rule: Rule, request: Request
) -> tuple[bool, dict[str, Any], dict[str, Any]]:
    """(passed, values for the output, placeholder values that depend on language or not)."""
    check, p = rule.check, rule.check.params
    if check.kind in ("max", "min"):
        assert check.expr is not None
        value = check.expr.evaluate(request)
        limit: Decimal = p["limit"]
        passed = value <= limit if check.kind == "max" else value >= limit
        over = max(value - limit, Decimal(0))
        room = max(limit - value, Decimal(0))
        return passed, {"value": value, "limit": limit, "expr": check.expr.text}, {
            "value": value, "limit": limit, "over": over, "room": room,
        }  # fmt: skip
    if check.kind == "share_at_most":
        value = request.get(p["path"])
        passed = value <= p["limit"]
        return passed, {"value": value, "limit": p["limit"]}, {
            "value": fmt_share(value), "limit": fmt_share(p["limit"]),
        }  # fmt: skip
    if check.kind in ("in", "not_in"):
        value = request.get(p["path"])
        allowed = p["values"] if "values" in p else request.get(p["within"])
        if "within" in p and not allowed:
            return True, {"value": value, "allowed": ()}, {"value": value, "allowed": "*"}
        found = value in allowed
        passed = found if check.kind == "in" else not found
        key = "allowed" if check.kind == "in" else "values"
        return passed, {"value": value, key: tuple(allowed)}, {
            "value": value, key: lambda lang: _alternatives(tuple(allowed), lang),
        }  # fmt: skip
    if check.kind == "equals":
        value = request.get(p["path"])
        return value == p["value"], {"value": value, "expected": p["value"]}, {
            "value": value, "expected": p["value"],
        }  # fmt: skip
    if check.kind == "flag":
        value = request.get(p["path"])
        return value is True, {"value": value}, {"value": value}
    if check.kind == "excludes":
        present = request.get(p["path"])
        found_docs = tuple(v for v in p["values"] if v in present)
        return not found_docs, {"found": found_docs, "values": p["values"]}, {
            "found": found_docs, "values": p["values"],
        }  # fmt: skip
    if check.kind == "no_conflict":
        schedule: tuple[Meeting, ...] = request.get(p["schedule"])
        course = request.get("section.course") or ""
        meetings: tuple[Meeting, ...] = tuple(
            m if m.label else replace(m, label=course) for m in request.get(p["meetings"])
        )
        clashes = tuple(
            f"{m.describe()} / {s.describe()}" for m in meetings for s in schedule if m.overlaps(s)
        )
        return not clashes, {"conflicts": clashes}, {"conflicts": clashes}
    if check.kind == "prerequisites_met":
        required: tuple[str, ...] = request.get(p["required"])
        completed = {c.casefold() for c in request.get(p["completed"])}
        missing = tuple(c for c in required if c.casefold() not in completed)
        return not missing, {"missing": missing, "required": required}, {
            "missing": missing, "required": required,
        }  # fmt: skip
    raise AssertionError(f"unhandled check kind {check.kind}")  # pragma: no cover


def evaluate_rule(  # noqa: PLR0911 (one return per way a rule can end)
    rule: Rule, request: Request, *, on: date, pack: Pack
) -> RuleResult:
    """Evaluate one rule; see the module docstring for the statuses."""
    if not rule.enabled:
        return _not_applicable(rule, "na.disabled", pack=rule.origin)
    if (rule.effective_from and on < rule.effective_from) or (
        rule.effective_until and on > rule.effective_until
    ):
        return _not_applicable(
            rule, "na.not_in_effect", date=on.isoformat(), window=lambda lang: _window(rule, lang)
        )
    for path, allowed in rule.applies_when.items():
        if not request.has(path):
            return _not_applicable(rule, "na.condition_input", path=path)
        value = request.get(path)
        if value not in allowed:
            return _not_applicable(
                rule, "na.applies_when", {"value": value}, path=path,
                allowed=lambda lang, a=allowed: _alternatives(a, lang),
                value=lambda lang, v=value: _fmt(v, lang),
            )  # fmt: skip
    missing = [path for path in rule.check.inputs() if not request.has(path)]
    required = rule.check.params.get("required", "")
    if (
        rule.check.kind == "prerequisites_met"
        and request.has(required)
        and not request.get(required)
    ):
        missing = []  # nothing is required: met whatever the student completed
        completed = rule.check.params["completed"]
        if not request.has(completed):
            request = Request({**request.values, completed: ()})
    if missing:
        if rule.when_missing == "pending":
            messages = {
                lang: t("missing.pending", lang, paths=", ".join(missing)) for lang in LANGUAGES
            }
            return RuleResult(rule, "failed", messages, {"missing_inputs": tuple(missing)})
        return _not_applicable(
            rule, "na.missing_input", {"missing_inputs": tuple(missing)}, paths=", ".join(missing)
        )
    passed, values, fill = _run_check(rule, request)
    template = rule.messages["pass" if passed else "fail"]
    messages = {}
    for lang in LANGUAGES:
        filled = {k: (v(lang) if callable(v) else _fmt(v, lang)) for k, v in fill.items()}
        messages[lang] = template[lang].format(**filled)
    return RuleResult(rule, "passed" if passed else "failed", messages, values)


def evaluate(pack: Pack, request: Request, *, on: date) -> Decision:
    """Evaluate every rule of `pack` on `request` as of the date `on`."""
    results = tuple(evaluate_rule(rule, request, on=on, pack=pack) for rule in pack.rules)
    blocks = {r.blocks for r in results}
    if "ineligible" in blocks:
        decision = "ineligible"
    elif "pending" in blocks:
        decision = "pending"
    else:
        decision = "eligible"
    return Decision(decision=decision, pack=pack, on=on, results=results)
