"""Priority tiers as data: an ordered list of named predicates over student and section facts.

A run's configuration is a JSON list, highest priority first::

    [
      {"name": "seniors", "label": {"en": "seniors", "es": "estudiantes de último año"},
       "conditions": [{"fact": "grade", "op": "gte", "value": 12}]},
      {"name": "host", "label": {"en": "students of the host school",
                                 "es": "estudiantes de la escuela sede"},
       "conditions": [{"fact": "host_school", "op": "is", "value": true}]}
    ]

The conditions of a tier all have to hold. A student's priority at a section is the 1-based index
of the first tier whose conditions hold for that student and that section; a student no tier
matches is in the last level, "everyone else" (``len(tiers) + 1``). Lower is served first, ties
are broken by the run's lottery. Because facts such as ``host_school`` depend on the section, the
priority is per application, which the allocation package supports.

This module is plain Python (no Django): the services gather the facts, this evaluates them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

#: Facts a condition may test, with their type. The services compute them per application.
FACTS: dict[str, type] = {
    "grade": int,  # the student's grade level
    "host_school": bool,  # the student attends the school where the section meets
    "ccap": bool,  # the application is for a CCAP partnership (EC 76004)
    "ccap_section": bool,  # the section is listed in a CCAP agreement
    "school_code": str,  # the student's school (organization code, e.g. its CDS code)
    "residence_city": str,  # the student's city of residence
    "english_learner": bool,
    "socioeconomically_disadvantaged": bool,
    "foster": bool,
    "homeless": bool,
    "disability": bool,
}

OPS = ("eq", "ne", "lt", "lte", "gt", "gte", "in", "is")

EVERYONE_ELSE = {"en": "everyone else", "es": "todos los demás"}


class TierError(ValueError):
    """A tier configuration that cannot be used: names the tier, the field and the value."""


@dataclass(frozen=True)
class Condition:
    fact: str
    op: str
    value: Any

    def holds(self, facts: Mapping[str, Any]) -> bool:  # noqa: PLR0911 (one return per operator)
        actual = facts.get(self.fact)
        if self.op == "is":
            return bool(actual) is bool(self.value)
        if actual is None:
            return False
        if self.op == "eq":
            return bool(actual == self.value)
        if self.op == "ne":
            return bool(actual != self.value)
        if self.op == "in":
            return actual in self.value
        if self.op == "lt":
            return bool(actual < self.value)
        if self.op == "lte":
            return bool(actual <= self.value)
        if self.op == "gt":
            return bool(actual > self.value)
        return bool(actual >= self.value)  # gte


@dataclass(frozen=True)
class Tier:
    name: str
    label: Mapping[str, str]
    conditions: tuple[Condition, ...]

    def holds(self, facts: Mapping[str, Any]) -> bool:
        return all(c.holds(facts) for c in self.conditions)


def _check_value(where: str, fact: str, op: str, value: Any) -> None:
    kind = FACTS[fact]
    if op == "is":
        if not isinstance(value, bool):
            raise TierError(f"{where}: value {value!r}: 'is' takes true or false")
        return
    if op == "in":
        if not isinstance(value, list) or not value:
            raise TierError(f"{where}: value {value!r}: 'in' takes a non-empty list")
        items = value
    else:
        items = [value]
    for item in items:
        ok = isinstance(item, kind) and not (kind is int and isinstance(item, bool))
        if not ok:
            raise TierError(f"{where}: value {item!r}: fact {fact!r} takes {kind.__name__} values")
    if op in ("lt", "lte", "gt", "gte") and kind is not int:
        raise TierError(f"{where}: op {op!r}: only numeric facts can be compared")


def parse_tiers(config: Any) -> list[Tier]:
    """Validate a configuration (see the module docstring) and return its tiers, in order."""
    if not isinstance(config, list):
        raise TierError("tiers: expected a list of tiers, highest priority first")
    tiers: list[Tier] = []
    names: set[str] = set()
    for i, raw in enumerate(config, start=1):
        where = f"tier {i}"
        if not isinstance(raw, dict):
            raise TierError(f"{where}: expected an object with name, label and conditions")
        name = raw.get("name")
        if not isinstance(name, str) or not name.strip():
            raise TierError(f"{where}: field 'name': value {name!r}: a tier needs a name")
        where = f"tier {i} ({name})"
        if name in names:
            raise TierError(f"{where}: field 'name': value {name!r}: used twice")
        names.add(name)
        label = raw.get("label") or {"en": name, "es": name}
        if isinstance(label, str):
            label = {"en": label, "es": label}
        if not isinstance(label, dict) or not all(
            isinstance(label.get(lang), str) and label.get(lang) for lang in ("en", "es")
        ):
            raise TierError(f"{where}: field 'label': value {label!r}: needs 'en' and 'es' texts")
        raw_conditions = raw.get("conditions")
        if not isinstance(raw_conditions, list) or not raw_conditions:
            raise TierError(
                f"{where}: field 'conditions': value {raw_conditions!r}: a non-empty list"
            )
        conditions = []
        for j, cond in enumerate(raw_conditions, start=1):
            cwhere = f"{where}, condition {j}"
            if not isinstance(cond, dict):
                raise TierError(f"{cwhere}: expected an object with fact, op and value")
            fact, op, value = cond.get("fact"), cond.get("op", "eq"), cond.get("value")
            if fact not in FACTS:
                raise TierError(
                    f"{cwhere}: field 'fact': value {fact!r}: use one of {', '.join(FACTS)}"
                )
            if op not in OPS:
                raise TierError(f"{cwhere}: field 'op': value {op!r}: use one of {', '.join(OPS)}")
            _check_value(f"{cwhere}, field 'value'", fact, op, value)
            conditions.append(Condition(fact=fact, op=op, value=value))
        tiers.append(
            Tier(
                name=name,
                label={"en": label["en"], "es": label["es"]},
                conditions=tuple(conditions),
            )
        )
    return tiers


def priority_of(tiers: Sequence[Tier], facts: Mapping[str, Any]) -> int:
    """1-based index of the first tier that holds; ``len(tiers) + 1`` when none does."""
    for i, tier in enumerate(tiers, start=1):
        if tier.holds(facts):
            return i
    return len(tiers) + 1


def priority_labels(tiers: Sequence[Tier]) -> dict[int, dict[str, str]]:
    """Labels per priority level, for the allocation package's explanations."""
    labels = {i: dict(t.label) for i, t in enumerate(tiers, start=1)}
    labels[len(tiers) + 1] = dict(EVERYONE_ELSE)
    return labels


#: Examples shown on the configuration page and used by the demo.
EXAMPLE_TIERS: list[dict[str, Any]] = [
    {
        "name": "seniors",
        "label": {"en": "seniors", "es": "estudiantes de último año"},
        "conditions": [{"fact": "grade", "op": "gte", "value": 12}],
    },
    {
        "name": "host_school",
        "label": {"en": "students of the host school", "es": "estudiantes de la escuela sede"},
        "conditions": [{"fact": "host_school", "op": "is", "value": True}],
    },
    {
        "name": "equity",
        "label": {"en": "equity priority group", "es": "grupo de prioridad de equidad"},
        "conditions": [{"fact": "socioeconomically_disadvantaged", "op": "is", "value": True}],
    },
]
