"""Template context of the shell: navigation for the user's role, the page to come back to after
a language switch, and the user's role label (in the active language)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from openpathways.web.navigation import navigation_links


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    path = request.path
    next_url = request.get_full_path()
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts=set()):
        next_url = "/"
    role_label = ""
    if user is not None and user.is_authenticated:
        role_label = getattr(user, "role_label", "") or ""
    return {
        "nav_items": navigation_links(user, path),
        "shell_next_url": next_url,
        "shell_role_label": role_label,
    }
