"""Compile the gettext catalogs (.po -> .mo) with polib, so no system gettext is needed.

    python -m openpathways.core.i18n compile [--quiet]
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def compile_catalogs(locale_dir: Path = LOCALE_DIR, *, quiet: bool = False) -> int:
    count = 0
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        catalog = polib.pofile(str(po_path))
        catalog.save_as_mofile(str(mo_path))
        count += 1
        if not quiet:
            print(f"compiled {mo_path}")
    return count


def main(argv: list[str]) -> int:
    if not argv or argv[0] != "compile":
        print(__doc__)
        return 2
    compile_catalogs(quiet="--quiet" in argv)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
