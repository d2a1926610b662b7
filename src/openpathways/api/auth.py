"""API authentication: the browser session (django_auth, with CSRF on writes) or a signed bearer
token for scripts. A token names the user and a fragment of their password hash, so changing the
password revokes every token; it expires after TOKEN_MAX_AGE seconds. No token table is needed."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core import signing
from django.http import HttpRequest
from ninja.security import HttpBearer

TOKEN_SALT = "openpathways.api.token"  # noqa: S105 (a signing namespace, not a secret)
TOKEN_MAX_AGE = 30 * 24 * 3600


def _fingerprint(user: Any) -> str:
    return str(user.get_session_auth_hash())[:16]


def api_token_issue(*, user: Any) -> str:
    """A bearer token for this user (valid TOKEN_MAX_AGE seconds or until the password changes)."""
    return signing.TimestampSigner(salt=TOKEN_SALT).sign_object(
        {"u": user.pk, "f": _fingerprint(user)}
    )


def api_token_user(token: str) -> Any | None:
    """The active user a token names, or None when it is forged, expired or revoked."""
    try:
        payload = signing.TimestampSigner(salt=TOKEN_SALT).unsign_object(
            token, max_age=TOKEN_MAX_AGE
        )
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(payload, dict):
        return None
    user_id = payload.get("u")
    if not isinstance(user_id, int):
        return None
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or _fingerprint(user) != payload.get("f"):
        return None
    return user


class SignedTokenBearer(HttpBearer):
    """`Authorization: Bearer <token>` with a token from POST /api/token."""

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


bearer_auth = SignedTokenBearer()
