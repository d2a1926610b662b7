"""Reading counts written by people and spreadsheets: `1200`, `1,200`, `1200.0`."""

from __future__ import annotations

import math
import re

__all__ = ["parse_count"]

_GROUPED = re.compile(r"^[+]?\d{1,3}(,\d{3})+$")


def parse_count(text: str) -> int | None:
    """The whole number `text` holds, or None if it holds none (empty text is None too).

    Accepts digits, digits grouped by commas in threes, and a float with no fractional part.
    The sign is kept, so callers can refuse negative counts with their own message.
    """
    cleaned = text.strip()
    if not cleaned:
        return None
    if _GROUPED.match(cleaned):
        cleaned = cleaned.replace(",", "")
    try:
        return int(cleaned)
    except ValueError:
        pass
    try:
        value = float(cleaned)
    except ValueError:
        return None
    if not math.isfinite(value) or not value.is_integer():
        return None
    return int(value)
