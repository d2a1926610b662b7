"""The import graph of the `openpathways` package, built once for the architecture tests."""

from __future__ import annotations

import grimp
import pytest


@pytest.fixture(scope="session")
def import_graph() -> grimp.ImportGraph:
    return grimp.build_graph("openpathways", include_external_packages=True, cache_dir=None)
