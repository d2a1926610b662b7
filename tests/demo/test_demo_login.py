"""One-click demo sign-in: only on demo servers, only with a valid, unexpired signature."""

from __future__ import annotations

import time

import pytest
from django.core import signing

from openpathways.accounts.models import User
from openpathways.accounts.services import (
    DEMO_LOGIN_MAX_AGE,
    demo_login_token_make,
    demo_login_url,
)
from openpathways.audit.models import AuditEvent


@pytest.fixture
def counselor(tiny_demo) -> User:
    return User.objects.get(username="counselor")


def _signed_in_as(client) -> str | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id).username if user_id else None


def test_link_signs_in_when_demo_login_is_enabled(client, settings, counselor) -> None:
    settings.DEMO_LOGIN = True
    response = client.get(demo_login_url(user=counselor))
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert _signed_in_as(client) == "counselor"
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(action="accounts.demo_signed_in", actor=counselor).exists()


def test_link_is_a_404_when_demo_login_is_off(client, settings, counselor) -> None:
    settings.DEMO_LOGIN = False
    response = client.get(demo_login_url(user=counselor))
    assert response.status_code == 404
    assert _signed_in_as(client) is None


def test_tampered_or_foreign_tokens_are_refused(client, settings, counselor) -> None:
    settings.DEMO_LOGIN = True
    url = demo_login_url(user=counselor)
    token = url.rstrip("/").rsplit("/", 1)[1]
    analyst = User.objects.get(username="analyst")
    # Swap the payload for another user's while keeping the old signature.
    other = demo_login_token_make(user=analyst)
    forged = other.split(":")[0] + ":" + token.split(":", 1)[1]
    assert client.get(f"/accounts/demo-login/{forged}/").status_code == 404
    # Signed with the right key but another purpose (salt).
    wrong_salt = signing.dumps({"u": analyst.pk, "p": "x"}, salt="something-else")
    assert client.get(f"/accounts/demo-login/{wrong_salt}/").status_code == 404
    assert client.get("/accounts/demo-login/not-a-token/").status_code == 404
    assert _signed_in_as(client) is None


def test_expired_link_is_refused(client, settings, counselor, monkeypatch) -> None:
    settings.DEMO_LOGIN = True
    real_time = time.time
    # Sign the link as if it had been printed longer ago than the links live.
    monkeypatch.setattr(time, "time", lambda: real_time() - DEMO_LOGIN_MAX_AGE - 5)
    url = demo_login_url(user=counselor)
    monkeypatch.setattr(time, "time", real_time)
    assert client.get(url).status_code == 404
    assert _signed_in_as(client) is None


def test_a_password_change_invalidates_outstanding_links(client, settings, counselor) -> None:
    settings.DEMO_LOGIN = True
    url = demo_login_url(user=counselor)
    counselor.set_password("a-new-password-1")
    counselor.save()
    assert client.get(url).status_code == 404
