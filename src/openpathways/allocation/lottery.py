"""Lottery numbers drawn once from a recorded seed.

Each student's number is their place, 1..n, when the students are ordered by the SHA-256 digest of
``"openpathways-lottery-v1:<seed>:<student_id>"``. The draw depends only on the seed and the set of
student identifiers: not on the order of the rows, nor on the version of any random-number library,
so anyone holding the seed and the list can recompute it. Lower numbers are served first.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from openpathways.allocation.problem import IntArray

LOTTERY_VERSION = "openpathways-lottery-v1"


def draw_lottery(student_ids: Sequence[str], seed: int) -> IntArray:
    """One distinct number in 1..n per student, in the order of ``student_ids``."""
    prefix = f"{LOTTERY_VERSION}:{int(seed)}:".encode()
    n = len(student_ids)
    digests = b"".join(hashlib.sha256(prefix + sid.encode()).digest()[:16] for sid in student_ids)
    words = np.frombuffer(digests, dtype=">u8").reshape(n, 2) if n else np.zeros((0, 2), ">u8")
    order = np.lexsort((np.arange(n), words[:, 1], words[:, 0]))
    lottery = np.empty(n, dtype=np.int64)
    lottery[order] = np.arange(1, n + 1, dtype=np.int64)
    return lottery
