"""The admin shows student-linked rows only through the audited base class.

The import contracts let `*.admin` modules import the student-linked models (the admin must
register them); this test holds up the other half of that bargain: every admin of those rows is a
`StudentRecordAdmin` (scoped through `students.access`, each record shown logged), and no other
admin embeds them as inlines."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.contrib import admin

#: Apps whose rows carry a student's record (the same list as in .importlinter).
STUDENT_LINKED_APPS = {
    "students", "enrollments", "applications", "consents", "wbl", "seats", "rosters", "outcomes",
}  # fmt: skip


def _record_admin_base() -> type[Any]:
    try:
        module = importlib.import_module("openpathways.students.admin")
    except ModuleNotFoundError:
        pytest.skip("openpathways.students.admin does not exist yet")
    base: type[Any] = module.StudentRecordAdmin
    return base


def test_student_linked_models_are_registered_with_the_audited_admin() -> None:
    base = _record_admin_base()
    registered = admin.site._registry
    linked = [m for m in registered if m._meta.app_label in STUDENT_LINKED_APPS]
    assert linked, "no admin for student-linked rows found"
    unaudited = [
        f"{model._meta.label} ({type(registered[model]).__name__})"
        for model in linked
        if not isinstance(registered[model], base)
    ]
    assert not unaudited, f"admins that bypass StudentRecordAdmin: {unaudited}"


def test_other_admins_embed_no_student_linked_rows() -> None:
    base = _record_admin_base()
    leaks = [
        f"{model._meta.label} shows {inline.model._meta.label} inline"
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, base)
        for inline in model_admin.inlines
        if inline.model._meta.app_label in STUDENT_LINKED_APPS
    ]
    assert not leaks, leaks
