"""Request builders for the rules tests: one valid base request, changed field by field."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from openpathways.rules import Decision, evaluate, load_pack, parse_request

ON = date(2025, 9, 15)  # a fall day inside the 2025.1 pack's effective window

BASE: dict[str, Any] = {
    "student": {
        "grade": 11,
        "program": "ccap",
        "consent": "granted",
        "counselor_recommendation": True,
        "counseling_session_recorded": False,
        "term_units_enrolled": 8,
        "term_courses_enrolled": 2,
    },
    "section": {
        "units": 3,
        "term": "fall",
        "provider": "college",
        "grades_allowed": [11, 12],
        "in_ccap_agreement": True,
        "high_school_only": False,
        "at_high_school_during_school_day": False,
    },
    "context": {"summer_recommended_share": 0.03},
}

ADULT_ED: dict[str, Any] = {
    "student": {"program": "adult-ed", "counseling_session_recorded": True},
    "section": {"provider": "adult-ed", "units": 0, "grades_allowed": [11, 12]},
}

DELETE = object()
"""Marker: remove this key from the base request."""


def merge(base: dict[str, Any], change: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in change.items():
        if value is DELETE:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def request_data(*changes: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    for change in changes:
        data = merge(data, change)
    return data


def decide(*changes: dict[str, Any], pack: Any = None, on: date = ON) -> Decision:
    return evaluate(pack or load_pack(), parse_request(request_data(*changes)), on=on)
