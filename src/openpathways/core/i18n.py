"""Compile the gettext catalogs (.po -> .mo) with polib, so no system gettext is needed.

python -m openpathways.core.i18n compile [--quiet]
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib  # type: ignore[import-untyped]  # polib ships no type information

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def compile_catalogs(package_dir: Path = PACKAGE_DIR, *, quiet: bool = False) -> int:
    """Compile every catalog of the package: the shared one and each app's own `locale/`."""
    count = 0
    for po_path in sorted(package_dir.glob("**/locale/*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        catalog = polib.pofile(str(po_path))
        catalog.save_as_mofile(str(mo_path))
        count += 1
        if not quiet:
            sys.stdout.write(f"compiled {mo_path}\n")
    return count


def main(argv: list[str]) -> int:
    if not argv or argv[0] != "compile":
        sys.stdout.write(__doc__ or "")
        return 2
    compile_catalogs(quiet="--quiet" in argv)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
