from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.journey.world import JourneyWorld, build_journey_world

#: A fixed "today" in the fall term (California time): before the term starts.
TODAY = dt.datetime(2026, 8, 3, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def world(db: None, settings: Any) -> JourneyWorld:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.OPENPATHWAYS_SITE_URL = "http://testserver"
    return build_journey_world()


@pytest.fixture
def media(tmp_path: Any, settings: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _english() -> Any:
    """Each test starts in English (a request with Accept-Language leaves its language active)."""
    from django.utils import translation

    with translation.override("en"):
        yield
