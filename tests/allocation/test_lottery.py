"""The lottery draw is the documented formula, pinned so recorded seeds reproduce later."""

from __future__ import annotations

import hashlib

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from openpathways.allocation import draw_lottery


def test_a_recorded_seed_gives_the_same_numbers_forever() -> None:
    assert draw_lottery(["S1", "S2", "S3", "S4", "S5", "S6"], 2026).tolist() == [3, 4, 5, 1, 6, 2]


@settings(deadline=None)
@given(st.lists(st.text(min_size=1, max_size=8), unique=True, max_size=30), st.integers(0, 10**9))
def test_numbers_follow_the_documented_digest_order(ids: list[str], seed: int) -> None:
    def digest(sid: str) -> bytes:
        return hashlib.sha256(f"openpathways-lottery-v1:{seed}:{sid}".encode()).digest()

    by_digest = sorted(ids, key=digest)
    expected = [by_digest.index(sid) + 1 for sid in ids]
    assert draw_lottery(ids, seed).tolist() == expected


def test_the_command_is_found_by_the_main_entry_point() -> None:
    from openpathways.cli.main import cli

    result = CliRunner().invoke(cli, ["seats", "allocate", "--help"])
    assert result.exit_code == 0, result.output
    assert "--applications" in result.output
    assert "--waitlists" in result.output
