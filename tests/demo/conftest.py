from __future__ import annotations

import pytest

from openpathways.demo.services import demo_build


@pytest.fixture
def tiny_demo(db):
    return demo_build(size="tiny", seed=11)


@pytest.fixture
def small_demo(db):
    return demo_build(size="small", seed=2026)
