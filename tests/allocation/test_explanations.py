"""Explanations and waitlists agree with the matching they describe."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings

from openpathways.allocation import deferred_acceptance, explain, render, waitlists
from openpathways.allocation.messages import MESSAGES, ordinal
from openpathways.allocation.problem import Problem
from tests.allocation.strategies import problems


@settings(deadline=None)
@given(problems())
def test_each_reason_matches_the_matching(problem: Problem) -> None:
    result = deferred_acceptance(problem)
    for s in range(problem.n_students):
        reasons = explain(result, s)
        ranked = int(problem.offsets[s + 1] - problem.offsets[s])
        if ranked == 0:
            assert [r.code for r in reasons] == ["no_choices"]
            continue
        outcome = reasons[-1]
        if result.section[s] >= 0:
            assert outcome.code == "placed"
            assert outcome.params["rank"] == result.position[s] + 1
            assert len(reasons) == result.position[s] + 1
        else:
            assert outcome.code == "unplaced"
            assert len(reasons) == ranked + 1
        for reason in reasons[:-1]:
            p = reason.params
            if reason.code == "no_seats":
                assert problem.capacity[int(p["section"])] == 0
            elif reason.code == "filled_higher_priority":
                assert int(p["cutoff_priority"]) < int(p["priority"])
            else:
                assert reason.code == "filled_lottery"
                assert p["cutoff_priority"] == p["priority"]
                assert int(p["cutoff_lottery"]) < int(p["lottery"])
        for reason in reasons:
            assert render(reason, lang="en")
            assert render(reason, lang="es")


@settings(deadline=None)
@given(problems())
def test_waitlists_hold_exactly_the_students_who_want_in_and_in_priority_order(
    problem: Problem,
) -> None:
    result = deferred_acceptance(problem)
    lists = waitlists(result)
    expected: dict[int, list[tuple[int, int, int]]] = {}
    for s in range(problem.n_students):
        start = int(problem.offsets[s])
        ranked = problem.choices(s)
        above = ranked if result.section[s] < 0 else ranked[: result.position[s]]
        for i, c in enumerate(above):
            key = (int(problem.choice_priority[start + i]), int(problem.lottery[s]))
            expected.setdefault(int(c), []).append((*key, s))
    got: dict[int, list[int]] = {}
    for c, pos, s in zip(lists.section, lists.position, lists.student, strict=True):
        got.setdefault(int(c), []).append(int(s))
        assert pos == len(got[int(c)])
    assert got == {c: [s for *_, s in sorted(v)] for c, v in expected.items()}
    # the head of every waitlist is behind the section's cutoff
    for c, students in got.items():
        cutoff = result.cutoff(c)
        if cutoff is not None:
            head = students[0]
            i = [int(x) for x in problem.choices(head)].index(c)
            key = (
                int(problem.choice_priority[problem.offsets[head] + i]),
                int(problem.lottery[head]),
            )
            assert key > cutoff


@pytest.mark.parametrize(
    ("number", "en", "es"),
    [
        (1, "1st", "1.ª"),
        (2, "2nd", "2.ª"),
        (3, "3rd", "3.ª"),
        (4, "4th", "4.ª"),
        (11, "11th", "11.ª"),
        (12, "12th", "12.ª"),
        (13, "13th", "13.ª"),
        (21, "21st", "21.ª"),
        (22, "22nd", "22.ª"),
    ],
)
def test_ordinals(number: int, en: str, es: str) -> None:
    assert ordinal(number, "en") == en
    assert ordinal(number, "es") == es


def test_every_message_exists_in_both_languages_with_the_same_fields() -> None:
    import string

    for code, texts in MESSAGES.items():
        assert set(texts) == {"en", "es"}, code
        fields = {
            lang: {f for _, f, _, _ in string.Formatter().parse(text) if f}
            for lang, text in texts.items()
        }
        assert fields["en"] == fields["es"], code


def test_unknown_language_is_refused() -> None:
    problem_result = deferred_acceptance(
        Problem(
            capacity=np.array([1]),
            offsets=np.array([0, 1]),
            choice_section=np.array([0]),
            choice_priority=np.array([1]),
            lottery=np.array([1]),
        )
    )
    with pytest.raises(ValueError, match="unsupported language"):
        render(explain(problem_result, 0)[0], lang="fr")


@settings(deadline=None)
@given(problems())
def test_bulk_refusals_agree_with_per_student_explanations(problem: Problem) -> None:
    from openpathways.allocation import refusals

    result = deferred_acceptance(problem)
    bulk = refusals(result)
    expected = []
    for s in range(problem.n_students):
        for reason in explain(result, s)[:-1]:
            p = reason.params
            expected.append(
                (
                    s,
                    int(p["section"]),
                    int(p["rank"]),
                    int(p["priority"]),
                    int(p.get("cutoff_priority", 0)),
                    int(p.get("cutoff_lottery", 0)),
                    reason.code != "no_seats",
                    reason.code == "filled_lottery",
                )
            )
    got = list(
        zip(
            bulk.student.tolist(),
            bulk.section.tolist(),
            bulk.rank.tolist(),
            bulk.priority.tolist(),
            bulk.cutoff_priority.tolist(),
            bulk.cutoff_lottery.tolist(),
            bulk.has_seats.tolist(),
            bulk.same_tier.tolist(),
            strict=True,
        )
    )
    assert got == expected
