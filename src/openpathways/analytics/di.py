"""Disproportionate impact (DI): the California Community Colleges methods.

Pure Python, no Django. Implements docs/metrics.md section 3:

- percentage point gap (PPG) against a reference rate: the whole cohort (`overall`, the 2017
  PPG), all other groups (`all-but-current`, PPG-1), the highest group, a named group or a fixed
  rate, with the 2017 margin of error (MOE) or the proportion-based one;
- the proportionality index (PI);
- the 80% index.

Every computation is made within one cohort, on unrounded values. For each group the result also
gives the additional successes needed to lose the DI flag and to reach parity. Those counts hold
the reference rate (and, for PPG, the MOE) fixed, as metrics.md defines them, and are the smallest
whole numbers that actually satisfy the comparison: the closed-form ceiling is refined against
the very comparison used for the flag, so a PPG gap that lands exactly on the reference (still DI,
since the rule is "less than or equal") needs one more success, and floating-point noise cannot
make a count off by one.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial

__all__ = [
    "DEFAULT_CUTOFF",
    "DEFAULT_MOE_FLOOR",
    "DEFAULT_SUBSTITUTE",
    "Z_95",
    "DIError",
    "EightyRow",
    "GroupCount",
    "Method",
    "MoeOptions",
    "PiRow",
    "PpgRow",
    "Reference",
    "di_compute",
    "eighty_percent_index",
    "margin_of_error",
    "percentage_point_gap",
    "proportionality_index",
]

Z_95 = 1.96
DEFAULT_MOE_FLOOR = 0.03  # CCCCO 2017 "Percentage Point Gap Method"
DEFAULT_SUBSTITUTE = 0.5  # p used in the MOE when the observed rate is 0 or 1
DEFAULT_CUTOFF = 0.8  # proportionality index and 80% index


class DIError(ValueError):
    """The input cannot be analysed (bad counts, unknown reference group, ...)."""


class Method(StrEnum):
    PPG = "ppg"
    PI = "pi"
    EIGHTY = "80"


@dataclass(frozen=True)
class GroupCount:
    """One group within one cohort: n students, of whom `successes` attained the outcome."""

    group: str
    n: int
    successes: int
    cohort: str = ""

    def __post_init__(self) -> None:
        if self.n <= 0:
            raise DIError(f"group {self.group!r}: n must be at least 1, got {self.n}")
        if self.successes < 0:
            raise DIError(f"group {self.group!r}: successes must not be negative")
        if self.successes > self.n:
            raise DIError(f"group {self.group!r}: successes ({self.successes}) exceed n ({self.n})")

    @property
    def rate(self) -> float:
        return self.successes / self.n


@dataclass(frozen=True)
class Reference:
    """What a group's rate is compared with.

    kind is one of `overall`, `all-but-current`, `highest`, `group` (with `group` set) or
    `value` (with `value` set, a rate between 0 and 1).
    """

    kind: str = "overall"
    group: str | None = None
    value: float | None = None

    KINDS = ("overall", "all-but-current", "highest", "group", "value")

    @classmethod
    def parse(cls, text: str, groups: Iterable[str] = ()) -> Reference:
        """Read a command-line reference: a keyword, a number or a group name.

        A token that names one of `groups` is a group even if it looks like a number.
        """
        token = text.strip()
        known = set(groups)
        if token in known:
            return cls(kind="group", group=token)
        if token in ("overall", "all-but-current", "highest"):
            return cls(kind=token)
        try:
            value = float(token)
        except ValueError:
            return cls(kind="group", group=token)
        if not math.isfinite(value) or not 0.0 <= value <= 1.0:
            raise DIError(f"a fixed reference rate must lie between 0 and 1, got {token}")
        return cls(kind="value", value=value)

    def label(self) -> str:
        if self.kind == "group":
            return f"group {self.group}"
        if self.kind == "value":
            return repr(self.value)
        return self.kind


@dataclass(frozen=True)
class MoeOptions:
    """Margin of error convention.

    Default (2017 CCCCO PPG method): max(1.96 * sqrt(0.25 / n), 0.03).
    With `use_proportion`: max(1.96 * sqrt(p (1 - p) / n), floor), where p = 0 is replaced by
    `sub0` and p = 1 by `sub1` (the 2022 PPG-1 notes use a floor of 0.02).
    """

    floor: float = DEFAULT_MOE_FLOOR
    use_proportion: bool = False
    sub0: float = DEFAULT_SUBSTITUTE
    sub1: float = DEFAULT_SUBSTITUTE
    z: float = Z_95

    def __post_init__(self) -> None:
        if not 0.0 <= self.floor < 1.0:
            raise DIError(f"the MOE floor must lie in [0, 1), got {self.floor}")
        for name, value in (("sub0", self.sub0), ("sub1", self.sub1)):
            if not 0.0 <= value <= 1.0:
                raise DIError(f"{name} must lie between 0 and 1, got {value}")


def margin_of_error(n: int, p: float, options: MoeOptions | None = None) -> float:
    """The PPG margin of error for a group of `n` with observed rate `p`."""
    opts = options or MoeOptions()
    if opts.use_proportion:
        if p == 0.0:
            p = opts.sub0
        elif p == 1.0:
            p = opts.sub1
        spread = p * (1.0 - p)
    else:
        spread = 0.25
    return max(opts.z * math.sqrt(spread / n), opts.floor)


# --------------------------------------------------------------------------- result rows


@dataclass(frozen=True)
class _Row:
    cohort: str
    group: str
    n: int
    successes: int
    di: bool | None
    needed_to_lose_flag: int | None
    needed_for_parity: int | None
    note: str = field(default="", kw_only=True)


@dataclass(frozen=True)
class PpgRow(_Row):
    rate: float
    reference: float | None
    gap: float | None
    moe: float

    COLUMNS = (
        "cohort",
        "group",
        "n",
        "successes",
        "rate",
        "reference",
        "gap",
        "moe",
        "di",
        "needed_to_lose_flag",
        "needed_for_parity",
    )


@dataclass(frozen=True)
class PiRow(_Row):
    share_of_successes: float | None
    share_of_group: float
    index: float | None

    COLUMNS = (
        "cohort",
        "group",
        "n",
        "successes",
        "share_of_successes",
        "share_of_group",
        "index",
        "di",
        "needed_to_lose_flag",
        "needed_for_parity",
    )


@dataclass(frozen=True)
class EightyRow(_Row):
    rate: float
    reference: float | None
    index: float | None

    COLUMNS = (
        "cohort",
        "group",
        "n",
        "successes",
        "rate",
        "reference",
        "index",
        "di",
        "needed_to_lose_flag",
        "needed_for_parity",
    )


# --------------------------------------------------------------------------- helpers


def _smallest_k(estimate: float, ok: Callable[[int], bool], limit: int) -> int | None:
    """Smallest k in [0, limit] with ok(k), starting from a closed-form estimate.

    `ok` is monotone (more successes never hurt). Returns None when even `limit` fails.
    """
    if not ok(limit):
        return None
    k = min(max(0, math.ceil(estimate)) if math.isfinite(estimate) else limit, limit)
    while not ok(k):
        k += 1
    while k > 0 and ok(k - 1):
        k -= 1
    return k


def _negate(predicate: Callable[[int], bool], k: int) -> bool:
    return not predicate(k)


def _ppg_flagged(g: GroupCount, moe: float, ref: float, k: int) -> bool:
    """The PPG rule after k more successes: rate + MOE <= reference."""
    return (g.successes + k) / g.n + moe <= ref


def _ppg_at_parity(g: GroupCount, ref: float, k: int) -> bool:
    return (g.successes + k) / g.n >= ref


def _eighty_reaches(g: GroupCount, ref: float, cutoff: float, k: int) -> bool:
    """After k more successes, the 80% index (rate / reference, as reported) >= cutoff."""
    return ((g.successes + k) / g.n) / ref >= cutoff


def _pi_reaches(g: GroupCount, share_group: float, total_s: int, cutoff: float, k: int) -> bool:
    """After k more successes in the group (and so in the cohort), PI >= cutoff."""
    return ((g.successes + k) / (total_s + k)) / share_group >= cutoff


def _split_cohorts(counts: Iterable[GroupCount]) -> dict[str, list[GroupCount]]:
    cohorts: dict[str, list[GroupCount]] = {}
    for item in counts:
        members = cohorts.setdefault(item.cohort, [])
        if any(m.group == item.group for m in members):
            where = f" in cohort {item.cohort!r}" if item.cohort else ""
            raise DIError(f"group {item.group!r} appears twice{where}")
        members.append(item)
    return cohorts


def _reference_rate(
    reference: Reference, current: GroupCount, members: Sequence[GroupCount]
) -> tuple[float | None, str]:
    """The reference rate for `current` within its cohort, or None with the reason."""
    total_n = sum(m.n for m in members)
    total_s = sum(m.successes for m in members)
    if reference.kind == "overall":
        return total_s / total_n, ""
    if reference.kind == "all-but-current":
        other_n = total_n - current.n
        if other_n == 0:
            return None, "PPG-1 is undefined with a single group in the cohort"
        return (total_s - current.successes) / other_n, ""
    if reference.kind == "highest":
        return max(m.rate for m in members), ""
    if reference.kind == "group":
        for m in members:
            if m.group == reference.group:
                return m.rate, ""
        where = f"cohort {current.cohort!r}" if current.cohort else "the data"
        raise DIError(f"reference group {reference.group!r} does not appear in {where}")
    if reference.kind == "value":
        assert reference.value is not None
        return reference.value, ""
    raise DIError(f"unknown reference {reference.kind!r}")


# --------------------------------------------------------------------------- methods


def percentage_point_gap(
    counts: Iterable[GroupCount],
    *,
    reference: Reference | None = None,
    moe: MoeOptions | None = None,
) -> list[PpgRow]:
    """PPG: DI when rate + MOE <= reference (less than or equal)."""
    ref_spec = reference or Reference()
    moe_opts = moe or MoeOptions()
    rows: list[PpgRow] = []
    for cohort, members in _split_cohorts(counts).items():
        for g in members:
            p = g.rate
            m = margin_of_error(g.n, p, moe_opts)
            ref, note = _reference_rate(ref_spec, g, members)
            if ref is None:
                rows.append(
                    PpgRow(
                        cohort,
                        g.group,
                        g.n,
                        g.successes,
                        None,
                        None,
                        None,
                        p,
                        None,
                        None,
                        m,
                        note=note,
                    )
                )
                continue

            flagged = partial(_ppg_flagged, g, m, ref)
            at_parity = partial(_ppg_at_parity, g, ref)
            di = flagged(0)
            room = g.n - g.successes
            notes = [note] if note else []
            lose: int | None = 0
            if di:
                lose = _smallest_k((ref - (p + m)) * g.n, partial(_negate, flagged), room)
                if lose is None:
                    notes.append("the flag cannot be lost within the group's size")
            parity: int | None = 0
            if p < ref:
                parity = _smallest_k((ref - p) * g.n, at_parity, room)
                if parity is None:
                    notes.append("parity cannot be reached within the group's size")
            rows.append(
                PpgRow(
                    cohort,
                    g.group,
                    g.n,
                    g.successes,
                    di,
                    lose,
                    parity,
                    p,
                    ref,
                    p - ref,
                    m,
                    note="; ".join(notes),
                )
            )
    return rows


def proportionality_index(
    counts: Iterable[GroupCount], *, cutoff: float = DEFAULT_CUTOFF
) -> list[PiRow]:
    """PI = (s_g / S) / (n_g / N); DI when PI < cutoff."""
    _check_cutoff(cutoff)
    rows: list[PiRow] = []
    for cohort, members in _split_cohorts(counts).items():
        total_n = sum(m.n for m in members)
        total_s = sum(m.successes for m in members)
        for g in members:
            share_group = g.n / total_n
            if total_s == 0:
                rows.append(
                    PiRow(
                        cohort,
                        g.group,
                        g.n,
                        g.successes,
                        None,
                        None,
                        None,
                        None,
                        share_group,
                        None,
                        note="no successes in the cohort: the index is undefined",
                    )
                )
                continue
            share_success = g.successes / total_s
            index = share_success / share_group

            di = index < cutoff
            room = g.n - g.successes
            lose: int | None = 0
            if di:
                lose = _smallest_k(
                    _pi_estimate(total_s, share_group, cutoff, g.successes),
                    partial(_pi_reaches, g, share_group, total_s, cutoff),
                    room,
                )
            parity: int | None = 0
            if index < 1.0:
                parity = _smallest_k(
                    _pi_estimate(total_s, share_group, 1.0, g.successes),
                    partial(_pi_reaches, g, share_group, total_s, 1.0),
                    room,
                )
            rows.append(
                PiRow(
                    cohort,
                    g.group,
                    g.n,
                    g.successes,
                    di,
                    lose,
                    parity,
                    share_success,
                    share_group,
                    index,
                )
            )
    return rows


def _pi_estimate(total_s: int, share: float, cutoff: float, successes: int) -> float:
    """ceil((S * pi * c - s) / (1 - pi * c)) from metrics.md, before refinement."""
    denominator = 1.0 - share * cutoff
    if denominator <= 0.0:
        return math.inf
    return (total_s * share * cutoff - successes) / denominator


def eighty_percent_index(
    counts: Iterable[GroupCount],
    *,
    reference: Reference | None = None,
    cutoff: float = DEFAULT_CUTOFF,
) -> list[EightyRow]:
    """80% index = rate / reference (default: the highest group's rate); DI when below cutoff."""
    _check_cutoff(cutoff)
    ref_spec = reference or Reference(kind="highest")
    rows: list[EightyRow] = []
    for cohort, members in _split_cohorts(counts).items():
        for g in members:
            p = g.rate
            ref, note = _reference_rate(ref_spec, g, members)
            if ref is None or ref == 0.0:
                reason = note or "the reference rate is 0: the index is undefined"
                rows.append(
                    EightyRow(
                        cohort,
                        g.group,
                        g.n,
                        g.successes,
                        None,
                        None,
                        None,
                        p,
                        ref,
                        None,
                        note=reason,
                    )
                )
                continue

            ref_rate: float = ref
            index = p / ref_rate
            di = index < cutoff
            room = g.n - g.successes
            notes: list[str] = []
            lose: int | None = 0
            if di:
                lose = _smallest_k(
                    (cutoff * ref_rate - p) * g.n,
                    partial(_eighty_reaches, g, ref_rate, cutoff),
                    room,
                )
                if lose is None:
                    notes.append("the flag cannot be lost within the group's size")
            parity: int | None = 0
            if p < ref:
                parity = _smallest_k(
                    (ref_rate - p) * g.n, partial(_eighty_reaches, g, ref_rate, 1.0), room
                )
                if parity is None:
                    notes.append("parity cannot be reached within the group's size")
            rows.append(
                EightyRow(
                    cohort,
                    g.group,
                    g.n,
                    g.successes,
                    di,
                    lose,
                    parity,
                    p,
                    ref,
                    index,
                    note="; ".join(notes),
                )
            )
    return rows


def _check_cutoff(cutoff: float) -> None:
    if not 0.0 < cutoff <= 1.0:
        raise DIError(f"the cutoff must lie in (0, 1], got {cutoff}")


def di_compute(
    counts: Iterable[GroupCount],
    method: Method | str,
    *,
    reference: Reference | None = None,
    moe: MoeOptions | None = None,
    cutoff: float = DEFAULT_CUTOFF,
) -> list[PpgRow] | list[PiRow] | list[EightyRow]:
    """Run one method over every cohort in `counts` (rows in input order)."""
    chosen = Method(method)
    if chosen is Method.PPG:
        return percentage_point_gap(counts, reference=reference, moe=moe)
    if chosen is Method.PI:
        return proportionality_index(counts, cutoff=cutoff)
    return eighty_percent_index(counts, reference=reference, cutoff=cutoff)
