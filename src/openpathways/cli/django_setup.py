"""Start Django for a command (lazily, so `--help` stays fast)."""

from __future__ import annotations

import os


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openpathways.settings")
    import django
    from django.conf import settings

    if not settings.configured or not getattr(setup_django, "_done", False):
        settings.HOME.mkdir(parents=True, exist_ok=True)
        django.setup()
        setup_django._done = True  # type: ignore[attr-defined]
