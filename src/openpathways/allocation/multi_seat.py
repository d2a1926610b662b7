"""Several seats per student: deferred acceptance in seat rounds.

A student may hold several sections as long as their units stay within the student's unit cap,
they hold at most ``max_sections`` sections, and no two of their sections meet at the same time.

Algorithm (seat rounds). Round 1 is the one-seat deferred acceptance over every section the student
could take alone. After each round the seats given are fixed, capacities shrink, and each placed
student's list is cut down to what still fits: sections not yet held, with seats left, within the
remaining units, without a time conflict with a held section, while the student is under
``max_sections``. Round r + 1 runs one-seat deferred acceptance again over those lists, among the
students placed in round r. It stops when a round places nobody. Everyone gets a first seat before
anyone gets a second: the common "one course per round" rule of registration.

Properties kept: no section over capacity; unit caps, section counts and schedules respected; round
1 is exactly the one-seat student-optimal stable matching; within every round, no justified envy
among that round's students (each round is deferred acceptance); each student's seats come in the
order of their list; the result is a function of the problem (no hidden randomness).

Properties that cannot be kept, and why: overall stability (a higher-priority student who wanted a
section as a second seat can find it filled in round 1 by lower-priority students taking their
first seat: by design, first seats come first) and strategy-proofness (a student may gain by
ranking a popular section first, as in any draft: Budish and Cantillon 2012). A one-shot
many-to-many deferred acceptance cannot fix this: with unit caps and time conflicts a student's
choice is not *substitutable* (from {A 3 units, B 5, C 4} under a 7-unit cap the student takes A
and C; from {B, C} only B: C is chosen from the larger set but not the smaller), and without
substitutability a stable allocation may not exist at all (Hatfield and Milgrom 2005).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from openpathways.allocation.deferred_acceptance import Assignment, deferred_acceptance
from openpathways.allocation.explanations import Param, Reason
from openpathways.allocation.problem import IntArray, Problem

FloatArray = npt.NDArray[np.float64]
WordArray = npt.NDArray[np.uint64]

PENDING, HELD, REFUSED, NO_SEATS, FILLED_EARLIER, OVER_UNITS, CONFLICT, MAX_SECTIONS = range(8)
_EPSILON = 1e-9


def time_slots(day: int, start_minute: int, end_minute: int, *, slot_minutes: int = 5) -> set[int]:
    """The weekly slots (``day`` 0-6, minutes from midnight) that a meeting occupies."""
    per_day = 24 * 60 // slot_minutes
    first = start_minute // slot_minutes
    last = -(-end_minute // slot_minutes)
    return {day * per_day + s for s in range(first, last)}


def pack_slots(meetings: Sequence[Iterable[int]]) -> WordArray:
    """Per section, its set of time slots as bits in 64-bit words, shape (n_sections, words)."""
    slot_lists = [list(m) for m in meetings]
    if any(slot < 0 for slots in slot_lists for slot in slots):
        raise ValueError("time slots are numbered from 0")
    highest = max((max(m, default=-1) for m in slot_lists), default=-1)
    words = max(1, highest // 64 + 1)
    packed = np.zeros((len(slot_lists), words), dtype=np.uint64)
    for section, slots in enumerate(slot_lists):
        for slot in slots:
            packed[section, slot // 64] |= np.uint64(1) << np.uint64(slot % 64)
    return packed


@dataclass(frozen=True)
class SeatLimits:
    """units: per section. unit_cap, max_sections: per student. meetings: ``pack_slots`` output
    (a section with no slots never conflicts)."""

    units: FloatArray
    unit_cap: FloatArray
    max_sections: IntArray
    meetings: WordArray

    @classmethod
    def build(
        cls,
        *,
        units: Sequence[float],
        unit_cap: Sequence[float],
        max_sections: Sequence[int] | None = None,
        meetings: Sequence[Iterable[int]] | None = None,
    ) -> SeatLimits:
        n_sections, n_students = len(units), len(unit_cap)
        return cls(
            units=np.asarray(units, dtype=np.float64),
            unit_cap=np.asarray(unit_cap, dtype=np.float64),
            max_sections=np.asarray(
                max_sections if max_sections is not None else [n_sections] * n_students,
                dtype=np.int64,
            ),
            meetings=pack_slots(meetings if meetings is not None else [()] * n_sections),
        )


@dataclass(frozen=True)
class MultiAssignment:
    """status / round per application (``*_round`` is 1-based, 0 when not applicable)."""

    problem: Problem
    limits: SeatLimits
    status: IntArray
    round_of: IntArray
    rounds: list[Assignment]
    round_choices: list[IntArray]  # per round, the original application of each sub-problem row
    section_filled_round: IntArray  # per section, the round it became full (0: never)

    def seats(self, student: int) -> list[int]:
        """The sections a student holds, in the order they were given (= order of their list)."""
        start, stop = int(self.problem.offsets[student]), int(self.problem.offsets[student + 1])
        apps = [a for a in range(start, stop) if self.status[a] == HELD]
        return [int(self.problem.choice_section[a]) for a in apps]

    def occupancy(self) -> IntArray:
        held = self.problem.choice_section[self.status == HELD]
        return np.bincount(held, minlength=self.problem.n_sections).astype(np.int64)


def multi_seat_allocate(problem: Problem, limits: SeatLimits) -> MultiAssignment:
    n, n_apps = problem.n_students, problem.n_applications
    app_student = problem.student_of_choice()
    app_section = problem.choice_section
    app_units = limits.units[app_section]
    status = np.full(n_apps, PENDING, dtype=np.int64)
    round_of = np.zeros(n_apps, dtype=np.int64)
    remaining = problem.capacity.copy()
    used_units = np.zeros(n, dtype=np.float64)
    held_count = np.zeros(n, dtype=np.int64)
    used_slots = np.zeros((n, limits.meetings.shape[1]), dtype=np.uint64)
    active = np.ones(n, dtype=np.bool_)
    filled_round = np.zeros(problem.n_sections, dtype=np.int64)
    status[problem.capacity[app_section] == 0] = NO_SEATS
    rounds: list[Assignment] = []
    round_choices: list[IntArray] = []

    while True:
        r = len(rounds) + 1
        pending = (status == PENDING) & active[app_student]
        # what no longer fits is out for good: units, section count and time slots only grow
        over = pending & (
            used_units[app_student] + app_units > limits.unit_cap[app_student] + _EPSILON
        )
        status[over] = OVER_UNITS
        maxed = pending & ~over & (held_count[app_student] >= limits.max_sections[app_student])
        status[maxed] = MAX_SECTIONS
        pending &= ~(over | maxed)
        idx = np.flatnonzero(pending)
        clash = (limits.meetings[app_section[idx]] & used_slots[app_student[idx]]).any(axis=1)
        status[idx[clash]] = CONFLICT
        round_of[idx[clash]] = r
        pending[idx[clash]] = False
        full = pending & (remaining[app_section] == 0)
        status[full] = FILLED_EARLIER
        pending &= ~full
        apps = np.flatnonzero(pending)  # sorted: by student, then rank
        if apps.size == 0:
            break
        counts = np.bincount(app_student[apps], minlength=n)
        offsets = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        sub = Problem(
            capacity=remaining.copy(),
            offsets=offsets,
            choice_section=app_section[apps],
            choice_priority=problem.choice_priority[apps],
            lottery=problem.lottery,
            choice_rank=problem.choice_rank[apps],
        )
        result = deferred_acceptance(sub)
        rounds.append(result)
        round_choices.append(apps)
        placed = np.flatnonzero(result.choice >= 0)
        # refused: every proposal above the placement (or all, when unplaced)
        position = np.arange(apps.size, dtype=np.int64) - offsets[app_student[apps]]
        at = result.position[app_student[apps]]
        refused = (at < 0) | (position < at)
        status[apps[refused]] = REFUSED
        round_of[apps[refused]] = r
        won = apps[result.choice[placed]]
        status[won] = HELD
        round_of[won] = r
        used_units[placed] += limits.units[app_section[won]]
        held_count[placed] += 1
        used_slots[placed] |= limits.meetings[app_section[won]]
        before = remaining > 0
        remaining -= result.occupancy()
        filled_round[before & (remaining == 0)] = r
        active[:] = False
        active[placed] = True
        if placed.size == 0:
            break
    return MultiAssignment(
        problem=problem,
        limits=limits,
        status=status,
        round_of=round_of,
        rounds=rounds,
        round_choices=round_choices,
        section_filled_round=filled_round,
    )


def explain_multi(
    result: MultiAssignment, student: int, *, section_ids: Sequence[str] | None = None
) -> list[Reason]:
    """Seats first (in the order given), then why each other ranked section was not given."""
    problem, limits = result.problem, result.limits

    def name(section: int) -> str:
        return section_ids[section] if section_ids is not None else str(section)

    start, stop = int(problem.offsets[student]), int(problem.offsets[student + 1])
    if start == stop:
        return [Reason("no_choices")]
    seats: list[Reason] = []
    others: list[Reason] = []
    held_sections = [
        int(problem.choice_section[a]) for a in range(start, stop) if result.status[a] == HELD
    ]
    for app in range(start, stop):
        section = int(problem.choice_section[app])
        code = int(result.status[app])
        r = int(result.round_of[app])
        base: dict[str, Param] = {
            "rank": int(problem.choice_rank[app]),
            "section": name(section),
            "priority": int(problem.choice_priority[app]),
            "lottery": int(problem.lottery[student]),
        }
        if code == HELD:
            seats.append(Reason("placed" if r == 1 else "placed_additional", {**base, "round": r}))
        elif code == REFUSED:
            cutoff = result.rounds[r - 1].cutoff(section)
            assert cutoff is not None, "a refusing section is full"
            params = {**base, "cutoff_priority": cutoff[0], "cutoff_lottery": cutoff[1], "round": r}
            higher = cutoff[0] < int(problem.choice_priority[app])
            others.append(Reason("filled_higher_priority" if higher else "filled_lottery", params))
        elif code == NO_SEATS:
            others.append(Reason("no_seats", base))
        elif code == FILLED_EARLIER:
            filled = int(result.section_filled_round[section])
            others.append(Reason("filled_earlier_round", {**base, "round": filled}))
        elif code == OVER_UNITS:
            params = {
                **base,
                "units": _number(limits.units[section]),
                "unit_cap": _number(limits.unit_cap[student]),
            }
            others.append(Reason("skipped_units", params))
        elif code == CONFLICT:
            clash = next(
                s for s in held_sections if (limits.meetings[s] & limits.meetings[section]).any()
            )
            others.append(Reason("skipped_conflict", {**base, "conflict_section": name(clash)}))
        elif code == MAX_SECTIONS:
            params = {**base, "max_sections": int(limits.max_sections[student])}
            others.append(Reason("skipped_max_sections", params))
    if not seats:
        seats.append(Reason("unplaced"))
    return seats + others


def _number(value: float) -> Param:
    return int(value) if float(value).is_integer() else f"{value:g}"
