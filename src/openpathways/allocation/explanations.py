"""Why each student got the seat they got: structured reasons (codes + parameters) and their texts.

For a placed student: one ``placed`` reason, preceded by one reason per section ranked above the
placement, saying why it was out of reach. For an unplaced student: one reason per ranked section,
then ``unplaced`` (or only ``no_choices``). Because the matching is stable, every section ranked
above a placement is full, and its last admitted student is ahead of the student there: either in
a higher priority tier (``filled_higher_priority``) or in the same tier with a lower lottery number
(``filled_lottery``); a section without seats gives ``no_seats``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from openpathways.allocation.deferred_acceptance import Assignment
from openpathways.allocation.messages import DEFAULT_PRIORITY_LABEL, LANGUAGES, MESSAGES, ordinal
from openpathways.allocation.problem import BoolArray, IntArray

Param = int | str
PriorityLabels = Mapping[int, Mapping[str, str]]


@dataclass(frozen=True)
class Reason:
    code: str
    params: Mapping[str, Param] = field(default_factory=dict)


def explain(
    assignment: Assignment, student: int, *, section_ids: Sequence[str] | None = None
) -> list[Reason]:
    """The reasons, in the order of the student's list, for one student's outcome."""
    problem = assignment.problem
    start, stop = int(problem.offsets[student]), int(problem.offsets[student + 1])
    if start == stop:
        return [Reason("no_choices")]
    held = int(assignment.choice[student])
    last = held if held >= 0 else stop
    lottery = int(problem.lottery[student])
    reasons: list[Reason] = []
    for app in range(start, last):
        section = int(problem.choice_section[app])
        name = section_ids[section] if section_ids is not None else str(section)
        own_priority = int(problem.choice_priority[app])
        base: dict[str, Param] = {
            "rank": int(problem.choice_rank[app]),
            "section": name,
            "priority": own_priority,
            "lottery": lottery,
        }
        cutoff = assignment.cutoff(section)
        if cutoff is None:
            if int(problem.capacity[section]) != 0:
                raise AssertionError(f"student {student} refused by a section that is not full")
            reasons.append(Reason("no_seats", base))
            continue
        cutoff_priority, cutoff_lottery = cutoff
        params = {**base, "cutoff_priority": cutoff_priority, "cutoff_lottery": cutoff_lottery}
        if cutoff_priority < own_priority:
            reasons.append(Reason("filled_higher_priority", params))
        else:
            reasons.append(Reason("filled_lottery", params))
    if held >= 0:
        section = int(problem.choice_section[held])
        name = section_ids[section] if section_ids is not None else str(section)
        reasons.append(Reason("placed", {"rank": int(problem.choice_rank[held]), "section": name}))
    else:
        reasons.append(Reason("unplaced"))
    return reasons


def priority_label(priority: int, lang: str, labels: PriorityLabels | None = None) -> str:
    if labels is not None and priority in labels and lang in labels[priority]:
        return labels[priority][lang]
    return DEFAULT_PRIORITY_LABEL[lang].format(priority=priority)


def render(reason: Reason, *, lang: str = "en", labels: PriorityLabels | None = None) -> str:
    """The text of one reason in English (``en``) or Spanish (``es``)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}: use one of {', '.join(LANGUAGES)}")
    values: dict[str, Param] = dict(reason.params)
    if "rank" in values:
        values["rank_ordinal"] = ordinal(int(values["rank"]), lang)
    if "priority" in values:
        values["priority_label"] = priority_label(int(values["priority"]), lang, labels)
    if "cutoff_priority" in values:
        values["cutoff_label"] = priority_label(int(values["cutoff_priority"]), lang, labels)
    return MESSAGES[reason.code][lang].format(**values)


def render_all(
    reasons: Sequence[Reason], *, lang: str = "en", labels: PriorityLabels | None = None
) -> str:
    """All reasons as one paragraph, the outcome first."""
    ordered = list(reasons[-1:]) + list(reasons[:-1])
    return " ".join(render(r, lang=lang, labels=labels) for r in ordered)


@dataclass(frozen=True)
class Refusals:
    """Every (student, section ranked above the placement) pair at once, as flat arrays in the
    order of students and of their lists: what bulk stores need, without one call per student.

    ``cutoff_priority`` and ``cutoff_lottery`` are those of the last student admitted; where
    ``has_seats`` is False (a section without seats) they are 0 and mean nothing."""

    student: IntArray
    section: IntArray
    rank: IntArray
    priority: IntArray
    cutoff_priority: IntArray
    cutoff_lottery: IntArray
    has_seats: BoolArray

    @property
    def same_tier(self) -> BoolArray:
        """True where the student lost on the lottery (same priority as the cutoff)."""
        return (self.cutoff_priority == self.priority) & self.has_seats


def refusals(assignment: Assignment) -> Refusals:
    problem, keys = assignment.problem, assignment.keys
    student = problem.student_of_choice()
    position = np.arange(problem.n_applications, dtype=np.int64) - problem.offsets[student]
    placed_at = assignment.position[student]
    apps = np.flatnonzero((placed_at < 0) | (position < placed_at))
    section = problem.choice_section[apps]
    cutoff = assignment.cutoff_key[section]
    has_seats = cutoff >= 0
    n = max(problem.n_students, 1)
    level, lot = np.divmod(np.where(has_seats, cutoff, 0), n)
    return Refusals(
        student=student[apps],
        section=section,
        rank=problem.choice_rank[apps],
        priority=problem.choice_priority[apps],
        cutoff_priority=np.where(has_seats, keys.priority_levels[level], 0),
        cutoff_lottery=np.where(has_seats, keys.lottery_sorted[lot], 0),
        has_seats=has_seats,
    )
