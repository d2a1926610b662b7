"""Who am I, and a bearer token for scripts."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.security import django_auth

from openpathways.api.auth import TOKEN_MAX_AGE, api_token_issue
from openpathways.api.schemas import ErrorOut, MeOut, TokenOut
from openpathways.students import access

router = Router(tags=["me"])


@router.get("/me", response={200: MeOut, 401: ErrorOut}, summary="The signed-in user")
def me(request: HttpRequest) -> dict[str, Any]:
    user: Any = request.user
    org = user.organization
    return {
        "username": user.get_username(),
        "name": user.get_full_name(),
        "role": user.role,
        "role_label": user.role_label,
        "organization": {"id": org.pk, "name": org.name, "kind": org.kind} if org else None,
        "preferred_language": user.preferred_language,
        "can_read_student_records": access.can_read_student_records(user),
        "can_read_disclosure_logs": access.can_read_disclosure_log(user),
    }


@router.post(
    "/token",
    auth=django_auth,
    response={200: TokenOut, 401: ErrorOut},
    summary="Issue a bearer token (from a signed-in browser session)",
)
def token(request: HttpRequest) -> dict[str, Any]:
    return {"token": api_token_issue(user=request.user), "expires_in": TOKEN_MAX_AGE}
