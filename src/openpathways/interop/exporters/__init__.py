"""Exporters: one module per format family in this package, found automatically.

A module `openpathways.interop.exporters.<name>` exposes `EXPORTER`: one `Exporter` or a list of
them (a module may serve several formats, such as the three CALPADS extracts). Each becomes
`openpathways export <format> --out PATH [--as USER] [its own options]`.

An exporter sets:
- `format`: the subcommand name (for example `calpads-crse`, `oneroster`, `edfi`);
- `help`: one line for `--help`;
- `requires_actor`: True when it reads student records (then `--as USER` is required and the
  reads go through `openpathways.students.access`, which scopes and logs them);
- `options`: extra click options (`click.Option` objects) passed to `export` as keywords;
- `export(*, out, actor, **options) -> ExportResult`: writes `out` (a file or a folder).
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click


@dataclass
class ExportResult:
    """What an export wrote: rows per record type (or entity) and the files written."""

    rows: dict[str, int] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class Exporter:
    format: str = ""
    help: str = ""
    requires_actor: bool = False
    options: tuple[click.Option, ...] = ()

    def export(self, *, out: Path, actor: Any, **options: Any) -> ExportResult:
        raise NotImplementedError


def exporter_registry() -> dict[str, Exporter]:
    """Every exporter of the modules in this package, by format."""
    found: dict[str, Exporter] = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        exported = getattr(module, "EXPORTER", None)
        if exported is None:
            continue
        for exporter in exported if isinstance(exported, list | tuple) else [exported]:
            found[exporter.format] = exporter
    return dict(sorted(found.items()))
