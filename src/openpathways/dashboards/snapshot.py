"""The snapshot the dashboards read: regenerated on demand when missing or stale.

`snapshot_ensure()` returns the snapshot folder and its fingerprint (a hash of its manifest: a new
export gives a new fingerprint, so cached tables of the old one are never served). A stale or
missing snapshot is rewritten with `openpathways.analytics_export.services.snapshot_export` (the
same code as `openpathways analytics snapshot`, which records the export in the audit trail) under
a file lock, so concurrent requests write it once.

Settings (optional): DASHBOARD_SNAPSHOT_DIR (default <OPENPATHWAYS_HOME>/analytics/snapshot) and
DASHBOARD_SNAPSHOT_MAX_AGE in seconds (default 3600; 0 never regenerates an existing snapshot).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from openpathways.analytics.snapshot_schema import MANIFEST, SnapshotError, validate_snapshot

DEFAULT_MAX_AGE = 3600


@dataclass(frozen=True)
class SnapshotInfo:
    directory: Path
    fingerprint: str
    exported_at: dt.datetime | None
    manifest: dict[str, Any]


def snapshot_directory() -> Path:
    configured = getattr(settings, "DASHBOARD_SNAPSHOT_DIR", None)
    if configured:
        return Path(configured)
    return Path(settings.HOME) / "analytics" / "snapshot"


def snapshot_max_age() -> int:
    return int(getattr(settings, "DASHBOARD_SNAPSHOT_MAX_AGE", DEFAULT_MAX_AGE))


def _read(directory: Path) -> SnapshotInfo | None:
    path = directory / MANIFEST
    try:
        body = path.read_bytes()
    except FileNotFoundError:
        return None
    manifest = json.loads(body)
    exported = manifest.get("exported_at")
    when = dt.datetime.fromisoformat(exported) if isinstance(exported, str) else None
    # the manifest and when it was written: every export gives a new fingerprint
    stamp = str(path.stat().st_mtime_ns).encode()
    fingerprint = hashlib.sha256(body + b"\n" + stamp).hexdigest()[:16]
    return SnapshotInfo(directory, fingerprint, when, manifest)


def _fresh(info: SnapshotInfo | None, max_age: int) -> bool:
    if info is None:
        return False
    if max_age <= 0 or info.exported_at is None:
        return True
    return (timezone.now() - info.exported_at).total_seconds() <= max_age


def snapshot_ensure(*, max_age: int | None = None) -> SnapshotInfo:
    """The current snapshot, written first when it is missing or older than `max_age` seconds."""
    directory = snapshot_directory()
    limit = snapshot_max_age() if max_age is None else max_age
    info = _read(directory)
    if _fresh(info, limit):
        assert info is not None
        return info
    directory.parent.mkdir(parents=True, exist_ok=True)
    lock_path = directory.parent / f".{directory.name}.lock"
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            info = _read(directory)  # another process may have written it meanwhile
            if not _fresh(info, limit):
                snapshot_refresh(directory=directory)
                info = _read(directory)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    if info is None:
        raise SnapshotError(f"{directory}: the snapshot could not be written")
    return info


def snapshot_refresh(*, directory: Path | None = None) -> SnapshotInfo:
    """Write the snapshot now (as the system: every student, pseudonymised; audited)."""
    from openpathways.analytics_export.services import snapshot_export

    target = directory or snapshot_directory()
    snapshot_export(actor=None, out_dir=target)
    info = _read(target)
    if info is None:
        raise SnapshotError(f"{target}: the snapshot could not be written")
    validate_snapshot(target)
    return info
