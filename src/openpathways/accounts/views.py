"""The demo's one-click sign-in links (the sign-in page itself lives in the web shell)."""

from __future__ import annotations

from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache

from openpathways.accounts.services import demo_login_user
from openpathways.audit.services import audit_record


@never_cache
def demo_login(request: HttpRequest, token: str) -> HttpResponse:
    """Sign in as the user a signed demo link names. Exists only on demo servers
    (settings.DEMO_LOGIN); everywhere else, and for a bad or expired link, it is a 404."""
    user = demo_login_user(token=token)
    if user is None:
        raise Http404("No such page.")
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    audit_record(actor=user, action="accounts.demo_signed_in", obj=user, channel="web")
    return redirect("web:home")
