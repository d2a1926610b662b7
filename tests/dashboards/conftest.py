"""A tiny demo partnership and a snapshot folder of the test's own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from openpathways.dashboards import selectors, tables


@pytest.fixture
def demo(db: None, settings: Any, tmp_path: Path) -> Iterator[Path]:
    """The `small` demo (seeded), dashboards reading a snapshot under tmp_path, caches empty."""
    from openpathways.demo.services import demo_build

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DASHBOARD_SNAPSHOT_DIR = str(tmp_path / "snapshot")
    settings.DASHBOARD_SNAPSHOT_MAX_AGE = 0
    demo_build(size="small", seed=2026)
    tables.cache_clear()
    selectors.view_cache_clear()
    yield tmp_path / "snapshot"
    tables.cache_clear()
    selectors.view_cache_clear()
