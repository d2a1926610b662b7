#!/usr/bin/env python3
"""Set up and run OpenPathways from a fresh clone with nothing but Python 3.11+ and git.

    python3 dev.py demo     create .venv, build the small demo on SQLite, serve http://127.0.0.1:8000
    python3 dev.py test     create .venv if needed, run the whole test suite (SQLite, and PostgreSQL
                            too when DATABASE_URL names a PostgreSQL server)
    python3 dev.py check    format, lint, types, import contracts, then the tests
    python3 dev.py lock     recompile requirements/lock.txt (needs `uv` on PATH)

Extra arguments after `test` go to pytest, after `demo` to `openpathways demo`.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
LOCK = ROOT / "requirements" / "lock.txt"
STAMP = VENV / ".openpathways-installed"


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for path in (LOCK, ROOT / "pyproject.toml"):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def run(*args: str | Path, env: dict[str, str] | None = None) -> int:
    return subprocess.call([str(a) for a in args], cwd=ROOT, env=env)


def must(*args: str | Path, env: dict[str, str] | None = None) -> None:
    code = run(*args, env=env)
    if code != 0:
        sys.exit(code)


def ensure_env() -> None:
    """Create .venv and install the hashed lock file; a no-op when nothing changed."""
    # dev.py runs under whichever python3 is on PATH, so the check is needed at run time.
    if sys.version_info < (3, 11):  # noqa: UP036
        sys.exit(f"OpenPathways needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    if not PY.exists():
        print(f"Creating the virtual environment in {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    fingerprint = _fingerprint()
    if not STAMP.exists() or STAMP.read_text() != fingerprint:
        print("Installing pinned dependencies (requirements/lock.txt) ...", flush=True)
        pip: list[str | Path] = [PY, "-m", "pip", "--disable-pip-version-check", "install", "-qq"]
        must(*pip, "--require-hashes", "-r", LOCK)
        must(*pip, "--no-deps", "--no-build-isolation", "-e", ROOT)
        STAMP.write_text(fingerprint)
    must(PY, "-m", "openpathways.core.i18n", "compile", "--quiet")


def _is_postgres(url: str | None) -> bool:
    return bool(url) and str(url).split(":", 1)[0] in {"postgres", "postgresql", "pgsql"}


def cmd_test(extra: list[str]) -> int:
    ensure_env()
    base_env = dict(os.environ)
    pg_url = base_env.pop("DATABASE_URL", None)
    print("\n== Test suite on SQLite ==", flush=True)
    code = run(PY, "-m", "pytest", *extra, env=base_env)
    if code not in (0,):
        return code
    if _is_postgres(pg_url):
        print(f"\n== Test suite on PostgreSQL ({pg_url}) ==", flush=True)
        code = run(PY, "-m", "pytest", *extra, env={**base_env, "DATABASE_URL": pg_url or ""})
    else:
        print(
            "\nPostgreSQL run skipped: set DATABASE_URL=postgresql://USER@HOST:5432/DB "
            "to run the suite on PostgreSQL as well.",
            flush=True,
        )
    return code


def cmd_check(extra: list[str]) -> int:
    ensure_env()
    steps: list[tuple[str, list[str | Path]]] = [
        ("format", [BIN / "ruff", "format", "--check", "."]),
        ("lint", [BIN / "ruff", "check", "."]),
        ("types", [BIN / "mypy", "src"]),
        ("import contracts", [BIN / "lint-imports"]),
    ]
    for name, argv in steps:
        print(f"\n== {name} ==", flush=True)
        code = run(*argv)
        if code != 0:
            print(f"{name} failed", file=sys.stderr)
            return code
    return cmd_test(extra)


def cmd_demo(extra: list[str]) -> int:
    ensure_env()
    return run(BIN / "openpathways", "demo", *extra)


def cmd_lock(_extra: list[str]) -> int:
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never"}
    return run(
        "uv", "pip", "compile", "--python-version", "3.11", "--generate-hashes", "--no-header",
        "requirements/dev.in", "-o", "requirements/lock.txt", env=env,
    )  # fmt: skip


def cmd_env(_extra: list[str]) -> int:
    ensure_env()
    return 0


COMMANDS = {
    "test": cmd_test,
    "check": cmd_check,
    "demo": cmd_demo,
    "lock": cmd_lock,
    "env": cmd_env,
}


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__)
        return 2
    return COMMANDS[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
