from __future__ import annotations

import pytest


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogs() -> None:
    """The Spanish catalogs (.mo files are built, not committed)."""
    from openpathways.core.i18n import compile_catalogs

    compile_catalogs(quiet=True)
