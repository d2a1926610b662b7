"""Account services: the signed one-click sign-in links of demo databases."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from openpathways.accounts.models import User

DEMO_LOGIN_SALT = "openpathways.accounts.demo-login"
#: Sign-in links printed by `openpathways demo` stop working after this many seconds.
DEMO_LOGIN_MAX_AGE = 30 * 60


def demo_login_token_make(*, user: User) -> str:
    """A signed, time-stamped token naming the user and bound to their current password hash
    (through an HMAC, so a password change invalidates outstanding links)."""
    return signing.dumps({"u": user.pk, "p": _password_tag(user)}, salt=DEMO_LOGIN_SALT)


def _password_tag(user: User) -> str:
    return salted_hmac(DEMO_LOGIN_SALT, user.password).hexdigest()[:16]


def demo_login_url(*, user: User, base_url: str = "") -> str:
    token = demo_login_token_make(user=user)
    return base_url.rstrip("/") + reverse("web:demo_login", kwargs={"token": token})


def demo_login_user(*, token: str, max_age: int = DEMO_LOGIN_MAX_AGE) -> User | None:
    """The active user a valid, unexpired token names; None for anything else, and always None
    unless the demo sign-in is enabled (settings.DEMO_LOGIN)."""
    if not getattr(settings, "DEMO_LOGIN", False):
        return None
    try:
        payload: Any = signing.loads(token, salt=DEMO_LOGIN_SALT, max_age=max_age)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(payload, dict):
        return None
    user_id = payload.get("u")
    if not isinstance(user_id, int):
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not constant_time_compare(_password_tag(user), str(payload.get("p"))):
        return None
    return user
