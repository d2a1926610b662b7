"""Importers are found by module: `openpathways.interop.importers.<name>` exposes `IMPORTER`."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from openpathways.interop import importers as importers_pkg


def importer_registry() -> dict[str, Any]:
    found: dict[str, Any] = {}
    for info in pkgutil.iter_modules(importers_pkg.__path__):
        module = importlib.import_module(f"{importers_pkg.__name__}.{info.name}")
        importer = getattr(module, "IMPORTER", None)
        if importer is not None:
            found[importer.format] = importer
    return dict(sorted(found.items()))
