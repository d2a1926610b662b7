"""Test configuration shared by every group.

Groups that need something the machine may lack skip with a clear message:
- `postgres`: runs when DATABASE_URL names a PostgreSQL server;
- `browser`: runs when Debian's Chromium is installed (`apt-get install chromium`);
- `shared_data`: runs when ../shared/data (the real public sample files) sits beside the checkout.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("OPENPATHWAYS_SHARED_DATA", ROOT.parent / "shared" / "data"))


def _on_postgres() -> bool:
    url = os.environ.get("DATABASE_URL", "")
    return url.startswith(("postgres://", "postgresql://", "pgsql://"))


def chromium_path() -> str | None:
    return (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgresql://...")
    skip_browser = pytest.mark.skip(
        reason="needs Debian's Chromium for browser tests: apt-get install chromium"
    )
    skip_shared = pytest.mark.skip(reason=f"real sample files not found at {SHARED_DATA}")
    skip_spark = pytest.mark.skip(reason="optional PySpark group: run with OPENPATHWAYS_SPARK=1")
    for item in items:
        if "postgres" in item.keywords and not _on_postgres():
            item.add_marker(skip_pg)
        if "browser" in item.keywords and not chromium_path():
            item.add_marker(skip_browser)
        if "shared_data" in item.keywords and not SHARED_DATA.is_dir():
            item.add_marker(skip_shared)
        if "spark" in item.keywords and not os.environ.get("OPENPATHWAYS_SPARK"):
            item.add_marker(skip_spark)


@pytest.fixture
def shared_data() -> Path:
    return SHARED_DATA


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """On SQLite, test against a file rather than the shared in-memory database: the concurrency
    tests open one connection per thread, and SQLite's shared cache fails at once with "table is
    locked" where a file database waits for the writer (busy timeout) as in production."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3") and not db.get("TEST", {}).get("NAME"):
        db.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("db") / "test.sqlite3")
