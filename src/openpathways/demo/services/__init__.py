"""Building the demo database: wipe the project's tables, generate, record one audit event."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction

from openpathways.audit.services import audit_record
from openpathways.demo.services.builder import DEMO_PASSWORD, BuildResult, Progress, run_build
from openpathways.demo.sizes import SIZES

__all__ = ["DEMO_PASSWORD", "BuildResult", "UnknownSizeError", "demo_build"]


class UnknownSizeError(ValueError):
    pass


def _project_models() -> list[type[models.Model]]:
    wanted = []
    for model in apps.get_models(include_auto_created=True):
        app = model._meta.app_config
        if app is None:
            continue
        if app.name.startswith("openpathways.") or model._meta.label in (
            "admin.LogEntry",
            "sessions.Session",
        ):
            wanted.append(model)
    return wanted


def demo_database_has_data() -> bool:
    from openpathways.organizations.models import Organization

    return Organization.objects.exists()


def demo_database_reset() -> None:
    """Empty every table of the project (users, sessions and admin log too); keep the schema,
    content types and permissions. Runs inside the caller's transaction."""
    tables = [m._meta.db_table for m in _project_models()]
    existing = set(connection.introspection.table_names())
    tables = [t for t in tables if t in existing]
    statements = connection.ops.sql_flush(
        no_style(), tables, reset_sequences=True, allow_cascade=True
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Fire pending deferred checks first: TRUNCATE refuses tables with pending triggers.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for sql in statements:
            cursor.execute(sql)
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def demo_build(
    *, size: str, seed: int, actor: Any = None, progress: Progress | None = None
) -> BuildResult:
    """(Re)build the demo partnership from scratch, deterministically from `seed`."""
    profile = SIZES.get(size)
    if profile is None:
        raise UnknownSizeError(f"unknown size {size!r}; choose one of {', '.join(SIZES)}")
    with transaction.atomic():
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA defer_foreign_keys = ON")
        demo_database_reset()
        result = run_build(profile, seed, progress)
        audit_record(
            actor=actor,
            action="demo.built",
            channel="cli",
            details={"size": size, "seed": seed, "rows": result.rows_written},
        )
    return result
